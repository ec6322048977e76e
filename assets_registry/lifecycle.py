"""The legal lifecycle of a confiscated asset: statuses and the transitions allowed between them.

This table is the one place where transitions are decided (see DESIGN.md, "Lifecycle of an asset").
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SEIZED = "seized", _("Seized")
    CONFISCATED_FIRST_INSTANCE = "confiscated_first_instance", _("Confiscated (first instance)")
    CONFISCATED_APPEAL = "confiscated_appeal", _("Confiscated (appeal)")
    CONFISCATED_FINAL = "confiscated_final", _("Confiscated (final)")
    RELEASED = "released", _("Released (seizure or confiscation revoked)")
    ALLOCATED = "allocated", _("Allocated")
    DELIVERED = "delivered", _("Delivered")
    REVOKED_ALLOCATION = "revoked_allocation", _("Allocation revoked")
    FOR_SALE = "for_sale", _("For sale")
    SOLD = "sold", _("Sold")
    DEMOLISHED = "demolished", _("Demolished")


S = Status

TRANSITIONS = {
    S.SEIZED: {S.CONFISCATED_FIRST_INSTANCE, S.RELEASED},
    # A first-instance confiscation that nobody appeals becomes final directly.
    S.CONFISCATED_FIRST_INSTANCE: {S.CONFISCATED_APPEAL, S.CONFISCATED_FINAL, S.RELEASED},
    S.CONFISCATED_APPEAL: {S.CONFISCATED_FINAL, S.RELEASED},
    # A final confiscation can still be revoked (revocazione, art. 28 D.Lgs. 159/2011).
    S.CONFISCATED_FINAL: {S.ALLOCATED, S.FOR_SALE, S.DEMOLISHED, S.RELEASED},
    S.ALLOCATED: {S.DELIVERED, S.REVOKED_ALLOCATION},
    S.DELIVERED: {S.REVOKED_ALLOCATION},
    S.REVOKED_ALLOCATION: {S.ALLOCATED},
    S.FOR_SALE: {S.SOLD},
    S.SOLD: set(),
    S.DEMOLISHED: set(),
    S.RELEASED: set(),
}

# What the public may see: the asset belongs to the State for good.
PUBLIC_STATUSES = frozenset(
    {
        S.CONFISCATED_FINAL,
        S.ALLOCATED,
        S.DELIVERED,
        S.REVOKED_ALLOCATION,
        S.FOR_SALE,
        S.SOLD,
        S.DEMOLISHED,
    }
)
# Steps of the timeline shown on public pages (earlier judicial steps stay internal).
PUBLIC_TIMELINE_STATUSES = PUBLIC_STATUSES

# Assets that a municipality may offer in a call for proposals.
REUSABLE_STATUSES = frozenset({S.ALLOCATED, S.DELIVERED})


class IllegalTransition(ValueError):
    pass


def allowed_next(status):
    return sorted(TRANSITIONS[Status(status)])


def check_transition(current, new):
    """Raise IllegalTransition with a message a user can act on."""
    new = Status(new)
    if current is None:
        return
    current = Status(current)
    if new == current:
        raise IllegalTransition(
            _("The asset is already %(status)s.") % {"status": str(current.label).lower()}
        )
    if new not in TRANSITIONS[current]:
        allowed = ", ".join(str(s.label).lower() for s in sorted(TRANSITIONS[current]))
        raise IllegalTransition(
            _("An asset cannot go from %(current)s to %(new)s. Allowed next steps: %(allowed)s.")
            % {
                "current": str(current.label).lower(),
                "new": str(new.label).lower(),
                "allowed": allowed or _("none"),
            }
        )


def validate_effective_date(effective_date, *, after=None, today=None, field="effective_date"):
    """The one rule for the date of a status change (assets, projects, calls, imports): a real
    date, not in the future, not before the previous change. Raises ValidationError on `field`."""
    if not isinstance(effective_date, datetime.date):
        raise ValidationError({field: _("A date is required.")})
    if effective_date > (today or timezone.localdate()):
        raise ValidationError({field: _("The date cannot be in the future.")})
    if after is not None and effective_date < after:
        raise ValidationError(
            {
                field: _("The date cannot be earlier than the previous status change (%(date)s).")
                % {"date": after.isoformat()}
            }
        )
