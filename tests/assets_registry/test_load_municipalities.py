import json

import pytest
from django.core.management import CommandError, call_command

from assets_registry.models import Municipality
from tests.conftest import CBS_EXCERPT, ISTAT_EXCERPT


@pytest.fixture
def empty_registry(db):
    Municipality.objects.all().delete()


def test_istat_excerpt_loads_and_repairs_the_two_invalid_polygons(empty_registry, capsys):
    call_command("load_municipalities", str(ISTAT_EXCERPT), preset="istat", verbosity=0)

    out = capsys.readouterr().out
    assert "repaired Sapri (065134): Self-intersection" in out
    assert "repaired Trepuzzi (075087): Self-intersection" in out
    assert "20 read, 20 created, 0 updated, 2 repaired, 0 rejected" in out
    sapri = Municipality.objects.get(country="IT", code="065134")
    assert sapri.boundary.valid
    assert sapri.boundary.covers(sapri.representative_point)
    palermo = Municipality.objects.get(slug="palermo")
    assert (palermo.name, palermo.province, palermo.region) == ("Palermo", "Palermo", "Sicilia")


def test_loading_twice_updates_instead_of_duplicating(empty_registry, capsys):
    call_command("load_municipalities", str(CBS_EXCERPT), preset="cbs", verbosity=0)
    rotterdam = Municipality.objects.get(code="GM0599")
    rotterdam.is_published = True
    rotterdam.save()

    call_command("load_municipalities", str(CBS_EXCERPT), preset="cbs", verbosity=0)

    assert "6 read, 0 created, 6 updated" in capsys.readouterr().out
    assert Municipality.objects.filter(country="NL").count() == 6
    rotterdam.refresh_from_db()
    assert rotterdam.is_published, "a reload must not unpublish a city"
    assert rotterdam.population > 600_000


def test_custom_field_mapping_and_subset(empty_registry, tmp_path):
    data = json.loads(CBS_EXCERPT.read_text())
    for feature in data["features"]:
        props = feature["properties"]
        feature["properties"] = {"lau": props["gemeentecode"], "label": props["gemeentenaam"]}
    path = tmp_path / "lau.geojson"
    path.write_text(json.dumps(data))

    call_command(
        "load_municipalities",
        str(path),
        country="nl",
        code_field="lau",
        name_field="label",
        only="GM0599,GM0363",
        verbosity=0,
    )

    assert set(Municipality.objects.values_list("name", flat=True)) == {"Rotterdam", "Amsterdam"}


def test_namesakes_get_distinct_slugs(empty_registry, tmp_path):
    data = json.loads(ISTAT_EXCERPT.read_text())
    twin = json.loads(json.dumps(data["features"][0]))
    twin["properties"].update(com_istat_code="999999", prov_name="Altrove")
    data["features"].append(twin)
    path = tmp_path / "twins.geojson"
    path.write_text(json.dumps(data))

    call_command("load_municipalities", str(path), preset="istat", verbosity=0)

    slugs = Municipality.objects.filter(name=twin["properties"]["name"]).values_list(
        "slug", flat=True
    )
    assert len(set(slugs)) == 2


def test_unknown_column_is_a_clear_error(empty_registry):
    with pytest.raises(CommandError, match="column 'nope' not in the file"):
        call_command(
            "load_municipalities",
            str(CBS_EXCERPT),
            country="NL",
            code_field="nope",
            name_field="gemeentenaam",
            verbosity=0,
        )


def test_unreadable_file_is_a_clear_error(empty_registry, tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("load_municipalities", str(path), preset="istat", verbosity=0)
