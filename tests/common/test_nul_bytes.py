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
