"""Fixtures of the reuse workflow: two organisations (A and B), a Palermo asset offered in an open
call, and helpers that walk an application to a decision through the services."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assets_registry.models import Municipality
from reuse_projects import services
from reuse_projects.models import Organisation
from tests.conftest import PALERMO_CENTRE, ROTTERDAM_CENTRE, make_user


def register_organisation(user, name, number, *, verified_by=None, municipality=None):
    """Registered with `municipality` as its home (Palermo when none is given)."""
    home = municipality or Municipality.objects.get(country="IT", code="082053")
    organisation = services.organisation_register(
        by=user,
        name=name,
        legal_form=Organisation.LegalForm.ASSOCIATION,
        registration_number=number,
        country=home.country,
        municipality=home,
        contact_email=f"{number.lower()}@example.org",
    )
    if verified_by is not None:
        services.organisation_verify(
            organisation=organisation, municipality=municipality, by=verified_by
        )
    return organisation


@pytest.fixture
def organisation_a(ngo_member, palermo, palermo_officer):
    return register_organisation(
        ngo_member, "Libera Palermo", "IT-A-001", verified_by=palermo_officer, municipality=palermo
    )


@pytest.fixture
def member_b(boundaries):
    return make_user("member_b")


@pytest.fixture
def organisation_b(member_b, palermo, palermo_officer):
    return register_organisation(
        member_b, "Coop Terra", "IT-B-002", verified_by=palermo_officer, municipality=palermo
    )


@pytest.fixture
def palermo_asset(record_asset, palermo):
    return record_asset(
        palermo,
        status="allocated",
        title="Villa on Via Libertà",
        address="Via Libertà 10, Palermo",
        location=PALERMO_CENTRE,
    )


@pytest.fixture
def rotterdam_asset(record_asset, rotterdam):
    return record_asset(rotterdam, status="delivered", title="Warehouse", location=ROTTERDAM_CENTRE)


def make_call(municipality, assets, by, *, opens_in_days=-1, closes_in_days=30, publisher=None):
    now = timezone.now()
    call = services.call_create(
        municipality=municipality,
        assets=assets,
        by=by,
        title=f"Call for {municipality.name}",
        text="Offer of confiscated assets for social reuse.",
        criteria="Social impact\nSustainability",
        opens_at=now + datetime.timedelta(days=opens_in_days),
        closes_at=now + datetime.timedelta(days=closes_in_days),
    )
    if publisher is not None:
        services.call_publish(call=call, by=publisher)
    return call


def call_form(municipality, assets, **overrides):
    """What the new-call form posts for a call of `assets` in 2027 (fields overridable)."""
    return {
        "municipality": municipality.pk,
        "title": "Call 2027",
        "text": "Assets for the community.",
        "opens_at": "2027-01-10T09:00",
        "closes_at": "2027-03-10T12:00",
        "assets": [asset.pk for asset in assets],
        **overrides,
    }


@pytest.fixture
def open_call(palermo, palermo_asset, palermo_officer, palermo_manager):
    return make_call(palermo, [palermo_asset], palermo_officer, publisher=palermo_manager)


def draft_application(call, asset, organisation, by, **fields):
    values = {
        "use_category": "youth_education",
        "title": f"Youth centre by {organisation.name}",
        "description": "A youth centre with after-school activities.",
        "beneficiaries": "200 young people a year",
        "budget": Decimal("45000.00"),
        "duration_months": 60,
    }
    values.update(fields)
    return services.application_create(
        call=call, asset=asset, organisation=organisation, by=by, **values
    )


@pytest.fixture
def application_a(open_call, palermo_asset, organisation_a, ngo_member):
    application = draft_application(open_call, palermo_asset, organisation_a, ngo_member)
    return services.application_submit(application=application, by=ngo_member)


@pytest.fixture
def application_b(open_call, palermo_asset, organisation_b, member_b):
    application = draft_application(open_call, palermo_asset, organisation_b, member_b)
    return services.application_submit(application=application, by=member_b)


def close_call(call):
    """Move time: the call closed a minute ago."""
    call.opens_at = timezone.now() - datetime.timedelta(days=40)
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.save(update_fields=["opens_at", "closes_at"])


CONCESSION = {
    "deed_number": "Rep. 1234/2025",
    "deed_date": datetime.date(2025, 1, 10),
    "concession_object": "Free-of-charge use of the ground floor for ten years",
    "starts_on": datetime.date(2025, 2, 1),
    "ends_on": datetime.date(2035, 1, 31),
}


@pytest.fixture
def project_a(open_call, palermo_asset, application_a, application_b, palermo_manager):
    close_call(open_call)
    return services.call_decide_asset(
        confirm_unscored=True,
        call=open_call,
        asset=palermo_asset,
        accepted=application_a,
        decision_notes={application_a.pk: "Best project.", application_b.pk: "Less convincing."},
        concession=CONCESSION,
        by=palermo_manager,
    )
