"""Pages, e-mails and API errors in the reader's language: from the browser, or as chosen with the
switcher (remembered), with <html lang>, dates and numbers of that language."""

import base64
import datetime
import json
import urllib.error
import urllib.request

import pytest
from django.core import mail
from django.utils import translation

from common.i18n import language_of
from common.models import LanguagePreference
from reuse_projects import services
from tests.conftest import PALERMO_CENTRE
from tests.reuse_projects.conftest import CONCESSION, close_call

pytestmark = pytest.mark.django_db


def test_the_browser_language_picks_the_page_language(client, palermo):
    for language, title in (
        ("it", "I beni confiscati e il loro riutilizzo sociale"),
        ("nl", "Verbeurdverklaarde goederen en hun maatschappelijk hergebruik"),
        ("fr", "Les biens confisqués et leur réutilisation sociale"),
        ("es", "Los bienes decomisados y su reutilización social"),
        ("en", "Confiscated assets and their social reuse"),
    ):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")

        page = response.content.decode()
        assert response["Content-Language"] == language
        assert f'<html lang="{language}">' in page
        assert f"<h1>{title}</h1>" in page


def test_the_switcher_is_on_every_page_and_its_choice_is_remembered(client, palermo):
    page = client.get("/cities/palermo/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert 'lang="nl">Nederlands</option>' in page

    response = client.post(
        "/i18n/setlang/", {"language": "nl", "next": "/cities/palermo/"}, HTTP_ACCEPT_LANGUAGE="it"
    )

    assert response.status_code == 302 and response["Location"] == "/cities/palermo/"
    # The cookie wins over the browser's Italian from now on.
    again = client.get("/cities/palermo/", HTTP_ACCEPT_LANGUAGE="it")
    assert again["Content-Language"] == "nl"
    assert "Goederen beschikbaar voor hergebruik" in again.content.decode()


def test_a_logged_in_users_choice_follows_them_to_a_new_browser(client, palermo_officer):
    client.force_login(palermo_officer)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert LanguagePreference.objects.get(user=palermo_officer).language == "fr"

    client.cookies.clear()
    client.force_login(palermo_officer)
    response = client.get("/me/", HTTP_ACCEPT_LANGUAGE="it")

    assert response["Content-Language"] == "fr"
    assert "<h1>Mon travail</h1>" in response.content.decode()


def test_an_unknown_language_changes_nothing(client, palermo):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="it")["Content-Language"] == "it"


def test_dates_and_numbers_follow_the_language(client, record_asset, palermo):
    asset = record_asset(palermo, effective_date=datetime.date(2021, 3, 4), location=PALERMO_CENTRE)
    url = f"/assets/{asset.reference}/"

    italian = client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "4 marzo 2021" in italian
    assert "4 maart 2021" in dutch
    assert "4 de marzo de 2021" in spanish
    assert "4 March 2021" in english


def test_thousands_are_grouped_the_languages_way():
    from django.contrib.humanize.templatetags.humanize import intcomma

    grouped = {}
    for language in ("it", "nl", "en", "fr", "es"):
        with translation.override(language):
            grouped[language] = intcomma(12345)
    assert grouped == {
        "it": "12.345",
        "nl": "12.345",
        "en": "12,345",
        "fr": "12\u202f345",
        "es": "12.345",
    }


def test_api_errors_come_in_the_callers_language(live_server, palermo, palermo_officer):
    naples = {"type": "Point", "coordinates": [14.2681, 40.8518]}
    body = {
        "type": "Feature",
        "geometry": naples,
        "properties": {
            "municipality": palermo.pk,
            "status": "seized",
            "effective_date": "2020-03-01",
            "kind": "building_unit",
            "location_precision": "exact",
        },
    }
    credentials = base64.b64encode(b"palermo_officer:correct-horse-battery").decode()
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/assets/",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Basic {credentials}",
            "Accept-Language": "nl",
        },
        method="POST",
    )

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)  # noqa: S310 - the test's own live server

    assert refused.value.code == 400
    errors = json.loads(refused.value.read())
    assert "ligt buiten de grens van Palermo" in json.dumps(errors, ensure_ascii=False)


def test_bad_register_parameters_are_a_400_in_the_readers_language(client, palermo):
    response = client.get("/cities/palermo/register/?format=xlsx", HTTP_ACCEPT_LANGUAGE="it")

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid parameter",
        "parameter": "format",
        "reason": "atteso html, csv o json",
    }


def test_each_applicant_reads_the_decision_in_their_own_language(
    open_call,
    palermo_asset,
    application_a,
    application_b,
    palermo_manager,
    ngo_member,
    member_b,
    jurisdictions,
    django_capture_on_commit_callbacks,
):
    LanguagePreference.objects.create(user=ngo_member, language="nl")
    LanguagePreference.objects.create(user=member_b, language="es")
    close_call(open_call)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.call_decide_asset(
            call=open_call,
            asset=palermo_asset,
            accepted=application_a,
            decision_notes={application_a.pk: "Ottimo.", application_b.pk: "Meno forte."},
            concession=CONCESSION,
            by=palermo_manager,
            confirm_unscored=True,
        )

    by_recipient = {tuple(m.to): m for m in mail.outbox}
    dutch = by_recipient[("ngo_member@example.org",)]
    spanish = by_recipient[("member_b@example.org",)]
    # The organisations' contact addresses are nobody's account: the language of their country.
    italian = [m for m in mail.outbox if "it-a-001@example.org" in m.to][0]
    assert dutch.subject.startswith("Besluit over uw aanvraag")
    assert "Uw aanvraag" in dutch.body and "toegekend" in dutch.body
    assert spanish.subject.startswith("Resolución sobre su solicitud")
    assert "ha sido: rechazada." in spanish.body
    assert italian.subject.startswith("Decisione sulla vostra domanda")
    assert dutch.extra_headers["Content-Language"] == "nl"


def test_language_of_falls_back_to_the_default(ngo_member):
    assert language_of(None) == "en"
    assert language_of(ngo_member, default="it") == "it"
    LanguagePreference.objects.create(user=ngo_member, language="fr")
    assert language_of(ngo_member, default="it") == "fr"


def test_the_shared_header_and_footer_follow_the_language_and_never_a_signed_in_user(
    client, palermo, palermo_officer
):
    """base.html keeps the header of visitors without an account and the footer's links in a
    per-process cache, one copy per language: never shown to someone signed in."""
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    italian = client.get("/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert ">Log in</a>" in english and "Change language" in english
    assert ">Accedi</a>" in italian and "Cambia lingua" in italian
    assert (
        'name="next" type="hidden" value="/cities/palermo/"'
        in client.get("/cities/palermo/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    )

    client.force_login(palermo_officer)
    signed_in = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert ">Log in</a>" not in signed_in
    assert "Log out palermo_officer" in signed_in
