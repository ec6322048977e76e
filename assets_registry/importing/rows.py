"""Reading one row of a file into a Plan: every value parsed and checked, or the row rejected
with the field and the reason. Nothing here touches the assets; service.py matches and writes."""

import datetime
import functools
from dataclasses import dataclass, field

from django.contrib.gis.gdal import CoordTransform, GDALException, SpatialReference, SRSException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point
from django.utils import timezone

from assets_registry import lifecycle
from assets_registry.importing.history import MunicipalityHistory, name_key
from assets_registry.importing.presets import ALIASES, NOTES
from assets_registry.importing.report import REJECTED, RowResult
from assets_registry.importing.stages import read_stage
from assets_registry.importing.values import (
    RowProblem,
    clean_text,
    parse_date,
    parse_float,
    parse_measure,
    parse_share,
    property_kind,
)
from assets_registry.models import WGS84, Asset, Municipality, StatusEvent
from common.geo import parse_wkt

Precision = Asset.LocationPrecision
TEXT_FIELDS = (
    "category",
    "subcategory",
    "title",
    "description",
    "address",
    "court",
    "case_number",
    "cadastral_reference",
)
# Choices' .values builds a new list on every call: too slow for a check per row.
KIND_CODES = frozenset(Asset.Kind.values)
PROCEDURE_TYPE_CODES = frozenset(Asset.ProcedureType.values)
MAX_LENGTHS = {f.name: f.max_length for f in Asset._meta.fields if f.max_length}
MEASURES = [(name, Asset._meta.get_field(name)) for name in ("floor_area_m2", "land_area_m2")]
MAX_LENGTHS["decree_reference"] = StatusEvent._meta.get_field("reference").max_length
KINDS = {
    "immobili": Asset.Kind.BUILDING_UNIT,
    "bene immobile": Asset.Kind.BUILDING_UNIT,
    "terreno": Asset.Kind.LAND,
    "terreni": Asset.Kind.LAND,
    "aziende": Asset.Kind.COMPANY,
    "azienda": Asset.Kind.COMPANY,
    "beni mobili": Asset.Kind.MOVABLE,
    "mobili": Asset.Kind.MOVABLE,
}
PROCEDURE_TYPES = {
    "misure di prevenzione": Asset.ProcedureType.PREVENTION,
    "misura di prevenzione": Asset.ProcedureType.PREVENTION,
    "procedimento penale": Asset.ProcedureType.CRIMINAL,
}
_UNPARSED = object()


@dataclass(eq=False)
class Plan:
    """One row read and validated, before it is matched with the registry."""

    result: RowResult
    municipality: Municipality
    fields: dict  # Asset fields the row fills (an empty cell never erases a value)
    status: lifecycle.Status | None
    status_date: datetime.date | None  # None: the file gives no date for the stage
    read_on: datetime.date  # the day the file listed the stage (its date, or the import day)
    status_note: str = ""
    stage_note: str = ""  # why the file's stage names no status
    decree_reference: str = ""
    group: str = ""
    asset: Asset | None = None
    parcels_of: list = field(default_factory=list)  # rows grouped into this one
    aliases: list = field(default_factory=list)  # other ids of the same asset in this source
    new_aliases: list = field(default_factory=list)  # those the registry does not know yet
    history: bool = False  # a snapshot row recorded as the history of a current asset
    pending_confirmation: bool = False  # a snapshot row matching no current asset

    @property
    def ids(self):
        return [self.result.external_id, *self.aliases]


def is_known_srid(srid):
    try:
        SpatialReference(srid)
    except (GDALException, SRSException):
        return False
    return True


