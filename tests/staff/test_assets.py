"""The staff asset workspace: list, page, create and edit, statuses, delete and restore."""

import datetime
import io

import pytest
from PIL import Image

from assets_registry.models import Asset
from reuse_projects.models import Document
from tests.conftest import PALERMO_CENTRE, ROTTERDAM_CENTRE
from tests.reuse_projects.conftest import make_call

pytestmark = pytest.mark.django_db

ASSETS = "/staff/assets/"


@pytest.fixture
def officer(client, palermo_officer):
    client.force_login(palermo_officer)
    return client


def test_the_list_shows_only_the_officers_municipality_including_non_public_assets(
    officer, palermo, rotterdam, record_asset
):
    seized = record_asset(palermo, status="seized", title="Seized flat", location=PALERMO_CENTRE)
    record_asset(rotterdam, title="Pand", location=ROTTERDAM_CENTRE)

    response = officer.get(ASSETS)

    html = response.content.decode()
    assert response.status_code == 200
    assert seized.reference in html
    assert "Pand" not in html
    points = response.context["map_data"]["points"]
    assert [p[1] for p in points] == [seized.reference]


def test_a_national_administrators_list_stays_light_with_every_municipality(
    client, national_admin, palermo, naples, record_asset
):
    """At national scale the list drew 7,898 outlines (5.3 MB) and offered 7,898 municipalities:
    outlines only for a few municipalities in view, options only those with assets."""
    from django.contrib.gis.geos import MultiPolygon, Polygon

    from assets_registry.models import Municipality

    square = MultiPolygon(Polygon.from_bbox((9.0, 45.0, 9.1, 45.1)), srid=4326)
    Municipality.objects.bulk_create(
        Municipality(
            name=f"Comune {i:03d}", country="IT", code=f"Z{i:03d}", slug=f"z-{i}", boundary=square
        )  # fmt: skip
        for i in range(60)
    )
    record_asset(palermo, status="seized", location=PALERMO_CENTRE)
    client.force_login(national_admin)

    everything = client.get(ASSETS)
    one_city = client.get(f"{ASSETS}?municipality={naples.pk}")

    assert everything.context["map_data"]["boundaries"] == []
    assert len(one_city.context["map_data"]["boundaries"]) == 1
    options = everything.content.decode().split('name="municipality"')[1].split("</select>")[0]
    assert palermo.name in options
    assert "Comune 000" not in options
    assert f'value="{naples.pk}" selected' in one_city.content.decode()


def test_the_list_searches_filters_and_sorts(officer, palermo, record_asset):
    villa = record_asset(palermo, title="Villa Rosa", cadastral_reference="sheet 12 parcel 7")
    land = record_asset(palermo, kind="land", title="Orchard", status="allocated")
    flat = record_asset(palermo, title="Flat", external_id="I-PA-999", location=PALERMO_CENTRE)

    def refs(query):
        return [a.reference for a in officer.get(ASSETS + query).context["page"]]

    assert refs("?q=parcel+7") == [villa.reference]
    assert refs("?q=I-PA-999") == [flat.reference]
    assert refs("?kind=land") == [land.reference]
    assert refs("?status=allocated") == [land.reference]
    assert refs("?has_location=yes") == [flat.reference]
    assert refs("?precision=exact") == [flat.reference]
    assert refs("?sort=title") == [flat.reference, land.reference, villa.reference]


def test_the_list_filters_by_call(officer, palermo, record_asset, palermo_officer):
    offered = record_asset(palermo, status="allocated", title="Offered")
    record_asset(palermo, status="allocated", title="Not offered")
    call = make_call(palermo, [offered], palermo_officer)

    page = officer.get(f"{ASSETS}?call={call.pk}").context["page"]

    assert [a.reference for a in page] == [offered.reference]


@pytest.mark.parametrize(
    ("query", "field"), [("status=lost", "status"), ("sort=price", "sort"), ("page=0", "page")]
)
def test_a_bad_filter_is_a_400_naming_it(officer, palermo, query, field):
    response = officer.get(f"{ASSETS}?{query}")

    assert response.status_code == 400
    assert f"{field}:" in response.content.decode()


def test_the_list_paginates(officer, palermo, record_asset):
    for n in range(55):
        record_asset(palermo, title=f"Asset {n:02d}")

    first = officer.get(ASSETS)
    second = officer.get(ASSETS + "?page=2")

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    assert "Page 1 of 2" in first.content.decode()


