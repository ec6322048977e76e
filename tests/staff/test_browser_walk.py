"""The staff workspace walked in real headless Chromium: an officer registers an asset with the
map widget and runs a call through its whole life with a commission, without the Django admin."""

import datetime
import io
import json

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from assets_registry.models import Asset, MunicipalityMembership
from common.models import LanguagePreference
from reuse_projects.models import Application, Call, Document
from tests.conftest import make_user
from tests.reuse_projects.conftest import close_call
from tests.staff.test_assets import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def open_as(browser, live_server, user, visited):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(8000)
    page.on("dialog", lambda dialog: dialog.accept())
    page.on("request", lambda request: visited.append(request.url))
    page.on("pageerror", lambda error: visited.append(f"script error: {page.url} {error.stack}"))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_an_officer_registers_an_asset_and_runs_a_call_with_a_commission(
    browser, live_server, palermo, palermo_officer, palermo_manager, organisation_a, ngo_member
):
    url = live_server.url
    visited = []
    second = make_user("second_officer", first_name="Rosa", last_name="Greco")
    MunicipalityMembership.objects.create(user=second, municipality=palermo, role="officer")
    # The NGO member reads English: the receipt and the notices checked below come in the member's
    # language, else in the organisation's country's (Italian, once the jurisdictions are loaded;
    # a transactional test before this one on the worker may have flushed them).
    LanguagePreference.objects.create(user=ngo_member, language="en")

    # The officer lands on the asset list and registers an asset with the map widget.
    officer = open_as(browser, live_server, palermo_officer, visited)
    assert officer.url == f"{url}/staff/assets/"
    officer.click("a:has-text('Register an asset')")
    officer.wait_for_selector("#asset-widget svg path")  # the boundary is drawn
    box = officer.locator("#asset-widget").bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    officer.mouse.click(*centre)
    assert officer.input_value("#id_longitude") != ""  # a click places the point
    officer.click("#widget-parcel")
    for dx, dy in ((-20, -20), (20, -20), (20, 20)):
        officer.mouse.click(centre[0] + dx, centre[1] + dy)
    officer.click("#widget-finish")
    parcel = json.loads(officer.input_value("#id_parcels_geojson"))
    assert parcel["type"] == "MultiPolygon" and len(parcel["coordinates"][0][0]) == 4
    # The officer corrects the point by typing the surveyed coordinates.
    officer.fill("#id_longitude", "13.3615")
    officer.fill("#id_latitude", "38.1157")
    officer.select_option("#id_location_precision", "exact")
    officer.select_option("#id_kind", "building_unit")
    officer.fill("#id_title", "Villa on Via Libertà")
    officer.fill("#id_address", "Via Libertà 10, Palermo")
    officer.select_option("#id_initial_status", "seized")
    officer.fill("#id_effective_date", "2019-05-02")
    officer.click("#asset-form button[type=submit]")
    asset = Asset.objects.get(title="Villa on Via Libertà")
    # expect() waits for the page a click loads; the same element on the page before it could be
    # read otherwise (these sections are on both).
    expect(officer).to_have_url(f"{url}/staff/assets/{asset.pk}/")
    assert (asset.location.x, asset.location.y) == (13.3615, 38.1157)
    assert asset.parcels is not None

    # A public photo: its public copy has no GPS tag.
    officer.fill("#document-form #id_title", "Front of the villa")
    officer.select_option("#document-form #id_visibility", "public")
    photo = jpeg_with_gps().getvalue()
    officer.set_input_files(
        "#document-form #id_file", {"name": "villa.jpg", "mimeType": "image/jpeg", "buffer": photo}
    )
    officer.click("#document-form button[type=submit]")
    expect(officer.locator("#asset-documents")).to_contain_text("Front of the villa")

    # Statuses up to allocation: only the legal next steps are offered.
    for status, date in (
        ("confiscated_first_instance", "2020-03-01"),
        ("confiscated_final", "2021-06-01"),
        ("allocated", "2022-09-01"),
    ):
        offered = officer.locator("#status-form #id_status option").all_inner_texts()
        assert len(offered) <= 4
        officer.select_option("#status-form #id_status", status)
        officer.fill("#status-form #id_effective_date", date)
        officer.click("#status-form button[type=submit]")
    expect(officer.locator("#asset-status")).to_have_text("Allocated")
    assert officer.locator("#timeline li").count() == 4

    # The photo is on the public asset page, and its public copy has lost its GPS tag.
    anonymous = browser.new_context().new_page()
    anonymous.on("request", lambda request: visited.append(request.url))
    anonymous.goto(f"{url}/assets/{asset.reference}/")
    document = Document.objects.get(asset=asset)
    assert anonymous.locator(f"img[src='/documents/{document.pk}/thumbnail/']").count() == 1
    public_copy = anonymous.request.get(f"{url}/documents/{document.pk}/").body()
    assert Image.open(io.BytesIO(photo)).getexif().get(0x8825)
    assert dict(Image.open(io.BytesIO(public_copy)).getexif()) == {}

    # The asset list's map shows it.
    officer.click("nav a:text-is('Assets')")
    officer.wait_for_selector("#asset-list-map[data-markers='1']")

    # The officer opens a call with weighted criteria and a commission of two.
    officer.click("nav a:text-is('Calls')")
    officer.click("a:has-text('New call')")
    now = timezone.now()
    officer.fill("#id_title", "A villa for the young people of Libertà")
    officer.fill("#id_text", "The municipality offers a villa for social reuse.")
    officer.fill("#id_criteria", "Social impact | 60\nSustainability | 40")
    officer.fill("#id_opens_at", local(now - datetime.timedelta(hours=1)))
    officer.fill("#id_closes_at", local(now + datetime.timedelta(days=20)))
    officer.check(f"input[name=assets][value='{asset.pk}']")
    officer.check(f"input[name=reviewers][value='{palermo_officer.pk}']")
    officer.check(f"input[name=reviewers][value='{second.pk}']")
    officer.click("button:has-text('Save')")
    call = Call.objects.get(title="A villa for the young people of Libertà")
    expect(officer.locator("#criteria")).to_contain_text("weight 60")

    # The manager publishes it after seeing what becomes public.
    manager = open_as(browser, live_server, palermo_manager, visited)
    manager.goto(f"{url}/calls/{call.pk}/")
    manager.click("a:has-text('Publish the call')")
    assert asset.reference in manager.locator("#what-becomes-public").inner_text()
    manager.click("button:has-text('Yes, publish the call')")
    call.refresh_from_db()
    assert call.status == "published"

    # The feed lists it.
    feed = anonymous.request.get(f"{url}/calls/feed/?city=palermo").text()
    assert call.title in feed

    # The NGO applies; it receives a receipt with a protocol number.
    ngo = open_as(browser, live_server, ngo_member, visited)
    ngo.goto(f"{url}/calls/?city=palermo")
    ngo.click(f"text={call.title}")
    ngo.click("a:has-text('Apply')")
    ngo.select_option("#id_use_category", "youth_education")
    ngo.fill("#id_title", "Youth centre in the villa")
    ngo.fill("#id_description", "After-school activities and a music room.")
    ngo.click("button:has-text('Save draft')")
    ngo.click("button:has-text('Submit application')")
    application = Application.objects.get(title="Youth centre in the villa")
    assert application.protocol_number in ngo.locator("#protocol").inner_text()
    receipts = [m for m in mail.outbox if "Application received" in m.subject]
    assert receipts and application.protocol_number in receipts[0].body

    # The commission of two scores each criterion.
    reviewer_two = open_as(browser, live_server, second, visited)
    for reviewer, marks in ((officer, ("9", "7")), (reviewer_two, ("7", "9"))):
        reviewer.goto(f"{url}/applications/{application.pk}/")
        criteria = list(call.weighted_criteria.all())
        for criterion, mark in zip(criteria, marks, strict=True):
            reviewer.fill(f"#id_criterion_{criterion.pk}", mark)
        reviewer.click("button:has-text('Save score')")
    application.refresh_from_db()
    # (60*9 + 40*7)/10 = 82 and (60*7 + 40*9)/10 = 78.
    assert str(application.score) == "80.00"
    officer.goto(f"{url}/calls/{call.pk}/review/")
    assert "80.00" in officer.locator("table.ranking").inner_text()

    # The manager corrects the call, then extends it.
    manager.goto(f"{url}/calls/{call.pk}/")
    manager.click("summary:has-text('Correct the call')")
    manager.fill("#amend-form #id_notice", "The villa has 240 m², not 420 m².")
    manager.click("button:has-text('Publish the correction')")
    expect(manager.locator("#call-notices")).to_contain_text("240 m², not 420 m²")
    manager.click("summary:has-text('Extend the closing date')")
    manager.fill("#extend-form #id_closes_at", local(call.closes_at + datetime.timedelta(days=7)))
    manager.fill("#extend-form #id_reason", "More time for the cooperatives.")
    manager.click("button:has-text('Extend the call')")
    expect(manager.locator("#call-notices")).to_contain_text("More time for the cooperatives.")
    notices = [m for m in mail.outbox if call.title in m.subject and "notice" in m.subject.lower()]
    assert notices and "240 m²" in notices[0].body

    # Time passes: the call closes and the manager decides.
    close_call(call)
    manager.goto(f"{url}/calls/{call.pk}/decide/")
    prefix = f"asset-{asset.pk}"
    manager.check(f"input[name='{prefix}-accepted'][value='{application.pk}']")
    manager.fill(f"#id_{prefix}-deed_number", "Rep. 12/2026")
    manager.fill(f"#id_{prefix}-deed_date", timezone.localdate().isoformat())
    manager.fill(f"#id_{prefix}-concession_object", "Free use of the villa for ten years")
    manager.fill(f"#id_{prefix}-starts_on", timezone.localdate().isoformat())
    manager.fill(f"#id_{prefix}-note_{application.pk}", "The best proposal.")
    manager.click("button:has-text('Record the decision')")
    application.refresh_from_db()
    assert application.status == "accepted"

    # The NGO sees its scores, and the call page names the winner.
    ngo.goto(f"{url}/applications/{application.pk}/")
    scores = ngo.locator("#scores").inner_text()
    assert "Social impact" in scores and "80.00" in scores
    anonymous.goto(f"{url}/calls/{call.pk}/")
    assert "Libera Palermo" in anonymous.locator("table.ranking").inner_text()

    errors = [
        (visited[i - 6 : i], u) for i, u in enumerate(visited) if u.startswith("script error")
    ]
    assert errors == []
    assert [u for u in visited if "/admin/" in u] == []
