"""Finding 5 of issue 14: rows naming municipalities merged or renumbered since are mapped to
today's municipality through the ANPR archive, each mapping noted; ambiguity is rejected with
the candidates named."""

import pytest
from django.core.management import call_command

from assets_registry.importing import PRESETS, assets_import
from assets_registry.importing.history import load_municipality_history
from assets_registry.models import Asset, MunicipalityPeriod
from tests.importing.conftest import FIDELITY

ARCHIVE = FIDELITY / "ANPR_archivio_comuni.csv"


@pytest.fixture
def history(successors):
    load_municipality_history(ARCHIVE)


def run(preset_name, file_name, path=None, **options):
    return assets_import(
        path=path or FIDELITY / file_name,
        preset=PRESETS[preset_name],
        skip_bad_rows=True,
        **options,
    )


def notes_of(report, external_id):
    row = next(r for r in report.rows if r.external_id == external_id)
    return [str(n) for n in row.notes if n.field.startswith("municipality")]


def test_the_command_loads_the_archive(db, capsys):
    call_command("load_municipality_history", str(ARCHIVE))

    assert MunicipalityPeriod.objects.count() == 1476
    villasimius = MunicipalityPeriod.objects.filter(cadastral_code="B738").order_by("valid_from")
    assert [(p.code, p.valid_to is None) for p in villasimius] == [
        ("092164", False),
        ("092100", False),
        ("111105", True),
    ]
    assert "1476 periods" in capsys.readouterr().out


def test_merged_municipalities_codes_go_to_their_successor(history):
    report = run("anbsc-immobili", "immobili_in_gestione.csv", commit=True)

    assert report.counts == {"created": 6, "updated": 0, "unchanged": 0, "rejected": 4}
    assert notes_of(report, "I-PR-37889-S") == [
        "municipality_code: municipality that no longer exists: code 034037 (Sorbolo) ceased on "
        "2018-12-31, merged into 034051 Sorbolo Mezzani"
    ]
    municipalities = set(Asset.objects.values_list("municipality__code", flat=True))
    assert municipalities == {"034051", "015251"}


def test_a_renumbered_code_of_2014_goes_to_todays_code_through_the_cadastral_code(history):
    report = run("anbsc-2014", "beni_immobili_2014.csv")

    assert notes_of(report, "1859") == [
        "municipality_code: municipality that no longer exists: code 092100 (Villasimius until "
        "2016-04-27) is 111105 today, same cadastral code B738 Villasimius"
    ]
    assert notes_of(report, "4491") == [
        "municipality_code: municipality that no longer exists: code 015246 (Zelo Surrigone) "
        "ceased on 2019-02-07, merged into 015251 Vermezzo con Zelo"
    ]
    assert "Corigliano-Rossano" in notes_of(report, "1506")[0]


def test_tuscan_names_of_merged_or_respelled_municipalities_are_found(history):
    report = run("toscana", "beniconfiscatiXall.csv", commit=True)

    assert [str(p) for r in report.rows for p in r.reasons] == []
    assert "merged into 048054 Barberino Tavarnelle" in notes_of(report, "I-FI-216210")[0]
    montecatini = Asset.objects.get(external_id="I-PT-277357").municipality
    assert montecatini.name == "Montecatini-Terme"


def test_a_merger_with_several_candidates_is_rejected_naming_them(history):
    # Valle Mosso ceased on 2018-12-31 and two municipalities of Biella began the next day;
    # nothing in the archive says which one took it in.
    report = run("anbsc-immobili", "immobili_in_gestione.csv")

    row = next(r for r in report.rows if r.external_id == "I-BI-16475-S")
    assert [str(reason) for reason in row.reasons] == [
        "municipality_code: municipality that no longer exists: code 096073 (Valle Mosso) ceased "
        "on 2018-12-31; ambiguous successor, candidates: 096087 Quaregna Cerreto, "
        "096088 Valdilana"
    ]


def test_a_merger_goes_to_the_new_municipality_carrying_the_old_name(history, tmp_path):
    text = (FIDELITY / "immobili_in_gestione.csv").read_text(encoding="utf-8")
    path = tmp_path / "immobili_in_gestione.csv"
    path.write_text(text.replace(",034037,", ",047001,", 1), encoding="utf-8")

    report = run("anbsc-immobili", None, path=path)

    assert report.rows[0].notes[0].message == (
        "municipality that no longer exists: code 047001 (Abetone) ceased on 2016-12-31, merged "
        "into 047023 Abetone Cutigliano (the new municipality carrying its name)"
    )


def test_without_the_archive_old_codes_are_still_rejected(successors):
    report = run("anbsc-immobili", "immobili_in_gestione.csv")

    assert str(report.rows[0].reasons[0]) == "municipality_code: unknown municipality code: 034037"
