import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_register_is_searchable_and_sortable_in_a_browser(live_server, page, palermo_assets):
    page.goto(f"{live_server.url}/cities/palermo/register/")
    rows = page.locator("#register tbody tr")
    assert rows.count() == 2

    page.fill("#register-search", "rizzotto")
    assert page.locator("#register tbody tr:visible").count() == 1
    assert "Villa" in page.locator("#register tbody tr:visible").inner_text()

    page.fill("#register-search", "")
    page.click("[data-sort='2']")  # by kind: Building unit before Land
    assert page.locator("#register thead th").nth(2).get_attribute("aria-sort") == "ascending"
    assert "Building unit" in rows.nth(0).inner_text()
    page.click("[data-sort='2']")
    assert "Land" in rows.nth(0).inner_text()
