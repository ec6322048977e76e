from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assets_registry.models import Asset

pytestmark = pytest.mark.django_db

EXCERPT = Path(__file__).resolve().parents[2] / "fixtures" / "imports" / "immobili_in_gestione.csv"


def test_the_command_dry_runs_by_default_and_writes_the_report(boundaries, tmp_path, capsys):
    report = tmp_path / "report.csv"

    call_command("import_assets", str(EXCERPT), "--preset", "anbsc-immobili", "--report", report)

    out = capsys.readouterr().out
    assert "not written (dry run)" in out
    assert "rows read 170" in out
    assert "unknown municipality code" in out
    assert report.read_text().startswith("row,external_id,outcome")
    assert Asset.objects.count() == 0


def test_the_command_writes_nothing_when_a_row_is_rejected_in_all_or_nothing_mode(boundaries):
    with pytest.raises(CommandError, match="nothing written: 3 row"):
        call_command("import_assets", str(EXCERPT), "--preset", "anbsc-immobili", "--commit")

    assert Asset.objects.count() == 0


def test_the_command_takes_a_column_mapping(boundaries, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("ID;ISTAT;TYPE;STAGE\nM-1;082053;land;Confisca def.\n")

    call_command(
        "import_assets",
        str(path),
        "--map",
        "external_id=ID",
        "--map",
        "municipality_code=ISTAT",
        "--map",
        "kind=TYPE",
        "--map",
        "stage=STAGE",
        "--source",
        "PALERMO",
        "--commit",
    )

    assert Asset.objects.get(external_id="M-1").status == "confiscated_final"


def test_the_command_refuses_an_unknown_mapping_field(boundaries, tmp_path):
    with pytest.raises(CommandError, match="unknown field"):
        call_command("import_assets", str(EXCERPT), "--map", "colour=X", "--source", "S")
