"""Real Chromium: the city page, the register, a call and an NGO's application are fully
translated in Italian and in Dutch; axe-core finds no serious or critical WCAG 2.1 A/AA violation
on the public pages and the main staff pages; tables fit at 1366 and 390 px; the keyboard reaches
the content and the maps."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from common.catalogues import catalogue, read_po
from reuse_projects import services
from tests.conftest import ROTTERDAM_CENTRE, sign_in
from tests.reuse_projects.conftest import CONCESSION, close_call

AXE = Path(settings.BASE_DIR) / "common" / "static" / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (1366, 390)


@pytest.fixture
def site(
    live_server,
    jurisdictions,
    open_call,
    palermo_asset,
    application_a,
    record_asset,
    rotterdam,
    palermo_officer,
    ngo_member,
):
    """Palermo with an open call and an NGO's application, a public reuse project (from an
    earlier decided call), and a Rotterdam asset in its register."""
    record_asset(
        rotterdam,
        title="Pand aan de Coolsingel",
        address="Coolsingel 40",
        location=ROTTERDAM_CENTRE,
    )
    earlier = record_asset(
        palermo_asset.municipality,
        status="allocated",
        title="Villa Ciaculli",
        address="Via Ciaculli 12",
        location=palermo_asset.location,
    )
    call = services.call_create(
        municipality=palermo_asset.municipality,
        assets=[earlier],
        by=palermo_officer,
        title="Earlier call",
        text="Earlier.",
        opens_at=open_call.opens_at,
        closes_at=open_call.closes_at,
    )
    services.call_publish(call=call, by=_manager(palermo_asset.municipality))
    application = services.application_create(
        call=call,
        asset=earlier,
        organisation=application_a.organisation,
        by=ngo_member,
        use_category="culture",
        title="Teatro",
        description="Un teatro.",
    )
    services.application_submit(application=application, by=ngo_member)
    close_call(call)
    project = services.call_decide_asset(
        call=call,
        asset=earlier,
        accepted=application,
        decision_notes={application.pk: "Ok."},
        concession=CONCESSION,
        by=_manager(palermo_asset.municipality),
        confirm_unscored=True,
    )
    return {
        "url": live_server.url,
        "call": open_call,
        "application": application_a,
        "asset": earlier,
        "project": project,
    }


def _manager(municipality):
    return municipality.memberships.get(role="manager").user


def open_page(browser, language, *, user=None, base="", width=1366):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale=language,
        extra_http_headers={"Accept-Language": language},
        # The test injects axe-core; a Content-Security-Policy must not stop it.
        bypass_csp=True,
    )
    if user is not None:
        sign_in(context, user, base)
    page = context.new_page()
    page.set_default_timeout(10000)
    return page


def axe_violations(page):
    """Serious and critical violations of WCAG 2.1 A and AA on the page, as axe-core reports."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                // Only violations are read: axe then keeps no node details of the passes.
                resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def ui_phrases(language):
    """English phrases of the interface (two words or more, no placeholder) whose translation
    differs from them: on a page in `language`, none of them may be left in English. A phrase that
    the language itself uses ("Log in" is Dutch too) is left out."""
    phrases = {}
    entries = read_po(catalogue(language))
    translations = " | ".join(text for e in entries for text in e.msgstr.values())
    for entry in entries:
        text = entry.msgid
        if entry.msgid_plural or "%" in text or "<" in text or entry.msgctxt:
            continue
        translation = entry.msgstr.get(0, "")
        if len(text.split()) >= 2 and translation != text and text not in translations:
            phrases[text] = translation
    return phrases


def visible_text(page):
    return re.sub(r"\s+", " ", page.inner_text("body"))


def pages_to_translate(site):
    return {
        "city page": ("/cities/palermo/", None),
        "register": ("/cities/palermo/register/", None),
        "call": (f"/calls/{site['call'].pk}/", None),
        "NGO application": (f"/applications/{site['application'].pk}/", "ngo"),
    }


@pytest.mark.parametrize("language", ["it", "nl"])
def test_the_main_pages_are_fully_translated_and_pass_axe(browser, site, ngo_member, language):
    phrases = ui_phrases(language)
    checked = 0
    for name, (path, who) in pages_to_translate(site).items():
        user = ngo_member if who == "ngo" else None
        english = open_page(browser, "en", user=user, base=site["url"])
        english.goto(site["url"] + path)
        english_text = visible_text(english)
        english.context.close()

        page = open_page(browser, language, user=user, base=site["url"])
        page.goto(site["url"] + path)
        text = visible_text(page)

        assert page.get_attribute("html", "lang") == language, name
        shown = [p for p in phrases if p in english_text]
        left_in_english = [p for p in shown if p in text]
        assert left_in_english == [], f"{name} in {language}"
        assert any(phrases[p] in text for p in shown), name
        checked += len(shown)
        assert axe_violations(page) == [], f"{name} in {language}"
        page.context.close()
    assert checked > 40


