"""Importing assets from a file: a dry run that reports every row, then one atomic commit.

The same function does both, so what the dry run reports is what the commit writes. Rows are
validated one by one in Python; the writes are bulk inserts and updates inside one transaction
(a killed process or a restarted database leaves nothing), with the audit context set so that
the history triggers record who imported what. Status changes are checked by
lifecycle.check_transition, the one place transitions are decided.
"""

import dataclasses
import datetime
import time
from dataclasses import dataclass, field
from pathlib import Path

import pghistory
from django.contrib.gis.gdal import CoordTransform, GDALException, SpatialReference
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from assets_registry import lifecycle
from assets_registry.importing.bulk import copy_insert
from assets_registry.importing.readers import GEOMETRY_COLUMN, ImportFileError, read_table
from assets_registry.importing.report import (
    CREATED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    ImportReport,
    RowResult,
)
from assets_registry.importing.stages import read_stage
from assets_registry.importing.values import (
    RowProblem,
    clean_text,
    parse_date,
    parse_decimal,
    parse_float,
    parse_share,
)
from assets_registry.models import WGS84, Asset, Municipality, StatusEvent

Precision = Asset.LocationPrecision
# A file never replaces a location with a less precise one.
PRECISION_RANK = {
    Precision.UNKNOWN: 0,
    Precision.MUNICIPALITY_CENTROID: 1,
    Precision.STREET: 2,
    Precision.EXACT: 3,
}
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
MAX_LENGTHS = {f.name: f.max_length for f in Asset._meta.fields if f.max_length}
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
BATCH = 1000


@dataclass
class _Plan:
    """One row read and validated, before it is matched with the registry."""

    result: RowResult
    municipality: Municipality
    fields: dict  # Asset fields the row fills (an empty cell never erases a value)
    status: lifecycle.Status | None
    status_date: datetime.date
    status_note: str = ""
    stage_note: str = ""  # why the file's stage names no status
    decree_reference: str = ""
    group: str = ""
    asset: Asset | None = None
    parcels_of: list = field(default_factory=list)  # rows grouped into this one


def assets_import(
    *,
    path,
    preset,
    by=None,
    commit=False,
    skip_bad_rows=False,
    municipalities=None,
    group_parcels=False,
    as_of=None,
    encoding=None,
    file_name=None,
    progress=None,
):
    """Read the file with the preset (or column mapping) and report what happens to each row.

    commit=False is a dry run. With commit=True and skip_bad_rows=False (all or nothing), one
    rejected row means nothing is written; with skip_bad_rows=True the good rows are written.
    municipalities, when given, limits the import to those (an officer's own).
    """
    started = time.monotonic()
    report = ImportReport(
        file_name=file_name or Path(path).name,
        preset=preset.name,
        source=preset.source,
        skip_bad_rows=skip_bad_rows,
    )
    try:
        table = read_table(path, delimiter=preset.delimiter, encoding=encoding)
    except ImportFileError as error:
        report.error = str(error)
        return report
    report.read_as = table.describe()
    if GEOMETRY_COLUMN in table.columns and "geometry" not in preset.columns:
        preset = dataclasses.replace(
            preset, columns={**preset.columns, "geometry": GEOMETRY_COLUMN}
        )
    missing = preset.missing_columns(table.columns)
    if missing:
        report.error = f"column(s) not in the file: {', '.join(missing)}"
        return report
    reader = _RowReader(
        preset=preset,
        srid=table.srid or preset.srid,
        as_of=as_of or preset.as_of or timezone.localdate(),
        allowed=None if municipalities is None else {m.pk for m in municipalities},
    )
    rows = table.rows if progress is None else progress(table.rows, desc="reading")
    plans = []
    for number, values in rows:
        result = RowResult(row=number)
        report.rows.append(result)
        plan = reader.read(values, result)
        if plan is not None:
            plans.append(plan)
    if group_parcels:
        plans = _group_parcels(plans)
    _reject_repeated_ids(plans)
    read_plans = plans
    plans = [p for p in plans if p.result.outcome != REJECTED]

    if not commit:
        _match(plans, preset, lock=False)
    else:
        with transaction.atomic():
            _match(plans, preset, lock=True)
            if skip_bad_rows or not report.rejected_rows:
                with pghistory.context(
                    user=by.pk if by is not None else None,
                    import_file=report.file_name,
                    import_preset=preset.name,
                ):
                    report.status_events = _write(plans, preset.source, by)
                report.committed = True
    if not report.committed:
        report.status_events = sum(
            1 for p in plans if p.result.outcome == UPDATED and "status" in p.result.changes
        )
    _copy_group_outcomes(read_plans)
    report.seconds = time.monotonic() - started
    return report


