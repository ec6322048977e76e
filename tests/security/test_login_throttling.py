"""Item 7: password guessing is locked out per account and per address (form and basic auth),
logged without the password; API clients use tokens; basic auth is off in production."""

import base64
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token

from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WRONG = "wrong-guess-123"


@pytest.fixture
def alice(boundaries):
    user = make_user("alice")
    user.set_password("right-password-2026")
    user.save()
    return user


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_the_account_is_locked_after_the_limit_even_with_the_right_password(client, alice, caplog):
    with caplog.at_level(logging.INFO):
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            login(client, "alice", WRONG, address=f"10.0.0.{attempt + 1}")

    response = login(client, "alice", "right-password-2026", address="10.9.9.9")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "alice" in caplog.text
    assert WRONG not in caplog.text


def test_an_address_is_locked_after_guessing_many_accounts(client, alice):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"nobody{attempt}", WRONG, address="10.6.6.6")

    assert login(client, "alice", "right-password-2026", address="10.6.6.6").status_code == 429
    assert login(client, "alice", "right-password-2026", address="10.7.7.7").status_code == 302


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_basic_auth_guessing_is_locked_out_too(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.get("/api/v1/assets/", HTTP_AUTHORIZATION=basic("alice", WRONG))

    response = client.get(
        "/api/v1/assets/", HTTP_AUTHORIZATION=basic("alice", "right-password-2026")
    )

    assert response.status_code in (401, 403, 429)


def test_a_user_gets_a_token_and_the_api_accepts_it(client, alice):
    client.force_login(alice)
    page = client.post("/me/api-token/")
    key = Token.objects.get(user=alice).key
    assert key in page.content.decode()
    client.logout()

    response = client.get("/api/v1/municipalities/", HTTP_AUTHORIZATION=f"Token {key}")
    replaced = client.post("/me/api-token/")  # anonymous: to the login page

    assert response.status_code == 200
    assert replaced.status_code == 302
    assert client.get("/api/v1/municipalities/").status_code in (401, 403)


def test_basic_auth_is_off_in_production():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="false",
        SECRET_KEY="s" * 16 + "production-secret-for-the-test",
        DATABASE_URL="postgis://registry@db.example.org/registry",
        ALLOWED_HOSTS="registry.example.org",
    )
    code = "import config.settings as s; print(s.REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert "TokenAuthentication" in result.stdout
    assert "BasicAuthentication" not in result.stdout
