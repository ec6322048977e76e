"""What every workflow of social reuse shares: the audit context, row locks, and the
manager-only rule."""

import pghistory
from django.core.exceptions import PermissionDenied

from assets_registry.access import works_for


def history_context(by, **context):
    return pghistory.context(user=by.pk if by is not None else None, **context)


def require_manager(by, municipality_id, what):
    if by is None or not works_for(by, municipality_id, manager=True):
        raise PermissionDenied(f"Only a manager of the municipality may {what}.")


def fetch_locked(instance):
    return type(instance).objects.select_for_update().get(pk=instance.pk)


def copy_back(target, source, fields):
    for name in fields:
        setattr(target, name, getattr(source, name))
