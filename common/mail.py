"""E-mail sent after the transaction commits, with a plain-text and an HTML part, in the
recipient's language.

There is no per-user language yet: every recipient gets settings.LANGUAGE_CODE until one exists
(pass `language` per recipient then). A failure to send is logged, never undoes the work done.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def render_message(template, context, to, *, language=None):
    """`template` names three files: <template>_subject.txt, <template>.txt and <template>.html."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to)
    )
    message.attach_alternative(html, "text/html")
    return message


def send_after_commit(template, context, recipients, *, language=None):
    """Send one message to each address once the current transaction commits (at once outside
    one). Each recipient gets their own message: addresses are never disclosed to each other."""
    addresses = sorted({address for address in recipients if address})

    def send():
        for address in addresses:
            try:
                render_message(template, context, [address], language=language).send()
            except Exception:  # noqa: BLE001 - the work stands; the operator sees the failure
                logger.exception("Could not send %s to %s", template, address)

    if addresses:
        transaction.on_commit(send)
