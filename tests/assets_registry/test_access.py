import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from assets_registry.access import asset_for_user, assets_visible_to, municipalities_of


def test_an_officer_sees_only_their_municipality(record_asset, palermo, rotterdam, palermo_officer):
    ours = record_asset(palermo)
    record_asset(rotterdam)

    assert list(assets_visible_to(palermo_officer)) == [ours]
    assert list(municipalities_of(palermo_officer)) == [palermo]


def test_another_municipality_asset_is_not_found(record_asset, rotterdam, palermo_officer):
    theirs = record_asset(rotterdam)

    with pytest.raises(Http404):
        asset_for_user(palermo_officer, theirs.pk, write=True)
    with pytest.raises(Http404):
        asset_for_user(palermo_officer, theirs.pk)


def test_a_user_in_two_municipalities_sees_both(record_asset, palermo, rotterdam, palermo_officer):
    palermo_officer.municipality_memberships.create(municipality=rotterdam, role="manager")
    record_asset(palermo)
    record_asset(rotterdam)

    assert assets_visible_to(palermo_officer).count() == 2


def test_the_national_administrator_sees_every_municipality(
    record_asset, palermo, rotterdam, national_admin
):
    record_asset(palermo)
    record_asset(rotterdam)

    assert assets_visible_to(national_admin).count() == 2


def test_anonymous_users_and_ngo_members_see_no_registry_asset(record_asset, palermo, ngo_member):
    asset = record_asset(palermo)

    assert not assets_visible_to(AnonymousUser()).exists()
    assert not assets_visible_to(ngo_member).exists()
    with pytest.raises(Http404):
        asset_for_user(ngo_member, asset.pk)


def test_deactivated_officer_loses_access(record_asset, palermo, palermo_officer):
    record_asset(palermo)
    palermo_officer.is_active = False
    palermo_officer.save()

    assert not assets_visible_to(palermo_officer).exists()


def test_soft_deleted_assets_are_not_visible(record_asset, palermo, palermo_officer):
    from assets_registry.services import asset_delete

    asset = record_asset(palermo)
    asset_delete(asset=asset, by=palermo_officer, reason="Registered twice")

    with pytest.raises(Http404):
        asset_for_user(palermo_officer, asset.pk)


def test_garbage_primary_keys_are_not_found(palermo_officer):
    with pytest.raises(Http404):
        asset_for_user(palermo_officer, "1; drop table")
