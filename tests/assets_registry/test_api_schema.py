"""The OpenAPI schema and its docs page, over real HTTP: they load, and only from the app itself."""

import re
from urllib.parse import urljoin

import requests
from django.core.management import call_command


def test_the_assets_api_schema_generates_without_warnings(tmp_path):
    # Only this API's urlconf: the other apps' endpoints have their own owners and tests.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--urlconf",
        "assets_registry.api_urls",
        "--file",
        str(tmp_path / "schema.yaml"),
    )

    schema = (tmp_path / "schema.yaml").read_text()
    assert "/assets/{id}/status-events/:" in schema
    assert "If-Match" in schema


def test_schema_endpoint_serves_openapi_3_with_the_assets_api(live_server):
    response = requests.get(f"{live_server.url}/api/schema/?format=json", timeout=30)

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/assets/", "/api/v1/assets/{id}/", "/api/v1/municipalities/"} <= set(
        schema["paths"]
    )


def test_docs_page_loads_and_references_only_local_files(live_server):
    base = live_server.url
    response = requests.get(f"{base}/api/docs/", timeout=30)

    assert response.status_code == 200
    html = response.text
    assert not re.findall(r"https?://", html), "the docs page names an outside URL"
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(ref.endswith("swagger-ui-bundle.js") for ref in references)
    for reference in references:
        assert reference.startswith("/"), reference
        assert requests.get(urljoin(base, reference), timeout=30).status_code == 200, reference
