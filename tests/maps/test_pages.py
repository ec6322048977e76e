"""Public pages: overview, city, asset and project pages, the embeddable map and the sitemap."""

import gzip
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assets_registry import services
from reuse_projects.services import document_attach
from tests.conftest import ROTTERDAM_CENTRE

pytestmark = pytest.mark.django_db


def tiny_png():
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def external_resources(html):
    """Scripts, styles, images and frames that a page would load from another host."""
    sources = re.findall(r'<(?:script|img|iframe)[^>]+src="([^"]+)"', html)
    sources += re.findall(r'<link[^>]+href="([^"]+)"', html)
    return [s for s in sources if re.match(r"^(https?:)?//", s)]


def test_overview_lists_published_cities_with_counts(
    client, palermo, rotterdam, record_asset, palermo_point
):
    record_asset(palermo, location=palermo_point())
    record_asset(palermo, status="seized", location=palermo_point())
    record_asset(rotterdam, location=ROTTERDAM_CENTRE)
    rotterdam.is_published = False
    rotterdam.save()

    response = client.get("/")

    assert response.status_code == 200
    cities = {city.slug: city for city in response.context["cities"]}
    assert "rotterdam" not in cities
    assert cities["palermo"].asset_count == 1
    assert response.context["total_assets"] == 1
    assert external_resources(response.content.decode()) == []


def test_overview_draws_assets_from_vector_tiles_when_there_are_many(
    client, palermo, record_asset, palermo_point, monkeypatch
):
    record_asset(palermo, location=palermo_point())
    record_asset(palermo, location=palermo_point())
    html = client.get("/").content.decode()
    assert "/layers/assets.geojson" in html
    assert "leaflet.markercluster.js" in html

    monkeypatch.setattr("maps.views.OVERVIEW_GEOJSON_MAX_ASSETS", 1)
    html = client.get("/").content.decode()
    assert "/tiles/assets/{z}/{x}/{y}.pbf" in html
    assert "Leaflet.VectorGrid.bundled.min.js" in html


def test_city_page_shows_figures_projects_and_available_assets(
    client, palermo, record_asset, record_project, palermo_point
):
    in_use = record_asset(palermo, status="delivered", location=palermo_point())
    free = record_asset(palermo, status="delivered", location=palermo_point())
    record_project(in_use, title="Youth centre in the villa", use_category="youth_education")

    response = client.get("/cities/palermo/")

    assert response.status_code == 200
    assert response.context["asset_count"] == 2
    assert [a.reference for a in response.context["available_assets"]] == [free.reference]
    html = response.content.decode()
    assert "Youth centre in the villa" in html
    assert "/layers/reuse-projects.geojson?city=palermo" in html
    assert external_resources(html) == []


def test_city_page_figures_match_the_public_selectors(
    client, palermo, naples, record_asset, record_project, palermo_point
):
    """The page counts with statements compiled from the selectors: the same numbers as asking
    them through the ORM, with what is not public, not here or not available left out."""
    from assets_registry.public import public_assets
    from reuse_projects.public import available_for_reuse_q, public_projects

    in_use = record_asset(palermo, status="delivered", location=palermo_point())
    record_asset(palermo, status="delivered", location=palermo_point())
    record_asset(palermo, status="allocated", location=palermo_point())
    record_asset(palermo, status="seized", location=palermo_point())  # not public
    record_asset(naples, status="delivered")  # another city
    record_project(in_use, use_category="youth_education")
    ended = record_asset(palermo, status="delivered", location=palermo_point())
    record_project(ended, use_category="culture", status="ended")

    response = client.get("/cities/palermo/")

    assets = public_assets().filter(municipality=palermo)
    projects = public_projects().filter(asset__municipality=palermo)
    assert response.context["asset_count"] == assets.count() == 4
    assert response.context["project_count"] == projects.count()
    shown = {label: n for label, _colour, n in response.context["use_counts"]}
    assert sum(shown.values()) == projects.count()
    available = assets.filter(available_for_reuse_q())
    assert sorted(a.reference for a in response.context["available_assets"]) == sorted(
        available.values_list("reference", flat=True)
    )
    assert in_use.reference not in [a.reference for a in response.context["available_assets"]]


def test_city_page_filters_are_checked(client, palermo):
    assert client.get("/cities/palermo/?use=sport&status=delivered").status_code == 200
    response = client.get("/cities/palermo/?use=casino")
    assert response.status_code == 400
    assert response.json()["parameter"] == "use"


def test_unpublished_or_unknown_city_is_not_found(client, rotterdam):
    rotterdam.is_published = False
    rotterdam.save()
    assert client.get("/cities/rotterdam/").status_code == 404
    assert client.get("/cities/atlantis/").status_code == 404


