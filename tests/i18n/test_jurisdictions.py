"""Each country's law, as data: Rotterdam's register speaks Dutch law, Palermo's the Anti-Mafia
Code, and a third country is configured in the admin without code. The register is linked from
every city page, the home page, the footer and the sitemap; its search ignores accents and case."""

import datetime

import pytest

from assets_registry.models import Jurisdiction, Municipality
from reuse_projects.models import Organisation, ReuseProject
from tests.conftest import PALERMO_CENTRE, ROTTERDAM_CENTRE

pytestmark = pytest.mark.django_db

ITALIAN_LAW = ("159/2011", "D.Lgs", "antimafia", "Anti-Mafia", "art. 48")


@pytest.fixture
def registers(record_asset, palermo, rotterdam, jurisdictions):
    return {
        "palermo": record_asset(
            palermo, title="Villa", address="Via Libertà 10", location=PALERMO_CENTRE
        ),
        "rotterdam": record_asset(
            rotterdam,
            title="Pand",
            address="Coolsingel 40",
            status="confiscated_final",
            location=ROTTERDAM_CENTRE,
        ),
    }


def test_rotterdams_register_uses_dutch_law_and_cites_no_italian_law(client, registers):
    page = client.get("/cities/rotterdam/register/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "Overzicht van in beslag genomen, verbeurdverklaarde en gesloten panden" in page
    assert "art. 94 en 94a Wetboek van Strafvordering" in page
    assert "art. 174a Gemeentewet" in page and "art. 13b Opiumwet" in page
    assert "Onherroepelijke verbeurdverklaring of ontneming" in page
    for citation in ITALIAN_LAW:
        assert citation not in page


def test_rotterdams_register_in_english_explains_the_dutch_terms(client, registers):
    page = client.get("/cities/rotterdam/register/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    data = client.get("/cities/rotterdam/register/?format=json").json()

    assert "Overview of seized, confiscated and closed properties" in page
    assert "Final forfeiture or confiscation order (ontneming)" in page
    assert data["legal_basis"].startswith("art. 94 en 94a Wetboek van Strafvordering")
    for citation in ITALIAN_LAW:
        assert citation not in page and citation not in str(data)


def test_palermos_register_is_the_art_48_list_with_the_codes_stage_names(client, registers):
    page = client.get("/cities/palermo/register/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    data = client.get("/cities/palermo/register/?format=json").json()

    assert "Elenco dei beni confiscati trasferiti al patrimonio del Comune" in page
    assert "art. 48, comma 3, lett. c), D.Lgs. 6 settembre 2011, n. 159" in page
    assert "Confisca definitiva" in page
    assert "ANBSC" in page
    assert data["legal_basis"].startswith("art. 48, comma 3, lett. c)")
    assert data["assets"][0]["status"] == "Final confiscation"


def test_the_city_page_and_the_timeline_use_the_countrys_stage_names(client, registers):
    city = client.get("/cities/rotterdam/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    asset = client.get(
        f"/assets/{registers['rotterdam'].reference}/", HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()

    assert "Onherroepelijke verbeurdverklaring of ontneming: 1" in city
    assert "Onherroepelijke verbeurdverklaring of ontneming" in asset


def test_a_third_country_is_configured_in_the_admin_without_code(client, superuser, palermo):
    client.force_login(superuser)
    response = client.post(
        "/admin/assets_registry/jurisdiction/add/",
        {
            "country": "FR",
            "name": "France",
            "language": "fr",
            "register_title": "Liste des biens confisqués affectés à la commune",
            "register_legal_basis": "art. 706-160 du code de procédure pénale",
            "register_intro": "Biens confisqués mis à disposition pour un usage social.",
            "allocating_body": "AGRASC",
            "other_measures": "",
            "stages-TOTAL_FORMS": "1",
            "stages-INITIAL_FORMS": "0",
            "stages-0-status": "confiscated_final",
            "stages-0-name": "Confiscation définitive",
            "stages-0-legal_basis": "art. 131-21 du code pénal",
            "wordings-TOTAL_FORMS": "1",
            "wordings-INITIAL_FORMS": "0",
            "wordings-0-language": "en",
            "wordings-0-key": "register_title",
            "wordings-0-text": "List of confiscated assets allocated to the municipality",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    Municipality.objects.create(
        name="Marseille",
        country="FR",
        code="13055",
        slug="marseille",
        boundary=palermo.boundary,
        is_published=True,
    )

    french = client.get("/cities/marseille/register/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    english = client.get("/cities/marseille/register/", HTTP_ACCEPT_LANGUAGE="en")

    assert Jurisdiction.objects.get(country="FR").stages.count() == 1
    assert "Liste des biens confisqués affectés à la commune" in french
    assert "AGRASC" in french and "art. 706-160" in french
    assert "List of confiscated assets allocated to the municipality" in english.content.decode()


def test_the_admin_refuses_a_language_the_site_does_not_have(client, superuser, boundaries):
    client.force_login(superuser)
    response = client.post(
        "/admin/assets_registry/jurisdiction/add/",
        {
            "country": "DE",
            "name": "Deutschland",
            "language": "de",
            "register_title": "x",
            "register_legal_basis": "x",
            "register_intro": "x",
            "allocating_body": "x",
            "stages-TOTAL_FORMS": "0",
            "stages-INITIAL_FORMS": "0",
            "wordings-TOTAL_FORMS": "0",
            "wordings-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert not Jurisdiction.objects.filter(country="DE").exists()


def test_the_register_is_linked_from_home_city_page_footer_and_sitemap(client, registers):
    home = client.get("/").content.decode()
    city = client.get("/cities/palermo/").content.decode()
    registers_page = client.get("/registers/").content.decode()
    sitemap = client.get("/sitemap-pages-1.xml").content.decode()

    assert 'href="/cities/palermo/register/"' in home
    assert 'href="/cities/palermo/register/"' in city
    footer = city[city.index('<footer class="site-footer">') :]
    assert 'href="/registers/"' in footer
    assert 'href="/cities/rotterdam/register/"' in registers_page
    assert "/cities/palermo/register/</loc>" in sitemap
    assert "/registers/</loc>" in sitemap


@pytest.mark.parametrize("query", ["LIBERTA", "libertà", "via liberta 10", "Cooperativa Èlite"])
def test_the_register_search_ignores_accents_and_case(client, registers, record_asset, query):
    villa = registers["palermo"]
    organisation = Organisation.objects.create(
        name="Cooperativa Elite", legal_form="social_cooperative", registration_number="X1"
    )
    ReuseProject.objects.create(
        asset=villa,
        organisation=organisation,
        use_category="culture",
        title="Teatro",
        status="active",
        starts_on=datetime.date(2022, 1, 1),
    )
    record_asset(villa.municipality, kind="land", title="Terreno", address="Contrada Ciaculli")

    data = client.get("/cities/palermo/register/", {"q": query, "format": "json"}).json()
    page = client.get("/cities/palermo/register/", {"q": query}).content.decode()

    assert [entry["reference"] for entry in data["assets"]] == [villa.reference]
    assert "Contrada Ciaculli" not in page


def test_a_search_too_long_is_a_400_naming_the_parameter(client, registers):
    response = client.get("/cities/palermo/register/", {"q": "x" * 201})

    assert response.status_code == 400
    assert response.json()["parameter"] == "q"
