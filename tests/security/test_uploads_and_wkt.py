"""Item 13: documents are always downloaded, never inline; WKT with trailing text is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from assets_registry.models import Asset
from common.geo import parse_wkt
from reuse_projects import services

pytestmark = pytest.mark.django_db

# Passes the type check by its first bytes, and is an HTML page with a script.
HTML_BEHIND_PDF = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("visibility", ["public", "internal"])
def test_a_document_is_served_as_an_attachment_that_is_not_sniffed(
    client, open_call, palermo_officer, visibility
):
    document = services.document_attach(
        owner=open_call,
        uploaded_file=SimpleUploadedFile("notice.pdf", HTML_BEHIND_PDF),
        title="Notice",
        visibility=visibility,
        by=palermo_officer,
    )
    client.force_login(palermo_officer)

    response = client.get(f"/documents/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "text", ["POINT(13 38))))", "POINT(13 38) garbage", "SRID=4326;POINT(13 38));DROP"]
)
def test_wkt_with_trailing_text_is_refused(text):
    with pytest.raises(ValueError, match="not valid WKT"):
        parse_wkt(text)


def test_wkt_and_ewkt_are_read():
    assert parse_wkt("POINT(13 38)").coords == (13.0, 38.0)
    assert parse_wkt("SRID=3003;POINT(1 2)").srid == 3003


def test_the_api_refuses_wkt_with_trailing_text(palermo_officer, palermo):
    api = APIClient()
    api.force_authenticate(palermo_officer)
    body = {
        "type": "Feature",
        "geometry": "POINT(13.3615 38.1157))))",
        "properties": {
            "municipality": palermo.pk,
            "status": "seized",
            "effective_date": "2020-03-01",
            "kind": "building_unit",
            "location_precision": "exact",
        },
    }

    response = api.post("/api/v1/assets/", body, format="json")

    assert response.status_code == 400
    assert "location" in response.json()
    assert not Asset.objects.exists()
