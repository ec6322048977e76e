"""Good-practice sheets: a manager writes, a national administrator reviews, the public reads."""

import subprocess

import pytest

from evaluation.models import GoodPracticeSheet
from reuse_projects.models import MonitoringReport

SHEET = {
    "summary": "A villa became a youth centre.",
    "context": "A neighbourhood with no youth centre.",
    "actions": "Workshops and a summer camp.",
    "partners": "The school.",
    "costs": "Roof repairs.",
    "funding": "Municipal budget.",
    "difficulties": "The fire certificate took a year.",
    "lessons": "Budget the repairs before the call.",
    "contact_name": "Ufficio beni confiscati",
    "contact_email": "beni@example.org",
    "total_cost": "136000",
}


@pytest.fixture
def project(palermo, walk_asset, concession, filed_report):
    import datetime

    asset = walk_asset(
        palermo,
        [
            ("confiscated_first_instance", datetime.date(2012, 1, 1)),
            ("confiscated_final", datetime.date(2013, 1, 1)),
            ("allocated", datetime.date(2015, 1, 1)),
        ],
        location=palermo.representative_point,
        location_precision="exact",
    )
    project = concession(asset, title="Casa dei giovani")
    filed_report(project, year=2025, beneficiaries=240, jobs=4, jobs_disadvantaged=2)
    return project


def write_and_submit(client, project):
    response = client.post(f"/practices/start/{project.pk}/")
    sheet = GoodPracticeSheet.objects.get(project=project)
    assert response.url == f"/practices/{sheet.pk}/edit/"
    assert client.post(f"/practices/{sheet.pk}/edit/", SHEET).status_code == 302
    client.post(f"/practices/{sheet.pk}/submit/")
    sheet.refresh_from_db()
    return sheet


def test_a_manager_writes_a_sheet_and_a_national_administrator_publishes_it(
    client, project, palermo_manager, national_admin
):
    client.force_login(palermo_manager)
    sheet = write_and_submit(client, project)
    project.refresh_from_db()
    assert project.is_good_practice
    assert sheet.status == "in_review"
    client.logout()
    assert client.get(f"/practices/{sheet.pk}/").status_code == 404  # not public yet

    client.force_login(national_admin)
    client.post(f"/practices/{sheet.pk}/review/", {"decision": "publish", "note": ""})
    client.logout()

    sheet.refresh_from_db()
    assert sheet.status == "published"
    page = client.get(f"/practices/{sheet.pk}/")
    assert page.status_code == 200
    assert b"240" in page.content  # beneficiaries from the monitoring report
    assert f'href="/projects/{project.pk}/"'.encode() in page.content
    assert sheet.events.count() >= 3  # audited with pghistory
    listing = client.get("/practices/?use=youth_education")
    assert list(listing.context["sheets"]) == [sheet]
    assert list(client.get("/practices/?use=sport").context["sheets"]) == []


def test_an_officer_or_another_city_cannot_write_the_sheet(
    client, project, palermo_officer, rotterdam_officer
):
    client.force_login(palermo_officer)
    assert client.post(f"/practices/start/{project.pk}/").status_code == 403
    client.force_login(rotterdam_officer)
    assert client.post(f"/practices/start/{project.pk}/").status_code == 403
    assert not GoodPracticeSheet.objects.exists()


def test_only_a_national_administrator_reviews(client, project, palermo_manager):
    client.force_login(palermo_manager)
    sheet = write_and_submit(client, project)

    response = client.post(f"/practices/{sheet.pk}/review/", {"decision": "publish"})

    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.status == "in_review"


def test_a_sheet_sent_back_needs_a_note_and_returns_to_draft(
    client, project, palermo_manager, national_admin
):
    client.force_login(palermo_manager)
    sheet = write_and_submit(client, project)
    client.force_login(national_admin)

    client.post(f"/practices/{sheet.pk}/review/", {"decision": "return", "note": ""})
    sheet.refresh_from_db()
    assert sheet.status == "in_review"
    client.post(f"/practices/{sheet.pk}/review/", {"decision": "return", "note": "Add costs."})
    sheet.refresh_from_db()
    assert (sheet.status, sheet.review_note) == ("draft", "Add costs.")


def test_an_incomplete_sheet_cannot_go_to_review(client, project, palermo_manager):
    client.force_login(palermo_manager)
    client.post(f"/practices/start/{project.pk}/")
    sheet = GoodPracticeSheet.objects.get(project=project)

    client.post(f"/practices/{sheet.pk}/submit/")

    sheet.refresh_from_db()
    assert sheet.status == "draft"


def test_bad_filters_are_a_400(client, boundaries):
    response = client.get("/practices/?size=enormous")
    assert response.status_code == 400
    assert "size" in response.context["form"].errors


def test_the_pdf_holds_the_sheet_and_its_figures(client, project, palermo_manager, tmp_path):
    client.force_login(palermo_manager)
    sheet = write_and_submit(client, project)
    MonitoringReport.objects.filter(project=project).update(jobs_disadvantaged=3)

    response = client.get(f"/practices/{sheet.pk}/sheet.pdf")

    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "sheet.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Casa dei giovani" in text
    assert "Budget the repairs before the call." in text
    assert "240" in text and "Jobs for disadvantaged people" in text
    assert "Not published" in text  # a draft's PDF says so


def test_the_sheet_map_is_drawn_once_and_still_drawn_without_a_cache(
    client, project, palermo_manager, settings, monkeypatch
):
    from evaluation import pdf

    client.force_login(palermo_manager)
    sheet = write_and_submit(client, project)
    drawn = []
    draw = pdf._draw_map_png
    monkeypatch.setattr(pdf, "_draw_map_png", lambda *args: drawn.append(args) or draw(*args))

    first = client.get(f"/practices/{sheet.pk}/map.png")
    second = client.get(f"/practices/{sheet.pk}/map.png")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"\x89PNG")
    assert len(drawn) == 1  # the second from the cache

    # Nothing listens on port 1: an unreachable cache is a miss, and the map is drawn.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    response = client.get(f"/practices/{sheet.pk}/map.png")
    assert response.status_code == 200
    assert response.content == first.content
    assert len(drawn) == 2
