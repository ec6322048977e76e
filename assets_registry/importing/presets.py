"""How the columns of a file map to an asset: presets for the real national files, or a mapping
given by the person importing ("column mapping").

A preset names, for each field the importer knows (FIELDS), the column holding it, and may derive
fields that no single column holds (the Tuscany file splits the stage over three columns).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from assets_registry.importing.values import day_first_date_is_ambiguous, property_kind

# The fields a column can be mapped to, with what they hold.
FIELDS = {
    "external_id": "the source's id of the asset (matches assets on re-import)",
    "municipality_code": "official municipality code (ISTAT, zero padding optional)",
    "municipality_name": "municipality name (when the file has no code)",
    "province": "province name (tells namesake municipalities apart)",
    "kind": "building_unit, land, company, movable (or immobili/terreno/aziende)",
    "category": "category",
    "subcategory": "sub-category",
    "title": "short public name",
    "description": "public description",
    "address": "street address",
    "stage": "legal stage (Sequestro, Confisca I, ... or a status code)",
    "stage_date": "date the stage took effect",
    "decree_reference": "decree or deed reference of the stage",
    "confiscated_share": "confiscated share in percent",
    "court": "court or judicial office",
    "case_number": "proceeding number (internal)",
    "procedure_type": "Misure di Prevenzione / Procedimento Penale (or prevention/criminal)",
    "cadastral_reference": "land-registry reference (sheet, parcel, sub-unit)",
    "floor_area_m2": "floor area in m²",
    "land_area_m2": "land area in m²",
    "x": "longitude or easting (in the declared SRID)",
    "y": "latitude or northing (in the declared SRID)",
    "geometry": "WKT point or (multi)polygon (in the declared SRID)",
    "group": "parcels with the same value are one property (with --group-parcels)",
}


# A derive function may return notes for the report under this key: [(field, message)].
NOTES = "__notes__"
# ... and the other ids the row gives the same asset (matched like external_id): [id].
ALIASES = "__aliases__"


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    source: str  # Asset.external_source of the ids in the file
    columns: dict  # field -> column of the file
    derive: Callable[[dict], dict] | None = None  # raw row -> fields no single column holds
    srid: int = 4326
    delimiter: str | None = None
    country: str = "IT"
    # The date the stages were true when the file gives none per row (None: the import date).
    as_of: datetime.date | None = None
    # How precise the file's points are ("exact", or "street" for geocoded addresses).
    point_precision: str = "exact"
    # A file that complements another source's assets: it fills empty fields and improves the
    # location, but never overwrites what the other source says (no ping-pong between files).
    fills_only: bool = False
    # An old snapshot of that source's assets, with ids of its own: rows are matched to the
    # current assets by what they say and recorded as their history (importing/snapshot.py).
    history_of: str = ""

    def read(self, values):
        """The raw text of each mapped field for one row of the file."""
        fields = {name: values.get(column, "") for name, column in self.columns.items()}
        if self.derive is not None:
            fields.update(self.derive(values))
        return fields

    def missing_columns(self, columns):
        return sorted(set(self.columns.values()) - set(columns))


_ANBSC_IN_MANAGEMENT = {
    "external_id": "s_bene",
    "municipality_code": "CODISTAT",
    "category": "categoria",
    "subcategory": "sottocategoria",
    "stage": "provvedimento",
    "confiscated_share": "quota_confiscata",
    "procedure_type": "tipologia_procedura",
}


def _court(office, district):
    return " – ".join(part for part in (office.strip(), district.strip().title()) if part)


def _anbsc_property(values):
    return {
        "kind": property_kind(values.get("categoria", "")),
        "title": values.get("sottocategoria") or values.get("categoria", ""),
        "court": _court(values.get("ufficio_giudiziario", ""), values.get("distretto", "")),
    }


def _anbsc_company(values):
    return {
        "kind": "company",
        "title": values.get("categoria", ""),
        "court": _court(values.get("ufficio_giudiziario", ""), values.get("distretto", "")),
    }


def _anbsc_allocated_company(values):
    # "Vendita" = the company is to be sold; liquidation, lease or free transfer are allocations.
    sale = values.get("tipologia", "").strip().lower() == "vendita"
    number, year = values.get("decreto_numero", "").strip(), values.get("decreto_anno", "").strip()
    # The agency publishes decreto_data day-first (07/08/1999 is 7 August); the derived
    # decreto_data_datetime swaps day and month on hundreds of rows. Read the published one.
    published, derived = (
        values.get("decreto_data", "").strip(),
        values.get("decreto_data_datetime", "").strip(),
    )
    notes = []
    if day_first_date_is_ambiguous(published) and derived:
        day, month, year_text = published.split("/")
        if derived[:10] != f"{year_text}-{int(month):02d}-{int(day):02d}":
            notes.append(
                (
                    "stage_date",
                    f"read day-first as published: {published}; decreto_data_datetime says "
                    f"{derived[:10]}",
                )
            )
    s_bene, m_bene = values.get("s_bene", "").strip(), values.get("m_bene", "").strip()
    return {
        "stage_date": published,
        NOTES: notes,
        # Rows without the agency's s_bene id have only the m_bene one; with both, the m_bene
        # is how Tuscany's file names the same company (Aulla: A-MS-1417-S = A-MS-265465).
        "external_id": s_bene or m_bene,
        ALIASES: [m_bene] if s_bene and m_bene else [],
        "kind": "company",
        "title": values.get("categoria", ""),
        "stage": "for_sale" if sale else "allocated",
        "decree_reference": f"Decree {number}/{year}" if number else "",
        "court": _court(values.get("ufficio", ""), values.get("distretto", "")),
    }


_PROCEDURE_TYPES = {"misure di prevenzione", "procedimento penale"}
_DESTINATIONS = {
    "trasferimento al patrimonio degli enti territoriali": "allocated",
    "mantenimento al patrimonio dello stato": "allocated",
    "vendita": "for_sale",
    "revoca destinazione": "revoked_allocation",
}
_DAY = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def _tuscany(values):
    tipologia = values.get("tipologia", "").lower()
    category = values.get("descrizione_categoria_bene", "")
    kind = "company" if "aziende" in tipologia else property_kind(category)
    stage = values.get("desitergiu", "")
    if values.get("macroiteramm", "").strip().lower() == "destinato":
        stage = _DESTINATIONS.get(values.get("destipodest", "").strip().lower(), "allocated")
    # The decree date sits in either of two columns (they are swapped on most rows).
    dates = [values.get("dataprovvdest", ""), values.get("annoprovvdest", "")]
    stage_date = next((d.strip() for d in dates if _DAY.match(d.strip())), "")
    procedure = values.get("procedura", "").strip()
    is_type = procedure.lower() in _PROCEDURE_TYPES
    return {
        "kind": kind,
        "stage": stage,
        "stage_date": stage_date,
        "procedure_type": procedure if is_type else "",
        "case_number": "" if is_type else procedure,
        "decree_reference": values.get("numero_decreto", ""),
        "court": _court(values.get("ufficio_giudiziario", ""), values.get("distretto", "")),
    }


def _snapshot_2014(values):
    return {
        "kind": property_kind(values.get("Categoria", ""), values.get("Sottocategoria", "")),
        "title": values.get("Sottocategoria") or values.get("Categoria", ""),
    }


PRESETS = {
    preset.name: preset
    for preset in (
        Preset(
            name="anbsc-immobili",
            label="ANBSC – properties in management (immobili_in_gestione.csv)",
            source="ANBSC",
            columns=_ANBSC_IN_MANAGEMENT,
            derive=_anbsc_property,
            delimiter=",",
        ),
        Preset(
            name="anbsc-aziende",
            label="ANBSC – companies in management (aziende_in_gestione.csv)",
            source="ANBSC",
            columns=_ANBSC_IN_MANAGEMENT,
            derive=_anbsc_company,
            delimiter=",",
        ),
        Preset(
            name="anbsc-aziende-destinate",
            label="ANBSC – companies allocated (aziende_destinate.csv)",
            source="ANBSC",
            columns={
                "municipality_code": "CODISTAT",
                "address": "indirizzo",
                "subcategory": "sottocategoria",
                "category": "categoria",
                "case_number": "procedura",
            },
            derive=_anbsc_allocated_company,
            delimiter=",",
        ),
        Preset(
            name="toscana",
            label="Regione Toscana – beni confiscati (beniconfiscatiXall.csv, EPSG:3003)",
            # The ids are the agency's: a Tuscany row updates the asset of the national files.
            source="ANBSC",
            columns={
                "external_id": "id",
                "municipality_name": "comune",
                "province": "prov",
                "category": "descrizione_categoria_bene",
                "subcategory": "descrizione_sottocategoria_bene",
                "title": "descrizione_sottocategoria_bene",
                "address": "indirizzo",
                "x": "gbest",
                "y": "gbnord",
            },
            derive=_tuscany,
            srid=3003,
            delimiter="|",
            point_precision="street",
            fills_only=True,
            as_of=datetime.date(2018, 1, 3),
        ),
        Preset(
            name="anbsc-2014",
            label="ANBSC 2014 snapshot (beni_immobili_2014.csv, SOD14)",
            # Its ID column is a row counter of the scrape, not the agency's id.
            source="ANBSC-2014",
            columns={
                "external_id": "ID",
                "municipality_code": "PRO_COM",
                "category": "Categoria",
                "subcategory": "Sottocategoria",
                "stage": "stato",
            },
            derive=_snapshot_2014,
            delimiter=",",
            as_of=datetime.date(2014, 4, 17),
            history_of="ANBSC",
        ),
    )
}


def custom_mapping(columns, *, source, srid=4326, delimiter=None, country="IT"):
    """A preset built from the mapping a person gives: {field: column of the file}."""
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(unknown)} (known: {', '.join(FIELDS)})")
    if not source:
        raise ValueError("a custom mapping needs a source name (who issued the ids)")
    return Preset(
        name="custom",
        label="Column mapping",
        source=source,
        columns=dict(columns),
        srid=srid,
        delimiter=delimiter,
        country=country,
    )
