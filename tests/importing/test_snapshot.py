"""Finding 6 of issue 14: the 2014 snapshot's ids are row counters. Its rows are matched to the
current assets and recorded as their history; the unmatched ones stay off the public pages until
an officer confirms them."""

import datetime
from pathlib import Path

import pytest

from assets_registry.importing import PRESETS, assets_import
from assets_registry.importing.snapshot import assets_confirm_snapshot
from assets_registry.models import Asset, AssetIdentity, StatusEvent, chronology
from assets_registry.public import public_assets

pytestmark = pytest.mark.django_db

EXCERPTS = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
SNAPSHOT_DAY = datetime.date(2014, 4, 17)


def run(preset_name, file_name):
    return assets_import(
        path=EXCERPTS / file_name, preset=PRESETS[preset_name], commit=True, skip_bad_rows=True
    )


@pytest.fixture
def current(boundaries):
    return run("anbsc-immobili", "immobili_in_gestione.csv")


def test_snapshot_rows_matching_one_current_asset_become_its_history(current):
    before = Asset.objects.count()

    report = run("anbsc-2014", "beni_immobili_2014.csv")

    assert report.snapshot_matches == {"matched": 4, "unmatched": 103}
    assert "matched to a current asset 4 (3.7%)" in "\n".join(report.summary_lines())
    # Bagheria: one "Unità ... commerciale e industriale / Altro" in each file.
    bagheria = Asset.objects.get(external_id="I-PA-25042-S")
    assert AssetIdentity.objects.get(source="ANBSC-2014", identifier="7481").asset == bagheria
    row = next(r for r in report.rows if r.external_id == "7481")
    assert (row.outcome, row.reference) == ("updated", bagheria.reference)
    assert Asset.objects.count() == before + 103  # the matched four added no asset


def test_the_snapshot_state_goes_before_the_current_one(current):
    run("anbsc-2014", "beni_immobili_2014.csv")

    history = StatusEvent.objects.filter(read_on=SNAPSHOT_DAY, asset__external_source="ANBSC")
    (event,) = history
    asset = event.asset
    assert event.effective_date is None
    assert event.note.startswith("State in the snapshot of 2014-04-17 (ANBSC-2014 row ")
    # Recorded after today's file, listed before it: today's status is still the latest.
    assert [e.status for e in asset.status_events.all()] == ["delivered", "confiscated_final"]
    assert asset.status == "confiscated_final"
    assert (
        asset.status_events.order_by(*chronology(latest_first=True)).first().status == asset.status
    )


def test_unmatched_snapshot_rows_stay_off_the_public_pages_until_confirmed(current):
    run("anbsc-2014", "beni_immobili_2014.csv")
    # Palermo, delivered in 2014 (a public status) but matching no current asset.
    pending = Asset.objects.filter(
        external_source="ANBSC-2014", status="delivered", municipality__code="082053"
    )
    assert pending.exists() and all(a.pending_confirmation for a in pending)
    assert not public_assets().filter(pk__in=pending).exists()

    assets_confirm_snapshot(assets=list(pending), by=None)

    assert public_assets().filter(pk__in=pending).count() == pending.count()


def test_a_second_snapshot_import_changes_nothing(current):
    run("anbsc-2014", "beni_immobili_2014.csv")
    counts = (Asset.objects.count(), StatusEvent.objects.count(), AssetIdentity.objects.count())

    again = run("anbsc-2014", "beni_immobili_2014.csv")

    assert again.counts["created"] == again.counts["updated"] == 0
    assert again.snapshot_matches == {}
    counts_after = (
        Asset.objects.count(),
        StatusEvent.objects.count(),
        AssetIdentity.objects.count(),
    )
    assert counts_after == counts


def test_an_officer_confirms_snapshot_assets_of_their_municipality_in_the_admin(
    current, palermo_officer, client
):
    run("anbsc-2014", "beni_immobili_2014.csv")
    palermo_officer.is_staff = True
    palermo_officer.save()
    client.force_login(palermo_officer)
    pending = Asset.objects.filter(external_source="ANBSC-2014", pending_confirmation=True)
    in_palermo = list(pending.filter(municipality__code="082053")[:2])
    in_naples = pending.filter(municipality__code="063049").first()

    client.post(
        "/admin/assets_registry/asset/",
        {
            "action": "confirm_snapshot_assets",
            "_selected_action": [a.pk for a in [*in_palermo, in_naples]],
        },
    )

    confirmed = set(
        Asset.objects.filter(pk__in=[a.pk for a in in_palermo + [in_naples]]).filter(
            pending_confirmation=False
        )
    )
    assert confirmed == set(in_palermo)  # not Naples: not one of the officer's municipalities
