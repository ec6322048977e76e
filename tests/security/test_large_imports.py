"""Item 10: an upload over the limit is refused before it is read; the stored report is capped
(the full one is a file); a crash leaves no file; failed and abandoned runs' files are cleaned."""

import csv
import datetime
import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from open_data import imports
from open_data.models import ImportRun

pytestmark = pytest.mark.django_db

HEADER = "id,istat,kind,title,stage,decree_date,wkt\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def custom_upload(client, content, **extra):
    mapping = "external_id=id\nmunicipality_code=istat\nkind=kind\ntitle=title\nstage=stage"
    return client.post(
        "/imports/",
        {
            "preset": "custom",
            "mapping": mapping,
            "source": "TEST",
            "srid": 4326,
            "file": SimpleUploadedFile("assets.csv", content.encode(), "text/csv"),
            **extra,
        },
    )


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    client, palermo_officer, settings, media_root
):
    settings.IMPORT_MAX_BYTES = 2000
    settings.REQUEST_BODY_LIMITS = {"/imports/": 2000}
    client.force_login(palermo_officer)

    response = custom_upload(client, HEADER + "x" * (2 * 1024 * 1024))

    assert response.status_code == 413
    assert files(media_root) == []
    assert not ImportRun.objects.exists()


def test_the_stored_report_is_capped_and_the_csv_has_every_row(
    client, palermo_officer, palermo, media_root, monkeypatch
):
    monkeypatch.setattr(imports, "REPORT_ROWS_STORED", 10)
    rows = "".join(f"PA-{n},999999,building_unit,Flat {n},Confisca def.\n" for n in range(50))
    client.force_login(palermo_officer)

    run_url = custom_upload(client, "id,istat,kind,title,stage\n" + rows)["Location"]
    run = ImportRun.objects.get()
    page = client.get(run_url)
    report = client.get(run_url + "report.csv")
    lines = list(csv.DictReader(io.StringIO(b"".join(report.streaming_content).decode())))

    assert len(run.report["rows"]) == 10
    assert run.counts["rejected"] == 50 and run.rows_read == 50
    assert '<tr><th scope="row">Rows read</th><td>50</td></tr>' in page.content.decode()
    assert len({line["row"] for line in lines}) == 50


def test_a_crash_while_reading_leaves_no_file(client, palermo_officer, media_root, monkeypatch):
    def explode(*args, **kwargs):
        raise MemoryError("simulated")

    monkeypatch.setattr(imports, "assets_import", explode)
    client.raise_request_exception = False
    client.force_login(palermo_officer)

    response = custom_upload(client, HEADER)

    assert response.status_code == 500
    assert files(media_root) == []


def test_the_cleanup_removes_failed_abandoned_and_orphan_files(
    client, palermo_officer, palermo, media_root
):
    client.force_login(palermo_officer)
    fine = "id,istat,kind,title,stage\nPA-1,082053,building_unit,Flat,Confisca def.\n"
    custom_upload(client, fine)
    custom_upload(client, "not,a,mapped,file\n1,2,3,4\n")  # the file as a whole is refused
    recent, failed = ImportRun.objects.order_by("pk")
    assert failed.report["error"]
    old = ImportRun.objects.get(pk=recent.pk)
    custom_upload(client, fine)
    abandoned = ImportRun.objects.order_by("pk").last()
    ImportRun.objects.filter(pk=abandoned.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    orphan = media_root / "imports" / "0123456789abcdef.csv"
    orphan.write_text("left behind by a crash")
    two_hours_ago = time.time() - 7200
    os.utime(orphan, (two_hours_ago, two_hours_ago))

    out = io.StringIO()
    call_command("imports_cleanup", "--days", "7", stdout=out)

    left = files(media_root)
    assert old.stored_name in left  # recent and fine: kept
    assert failed.stored_name not in left
    assert abandoned.stored_name not in left
    assert f"{abandoned.stored_name}.report.csv" not in left
    assert not Path(orphan).exists()
    abandoned.refresh_from_db()
    assert "removed" in abandoned.report["error"]
    assert "file(s) removed" in out.getvalue()