def test_an_ngo_member_and_an_anonymous_visitor_have_no_workspace(client, ngo_member, palermo):
    assert client.get(ASSETS).status_code == 302  # to the login page
    client.force_login(ngo_member)
    assert client.get(ASSETS).status_code == 403
    assert client.get(ASSETS + "new/").status_code == 403


def test_another_municipality_asset_is_not_found(officer, rotterdam, record_asset):
    asset = record_asset(rotterdam)

    assert officer.get(f"{ASSETS}{asset.pk}/").status_code == 404
    assert officer.get(f"{ASSETS}{asset.pk}/edit/").status_code == 404
    response = officer.post(f"{ASSETS}{asset.pk}/delete/", {"reason": "mine"})
    assert response.status_code == 404


def new_asset_form(palermo, **overrides):
    data = {
        "municipality": palermo.pk,
        "kind": "building_unit",
        "title": "Villa on the sea",
        "address": "Via Mondello 1",
        "longitude": "13.3615",
        "latitude": "38.1157",
        "location_precision": "exact",
        "condition": "unknown",
        "occupancy": "unknown",
        "initial_status": "seized",
        "effective_date": "2021-03-04",
    }
    data.update(overrides)
    return data


def test_registering_an_asset_with_typed_coordinates_and_a_parcel(officer, palermo):
    parcel = (
        '{"type": "Polygon", "coordinates": [[[13.361, 38.115], [13.362, 38.115], '
        "[13.362, 38.116], [13.361, 38.115]]]}"
    )

    response = officer.post(ASSETS + "new/", new_asset_form(palermo, parcels_geojson=parcel))

    asset = Asset.objects.get()
    assert response.status_code == 302
    assert response.url == f"{ASSETS}{asset.pk}/"
    assert (asset.location.x, asset.location.y) == (13.3615, 38.1157)
    assert asset.parcels.geom_type == "MultiPolygon"
    assert (asset.status, asset.status_date) == ("seized", datetime.date(2021, 3, 4))