class _RowReader:
    def __init__(self, *, preset, srid, as_of, allowed):
        self.preset = preset
        self.srid = srid
        self.as_of = as_of
        self.allowed = allowed
        self.today = timezone.localdate()
        municipalities = Municipality.objects.filter(country=preset.country).only(
            "id", "name", "code", "province", "country", "representative_point"
        )
        self.by_code = {m.code: m for m in municipalities}
        self.by_name = {}
        for m in self.by_code.values():
            self.by_name.setdefault(m.name.lower(), []).append(m)
        self.boundaries = {}
        self.transforms = {}

    def read(self, values, result):
        raw = self.preset.read(values)
        text = {}
        for name, value in raw.items():
            if name == "geometry":
                continue
            text[name] = self._attempt(result, clean_text, value, field=name)
        result.external_id = text.get("external_id") or ""
        if not result.external_id:
            result.reject("external_id", "no id: the row cannot be matched on a later import")
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
            if procedure is None and text["procedure_type"] in Asset.ProcedureType.values:
                procedure = text["procedure_type"]
            if procedure is None:
                result.reject("procedure_type", f"unknown procedure: {text['procedure_type']!r}")
            fields["procedure_type"] = procedure
        share_text = text.get("confiscated_share", "")
        fields["confiscated_share"] = self._attempt(result, parse_share, share_text)
        if share_text and fields["confiscated_share"] is None and result.outcome != REJECTED:
            result.note("confiscated_share", "0 read as not filled")
        for name in ("floor_area_m2", "land_area_m2"):
            fields[name] = self._attempt(
                result, parse_decimal, text.get(name, ""), field=name, minimum=0
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
            status_note = f"As listed on {self.as_of.isoformat()} (the file gives no decree date)."
        return _Plan(
            result=result,
            municipality=municipality,
            fields={k: v for k, v in fields.items() if v not in (None, "")},
            status=stage.status,
            status_date=stage_date or self.as_of,
            status_note=status_note,
            stage_note=stage.note,
            decree_reference=self._checked_length_of_reference(text, result),
            group=text.get("group", ""),
        )

    @staticmethod
    def _attempt(result, parser, value, **options):
        try:
            return parser(value, **options)
        except RowProblem as problem:
            result.reject(problem.field, problem.message)
            return None

    @staticmethod
    def _checked_length(name, value, result):
        limit = MAX_LENGTHS.get(name)
        if limit and len(value) > limit:
            result.reject(name, f"longer than {limit} characters")
        return value

    @staticmethod
    def _checked_length_of_reference(text, result):
        reference = text.get("decree_reference") or ""
        if len(reference) > StatusEvent._meta.get_field("reference").max_length:
            result.reject("decree_reference", "longer than 200 characters")
        return reference

    def _municipality(self, text, result):
        code = text.get("municipality_code") or ""
        if code:
            if self.preset.country == "IT" and code.isdigit():
                code = code.zfill(6)  # the 2014 file writes 82053 for 082053
            municipality = self.by_code.get(code)
            if municipality is None:
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
        namesakes = self.by_name.get(name.lower(), [])
        province = (text.get("province") or "").lower()
        if province and len(namesakes) > 1:
            namesakes = [m for m in namesakes if m.province.lower() == province]
        if len(namesakes) != 1:
            problem = "unknown municipality" if not namesakes else "ambiguous municipality"
            result.reject("municipality_name", f"{problem}: {name} ({text.get('province', '')})")
            return None
        return namesakes[0]

    def _kind(self, text, result):
        value = (text.get("kind") or "").lower()
        if value in Asset.Kind.values:
            return value
        if value in KINDS:
            kind = KINDS[value]
            if kind == Asset.Kind.BUILDING_UNIT and text.get("category", "").lower() == "terreno":
                return Asset.Kind.LAND
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
                return GEOSGeometry(wkt, srid=self.srid)
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


def _group_parcels(plans):
    """Merge the parcels of one property into one asset: the file's group column, or the same
    address and proceeding. The parcels stay listed in the cadastral reference and geometry."""
    firsts, kept = {}, []
    for plan in plans:
        key = plan.group
        if not key and plan.fields.get("address") and plan.fields.get("case_number"):
            key = (plan.fields["address"].lower(), plan.fields["case_number"])
        first = firsts.get((plan.municipality.pk, key)) if key else None
        if first is None:
            if key:
                firsts[(plan.municipality.pk, key)] = plan
            kept.append(plan)
            continue
        first.parcels_of.append(plan)
        plan.result.note("", f"parcel grouped into the asset of row: {first.result.row}")
        references = [
            first.fields.get("cadastral_reference"),
            plan.fields.get("cadastral_reference"),
        ]
        merged = "; ".join(dict.fromkeys(r for r in references if r))
        if merged:
            first.fields["cadastral_reference"] = merged
        for name in ("land_area_m2", "floor_area_m2"):
            if plan.fields.get(name) is not None:
                first.fields[name] = first.fields.get(name, 0) + plan.fields[name]
        if plan.fields.get("parcels") is not None:
            union = plan.fields["parcels"]
            if first.fields.get("parcels") is not None:
                union = first.fields["parcels"].union(union)
            if not isinstance(union, MultiPolygon):
                union = MultiPolygon(union, srid=WGS84)
            first.fields["parcels"] = union
    return kept


def _reject_repeated_ids(plans):
    seen = {}
    for plan in plans:
        first = seen.setdefault(plan.result.external_id, plan.result.row)
        if first != plan.result.row:
            plan.result.reject("external_id", f"the same id is already on row: {first}")


def _match(plans, preset, *, lock):
    """Find each row's asset and decide: created, updated, unchanged or rejected."""
    existing = {}
    ids = [p.result.external_id for p in plans]
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        assets = Asset.objects.filter(external_source=preset.source, external_id__in=chunk)
        if lock:
            assets = assets.select_for_update()
        existing.update((a.external_id, a) for a in assets)
    for plan in plans:
        plan.asset = existing.get(plan.result.external_id)
        if plan.asset is None:
            plan.result.outcome = CREATED
            if "location" not in plan.fields:
                plan.result.note("location", "no coordinates: the municipality's point is used")
            if plan.status is None:
                plan.result.note("stage", f"{plan.stage_note}: registered as seized")
                plan.status_note = f"Registered as seized: {plan.stage_note}. {plan.status_note}"
        else:
            if plan.status is None:
                plan.result.note("stage", f"{plan.stage_note}: status kept")
            _decide_update(plan, fills_only=preset.fills_only)


def _decide_update(plan, *, fills_only):
    asset, result = plan.asset, plan.result
    result.reference = asset.reference
    if asset.is_deleted:
        result.reject("external_id", f"deleted in the registry: {asset.reference}")
        return
    if asset.municipality_id != plan.municipality.pk:
        result.reject(
            "municipality",
            f"belongs to another municipality (move it in the registry first): {asset.reference}",
        )
        return
    if _changes_status(plan):
        try:
            lifecycle.check_transition(asset.status, plan.status)
        except lifecycle.IllegalTransition as error:
            result.reject("stage", str(error))
            return
        if plan.status_date < asset.status_date:
            result.reject(
                "stage_date",
                "earlier than the current status's date: "
                f"{plan.status_date.isoformat()} < {asset.status_date.isoformat()}",
            )
            return
        result.changes.append("status")
    fields = dict(plan.fields)
    if "location" in fields:
        new = PRECISION_RANK[fields["location_precision"]]
        current = PRECISION_RANK[asset.location_precision]
        if new < current or (fills_only and new == current):
            for name in ("location", "location_precision", "parcels"):
                fields.pop(name, None)
    if fills_only:
        fields = {
            name: value
            for name, value in fields.items()
            if name in ("location", "location_precision", "parcels")
            or getattr(asset, name) in (None, "")
        }
    result.changes += sorted(
        name for name, value in fields.items() if getattr(asset, name) != value
    )
    result.outcome = UPDATED if result.changes else UNCHANGED


def _changes_status(plan):
    return plan.asset is not None and plan.status is not None and plan.status != plan.asset.status


def _write(plans, source, by):
    """Write the matched rows in bulk. Returns the number of status events recorded."""
    created = [p for p in plans if p.result.outcome == CREATED]
    updated = [p for p in plans if p.result.outcome == UPDATED]
    new_assets = _new_assets(created, source, by)
    copy_insert(new_assets)
    events = [
        StatusEvent(
            asset=asset,
            status=asset.status,
            effective_date=asset.status_date,
            reference=plan.decree_reference,
            note=plan.status_note,
            recorded_by=by,
        )
        for plan, asset in zip(created, new_assets, strict=True)
    ]
    now = timezone.now()
    changed_fields = {"version", "updated_at"}
    for plan in updated:
        asset = plan.asset
        for name in plan.result.changes:
            if name == "status":
                events.append(
                    StatusEvent(
                        asset=asset,
                        status=plan.status,
                        effective_date=plan.status_date,
                        reference=plan.decree_reference,
                        note=plan.status_note,
                        recorded_by=by,
                    )
                )
                asset.status, asset.status_date = plan.status, plan.status_date
                changed_fields.update(("status", "status_date"))
            else:
                setattr(asset, name, plan.fields[name])
                changed_fields.add(name)
        asset.version += 1
        asset.updated_at = now
    if updated:
        Asset.objects.bulk_update(
            [p.asset for p in updated], fields=sorted(changed_fields), batch_size=BATCH
        )
    copy_insert(events)
    return len(events) - len(created)


def _new_assets(plans, source, by):
    """Unsaved assets for the new rows, with references numbered under a municipality lock."""
    per_municipality = {}
    for plan in plans:
        per_municipality.setdefault(plan.municipality.pk, []).append(plan)
    numbers = {}
    locked = Municipality.objects.select_for_update().filter(pk__in=per_municipality)
    for municipality in locked.only("id", "country", "code", "last_asset_number"):
        count = len(per_municipality[municipality.pk])
        Municipality.objects.filter(pk=municipality.pk).update(
            last_asset_number=F("last_asset_number") + count
        )
        numbers[municipality.pk] = (municipality, municipality.last_asset_number)
    assets = []
    for plan in plans:
        municipality, last = numbers[plan.municipality.pk]
        numbers[plan.municipality.pk] = (municipality, last + 1)
        fields = dict(plan.fields)
        if "location" not in fields:
            fields["location"] = plan.municipality.representative_point
            fields["location_precision"] = Precision.MUNICIPALITY_CENTROID
        assets.append(
            Asset(
                reference=f"{municipality.country}-{municipality.code}-{last + 1:05d}",
                municipality_id=municipality.pk,
                external_source=source,
                external_id=plan.result.external_id,
                status=plan.status or lifecycle.Status.SEIZED,
                status_date=plan.status_date,
                created_by=by,
                **fields,
            )
        )
        plan.result.reference = assets[-1].reference
    return assets


def _copy_group_outcomes(plans):
    for plan in plans:
        for parcel in plan.parcels_of:
            if plan.result.outcome == REJECTED:
                parcel.result.reject("", f"grouped with a rejected row: {plan.result.row}")
            parcel.result.outcome = plan.result.outcome
            parcel.result.reference = plan.result.reference
