"""Real Chromium opens /stats/ and /practices/: the charts are drawn, a chart's CSV and a sheet's
PDF download, and the PDF (read back with pdftotext) holds the project's figures."""

import csv
import datetime
import io
import subprocess
from urllib.parse import urlsplit

import pytest

from evaluation import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


@pytest.fixture
def published_practice(
    palermo, naples, walk_asset, concession, filed_report, palermo_manager, national_admin
):
    first = [("confiscated_first_instance", D(2012, 1, 1))]
    villa = walk_asset(
        palermo,
        first + [("confiscated_final", D(2013, 5, 1)), ("allocated", D(2015, 5, 1))],
        location=palermo.representative_point,
        location_precision="exact",
    )
    walk_asset(palermo, first + [("confiscated_final", D(2016, 1, 1))])
    walk_asset(naples, first + [("confiscated_final", D(2014, 1, 1)), ("allocated", D(2019, 1, 1))])
    project = concession(villa, title="Casa dei giovani Danilo Dolci", starts_on=D(2016, 2, 1))
    filed_report(project, year=2025, beneficiaries=240, jobs=4, jobs_disadvantaged=2, volunteers=18)
    sheet = services.sheet_start(project=project, by=palermo_manager)
    sheet = services.sheet_update(
        sheet=sheet,
        data={
            "summary": "A boss's villa became the neighbourhood's youth centre.",
            "context": "Brancaccio has no public youth facility.",
            "actions": "After-school club and summer camp.",
            "lessons": "Budget the repairs before the call.",
            "contact_email": "beni@example.org",
        },
        by=palermo_manager,
    )
    sheet = services.sheet_submit(sheet=sheet, by=palermo_manager)
    return services.sheet_review(sheet=sheet, publish=True, note="", by=national_admin)


def test_visitor_sees_the_charts_and_downloads_a_chart_csv(live_server, page, published_practice):
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/stats/?level=region")

    assert page.locator("#figure-final").inner_text() == "3"
    assert page.locator("#figure-reuse-rate").inner_text() == "33.3 %"
    # Every chart is drawn and has a visible size.
    for chart in ("status", "durations", "comparison", "trend", "map", "monitoring"):
        svg = page.locator(f"#chart-{chart} svg").first
        box = svg.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 20, chart
    assert page.locator("#chart-status rect.bar").count() == 2  # final, allocated
    assert page.locator("#chart-map path.area").count() == 2  # Palermo and Naples
    assert page.locator("#chart-trend polyline").count() == 4
    # The text alternative of a chart opens as a table.
    page.locator("#chart-comparison summary").click()
    assert page.locator("#chart-comparison table tbody tr").count() == 2

    with page.expect_download() as download_info:
        page.locator("#chart-comparison a.csv-link").click()
    with open(download_info.value.path(), encoding="utf-8") as downloaded:
        rows = list(csv.reader(io.StringIO(downloaded.read())))
    assert rows[0][0] == "Region"
    assert {tuple(row[:4]) for row in rows[1:]} == {
        ("Sicilia", "2", "1", "50.0"),
        ("Campania", "1", "0", "0.0"),
    }
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"localhost"} or hosts == {"127.0.0.1"}


def test_visitor_opens_a_practice_and_downloads_its_pdf(
    live_server, page, published_practice, tmp_path
):
    page.goto(f"{live_server.url}/practices/")
    page.locator(".sheet-card h2 a", has_text="Casa dei giovani Danilo Dolci").click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "Casa dei giovani Danilo Dolci"
    assert page.locator("img.sheet-map").evaluate("img => img.naturalWidth") > 100
    assert page.locator("#results").inner_text().count("240") == 1

    with page.expect_download() as download_info:
        page.locator("a.pdf-link").click()
    path = tmp_path / "sheet.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Casa dei giovani Danilo Dolci" in text
    assert "Beneficiaries" in text and "240" in text
    assert "Volunteers" in text and "18" in text
    assert "Budget the repairs before the call." in text