def test_axe_passes_on_every_public_page(browser, site):
    paths = [
        "/",
        "/registers/",
        "/cities/palermo/",
        "/cities/palermo/register/",
        "/cities/rotterdam/register/",
        f"/assets/{site['asset'].reference}/",
        f"/projects/{site['project'].pk}/",
        "/calls/",
        f"/calls/{site['call'].pk}/",
        "/stats/",
        "/practices/",
        "/accounts/login/",
        "/signup/",
    ]
    page = open_page(browser, "it")
    found = {}
    for path in paths:
        page.goto(site["url"] + path)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_axe_passes_on_the_main_staff_and_ngo_pages(browser, site, palermo_officer, ngo_member):
    call = site["call"]
    found = {}
    for user, paths in (
        (
            palermo_officer,
            [
                "/me/",
                f"/calls/{call.pk}/review/",
                "/imports/",
                "/calls/new/",
                "/staff/assets/",
                f"/staff/assets/{site['asset'].pk}/",
                "/staff/assets/new/",
                "/staff/calls/",
                "/me/api-token/",
            ],
        ),
        (
            ngo_member,
            [
                "/me/",
                f"/applications/{site['application'].pk}/",
                f"/applications/{site['application'].pk}/edit/",
                f"/organisations/{site['application'].organisation.pk}/",
                f"/concessions/{site['project'].pk}/",
            ],
        ),
    ):
        page = open_page(browser, "nl", user=user, base=site["url"])
        for path in paths:
            page.goto(site["url"] + path)
            violations = axe_violations(page)
            if violations:
                found[f"{user.username} {path}"] = violations
        page.context.close()
    assert found == {}


OVERFLOW = """() => {
    // Elements that stick out of the window, outside a box that scrolls on purpose.
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
        if (el.closest(".table-scroll, .leaflet-container, .visually-hidden, .skip-link")) continue;
        const box = el.getBoundingClientRect();
        if (box.width && box.right > width + 1) out.push(el.tagName + "." + el.className);
    }
    return {pageScrolls: document.documentElement.scrollWidth > width, out: out.slice(0, 10)};
}"""

TABLES = """() => Array.from(document.querySelectorAll("main table")).map(t => {
    const box = t.closest(".table-scroll");
    return {
        inBox: !!box,
        scrolls: box ? getComputedStyle(box).overflowX === "auto" : false,
        // Every column can be reached: the box scrolls as far as the table is wide.
        reachable: box ? box.scrollWidth >= Math.floor(t.getBoundingClientRect().width) : false,
    };
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_fit_at_laptop_and_phone_width(browser, site, palermo_officer, width, tmp_path):
    pages = {
        "register": (None, "/cities/palermo/register/"),
        "call": (None, f"/calls/{site['call'].pk}/"),
        "city": (None, "/cities/palermo/"),
        "review": (palermo_officer, f"/calls/{site['call'].pk}/review/"),
    }
    for name, (user, path) in pages.items():
        page = open_page(browser, "it", user=user, base=site["url"], width=width)
        page.goto(site["url"] + path)
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)

        overflow = page.evaluate(OVERFLOW)
        tables = page.evaluate(TABLES)

        assert overflow == {"pageScrolls": False, "out": []}, f"{name} at {width}px"
        assert tables and all(
            t == {"inBox": True, "scrolls": True, "reachable": True} for t in tables
        ), f"{name} at {width}px: {tables}"
        assert (tmp_path / f"{name}-{width}.png").stat().st_size > 10_000
        page.context.close()


def test_the_keyboard_skips_to_the_content_and_reaches_the_map(browser, site):
    page = open_page(browser, "nl")
    page.goto(site["url"] + "/cities/palermo/")

    page.keyboard.press("Tab")
    skip = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.textContent]"
    )
    assert skip == ["skip-link", "Naar de hoofdinhoud"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"

    # Leaflet maps take the focus and move with the arrow keys.
    assert page.get_attribute(".leaflet-container", "tabindex") == "0"
    page.focus(".leaflet-container")
    before = page.evaluate("() => document.querySelector('.leaflet-map-pane').style.transform")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(400)
    after = page.evaluate("() => document.querySelector('.leaflet-map-pane').style.transform")
    assert before != after


def test_the_switcher_works_with_the_keyboard_and_is_remembered(browser, site):
    page = open_page(browser, "it")
    page.goto(site["url"] + "/cities/palermo/register/")
    assert page.get_attribute("html", "lang") == "it"

    page.focus("#language-switcher")
    page.select_option("#language-switcher", "nl")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/cities/palermo/register/")
    assert page.get_attribute("html", "lang") == "nl"
    page.goto(site["url"] + "/")
    assert page.get_attribute("html", "lang") == "nl"
    # The home page loads its map layers: let them finish before the test database is flushed
    # (a live-server read still running while the flush truncates can deadlock with it).
    page.wait_for_load_state("networkidle")
    page.context.close()
