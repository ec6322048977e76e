"""Officers' work in the admin goes through the services: create, edit, record a status, delete."""

import datetime

import pytest
from django.db.models import F
from django.test import Client

from assets_registry import services
from assets_registry.models import Asset, StatusEvent
from tests.conftest import NAPLES_CENTRE, PALERMO_CENTRE

# The fixtures ask for the database only at run time, which pytest-django cannot see when it
# decides whether to create the test database: say it here.
pytestmark = pytest.mark.django_db

ASSETS = "/admin/assets_registry/asset/"
# The map widget posts GeoJSON in the map's projection, Web Mercator.
PALERMO_CENTRE_ON_THE_MAP = PALERMO_CENTRE.transform(3857, clone=True).json
NAPLES_ON_THE_MAP = NAPLES_CENTRE.transform(3857, clone=True).json
EMPTY_INLINE = {
    "status_events-TOTAL_FORMS": "0",
    "status_events-INITIAL_FORMS": "0",
    "status_events-MIN_NUM_FORMS": "0",
    "status_events-MAX_NUM_FORMS": "0",
}


@pytest.fixture
def palermo_staff(palermo_officer):
    palermo_officer.is_staff = True
    palermo_officer.save()
    client = Client()
    client.force_login(palermo_officer)
    return client


@pytest.fixture
def villa(palermo, palermo_officer, record_asset):
    return record_asset(
        palermo,
        by=palermo_officer,
        title="Villa Greco",
        location=PALERMO_CENTRE,
        effective_date=datetime.date(2020, 1, 15),
    )


def new_asset_form(palermo, **fields):
    return {
        "municipality": palermo.pk,
        "initial_status": "seized",
        "effective_date": "2021-02-03",
        "status_reference": "Decree 7/2021",
        "kind": "building_unit",
        "title": "Flat in Via Maqueda",
        "location": PALERMO_CENTRE_ON_THE_MAP,
        "location_precision": "exact",
        "condition": "unknown",
        "occupancy": "unknown",
        **fields,
    }


def change_form(asset, **fields):
    """The change form as the browser posts it, with the version the officer opened."""
    data = {
        "opened_version": asset.version,
        "kind": asset.kind,
        "title": asset.title,
        "location": asset.location.transform(3857, clone=True).json if asset.location else "",
        "location_precision": asset.location_precision,
        "condition": asset.condition,
        "occupancy": asset.occupancy,
        **EMPTY_INLINE,
    }
    data.update(fields)
    return data


def test_adding_an_asset_records_its_first_status(palermo_staff, palermo, palermo_officer):
    form = new_asset_form(palermo, _continue="Save and continue editing")

    response = palermo_staff.post(f"{ASSETS}add/", form)

    asset = Asset.objects.get()
    assert response.status_code == 302
    assert response.url == f"{ASSETS}{asset.pk}/change/"
    assert asset.reference == "IT-082053-00001"
    assert (asset.status, asset.status_date) == ("seized", datetime.date(2021, 2, 3))
    assert asset.created_by == palermo_officer
    event = StatusEvent.objects.get(asset=asset)
    assert (event.reference, event.recorded_by) == ("Decree 7/2021", palermo_officer)


def test_add_form_offers_only_the_officer_municipality_and_chooses_it(
    palermo_staff, palermo, rotterdam
):
    form = palermo_staff.get(f"{ASSETS}add/").context["adminform"].form

    assert list(form.fields["municipality"].queryset) == [palermo]
    assert form.initial["municipality"] == palermo.pk


