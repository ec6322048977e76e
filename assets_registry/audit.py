"""An asset's audit trail, read from the database triggers (pghistory): shown by the admin and the
staff asset page."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from assets_registry.models import StatusEvent


@dataclass
class AuditEntry:
    when: object
    who: str
    what: str
    changes: list = field(default_factory=list)  # (field, before, after)


# Bookkeeping that changes on every save; geometries are hex EWKB in the history, unreadable.
_AUDIT_HIDDEN = {"updated_at", "version"}
_AUDIT_GEOMETRIES = {"location", "parcels"}


def audit_trail(asset, limit=200):
    """The asset's history from the database triggers (pghistory): its changes and status events."""
    events = list(Events.objects.references(asset).order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {(event.pgh_context or {}).get("user") for event in events} - {None}
    usernames = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    entries = []
    for event in events:
        who = usernames.get((event.pgh_context or {}).get("user"), "—")
        if event.pgh_obj_model == StatusEvent._meta.label:
            data = event.pgh_data
            what = _("Status event recorded")
            changes = [
                ("status", "", data["status"]),
                ("effective_date", "", data["effective_date"]),
            ]
        elif event.pgh_label == "insert":
            what, changes = _("Asset created"), []
        else:
            what = _("Asset changed")
            changes = [
                (name, *(("…", "…") if name in _AUDIT_GEOMETRIES else values))
                for name, values in sorted((event.pgh_diff or {}).items())
                if name not in _AUDIT_HIDDEN
            ]
        entries.append(AuditEntry(when=event.pgh_created_at, who=who, what=what, changes=changes))
    return entries
