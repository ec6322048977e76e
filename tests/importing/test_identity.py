"""Finding 4 of issue 14: the agency's files and Tuscany's name one asset by s_bene, m_bene or
the regional id; every id a row carries is kept, so that one asset is one row."""

from django.core.management import call_command

from assets_registry.importing import PRESETS, assets_import
from assets_registry.models import Asset, AssetIdentity
from assets_registry.public import public_assets
from tests.importing.conftest import FIDELITY

AULLA_S_BENE, AULLA_M_BENE = "A-MS-1417-S", "A-MS-265465"


def run(preset_name, file_name, **options):
    return assets_import(
        path=FIDELITY / file_name,
        preset=PRESETS[preset_name],
        commit=True,
        skip_bad_rows=True,
        **options,
    )


def aulla_row(report, external_id):
    return next(r for r in report.rows if r.external_id == external_id)


def test_the_aulla_company_is_one_asset_whichever_file_comes_first(successors):
    run("anbsc-aziende-destinate", "aziende_destinate.csv")

    report = run("toscana", "beniconfiscatiXall.csv")

    aulla = Asset.objects.filter(municipality__name="Aulla")
    assert aulla.count() == 1
    assert aulla.get().external_id == AULLA_S_BENE
    assert aulla_row(report, AULLA_M_BENE).outcome in ("updated", "unchanged")
    assert [str(n) for n in aulla_row(report, AULLA_M_BENE).notes if n.field == "external_id"] == [
        f"external_id: one asset, several ids: {AULLA_S_BENE}, {AULLA_M_BENE}"
    ]


def test_the_agency_row_joins_the_asset_tuscany_registered_first(successors):
    run("toscana", "beniconfiscatiXall.csv")

    report = run("anbsc-aziende-destinate", "aziende_destinate.csv")

    aulla = Asset.objects.get(municipality__name="Aulla")
    assert aulla.external_id == AULLA_M_BENE
    assert list(aulla.identities.values_list("identifier", flat=True)) == [AULLA_S_BENE]
    row = aulla_row(report, AULLA_S_BENE)
    assert (row.outcome, row.reference) == ("updated", aulla.reference)
    assert "ids" in row.changes

    again = run("anbsc-aziende-destinate", "aziende_destinate.csv")

    assert again.counts["unchanged"] == 1
    assert AssetIdentity.objects.count() == 1


def test_ids_naming_two_registered_assets_are_rejected_not_guessed(successors, tmp_path):
    # A registry that already holds the company twice (as the old importer left it).
    text = (FIDELITY / "aziende_destinate.csv").read_text(encoding="utf-8")
    only_s_bene = tmp_path / "aziende_destinate.csv"
    only_s_bene.write_text(text.replace(f"{AULLA_M_BENE},", ",", 1), encoding="utf-8")
    assets_import(path=only_s_bene, preset=PRESETS["anbsc-aziende-destinate"], commit=True)
    run("toscana", "beniconfiscatiXall.csv")
    assert Asset.objects.filter(municipality__name="Aulla").count() == 2

    report = run("anbsc-aziende-destinate", "aziende_destinate.csv")

    (reason,) = aulla_row(report, AULLA_S_BENE).reasons
    assert "the ids of this row name several assets of the registry" in reason.message


def test_two_rows_of_one_asset_are_merged_and_later_imports_match_the_kept_one(
    successors, tmp_path
):
    text = (FIDELITY / "aziende_destinate.csv").read_text(encoding="utf-8")
    only_s_bene = tmp_path / "aziende_destinate.csv"
    only_s_bene.write_text(text.replace(f"{AULLA_M_BENE},", ",", 1), encoding="utf-8")
    assets_import(path=only_s_bene, preset=PRESETS["anbsc-aziende-destinate"], commit=True)
    run("toscana", "beniconfiscatiXall.csv")
    keep = Asset.objects.get(external_id=AULLA_S_BENE)
    copy = Asset.objects.get(external_id=AULLA_M_BENE)

    call_command("merge_assets", keep.reference, copy.reference)

    copy.refresh_from_db()
    assert copy.is_deleted and copy.external_id == ""
    assert f"Merged into {keep.reference}" in copy.internal_notes
    assert not public_assets().filter(pk=copy.pk).exists()
    report = run("anbsc-aziende-destinate", "aziende_destinate.csv")
    assert aulla_row(report, AULLA_S_BENE).outcome == "unchanged"
    again = run("toscana", "beniconfiscatiXall.csv")
    assert aulla_row(again, AULLA_M_BENE).reference == keep.reference
    assert Asset.objects.alive().filter(municipality__name="Aulla").count() == 1