def test_a_point_outside_the_boundary_is_refused_next_to_the_coordinates(officer, palermo):
    response = officer.post(
        ASSETS + "new/", new_asset_form(palermo, longitude="4.4777", latitude="51.92")
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "lies outside the boundary of Palermo" in errors["longitude"][0]
    assert Asset.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"longitude": "", "latitude": "38.1"}, "longitude"),
        ({"parcels_geojson": "not a polygon"}, "parcels_geojson"),
        (
            {"parcels_geojson": '{"type": "Point", "coordinates": [13.36, 38.11]}'},
            "parcels_geojson",
        ),
        ({"effective_date": "2999-01-01"}, "effective_date"),
        ({"kind": "castle"}, "kind"),
    ],
)
def test_bad_input_is_shown_next_to_its_field(officer, palermo, overrides, field):
    response = officer.post(ASSETS + "new/", new_asset_form(palermo, **overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Asset.objects.count() == 0


def test_editing_keeps_what_is_not_changed_and_checks_the_version(officer, palermo, record_asset):
    asset = record_asset(palermo, title="Villa", location=PALERMO_CENTRE)
    form = officer.get(f"{ASSETS}{asset.pk}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(title="Villa Rosa", opened_version=asset.version)

    stale = dict(data, opened_version=asset.version - 1 if asset.version > 1 else 99)
    assert officer.post(f"{ASSETS}{asset.pk}/edit/", stale).status_code == 400
    response = officer.post(f"{ASSETS}{asset.pk}/edit/", data)

    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.title == "Villa Rosa"
    assert asset.location.equals_exact(PALERMO_CENTRE, 1e-7)


def test_only_legal_next_statuses_are_offered_and_recorded(officer, palermo, record_asset):
    asset = record_asset(palermo, status="seized", effective_date=datetime.date(2020, 1, 1))
    page = officer.get(f"{ASSETS}{asset.pk}/")
    offered = [value for value, _ in page.context["status_form"].fields["status"].choices]
    assert offered == ["confiscated_first_instance", "released"]

    illegal = officer.post(
        f"{ASSETS}{asset.pk}/status/", {"status": "allocated", "effective_date": "2021-01-01"}
    )
    legal = officer.post(
        f"{ASSETS}{asset.pk}/status/",
        {"status": "confiscated_first_instance", "effective_date": "2021-01-01"},
    )

    assert illegal.status_code == 400
    assert legal.status_code == 302
    asset.refresh_from_db()
    assert asset.status == "confiscated_first_instance"


def test_delete_asks_for_a_reason_and_restore_undoes_it(officer, palermo, record_asset):
    asset = record_asset(palermo)

    no_reason = officer.post(f"{ASSETS}{asset.pk}/delete/", {"reason": ""})
    deleted = officer.post(f"{ASSETS}{asset.pk}/delete/", {"reason": "Registered twice"})

    assert no_reason.status_code == 400
    assert deleted.status_code == 302
    asset.refresh_from_db()
    assert asset.deleted_reason == "Registered twice"
    assert list(officer.get(ASSETS).context["page"]) == []
    assert list(officer.get(ASSETS + "?deleted=on").context["page"]) == [asset]
    assert "Registered twice" in officer.get(f"{ASSETS}{asset.pk}/").content.decode()

    assert officer.post(f"{ASSETS}{asset.pk}/restore/").status_code == 302
    asset.refresh_from_db()
    assert asset.deleted_at is None
    assert list(officer.get(ASSETS).context["page"]) == [asset]


def test_delete_is_refused_while_an_open_call_offers_the_asset(
    officer, palermo, record_asset, palermo_officer
):
    asset = record_asset(palermo, status="allocated")
    call = make_call(palermo, [asset], palermo_officer)

    page = officer.get(f"{ASSETS}{asset.pk}/")
    response = officer.post(f"{ASSETS}{asset.pk}/delete/", {"reason": "Registered twice"})

    assert call.title in page.content.decode()
    assert response.status_code == 409
    assert f"The call “{call.title}” (draft) offers it." in response.content.decode()
    asset.refresh_from_db()
    assert asset.deleted_at is None


def jpeg_with_gps():
    image = Image.new("RGB", (640, 480), "orange")
    exif = Image.Exif()
    gps = {1: "N", 2: (38.0, 6.0, 56.5), 3: "E", 4: (13.0, 21.0, 41.4)}
    exif[0x8825] = gps
    exif[0x010F] = "CameraMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    buffer.name = "villa.jpg"
    buffer.seek(0)
    return buffer


def test_a_public_photo_loses_its_gps_data_and_gets_a_thumbnail(
    officer, client, palermo, record_asset, palermo_officer
):
    asset = record_asset(palermo, status="confiscated_final", location=PALERMO_CENTRE)

    response = officer.post(
        f"{ASSETS}{asset.pk}/documents/",
        {"title": "Front", "visibility": "public", "file": jpeg_with_gps()},
    )

    assert response.status_code == 302
    photo = Document.objects.get(asset=asset)
    with photo.file.open("rb") as original:
        assert Image.open(original).getexif().get(0x8825)  # the staff's original keeps it
    client.logout()
    public = client.get(f"/documents/{photo.pk}/")
    public_image = Image.open(io.BytesIO(b"".join(public.streaming_content)))
    assert public.status_code == 200
    assert dict(public_image.getexif()) == {}
    thumbnail = client.get(f"/documents/{photo.pk}/thumbnail/")
    thumb = Image.open(io.BytesIO(b"".join(thumbnail.streaming_content)))
    assert max(thumb.size) == 320
    assert dict(thumb.getexif()) == {}
    page = client.get(f"/assets/{asset.reference}/").content.decode()
    assert f"/documents/{photo.pk}/thumbnail/" in page


def test_an_internal_document_is_not_shown_to_the_public(officer, client, palermo, record_asset):
    asset = record_asset(palermo, status="confiscated_final")
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    pdf.name = "decree.pdf"

    officer.post(
        f"{ASSETS}{asset.pk}/documents/", {"title": "Decree", "visibility": "internal", "file": pdf}
    )

    document = Document.objects.get(asset=asset)
    client.logout()
    assert client.get(f"/documents/{document.pk}/").status_code == 404


def test_each_role_lands_on_its_own_page(client, palermo_officer, ngo_member, palermo):
    client.force_login(palermo_officer)
    assert client.get("/start/").url == ASSETS
    client.force_login(ngo_member)
    assert client.get("/start/").url == "/me/"
