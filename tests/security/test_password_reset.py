"""Item 8: Django's password reset by e-mail, rate-limited, in the site's languages."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from common.passwords import RESETS_PER_ADDRESS, RESETS_PER_EMAIL
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(boundaries):
    user = make_user("alice")  # alice@example.org
    user.set_password("old-password-2026")
    user.save()
    return user


def ask(client, email, address="10.1.1.1", **headers):
    return client.post(
        "/accounts/password-reset/", {"email": email}, REMOTE_ADDR=address, **headers
    )


def test_the_reset_link_sets_a_new_password(client, alice):
    response = ask(client, "alice@example.org")

    assert response.status_code == 302
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"},
    )
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("brand-new-secret-77")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, alice):
    known = ask(client, "alice@example.org", address="10.1.1.2")
    unknown = ask(client, "nobody@example.org", address="10.1.1.3")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


def test_requests_are_limited_per_address_and_per_mailbox(client, alice):
    for attempt in range(RESETS_PER_EMAIL + 2):
        assert ask(client, "alice@example.org", address=f"10.2.0.{attempt}").status_code == 302
    assert len(mail.outbox) == RESETS_PER_EMAIL

    for _ in range(RESETS_PER_ADDRESS):
        ask(client, "someone@example.org", address="10.3.3.3")
    assert ask(client, "someone@example.org", address="10.3.3.3").status_code == 429


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("it", ["Reimposta la password"]),
        ("nl", ["Wachtwoord hersteld", "Wachtwoordherinitialisatie"]),
    ],
)
def test_the_pages_and_the_mail_speak_the_visitors_language(client, alice, language, titles):
    page = client.get("/accounts/password-reset/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    ask(client, "alice@example.org", HTTP_ACCEPT_LANGUAGE=language)

    assert any(f"<h1>{title}</h1>" in page for title in titles)
    assert "Forgotten your password?" not in page
    assert "You're receiving this email" not in mail.outbox[0].body
