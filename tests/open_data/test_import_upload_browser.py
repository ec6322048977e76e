from pathlib import Path

import pytest
from playwright.sync_api import expect

from assets_registry.models import Asset

EXCERPT = Path(__file__).resolve().parents[2] / "fixtures" / "imports" / "immobili_in_gestione.csv"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_uploads_checks_and_imports_a_file_in_a_browser(
    live_server, page, palermo_officer, palermo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page.goto(f"{live_server.url}/accounts/login/?next=/imports/")
    page.fill("input[name=username]", "palermo_officer")
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")

    page.set_input_files("input[name=file]", str(EXCERPT))
    page.select_option("select[name=preset]", "anbsc-immobili")
    page.check("input[name=skip_bad_rows]")
    page.click("text=Check the file")

    # expect() waits for the page the click loads; content() could read the one before it.
    expect(page.locator("main")).to_contain_text("Dry run: nothing written yet.")
    assert page.locator("#summary").inner_text().count("170") == 1
    assert "not one of your municipalities" in page.locator("#rows").inner_text()
    page.click("button:has-text('Import')")

    expect(page.locator("main")).to_contain_text("Imported on")
    assert Asset.objects.filter(municipality=palermo).count() > 0
    assert not Asset.objects.exclude(municipality=palermo).exists()
