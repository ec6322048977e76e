"""What the pages of the social-reuse workflow share."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.utils.html import escape


def service_failed(request, error):
    for message in error.messages:
        messages.error(request, message)


def bad_filters(form):
    """400 naming each bad parameter and why."""
    lines = [
        f"<li>{escape(name)}: {escape(message)}</li>"
        for name, messages_ in form.errors.items()
        for message in messages_
    ]
    return HttpResponseBadRequest(
        "<!doctype html><title>Bad request</title><h1>Bad request</h1><ul>"
        + "".join(lines)
        + "</ul>"
    )