def test_a_point_outside_the_municipality_is_an_error_next_to_the_map(palermo_staff, palermo):
    response = palermo_staff.post(
        f"{ASSETS}add/", new_asset_form(palermo, location=NAPLES_ON_THE_MAP)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "outside the boundary of Palermo" in errors["location"][0]
    assert not Asset.objects.exists()


def test_a_future_effective_date_is_an_error_next_to_the_field(palermo_staff, palermo):
    response = palermo_staff.post(
        f"{ASSETS}add/", new_asset_form(palermo, effective_date="2999-01-01")
    )

    errors = response.context["adminform"].form.errors
    assert errors["effective_date"] == ["The date cannot be in the future."]
    assert not Asset.objects.exists()


def test_status_is_read_only_on_the_change_form(palermo_staff, villa):
    response = palermo_staff.get(f"{ASSETS}{villa.pk}/change/")

    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "municipality" not in form.fields
    assert "Confiscated (final)" in response.content.decode()


def test_editing_an_asset_goes_through_the_service(palermo_staff, villa):
    response = palermo_staff.post(
        f"{ASSETS}{villa.pk}/change/", change_form(villa, title="Villa Greco Bianchi")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    villa.refresh_from_db()
    assert (villa.title, villa.version) == ("Villa Greco Bianchi", 2)


def test_saving_unchanged_form_does_not_bump_the_version(palermo_staff, villa):
    palermo_staff.post(f"{ASSETS}{villa.pk}/change/", change_form(villa))

    villa.refresh_from_db()
    assert villa.version == 1


def test_a_form_opened_before_someone_else_saved_is_refused(palermo_staff, villa):
    stale_form = change_form(villa, title="Mine")
    Asset.objects.filter(pk=villa.pk).update(title="Theirs", version=2)

    response = palermo_staff.post(f"{ASSETS}{villa.pk}/change/", stale_form)

    assert response.status_code == 200
    assert "Someone else changed this asset" in str(
        response.context["adminform"].form.non_field_errors()
    )
    villa.refresh_from_db()
    assert villa.title == "Theirs"


def test_a_change_saved_by_someone_else_during_the_save_is_reported_not_a_crash(
    palermo_staff, villa, monkeypatch
):
    real_update = services.asset_update

    def someone_saves_first(**kwargs):
        Asset.objects.filter(pk=villa.pk).update(version=F("version") + 1)
        return real_update(**kwargs)

    monkeypatch.setattr(services, "asset_update", someone_saves_first)
    url = f"{ASSETS}{villa.pk}/change/"

    response = palermo_staff.post(url, change_form(villa, title="Mine"), follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "Not saved: The asset is now at version 2" in response.content.decode()
    villa.refresh_from_db()
    assert villa.title == "Villa Greco"


def test_deleting_marks_the_asset_deleted_and_hides_it(palermo_staff, palermo_officer, villa):
    page = palermo_staff.get(f"{ASSETS}{villa.pk}/delete/")
    refused = palermo_staff.post(f"{ASSETS}{villa.pk}/delete/", {"post": "yes"})
    response = palermo_staff.post(
        f"{ASSETS}{villa.pk}/delete/", {"post": "yes", "reason": "Registered twice"}
    )

    assert "only marks it deleted" in page.content.decode()
    assert refused.status_code == 400
    assert "Say why the asset is deleted." in refused.content.decode()
    assert response.status_code == 302
    villa.refresh_from_db()
    assert villa.deleted_at is not None
    assert villa.deleted_by == palermo_officer
    assert list(palermo_staff.get(ASSETS).context["cl"].result_list) == []


def test_bulk_delete_is_not_offered_since_each_deletion_needs_its_reason(
    palermo_staff, palermo, record_asset
):
    assets = [record_asset(palermo, title=f"Asset {n}") for n in range(3)]

    palermo_staff.post(
        ASSETS,
        {
            "action": "delete_selected",
            "_selected_action": [a.pk for a in assets[:2]],
            "post": "yes",
        },
    )

    assert "delete_selected" not in palermo_staff.get(ASSETS).context["cl"].model_admin.get_actions(
        palermo_staff.get(ASSETS).wsgi_request
    )
    assert Asset.objects.alive().count() == 3


def test_the_change_page_shows_the_status_history(palermo_staff, villa, palermo_officer):
    services.asset_record_status(
        asset=villa,
        status="allocated",
        effective_date=datetime.date(2022, 3, 4),
        reference="Decree ANBSC 5/2022",
        by=palermo_officer,
    )

    html = palermo_staff.get(f"{ASSETS}{villa.pk}/change/").content.decode()

    assert "Status history" in html
    assert "Decree ANBSC 5/2022" in html


def test_the_change_page_shows_who_changed_what(palermo_staff, villa):
    palermo_staff.post(f"{ASSETS}{villa.pk}/change/", change_form(villa, title="Villa Bianchi"))

    response = palermo_staff.get(f"{ASSETS}{villa.pk}/change/")

    trail = response.context["audit_trail"]
    assert trail[0].what == "Asset changed"
    assert {entry.what for entry in trail[1:]} == {"Status event recorded", "Asset created"}
    assert trail[0].who == "palermo_officer"
    assert ("title", "Villa Greco", "Villa Bianchi") in trail[0].changes
    assert 'id="audit-trail"' in response.content.decode()


def test_recording_a_status_from_the_asset_page(palermo_staff, villa, palermo_officer):
    url = f"{ASSETS}{villa.pk}/record-status/"

    page = palermo_staff.get(url)
    response = palermo_staff.post(
        url, {"status": "allocated", "effective_date": "2022-03-04", "reference": "D. 5/2022"}
    )

    assert [value for value, _ in page.context["form"].fields["status"].choices] == [
        "allocated",
        "demolished",
        "for_sale",
        "released",
    ]
    assert response.status_code == 302
    villa.refresh_from_db()
    assert (villa.status, villa.status_date) == ("allocated", datetime.date(2022, 3, 4))
    assert villa.status_events.last().recorded_by == palermo_officer


def test_a_status_dated_before_the_current_one_is_an_error_next_to_the_date(palermo_staff, villa):
    response = palermo_staff.post(
        f"{ASSETS}{villa.pk}/record-status/",
        {"status": "allocated", "effective_date": "2019-12-31"},
    )

    assert response.status_code == 200
    assert (
        "earlier than the previous status change"
        in response.context["form"].errors["effective_date"][0]
    )
    assert 'class="form-row errors field-effective_date"' in response.content.decode()
    villa.refresh_from_db()
    assert villa.status == "confiscated_final"


def test_an_illegal_status_is_refused(palermo_staff, villa):
    response = palermo_staff.post(
        f"{ASSETS}{villa.pk}/record-status/", {"status": "seized", "effective_date": "2022-01-01"}
    )

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    villa.refresh_from_db()
    assert villa.status == "confiscated_final"
