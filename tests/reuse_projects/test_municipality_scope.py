"""Forms over more municipalities than a select can offer (assets_registry.forms
.municipality_scope): a national administrator's 7,898, or every municipality for an
organisation's home. The page first asks which municipality, then shows the form for it."""

import pytest

from assets_registry.models import Asset
from reuse_projects.models import Call, Organisation
from tests.reuse_projects.conftest import call_form
from tests.staff.test_assets import new_asset_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def few_options(monkeypatch):
    # The test data has a handful of municipalities: past 2 the page asks which one.
    monkeypatch.setattr("assets_registry.forms.MUNICIPALITY_OPTIONS_MAX", 2)


def test_a_national_administrator_chooses_the_municipality_then_registers_an_asset(
    client, national_admin, palermo
):
    client.force_login(national_admin)

    first = client.get("/staff/assets/new/")
    found = client.get("/staff/assets/new/", {"q": "paler"})
    form = client.get("/staff/assets/new/", {"municipality": palermo.pk})
    created = client.post(f"/staff/assets/new/?municipality={palermo.pk}", new_asset_form(palermo))

    assert first.status_code == 200
    assert "form" not in first.context
    assert "Which municipality?" in first.content.decode()
    assert f'href="?municipality={palermo.pk}"' in found.content.decode()
    assert list(form.context["form"].fields["municipality"].queryset) == [palermo]
    assert list(form.context["map_data"]["boundaries"]) == [str(palermo.pk)]
    assert "Municipality: Palermo" in form.content.decode()
    assert created.status_code == 302
    assert Asset.objects.get().municipality == palermo


def test_a_municipality_the_user_may_not_use_is_refused_not_offered(
    client, palermo_officer, palermo, rotterdam, monkeypatch
):
    monkeypatch.setattr("assets_registry.forms.MUNICIPALITY_OPTIONS_MAX", 0)
    client.force_login(palermo_officer)
    outside = client.post("/staff/assets/new/", new_asset_form(palermo, municipality=rotterdam.pk))

    assert outside.status_code == 400
    assert "municipality" in outside.context["form"].errors
    assert not Asset.objects.exists()


def test_an_officer_of_one_municipality_gets_the_form_at_once(client, palermo_officer, palermo):
    client.force_login(palermo_officer)

    page = client.get("/staff/assets/new/")

    assert list(page.context["form"].fields["municipality"].queryset) == [palermo]


def test_the_search_lists_at_most_the_matches_allowed(client, national_admin, monkeypatch):
    monkeypatch.setattr("assets_registry.forms.MUNICIPALITY_MATCHES", 1)
    client.force_login(national_admin)

    everything = client.get("/staff/assets/new/", {"q": "a"})
    nothing = client.get("/staff/assets/new/", {"q": "Atlantis"})

    assert len(everything.context["scope"].matches) == 1
    assert "No municipality's name contains “Atlantis”." in nothing.content.decode()


def test_a_national_administrator_chooses_the_municipality_of_a_call(
    client, national_admin, palermo, palermo_asset, record_asset, naples
):
    elsewhere = record_asset(naples, status="allocated", title="In Naples")
    client.force_login(national_admin)

    first = client.get("/calls/new/")
    form = client.get("/calls/new/", {"municipality": palermo.pk})
    created = client.post(
        f"/calls/new/?municipality={palermo.pk}", call_form(palermo, [palermo_asset])
    )

    assert "form" not in first.context
    assert list(form.context["form"].fields["assets"].queryset) == [palermo_asset]
    assert elsewhere.reference not in form.content.decode()
    assert created.status_code == 302
    assert Call.objects.get().municipality == palermo


def test_an_organisation_chooses_its_home_among_every_municipality(client, ngo_member, palermo):
    client.force_login(ngo_member)
    fields = {
        "name": "Cooperativa Libera Terra",
        "legal_form": "cooperative",
        "registration_number": "IT-1",
        "country": "IT",
        "contact_email": "info@example.org",
        "municipality": palermo.pk,
    }

    first = client.get("/organisations/register/")
    found = client.get("/organisations/register/", {"q": "Palermo"})
    created = client.post(f"/organisations/register/?municipality={palermo.pk}", fields)

    assert "form" not in first.context
    assert f'href="?municipality={palermo.pk}"' in found.content.decode()
    assert created.status_code == 302
    assert Organisation.objects.get().municipality == palermo
