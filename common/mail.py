"""E-mail sent after the transaction commits, with a plain-text and an HTML part, in the
recipient's language (common.i18n.language_of: pass {address: language}).

A failure to send is logged, never undoes the work done.
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
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_after_commit(template, context, recipients, *, language=None):
    """Send one message to each address once the current transaction commits (at once outside
    one). Each recipient gets their own message: addresses are never disclosed to each other.
    `recipients`: addresses (all written in `language`), or {address: their language}."""
    if not isinstance(recipients, dict):
        recipients = dict.fromkeys(recipients, language)
    addresses = sorted((address, lang) for address, lang in recipients.items() if address)

    def send():
        for address, lang in addresses:
            try:
                render_message(template, context, [address], language=lang or language).send()
            except Exception:  # noqa: BLE001 - the work stands; the operator sees the failure
                logger.exception("Could not send %s to %s", template, address)

    if addresses:
        transaction.on_commit(send)
