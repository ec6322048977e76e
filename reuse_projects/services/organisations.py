"""Organisations: registration by an NGO member, verification by municipal staff, members by
invitation and consent."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.ratelimit import allow
from reuse_projects import access
from reuse_projects.models import Invitation, Organisation, OrganisationMembership
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
    """`by` verifies the organisation on behalf of its home `municipality`."""
    locked = fetch_locked(organisation)
    if not access.may_verify_organisation(by, locked):
        raise PermissionDenied(
            _("Only staff of the organisation's home municipality may verify it.")
        )
    if getattr(municipality, "pk", municipality) != locked.municipality_id:
        raise ValidationError(
            {"municipality": _("An organisation is verified on behalf of its home municipality.")}
        )
    if locked.is_verified:
        raise ValidationError(_("This organisation is already verified."))
    locked.verified_at = timezone.now()
    locked.verified_by = by
    locked.verified_by_municipality_id = locked.municipality_id
    with history_context(by):
        locked.save(update_fields=["verified_at", "verified_by", "verified_by_municipality"])
    copy_back(organisation, locked, ["verified_at", "verified_by", "verified_by_municipality"])
    return organisation


INVITATIONS_PER_HOUR = 20


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def organisation_invite(*, organisation, email, role, by, accept_url):
    """Invite whoever reads `email` to join: nothing changes until they accept.

    The answer is the same whether an account with this address exists or not (nothing here
    looks one up). accept_url(token) gives the absolute link put in the e-mail. A newer
    invitation to the same address replaces a pending one.
    """
    email = (email or "").strip()
    if role not in OrganisationMembership.Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    if not allow("invitations", organisation.pk, limit=INVITATIONS_PER_HOUR, per=3600):
        raise ValidationError(
            {"email": _("Too many invitations in the last hour: try again later.")}
        )
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True
    ).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=by,
        expires_at=now + Invitation.VALID_FOR,
    )
    invitation.full_clean(exclude=["token_hash", "invited_by"])
    with history_context(by):
        invitation.save()
    link = accept_url(token)
    # Sent inside the transaction: if it then rolls back, the link names no invitation.
    send_mail(
        f"Invitation to join {organisation.name}",
        f"{by.get_full_name() or by.get_username()} invites you to join {organisation.name} "
        f"as {invitation.get_role_display().lower()} on the confiscated assets registry.\n\n"
        f"To accept, log in (or create an account with this e-mail address) and open:\n"
        f"{link}\n\nThe invitation expires on {invitation.expires_at:%d %B %Y}. "
        f"If you did not expect it, ignore this message.",
        None,
        [email],
    )
    return invitation


def invitation_for_token(token):
    """The invitation a link's token names, or None (unknown, accepted or expired)."""
    invitation = (
        Invitation.objects.filter(token_hash=_token_hash(token or ""))
        .select_related("organisation")
        .first()
    )
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token, by):
    """The signed-in user accepts: they must own the invited address. Returns the membership."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation is unknown, already used or expired."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation is unknown, already used or expired."))
    if (by.email or "").strip().lower() != invitation.email.strip().lower():
        raise ValidationError(
            _(
                "This invitation was sent to another e-mail address: log in with the account "
                "that has it, or ask for an invitation to your own address."
            )
        )
    if invitation.organisation.memberships.filter(user=by).exists():
        raise ValidationError(
            _("You are already a member of %(name)s.") % {"name": invitation.organisation.name}
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    with history_context(by):
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        return OrganisationMembership.objects.create(
            user=by, organisation=invitation.organisation, role=invitation.role
        )
