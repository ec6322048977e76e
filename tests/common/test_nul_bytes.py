import base64

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/assets/%00/",
        "/layers/assets.geojson?city=%00",
        "/exports/assets.csv?city=%00",
        "/cities/palermo/register/?q=a%00",
        "/accounts/login/?next=%00",
        "/layers/assets.geojson?%00=1",
    ],
)
def test_a_nul_byte_in_the_address_is_a_bad_request(client, boundaries, url):
    response = client.get(url)

    assert response.status_code == 400
    assert b"NUL" in response.content


def test_ordinary_addresses_pass(client, boundaries):
    assert client.get("/layers/assets.geojson?city=palermo").status_code == 200


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken"])
def test_a_nul_byte_in_a_cookie_is_a_bad_request_not_a_500(client, boundaries, cookie):
    """Found by Schemathesis: a session id with a NUL byte reached PostgreSQL on every request."""
    client.cookies[cookie] = "abc\x00def"

    response = client.get("/api/v1/documents/")

    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_byte_in_basic_credentials_is_a_bad_request_not_a_500(client, boundaries):
    """Found by Schemathesis: the user name was looked up in PostgreSQL as it came."""
    credentials = base64.b64encode(b"officer\x00:secret").decode()

    response = client.get("/api/v1/assets/", HTTP_AUTHORIZATION=f"Basic {credentials}")

    assert response.status_code == 400
    assert b"NUL" in response.content
