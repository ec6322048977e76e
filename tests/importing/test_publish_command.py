"""Finding 10 of issue 14: imported assets are public only in published municipalities; the
documented sequence publishes them with this command."""

import pytest
from django.core.management import CommandError, call_command

from assets_registry.boundaries import PRESETS as BOUNDARY_PRESETS
from assets_registry.boundaries import load_municipalities
from assets_registry.importing import PRESETS, assets_import
from assets_registry.importing.history import load_municipality_history
from assets_registry.models import Municipality
from tests.importing.conftest import FIDELITY, IMPORTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpublished_successors(boundaries):
    load_municipalities(
        IMPORTS / "istat_comuni_successors.geojson", mapping=BOUNDARY_PRESETS["istat"]
    )
    load_municipality_history(FIDELITY / "ANPR_archivio_comuni.csv")


def test_imported_assets_need_their_municipality_published(client, unpublished_successors):
    assets_import(
        path=FIDELITY / "immobili_in_gestione.csv",
        preset=PRESETS["anbsc-immobili"],
        commit=True,
        skip_bad_rows=True,
    )
    assert client.get("/cities/sorbolo-mezzani/register/").status_code == 404

    call_command("publish_municipalities", "--with-assets")

    published = Municipality.objects.filter(code__in=["034051", "015251"], is_published=True)
    assert published.count() == 2
    assert not Municipality.objects.get(code="047023").is_published  # no asset there
    response = client.get("/cities/sorbolo-mezzani/register/")
    assert response.status_code == 200


def test_municipalities_can_be_published_by_code(unpublished_successors):
    call_command("publish_municipalities", "047023")

    assert Municipality.objects.get(code="047023").is_published
    with pytest.raises(CommandError, match="unknown municipality code"):
        call_command("publish_municipalities", "999999")
