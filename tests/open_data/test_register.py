import csv
import datetime
import io

import pytest

from assets_registry import services

pytestmark = pytest.mark.django_db


def test_register_lists_only_public_assets_with_their_concession(client, palermo_assets):
    response = client.get("/cities/palermo/register/")

    assert response.status_code == 200
    page = response.content.decode()
    assert palermo_assets["villa"].reference in page
    assert palermo_assets["plot"].reference in page
    assert palermo_assets["seized"].reference not in page
    assert "Cooperativa Placido Rizzotto" in page
    assert "Rep. 45/2021" in page
    assert "Free loan for a youth centre" in page
    assert "RG 123/2009" not in page
    assert 'id="last-changed"' in page


def test_register_as_json_has_the_concession_and_the_last_change(client, palermo_assets):
    data = client.get("/cities/palermo/register/?format=json").json()

    references = {entry["reference"] for entry in data["assets"]}
    assert references == {palermo_assets["villa"].reference, palermo_assets["plot"].reference}
    villa = next(e for e in data["assets"] if e["reference"] == palermo_assets["villa"].reference)
    assert villa["concessionaire"] == "Cooperativa Placido Rizzotto"
    assert villa["deed_date"] == "2021-05-03"
    assert (villa["starts_on"], villa["ends_on"]) == ("2021-06-01", "2031-05-31")
    assert data["last_changed"]
    assert "case_number" not in villa and "internal_notes" not in villa


def test_register_as_csv_escapes_formulas(client, palermo_assets):
    response = client.get("/cities/palermo/register/?format=csv")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2
    # A list for people: the headings are words of the reader's language, not keys.
    assert list(rows[0])[:3] == ["Reference", "Name", "Kind"]
    plot = next(r for r in rows if r["Reference"] == palermo_assets["plot"].reference)
    assert plot["Address"] == "'+39 Contrada"
    assert all(not value.startswith(("=", "+", "-", "@")) for r in rows for value in r.values())


def test_register_of_an_unknown_or_unpublished_municipality_is_404(client, palermo_assets, naples):
    naples.is_published = False
    naples.save()

    assert client.get("/cities/atlantis/register/").status_code == 404
    assert client.get("/cities/napoli/register/").status_code == 404


def test_register_refuses_an_unknown_format(client, palermo_assets):
    response = client.get("/cities/palermo/register/?format=xlsx")

    assert response.status_code == 400
    assert response.json()["parameter"] == "format"


def last_changed(client):
    return client.get("/cities/palermo/register/?format=json").json()["last_changed"]


def test_last_changed_moves_when_an_asset_is_deleted_from_the_register(
    client, palermo_assets, palermo_officer
):
    before = last_changed(client)

    services.asset_delete(asset=palermo_assets["plot"], by=palermo_officer, reason="Twice")

    assert last_changed(client) > before


def test_last_changed_moves_when_a_confiscation_is_revoked(client, palermo_assets, palermo_officer):
    before = last_changed(client)

    services.asset_record_status(
        asset=palermo_assets["plot"],
        status="released",
        effective_date=datetime.date.today(),
        by=palermo_officer,
    )

    assert palermo_assets["plot"].reference not in str(
        client.get("/cities/palermo/register/?format=json").json()["assets"]
    )
    assert last_changed(client) > before


def test_internal_changes_to_a_never_public_asset_do_not_move_last_changed(
    client, palermo_assets, palermo_officer
):
    before = last_changed(client)

    services.asset_update(
        asset=palermo_assets["seized"], data={"internal_notes": "new lead"}, by=palermo_officer
    )

    assert last_changed(client) == before