class RowReader:
    def __init__(self, *, preset, srid, as_of, allowed):
        self.preset = preset
        self.srid = srid
        self.as_of = as_of
        self.allowed = allowed
        self.today = timezone.localdate()
        # The representative points are read for the new assets only (service._new_assets).
        municipalities = Municipality.objects.filter(country=preset.country).only(
            "id", "name", "code", "province", "country"
        )
        self.by_code = {m.code: m for m in municipalities}
        # Municipalities merged or renumbered since the file was made (ANPR archive, if loaded).
        self.history = MunicipalityHistory(self.by_code) if preset.country == "IT" else None
        self.successors = {}
        self.boundaries = {}
        self.transforms = {}
        self.parsed = {}
        self.cleaned = {}

    # The names are indexed on the first row naming its municipality without a code: most files
    # give codes, and normalising 7,898 names and provinces took a tenth of reading them.
    @functools.cached_property
    def by_name(self):
        by_name = {}
        for m in self.by_code.values():
            by_name.setdefault(name_key(m.name), []).append(m)
        return by_name

    @functools.cached_property
    def province_codes(self):
        codes = {}
        for m in self.by_code.values():
            codes.setdefault(name_key(m.province), set()).add(m.code[:3])
        return codes

    def read(self, values, result):
        raw = self.preset.read(values)
        for name, message in raw.pop(NOTES, ()):
            result.note(name, message)
        aliases = raw.pop(ALIASES, [])
        text = {}
        for name, value in raw.items():
            if name != "geometry":
                text[name] = self._clean(result, name, value)
        result.external_id = self._checked_length("external_id", text.get("external_id"), result)
        if not result.external_id:
            result.reject("external_id", "no id: the row cannot be matched on a later import")
        decree_reference = self._checked_length(
            "decree_reference", text.get("decree_reference"), result
        )
        municipality = self._municipality(text, result)
        fields = {}
        for name in TEXT_FIELDS:
            if text.get(name):
                fields[name] = self._checked_length(name, text[name], result)
        if raw.get("address", "").strip() and not text.get("address"):
            result.note("address", f"placeholder {raw['address'].strip()!r} read as empty")
        fields["kind"] = self._kind(text, result)
        if text.get("procedure_type"):
            procedure = PROCEDURE_TYPES.get(text["procedure_type"].lower())
            if procedure is None and text["procedure_type"] in PROCEDURE_TYPE_CODES:
                procedure = text["procedure_type"]
            if procedure is None:
                result.reject("procedure_type", f"unknown procedure: {text['procedure_type']!r}")
            fields["procedure_type"] = procedure
        share_text = text.get("confiscated_share", "")
        fields["confiscated_share"] = self._attempt(result, parse_share, share_text)
        if share_text and fields["confiscated_share"] is None and result.outcome != REJECTED:
            result.note("confiscated_share", "0 read as not filled")
        for name, model_field in MEASURES:
            fields[name] = self._attempt(
                result, parse_measure, text.get(name, ""), field=name, model_field=model_field
            )
        stage = read_stage(text.get("stage", ""))
        if stage.rejection:
            result.reject("stage", stage.rejection)
        stage_date = self._attempt(
            result, parse_date, text.get("stage_date", ""), field="stage_date", today=self.today
        )
        if municipality is not None and result.outcome != REJECTED:
            fields.update(self._location(raw, text, municipality, result))
        if result.outcome == REJECTED:
            return None
        status_note = ""
        if stage_date is None:
            status_note = (
                "Date of the stage not published by the source; "
                f"listed on {self.as_of.isoformat()}."
            )
        return Plan(
            result=result,
            municipality=municipality,
            fields={k: v for k, v in fields.items() if v not in (None, "")},
            status=stage.status,
            status_date=stage_date,
            read_on=self.as_of,
            status_note=status_note,
            stage_note=stage.note,
            decree_reference=decree_reference,
            group=text.get("group", ""),
            aliases=[a for a in aliases if a and a != result.external_id],
        )

    def _attempt(self, result, parser, value, **options):
        """The parser's value, or None with the row rejected. Parsers are pure and a national
        file repeats its values (stages, shares, categories) thousands of times: each distinct
        value is parsed once per import."""
        key = (parser, value, *options.items())
        outcome = self.parsed.get(key, _UNPARSED)
        if outcome is _UNPARSED:
            try:
                outcome = parser(value, **options)
            except RowProblem as problem:
                outcome = problem
            self.parsed[key] = outcome
        if isinstance(outcome, RowProblem):
            result.reject(outcome.field, outcome.message)
            return None
        return outcome

    def _clean(self, result, name, value):
        """clean_text(value, field=name), or None with the row rejected. Every mapped cell goes
        through it (ten a row): its own cache, keyed by column and value, is cheaper to look up
        than _attempt's, which is for any parser and options."""
        outcome = self.cleaned.get((name, value), _UNPARSED)
        if outcome is _UNPARSED:
            try:
                outcome = clean_text(value, field=name)
            except RowProblem as problem:
                outcome = problem
            self.cleaned[(name, value)] = outcome
        if isinstance(outcome, RowProblem):
            result.reject(outcome.field, outcome.message)
            return None
        return outcome

    @staticmethod
    def _checked_length(name, value, result):
        value = value or ""
        limit = MAX_LENGTHS.get(name)
        if limit and len(value) > limit:
            result.reject(name, f"longer than {limit} characters")
        return value

    def _municipality(self, text, result):
        code = text.get("municipality_code") or ""
        if code:
            if self.preset.country == "IT" and code.isdigit():
                code = code.zfill(6)  # the 2014 file writes 82053 for 082053
            municipality = self.by_code.get(code)
            reasons = len(result.reasons)
            if municipality is None:
                municipality = self._successor(
                    result,
                    "municipality_code",
                    ("code", code),
                    lambda: self.history.successor_of_code(code, on=self.as_of),
                )
            if municipality is None:
                if len(result.reasons) == reasons:  # the archive said nothing either
                    result.reject("municipality_code", f"unknown municipality code: {code}")
                return None
        else:
            municipality = self._municipality_by_name(text, result)
            if municipality is None:
                return None
        if self.allowed is not None and municipality.pk not in self.allowed:
            result.reject("municipality", f"not one of your municipalities: {municipality.name}")
            return None
        return municipality

    def _municipality_by_name(self, text, result):
        name = text.get("municipality_name") or ""
        if not name:
            result.reject("municipality_code", "no municipality code or name")
            return None
        namesakes = self.by_name.get(name_key(name), [])
        province = text.get("province") or ""
        if not namesakes:
            reasons = len(result.reasons)
            successor = self._successor(
                result,
                "municipality_name",
                ("name", name, province),
                lambda: self.history.successor_of_name(
                    name, province_codes=self.province_codes.get(name_key(province)), on=self.as_of
                ),
            )
            if successor is not None or len(result.reasons) > reasons:
                return successor
        if province and namesakes:
            in_province = [m for m in namesakes if m.province.lower() == province.lower()]
            if not in_province:
                provinces = ", ".join(sorted(m.province for m in namesakes))
                result.reject(
                    "province",
                    f"{name} is not in the province of {province} (it is in: {provinces})",
                )
                return None
            namesakes = in_province
        if len(namesakes) != 1:
            problem = "unknown municipality" if not namesakes else "ambiguous municipality"
            where = f" ({province})" if province else ""
            result.reject("municipality_name", f"{problem}: {name}{where}")
            return None
        return namesakes[0]

    def _successor(self, result, field_name, key, find):
        """Today's municipality for an old code or name, noted on the row; None if there is
        none (the row is rejected here when the archive names candidates or a cause)."""
        if self.history is None:
            return None
        if key not in self.successors:
            self.successors[key] = find()
        successor = self.successors[key]
        if successor is None:
            return None
        if successor.municipality is None:
            result.reject(field_name, f"municipality that no longer exists: {successor.rejection}")
            return None
        result.note(field_name, f"municipality that no longer exists: {successor.note}")
        return successor.municipality

    def _kind(self, text, result):
        value = (text.get("kind") or "").lower()
        if value in KIND_CODES:
            return value
        if value in KINDS:
            kind = KINDS[value]
            if kind == Asset.Kind.BUILDING_UNIT:
                return property_kind(text.get("category", ""), text.get("subcategory", ""))
            return kind
        if not value:
            result.reject("kind", "no kind (building_unit, land, company, movable)")
        else:
            result.reject("kind", f"unknown kind: {value!r}")
        return None

    def _location(self, raw, text, municipality, result):
        """Location fields from a point or polygon in the declared SRID; {} with no coordinates."""
        geometry = self._geometry(raw, text, result)
        if geometry is None:
            return {}
        parcels = None
        if geometry.geom_type in ("Polygon", "MultiPolygon"):
            parcels = self._parcels(geometry, result)
            if parcels is None:
                return {}
            point = parcels.point_on_surface
            precision = Precision.EXACT
        elif geometry.geom_type == "Point":
            point = self._to_wgs84(geometry, result)
            if point is None:
                return {}
            precision = self.preset.point_precision
        else:
            result.reject("geometry", f"neither a point nor a polygon: {geometry.geom_type}")
            return {}
        if not self._covers(municipality, point):
            if geometry.geom_type == "Point":
                swapped = self._to_wgs84(Point(geometry.y, geometry.x, srid=geometry.srid), None)
                if swapped is not None and self._covers(municipality, swapped):
                    result.note("location", "x and y were swapped: read the other way round")
                    return {"location": swapped, "location_precision": precision}
            result.note(
                "location",
                "outside its municipality, placed at the municipality's point: "
                f"({point.x:.5f}, {point.y:.5f}) is not in {municipality.name}",
            )
            return {}
        if (
            geometry.geom_type == "Point"
            and raw.get("address", "").strip()
            and not text.get("address")
        ):
            # With "Indirizzo imprecisato" the point stands for the municipality, not a building.
            precision = Precision.MUNICIPALITY_CENTROID
        return {"location": point, "location_precision": precision, "parcels": parcels}

    def _geometry(self, raw, text, result):
        value = raw.get("geometry")
        if isinstance(value, bytes):
            return GEOSGeometry(memoryview(value), srid=self.srid)
        wkt = " ".join(str(value or "").split())
        if wkt:
            try:
                return parse_wkt(wkt, srid=self.srid)
            except (GEOSException, GDALException, ValueError):
                result.reject("geometry", f"not valid WKT: {wkt[:60]!r}")
                return None
        x, y = text.get("x") or "", text.get("y") or ""
        if not x and not y:
            return None
        x = self._attempt(result, parse_float, x, field="x")
        y = self._attempt(result, parse_float, y, field="y")
        if x is None or y is None:
            if result.outcome != REJECTED:
                result.reject("x" if x is None else "y", "one coordinate is missing")
            return None
        return Point(x, y, srid=self.srid)

    def _transform(self, srid):
        if srid not in self.transforms:
            self.transforms[srid] = CoordTransform(SpatialReference(srid), SpatialReference(WGS84))
        return self.transforms[srid]

    def _to_wgs84(self, point, result):
        try:
            moved = point
            if point.srid != WGS84:
                moved = point.transform(self._transform(point.srid), clone=True)
                moved.srid = WGS84
        except (GEOSException, GDALException) as error:
            if result is not None:
                result.reject("geometry", f"cannot reproject from EPSG:{point.srid}: {error}")
            return None
        if not (-180 <= moved.x <= 180 and -90 <= moved.y <= 90):
            return None if result is None else moved
        return moved

    def _parcels(self, geometry, result):
        try:
            shape = geometry
            if geometry.srid != WGS84:
                shape = geometry.transform(self._transform(geometry.srid), clone=True)
                shape.srid = WGS84
        except (GEOSException, GDALException) as error:
            result.reject("geometry", f"cannot reproject from EPSG:{geometry.srid}: {error}")
            return None
        if not shape.valid:
            result.reject("geometry", f"invalid polygon: {shape.valid_reason}")
            return None
        return shape if isinstance(shape, MultiPolygon) else MultiPolygon(shape, srid=WGS84)

    def _covers(self, municipality, point):
        prepared = self.boundaries.get(municipality.pk)
        if prepared is None:
            boundary = Municipality.objects.values_list("boundary", flat=True).get(
                pk=municipality.pk
            )
            prepared = self.boundaries[municipality.pk] = boundary.prepared
        return prepared.covers(point)
