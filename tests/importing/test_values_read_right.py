"""Findings 3, 7 and 9 of issue 14: decree dates read as published, kinds read from the words,
and a report that says everything it knows."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from assets_registry.importing import PRESETS, assets_import
from assets_registry.importing.values import property_kind
from assets_registry.models import Asset, StatusEvent

pytestmark = pytest.mark.django_db

EXCERPTS = Path(__file__).resolve().parents[2] / "fixtures" / "imports"

# Every distinct category (and Tuscany's sub-category used as category) in the five real files,
# with the kind a reader of the words would give it.
PROPERTY_CATEGORIES = {
    # immobili_in_gestione.csv and beni_immobili_2014.csv (categoria / Categoria)
    "Unità immobiliare per uso di abitazione e assimilabile": "building_unit",
    "Unità immobiliare a destinazione commerciale e industriale": "building_unit",
    "Unità immobiliare per alloggio e usi collettivi": "building_unit",
    "Altra unità immobiliare": "building_unit",
    "Terreno": "land",
    # beniconfiscatiXall.csv (descrizione_categoria_bene of properties)
    "Terreno agricolo": "land",
    "Terreno - non definito": "land",
    "Terreno con fabbricato rurale": "land",
    "Appartamento in condominio": "building_unit",
    "Box, garage, autorimessa, posto auto": "building_unit",
    "Unità uso abit. e assimil. - non definito": "building_unit",
    "Fabbricato industriale": "building_unit",
    "Abitazione indipendente": "building_unit",
    "Altro": "building_unit",
    "Albergo, Pensione": "building_unit",
    "Villa": "building_unit",
    "Magazzino, Locale di deposito": "building_unit",
    "Negozio, Bottega": "building_unit",
    "Altra unità immobil. - non definito": "building_unit",
    "Teatro, Cinematografo, Sala per concerti, spettacoli e simili": "building_unit",
}


@pytest.mark.parametrize(("category", "kind"), sorted(PROPERTY_CATEGORIES.items()))
def test_every_property_category_of_the_files_gets_the_kind_its_words_say(category, kind):
    assert property_kind(category) == kind


def test_tuscan_agricultural_land_is_land(successors):
    assets_import(
        path=EXCERPTS / "fidelity" / "beniconfiscatiXall.csv",
        preset=PRESETS["toscana"],
        commit=True,
        skip_bad_rows=True,
    )

    kinds = dict(Asset.objects.values_list("category", "kind").distinct())
    assert kinds["Terreno agricolo"] == "land"
    assert kinds["Terreno - non definito"] == "land"
    assert kinds["Fabbricato industriale"] == "building_unit"


def test_allocated_companies_decree_dates_are_read_day_first_as_published(boundaries):
    report = assets_import(
        path=EXCERPTS / "aziende_destinate.csv",
        preset=PRESETS["anbsc-aziende-destinate"],
        commit=True,
        skip_bad_rows=True,
    )

    event = StatusEvent.objects.get(asset__external_id="A-PA-24062-S")
    assert event.effective_date == datetime.date(1999, 8, 7)  # decreto_data 07/08/1999
    row = next(r for r in report.rows if r.external_id == "A-PA-24062-S")
    assert [str(n) for n in row.notes if n.field == "stage_date"] == [
        "stage_date: read day-first as published: 07/08/1999; decreto_data_datetime says 1999-07-08"
    ]
    # An unambiguous date (20/09/1993) agrees with the derived column: nothing to say.
    plain = next(r for r in report.rows if r.external_id == "A-PA-48475-S")
    assert not [n for n in plain.notes if n.field == "stage_date"]


def test_the_changed_fields_are_listed_even_when_the_row_has_a_note(boundaries, tmp_path):
    preset = PRESETS["anbsc-immobili"]
    assets_import(
        path=EXCERPTS / "immobili_in_gestione.csv", preset=preset, commit=True, skip_bad_rows=True
    )
    text = (EXCERPTS / "immobili_in_gestione.csv").read_text(encoding="utf-8")
    # A blank stage (a note: status kept) and a new sub-category (a change) on the same row.
    changed = text.replace(
        "Palermo,Unità immobiliare per uso di abitazione e assimilabile,"
        "Appartamento in condominio,,0",
        "Palermo,Unità immobiliare per uso di abitazione e assimilabile,Villa,,0",
        1,
    )
    path = tmp_path / "immobili_in_gestione.csv"
    path.write_text(changed, encoding="utf-8")

    report = assets_import(path=path, preset=preset)

    lines = list(csv.reader(io.StringIO("".join(report.csv_lines()))))
    row = [line for line in lines if line[1] == "I-PA-1167-S"]
    assert ["note", "stage"] in [line[4:6] for line in row]
    assert ["changed", "subcategory, title"] in [line[4:6] for line in row]


def test_the_summary_says_how_many_more_kinds_of_note_there_are(boundaries):
    report = assets_import(
        path=EXCERPTS / "beniconfiscatiXall.csv", preset=PRESETS["toscana"], skip_bad_rows=True
    )
    report.rows[0].note("a", "first: 1")
    for letter in "bcdefg":
        report.rows[0].note(letter, f"other: {letter}")

    summary = report.summary_lines()

    noted = [line for line in summary if line.startswith("  noted")]
    assert len(noted) == 6
    assert noted[-1].endswith("other reasons (see the row report)")


def test_a_name_in_the_wrong_province_says_so(boundaries, tmp_path):
    text = (EXCERPTS / "beniconfiscatiXall.csv").read_text(encoding="utf-8")
    path = tmp_path / "beniconfiscatiXall.csv"
    path.write_text(text.replace("|Prato|Prato|", "|Lucca|Prato|", 1), encoding="utf-8")

    report = assets_import(path=path, preset=PRESETS["toscana"], skip_bad_rows=True)

    reasons = [str(p) for r in report.rows for p in r.reasons]
    assert "province: Prato is not in the province of Lucca (it is in: Prato)" in reasons
