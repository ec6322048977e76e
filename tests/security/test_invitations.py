"""Item 3: membership is an invitation the invitee accepts (pending until then, expiring), and
the answer is the same whether or not an account has the address."""

import datetime
import re

import pytest
from django.core import mail
from rest_framework.test import APIClient

from reuse_projects.models import Invitation, OrganisationMembership
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_api(ngo_member):
    api = APIClient()
    api.force_authenticate(ngo_member)
    return api


def invite(api, organisation, email, role="coordinator"):
    return api.post(
        f"/api/v1/organisations/{organisation.pk}/members/",
        {"email": email, "role": role},
        format="json",
    )


def link_in(message):
    return re.search(r"http://testserver(/invitations/\S+/)", message.body).group(1)


def test_naming_the_superuser_makes_nobody_a_member(coordinator_api, organisation_a, superuser):
    response = invite(coordinator_api, organisation_a, superuser.email)

    assert response.status_code == 202
    assert not OrganisationMembership.objects.filter(user=superuser).exists()
    assert Invitation.objects.get(email=superuser.email).status == "pending"


def test_the_answer_is_the_same_whether_or_not_the_account_exists(
    coordinator_api, organisation_a, palermo_manager
):
    known = invite(coordinator_api, organisation_a, palermo_manager.email)
    unknown = invite(coordinator_api, organisation_a, "nobody-here@example.org")

    assert known.status_code == unknown.status_code == 202
    assert known.json().keys() == unknown.json().keys()
    assert known.json()["detail"] == unknown.json()["detail"]
    assert len(mail.outbox) == 2  # both addresses get the same kind of mail


def test_the_invitee_accepts_and_only_then_is_a_member(client, coordinator_api, organisation_a):
    colleague = make_user("colleague")
    invite(coordinator_api, organisation_a, "colleague@example.org", role="member")
    link = link_in(mail.outbox[0])
    client.force_login(colleague)

    page = client.get(link)
    assert organisation_a.name in page.content.decode()
    assert not organisation_a.memberships.filter(user=colleague).exists()
    client.post(link)

    assert organisation_a.memberships.get(user=colleague).role == "member"
    assert client.get(link).status_code == 404  # used


def test_another_account_cannot_accept_somebody_elses_invitation(
    client, coordinator_api, organisation_a
):
    make_user("colleague")
    intruder = make_user("intruder")
    invite(coordinator_api, organisation_a, "colleague@example.org")
    client.force_login(intruder)

    client.post(link_in(mail.outbox[0]))

    assert not organisation_a.memberships.filter(user=intruder).exists()


def test_an_expired_invitation_cannot_be_accepted(client, coordinator_api, organisation_a):
    colleague = make_user("colleague")
    invite(coordinator_api, organisation_a, "colleague@example.org")
    Invitation.objects.update(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    client.force_login(colleague)

    response = client.post(link_in(mail.outbox[0]))

    assert response.status_code == 404
    assert not organisation_a.memberships.filter(user=colleague).exists()
    assert Invitation.objects.get().status == "expired"


def test_only_a_hash_of_the_token_is_stored(coordinator_api, organisation_a):
    invite(coordinator_api, organisation_a, "colleague@example.org")
    token = link_in(mail.outbox[0]).split("/")[2]

    assert not Invitation.objects.filter(token_hash__contains=token).exists()
