"""What the pages of the social-reuse workflow share."""

from django.contrib import messages


def service_failed(request, error):
    for message in error.messages:
        messages.error(request, message)
