import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assets_registry.models import Asset

pytestmark = pytest.mark.django_db

EXCERPT = Path(__file__).resolve().parents[2] / "fixtures" / "imports" / "immobili_in_gestione.csv"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, **fields):
    data = {"preset": "anbsc-immobili", "srid": 4326, "skip_bad_rows": "on"}
    data.update(fields)
    data["file"] = SimpleUploadedFile("immobili.csv", EXCERPT.read_bytes(), "text/csv")
    return client.post("/imports/", data)


def test_officer_checks_downloads_the_report_then_imports(client, palermo_officer, palermo):
    client.force_login(palermo_officer)

    response = upload(client)
    assert response.status_code == 302
    run_url = response["Location"]
    page = client.get(run_url).content.decode()
    assert "Dry run: nothing written yet." in page
    assert Asset.objects.count() == 0

    report = client.get(run_url + "report.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(report.streaming_content).decode())))
    rejected = [r for r in rows if r["outcome"] == "rejected"]
    assert any("not one of your municipalities" in r["detail"] for r in rejected)

    client.post(run_url + "commit/")
    assert Asset.objects.filter(municipality=palermo).count() > 0
    assert Asset.objects.exclude(municipality=palermo).count() == 0
    assert "Imported on" in client.get(run_url).content.decode()


def test_all_or_nothing_import_with_rejected_rows_writes_nothing(client, palermo_officer):
    client.force_login(palermo_officer)
    run_url = upload(client, skip_bad_rows="")["Location"]

    response = client.post(run_url + "commit/", follow=True)

    assert "Nothing was written" in response.content.decode()
    assert Asset.objects.count() == 0


def test_another_officers_import_is_not_found(client, palermo_officer, palermo_manager):
    client.force_login(palermo_officer)
    run_url = upload(client)["Location"]
    client.force_login(palermo_manager)

    assert client.get(run_url).status_code == 404
    assert client.post(run_url + "commit/").status_code == 404


def test_a_custom_mapping_needs_an_id_column(client, palermo_officer):
    client.force_login(palermo_officer)

    response = upload(client, preset="custom", mapping="municipality_code=CODISTAT", source="X")

    assert response.status_code == 400
    assert "Map external_id" in response.content.decode()


def test_imports_are_for_municipal_staff(client, ngo_member):
    assert client.get("/imports/").status_code == 302
    client.force_login(ngo_member)
    assert client.get("/imports/").status_code == 403


def test_the_page_lists_a_rows_changes_even_when_it_has_notes(client, palermo_officer, tmp_path):
    # Issue 14, finding 9: a row with a note and a change showed only the note.
    client.force_login(palermo_officer)
    client.post(upload(client)["Location"] + "commit/")
    changed = EXCERPT.read_text(encoding="utf-8").replace(
        "Palermo,Unità immobiliare per uso di abitazione e assimilabile,"
        "Appartamento in condominio,,0",
        "Palermo,Unità immobiliare per uso di abitazione e assimilabile,Villa,,0",
        1,
    )
    data = {"preset": "anbsc-immobili", "srid": 4326, "skip_bad_rows": "on"}
    data["file"] = SimpleUploadedFile("immobili.csv", changed.encode(), "text/csv")

    page = client.get(client.post("/imports/", data)["Location"]).content.decode()

    assert "<td>I-PA-1167-S</td><td>updated</td><td>stage</td>" in page
    assert "<td>I-PA-1167-S</td><td>updated</td><td>subcategory, title</td><td>changed</td>" in page
