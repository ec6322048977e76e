"""Organisations: registration by an NGO member, verification by municipal staff, members."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reuse_projects.models import Organisation, OrganisationMembership
from reuse_projects.services.base import copy_back, fetch_locked, history_context


@transaction.atomic
def organisation_register(*, by, **fields):
    """An NGO member registers their organisation and becomes its coordinator."""
    organisation = Organisation(**fields)
    organisation.full_clean()
    with history_context(by):
        organisation.save()
        OrganisationMembership.objects.create(
            user=by, organisation=organisation, role=OrganisationMembership.Role.COORDINATOR
        )
    return organisation


@transaction.atomic
def organisation_verify(*, organisation, municipality, by):
    locked = fetch_locked(organisation)
    if locked.is_verified:
        raise ValidationError(_("This organisation is already verified."))
    locked.verified_at = timezone.now()
    locked.verified_by = by
    locked.verified_by_municipality = municipality
    with history_context(by):
        locked.save(update_fields=["verified_at", "verified_by", "verified_by_municipality"])
    copy_back(organisation, locked, ["verified_at", "verified_by", "verified_by_municipality"])
    return organisation


@transaction.atomic
def organisation_invite_member(*, organisation, identifier, role, by):
    """Add an existing user, found by username or e-mail address, to the organisation."""
    identifier = (identifier or "").strip()
    users = get_user_model().objects.filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True
    )
    if not identifier or users.count() != 1:
        raise ValidationError(
            {"identifier": "No single active user has this username or e-mail address."}
        )
    if role not in OrganisationMembership.Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    user = users.get()
    if organisation.memberships.filter(user=user).exists():
        raise ValidationError({"identifier": f"{user.get_username()} is already a member."})
    with history_context(by):
        return OrganisationMembership.objects.create(
            user=user, organisation=organisation, role=role
        )