def test_only_the_embedded_map_may_be_framed(client, palermo):
    page = client.get("/cities/palermo/")
    embedded = client.get("/cities/palermo/?embed=1")

    assert page["X-Frame-Options"] == "DENY"
    assert "X-Frame-Options" not in embedded
    assert embedded.status_code == 200
    assert 'class="site-header"' not in embedded.content.decode()


def test_asset_page_shows_public_fields_and_only_the_public_timeline(
    client, palermo, record_asset, palermo_point
):
    asset = record_asset(palermo, status="seized", location=palermo_point(), title="Villa Greco")
    for status in ("confiscated_first_instance", "confiscated_final", "allocated"):
        services.asset_record_status(
            asset=asset, status=status, effective_date=asset.status_date, by=None
        )

    response = client.get(f"/assets/{asset.reference}/")

    assert response.status_code == 200
    assert "Villa Greco" in response.content.decode()
    assert [e.status for e in response.context["timeline"]] == ["confiscated_final", "allocated"]


def test_non_public_and_deleted_assets_have_no_page(client, palermo, record_asset):
    seized = record_asset(palermo, status="seized")
    deleted = record_asset(palermo)
    services.asset_delete(asset=deleted, by=None, reason="Registered twice")

    assert client.get(f"/assets/{seized.reference}/").status_code == 404
    assert client.get(f"/assets/{deleted.reference}/").status_code == 404


def test_project_page_shows_concession_and_public_photos(
    client, settings, tmp_path, palermo, record_asset, record_project, palermo_point, superuser
):
    settings.MEDIA_ROOT = tmp_path
    asset = record_asset(palermo, status="delivered", location=palermo_point())
    project = record_project(asset, title="Orto sociale", deed_number="REP 44/2021")
    photo = document_attach(
        owner=project,
        uploaded_file=SimpleUploadedFile("orto.png", tiny_png(), content_type="image/png"),
        title="The garden in spring",
        visibility="public",
        by=superuser,
    )
    document_attach(
        owner=project,
        uploaded_file=SimpleUploadedFile("internal.png", tiny_png(), content_type="image/png"),
        title="Inspection photo",
        visibility="internal",
        by=superuser,
    )

    response = client.get(f"/projects/{project.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Cooperativa Placido Rizzotto" in html
    assert "REP 44/2021" in html
    assert f"/documents/{photo.pk}/" in html
    assert "Inspection photo" not in html
    assert client.get(f"/documents/{photo.pk}/").status_code == 200


def test_project_on_a_non_public_asset_has_no_page(client, palermo, record_asset, record_project):
    project = record_project(record_asset(palermo, status="confiscated_appeal"))
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.get("/projects/99999999999999999999999/").status_code == 404


def test_sitemap_lists_public_pages_only(
    client, palermo, rotterdam, record_asset, record_project, palermo_point
):
    public = record_asset(palermo, status="delivered", location=palermo_point())
    seized = record_asset(palermo, status="seized")
    project = record_project(public)
    rotterdam.is_published = False
    rotterdam.save()

    index = client.get("/sitemap.xml").content.decode()
    parts = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+-\d+\.xml)</loc>", index)
    assert parts == ["/sitemap-pages-1.xml", "/sitemap-assets-1.xml", "/sitemap-projects-1.xml"]
    xml = "".join(client.get(part).content.decode() for part in parts)

    assert "<loc>http://testserver/cities/palermo/</loc>" in xml
    assert f"<loc>http://testserver/assets/{public.reference}/</loc>" in xml
    assert f"<loc>http://testserver/projects/{project.pk}/</loc>" in xml
    assert seized.reference not in xml
    assert "/cities/rotterdam/" not in xml
    assert client.get("/sitemap-assets-2.xml").status_code == 404


def test_sitemap_is_split_at_the_protocols_limit(
    client, palermo, record_asset, palermo_point, monkeypatch
):
    assets = [record_asset(palermo, location=palermo_point()) for _ in range(3)]
    monkeypatch.setattr("maps.views.SITEMAP_MAX_URLS", 2)

    index = client.get("/sitemap.xml").content.decode()

    assert "/sitemap-assets-2.xml" in index
    assert "/sitemap-assets-3.xml" not in index
    second = client.get("/sitemap-assets-2.xml").content.decode()
    assert second.count("<url>") == 1
    assert assets[-1].reference in second


def test_city_page_filters_go_through_the_layer_filter_parser(client, palermo):
    """An empty select means all; a status the public may not see is a 400 naming it."""
    assert client.get("/cities/palermo/?status=&use=").status_code == 200

    response = client.get("/cities/palermo/?status=seized")

    assert response.status_code == 400
    assert response.json()["parameter"] == "status"


