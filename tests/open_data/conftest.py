import datetime

import pytest

from reuse_projects.models import Organisation, ReuseProject
from tests.conftest import NAPLES_CENTRE, PALERMO_CENTRE


@pytest.fixture
def palermo_assets(record_asset, palermo):
    """A public villa with a concession, a public plot whose title is a formula, a seized flat."""
    villa = record_asset(
        palermo,
        title="Villa Ciaculli",
        address="Via Ciaculli 12",
        floor_area_m2=240,
        case_number="RG 123/2009",
        internal_notes="owner's family still nearby",
        location=PALERMO_CENTRE,
        status="delivered",
    )
    plot = record_asset(
        palermo,
        kind="land",
        title='=HYPERLINK("http://evil.example","click")',
        address="+39 Contrada",
        location=PALERMO_CENTRE,
    )
    seized = record_asset(palermo, title="Seized flat", status="seized", location=PALERMO_CENTRE)
    organisation = Organisation.objects.create(
        name="Cooperativa Placido Rizzotto",
        legal_form="social_cooperative",
        registration_number="IT0123",
        contact_email="coop@example.org",
    )
    ReuseProject.objects.create(
        asset=villa,
        organisation=organisation,
        use_category="youth_education",
        title="Youth centre",
        deed_number="Rep. 45/2021",
        deed_date=datetime.date(2021, 5, 3),
        concession_object="Free loan for a youth centre",
        starts_on=datetime.date(2021, 6, 1),
        ends_on=datetime.date(2031, 5, 31),
        status="active",
    )
    return {"villa": villa, "plot": plot, "seized": seized}


@pytest.fixture
def naples_asset(record_asset, naples):
    return record_asset(naples, title="Naples shop", location=NAPLES_CENTRE)