def test_overview_lists_cities_a_page_at_a_time_and_searches_them(client, palermo, rotterdam):
    response = client.get("/?q=paler")
    assert [city.slug for city in response.context["cities"]] == ["palermo"]
    assert response.context["city_count"] >= 2

    for bad in ("0", "x", "999"):
        response = client.get(f"/?page={bad}")
        assert response.status_code == 400
        assert response.json()["parameter"] == "page"


def test_city_markers_layer_has_every_publishing_city_with_its_figures(
    client, palermo, rotterdam, record_asset, palermo_point
):
    record_asset(palermo, location=palermo_point())
    record_asset(palermo, status="seized", location=palermo_point())
    rotterdam.is_published = False
    rotterdam.save()

    response = client.get("/layers/cities.geojson")

    assert response["Content-Type"] == "application/geo+json"
    features = {f["properties"]["slug"]: f for f in response.json()["features"]}
    assert "rotterdam" not in features
    assert features["palermo"]["properties"] == {
        "name": "Palermo",
        "slug": "palermo",
        "assets": 1,
        "projects": 0,
    }
    assert client.get("/layers/cities.geojson?city=palermo").json()["parameter"] == "city"


def test_city_page_queries_do_not_grow_with_its_listed_assets(
    client, palermo, record_asset, django_assert_max_num_queries
):
    for _ in range(3):
        record_asset(palermo, status="delivered")
    client.get("/cities/palermo/")

    # Municipality, stage names, the two counts and the one list (a deferred field read per
    # listed asset once made it one more query per row).
    with django_assert_max_num_queries(5):
        response = client.get("/cities/palermo/")

    assert len(response.context["available_assets"]) == 3


def test_city_page_lists_available_assets_a_page_at_a_time(
    client, palermo, record_asset, palermo_point, monkeypatch
):
    monkeypatch.setattr("maps.views.ROWS_PER_PAGE", 2)
    assets = sorted(
        (record_asset(palermo, status="delivered") for _ in range(5)), key=lambda a: a.reference
    )

    first = client.get("/cities/palermo/?status=delivered")
    last = client.get("/cities/palermo/?status=delivered&assets_page=3")

    assert [a.reference for a in first.context["available_assets"]] == [
        a.reference for a in assets[:2]
    ]
    assert first.context["available_assets"].next_url == "?status=delivered&assets_page=2"
    assert [a.reference for a in last.context["available_assets"]] == [assets[4].reference]
    # The status column names the stage as Italian law does (the jurisdiction's wording).
    assert "Allocated and handed over" in last.content.decode()
    response = client.get("/cities/palermo/?assets_page=4")
    assert response.status_code == 400
    assert response.json()["parameter"] == "assets_page"


def test_a_sitemap_part_is_one_query_whatever_its_size_and_then_comes_from_the_cache(
    client, palermo, record_asset, palermo_point, django_assert_max_num_queries
):
    """At national scale each row read its deferred protected_location: 18,148 queries, 7 s."""
    assets = [record_asset(palermo, status="delivered", location=palermo_point()) for _ in range(6)]
    assets[0].protected_location = True
    assets[0].save()

    with django_assert_max_num_queries(4):  # data version, the cache read and write, the rows
        first = client.get("/sitemap-assets-1.xml", HTTP_ACCEPT_ENCODING="gzip")
    with django_assert_max_num_queries(1):  # the data version; the body from this process
        again = client.get("/sitemap-assets-1.xml", HTTP_ACCEPT_ENCODING="gzip")

    assert first["Content-Encoding"] == "gzip"
    assert again.content == first.content
    xml = gzip.decompress(first.content).decode()
    assert xml.count("<url>") == 6
    today = timezone.localdate().isoformat()
    assert f"<loc>http://testserver/assets/{assets[0].reference}/</loc><lastmod>{today}" in xml


def test_the_city_pages_cached_filters_follow_a_change_of_the_stages_names(client, palermo):
    """maps/city.html keeps its filter form per language and stage names (the fragments cache):
    an administrator renaming a stage sees the new name at once, not after a restart."""
    from assets_registry.jurisdiction import JurisdictionWording

    wording = JurisdictionWording.objects.get(
        jurisdiction__country="IT", language="en", key="stage:delivered"
    )
    before = client.get("/cities/palermo/").content.decode()
    wording.text = "Handed over (renamed)"
    wording.save()
    after = client.get("/cities/palermo/").content.decode()

    assert '<option value="delivered">Allocated and handed over</option>' in before
    assert '<option value="delivered">Handed over (renamed)</option>' in after
