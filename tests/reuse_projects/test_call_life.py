"""A call's whole life: weighted criteria and a commission, the ranking, corrections, extensions,
closure, cancellation, the published ranking, and who is told what by e-mail."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reuse_projects import services
from reuse_projects.models import Application, CallNotice, CallSubscription
from tests.conftest import make_user
from tests.reuse_projects.conftest import CONCESSION, close_call, draft_application

pytestmark = pytest.mark.django_db

CRITERIA = "Social impact | 60\nSustainability | 40"


@pytest.fixture
def second_officer(palermo):
    from assets_registry.models import MunicipalityMembership

    user = make_user("second_officer")
    MunicipalityMembership.objects.create(user=user, municipality=palermo, role="officer")
    return user


@pytest.fixture
def weighted_call(palermo, palermo_asset, palermo_officer, palermo_manager, second_officer):
    now = timezone.now()
    call = services.call_create(
        municipality=palermo,
        assets=[palermo_asset],
        reviewers=[palermo_officer, second_officer],
        by=palermo_officer,
        title="Villa for youth",
        text="Offer of a villa.",
        criteria=CRITERIA,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    services.call_publish(call=call, by=palermo_manager)
    return call


def submitted(call, asset, organisation, user):
    application = draft_application(call, asset, organisation, user)
    return services.application_submit(application=application, by=user)


def marks(call, *values):
    return dict(zip(call.weighted_criteria.values_list("pk", flat=True), values, strict=True))


def test_criteria_are_a_weighted_list(weighted_call):
    assert [(c.name, c.weight) for c in weighted_call.weighted_criteria.all()] == [
        ("Social impact", 60),
        ("Sustainability", 40),
    ]


@pytest.mark.parametrize(
    "criteria", ["Impact | heavy", "Impact | 0", "Impact | 40\nSustainability", " | 40"]
)
def test_bad_criteria_are_refused_on_the_field(palermo, palermo_asset, palermo_officer, criteria):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.call_create(
            municipality=palermo,
            assets=[palermo_asset],
            by=palermo_officer,
            title="Call",
            text="Text",
            criteria=criteria,
            opens_at=now,
            closes_at=now + datetime.timedelta(days=3),
        )
    assert "criteria" in error.value.message_dict


def test_the_score_is_the_commissions_mean_once_both_have_scored(
    weighted_call, palermo_asset, organisation_a, ngo_member, palermo_officer, second_officer
):
    application = submitted(weighted_call, palermo_asset, organisation_a, ngo_member)

    services.application_score_criteria(
        application=application, marks=marks(weighted_call, 10, 5), by=palermo_officer
    )
    assert application.score is None  # one reviewer of two: not final yet
    services.application_score_criteria(
        application=application, marks=marks(weighted_call, 6, 4), by=second_officer
    )

    # (60*10 + 40*5)/10 = 80 and (60*6 + 40*4)/10 = 52: the mean is 66.
    application.refresh_from_db()
    assert application.score == Decimal("66.00")
    assert application.status == Application.Status.UNDER_REVIEW


def test_only_the_commission_scores_and_every_criterion_needs_a_mark(
    weighted_call, palermo_asset, organisation_a, ngo_member, palermo_manager, palermo_officer
):
    application = submitted(weighted_call, palermo_asset, organisation_a, ngo_member)

    with pytest.raises(PermissionDenied):
        services.application_score_criteria(
            application=application, marks=marks(weighted_call, 5, 5), by=palermo_manager
        )
    with pytest.raises(ValidationError) as error:
        services.application_score_criteria(
            application=application, marks=marks(weighted_call, 11, 5), by=palermo_officer
        )
    assert list(error.value.message_dict) == [
        f"criterion_{weighted_call.weighted_criteria.first().pk}"
    ]


def test_deciding_on_an_unscored_application_needs_confirmation(
    weighted_call, palermo_asset, organisation_a, ngo_member, palermo_manager
):
    application = submitted(weighted_call, palermo_asset, organisation_a, ngo_member)
    close_call(weighted_call)
    decision = {
        "call": weighted_call,
        "asset": palermo_asset,
        "accepted": application,
        "decision_notes": {application.pk: "Good."},
        "concession": CONCESSION,
        "by": palermo_manager,
    }

    with pytest.raises(ValidationError) as error:
        services.call_decide_asset(**decision)
    assert "confirm_unscored" in error.value.message_dict
    assert services.call_decide_asset(**decision, confirm_unscored=True) is not None


def test_an_amendment_is_shown_and_sent_to_organisations_with_drafts_or_submissions(
    weighted_call,
    palermo_asset,
    organisation_a,
    organisation_b,
    ngo_member,
    member_b,
    palermo_manager,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    submitted(weighted_call, palermo_asset, organisation_a, ngo_member)
    draft_application(weighted_call, palermo_asset, organisation_b, member_b)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.call_amend(
            call=weighted_call,
            notice="The floor area is 240 m², not 420 m².",
            changes={"text": "Offer of a villa of 240 m²."},
            by=palermo_manager,
        )

    weighted_call.refresh_from_db()
    assert weighted_call.text == "Offer of a villa of 240 m²."
    recipients = {address for message in mailoutbox for address in message.to}
    assert {"ngo_member@example.org", "member_b@example.org", "it-a-001@example.org"} <= recipients
    message = mailoutbox[0]
    assert "240 m², not 420 m²" in message.body
    assert message.alternatives[0][1] == "text/html"
    page = client.get(f"/calls/{weighted_call.pk}/").content.decode()
    assert "Correction notice" in page
    assert "240 m², not 420 m²" in page


def test_an_amendment_needs_a_notice_and_a_manager(weighted_call, palermo_officer, palermo_manager):
    with pytest.raises(PermissionDenied):
        services.call_amend(call=weighted_call, notice="Fix", by=palermo_officer)
    with pytest.raises(ValidationError) as error:
        services.call_amend(call=weighted_call, notice="  ", by=palermo_manager)
    assert "notice" in error.value.message_dict


def test_an_extension_moves_the_closing_date_later_only(weighted_call, palermo_manager):
    later = weighted_call.closes_at + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as error:
        services.call_extend(
            call=weighted_call,
            closes_at=weighted_call.closes_at - datetime.timedelta(days=1),
            reason="More time",
            by=palermo_manager,
        )
    assert "closes_at" in error.value.message_dict

    notice = services.call_extend(
        call=weighted_call, closes_at=later, reason="More time", by=palermo_manager
    )

    weighted_call.refresh_from_db()
    assert weighted_call.closes_at == later
    assert (notice.kind, notice.closes_at_after) == (CallNotice.Kind.EXTENSION, later)


def test_a_closed_or_cancelled_call_cannot_be_amended_or_extended(weighted_call, palermo_manager):
    services.call_close(call=weighted_call, reason="The roof collapsed.", by=palermo_manager)

    with pytest.raises(ValidationError, match="only a published one"):
        services.call_amend(call=weighted_call, notice="Fix", by=palermo_manager)
    assert weighted_call.notices.get().kind == CallNotice.Kind.CLOSURE
    services.call_cancel(call=weighted_call, reason="The roof collapsed.", by=palermo_manager)
    assert list(weighted_call.notices.values_list("kind", flat=True)) == [
        CallNotice.Kind.CLOSURE,
        CallNotice.Kind.CANCELLATION,
    ]


def test_a_submission_sends_a_receipt_with_a_protocol_number_and_tells_the_officers(
    weighted_call,
    palermo_asset,
    organisation_a,
    ngo_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(weighted_call, palermo_asset, organisation_a, ngo_member)

    assert application.protocol_number
    # Palermo's organisation and its member, who chose no language, read Italian (its country's);
    # the officers, who chose none either, the site's language.
    receipts = [m for m in mailoutbox if "Domanda ricevuta" in m.subject]
    alerts = [m for m in mailoutbox if "New application" in m.subject]
    assert {m.to[0] for m in receipts} == {"ngo_member@example.org", "it-a-001@example.org"}
    assert application.protocol_number in receipts[0].subject
    assert application.protocol_number in receipts[0].alternatives[0][0]
    assert {"palermo_officer@example.org", "palermo_manager@example.org"} <= {
        m.to[0] for m in alerts
    }


def test_subscribers_are_told_of_a_new_call_of_their_municipality_and_kind(
    palermo,
    naples,
    palermo_asset,
    palermo_officer,
    palermo_manager,
    ngo_member,
    member_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    CallSubscription.objects.create(user=ngo_member, municipality=palermo, asset_kind="")
    CallSubscription.objects.create(user=member_b, municipality=palermo, asset_kind="land")
    CallSubscription.objects.create(user=palermo_officer, municipality=naples)
    now = timezone.now()
    call = services.call_create(
        municipality=palermo,
        assets=[palermo_asset],
        by=palermo_officer,
        title="Villa",
        text="Offer",
        opens_at=now,
        closes_at=now + datetime.timedelta(days=5),
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.call_publish(call=call, by=palermo_manager)

    assert [m.to for m in mailoutbox] == [["ngo_member@example.org"]]
    assert "New call in Palermo" in mailoutbox[0].subject


def test_the_published_ranking_names_winners_and_shows_each_applicant_only_its_scores(
    weighted_call,
    palermo_asset,
    organisation_a,
    organisation_b,
    ngo_member,
    member_b,
    palermo_officer,
    second_officer,
    palermo_manager,
    client,
):
    a = submitted(weighted_call, palermo_asset, organisation_a, ngo_member)
    b = submitted(weighted_call, palermo_asset, organisation_b, member_b)
    for reviewer in (palermo_officer, second_officer):
        services.application_score_criteria(
            application=a, marks=marks(weighted_call, 9, 8), by=reviewer
        )
        services.application_score_criteria(
            application=b, marks=marks(weighted_call, 3, 7), by=reviewer
        )
    close_call(weighted_call)
    services.call_decide_asset(
        call=weighted_call,
        asset=palermo_asset,
        accepted=a,
        decision_notes={a.pk: "Best.", b.pk: "Second."},
        concession=CONCESSION,
        by=palermo_manager,
    )

    anonymous = client.get(f"/calls/{weighted_call.pk}/").content.decode()
    client.force_login(member_b)
    loser = client.get(f"/calls/{weighted_call.pk}/").content.decode()
    own = client.get(f"/applications/{b.pk}/").content.decode()

    assert "Libera Palermo" in anonymous and "Awarded" in anonymous
    assert "Coop Terra" not in anonymous
    assert "86.00" not in anonymous  # nobody else's score
    assert "Coop Terra" in loser and "46.00" in loser
    assert "86.00" not in loser
    assert "46.00" in own and "Social impact" in own
    assert client.get(f"/applications/{a.pk}/").status_code == 404


def test_report_reminders_go_once_before_the_due_date_and_once_when_overdue(
    project_a, palermo_manager, mailoutbox, django_capture_on_commit_callbacks
):
    report = project_a.monitoring_reports.create(
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.reports_send_reminders() == (1, 0)
        assert services.reports_send_reminders() == (0, 0)
    report.due_on = timezone.localdate() - datetime.timedelta(days=1)
    report.save(update_fields=["due_on"])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reports_send_reminders() == (0, 1)

    subjects = [m.subject for m in mailoutbox]
    # The concessionaire is a Palermo organisation: Italian; the manager: the site's language.
    assert any("Relazione di monitoraggio dovuta entro" in s for s in subjects)
    assert any("Monitoring report overdue" in s for s in subjects)
    overdue_to = {m.to[0] for m in mailoutbox if "overdue" in m.subject}
    assert "palermo_manager@example.org" in overdue_to  # the municipality is told too


def test_calls_filter_by_city_and_kind_and_the_feed_lists_them(
    weighted_call, client, palermo, naples
):
    assert weighted_call.title in client.get("/calls/?city=palermo").content.decode()
    assert weighted_call.title not in client.get(f"/calls/?city={naples.slug}").content.decode()
    assert weighted_call.title not in client.get("/calls/?kind=land").content.decode()
    assert 'type="application/atom+xml"' in client.get("/calls/").content.decode()
    feed = client.get("/calls/feed/?city=palermo")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert weighted_call.title in feed.content.decode()
    assert weighted_call.title not in client.get("/calls/feed/?kind=land").content.decode()


def test_the_city_filter_offers_the_municipalities_with_an_open_call(
    weighted_call, client, palermo, naples, rotterdam
):
    """Not every municipality: at national scale that was 7,909 options (407 KB). A city with
    no open call stays a valid filter (its feed is a fair subscription) and shows selected."""
    import re

    def offered(url):
        page = client.get(url).content.decode()
        select = re.search(r'<select name="city".*?</select>', page, re.S).group(0)
        return re.findall(r'<option value="([^"]*)"( selected)?', select)

    assert offered("/calls/") == [("", " selected"), ("palermo", "")]
    assert offered(f"/calls/?city={naples.slug}") == [
        ("", ""),
        (naples.slug, " selected"),
        ("palermo", ""),
    ]
    assert weighted_call.title not in client.get(f"/calls/?city={rotterdam.slug}").content.decode()


@pytest.mark.parametrize("query", ["city=atlantis", "kind=castle"])
def test_bad_call_filters_are_a_400_naming_them(client, palermo, query):
    for url in ("/calls/", "/calls/feed/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert query.split("=")[0] in response.content.decode()


def test_publishing_shows_what_becomes_public_first(
    palermo, palermo_asset, palermo_officer, palermo_manager, client
):
    now = timezone.now()
    call = services.call_create(
        municipality=palermo,
        assets=[palermo_asset],
        by=palermo_officer,
        title="Draft call",
        text="The text",
        criteria=CRITERIA,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=5),
    )
    client.force_login(palermo_manager)

    page = client.get(f"/calls/{call.pk}/publish/")
    call.refresh_from_db()
    assert call.status == "draft"
    assert "Publish this call?" in page.content.decode()
    assert palermo_asset.reference in page.content.decode()
    client.post(f"/calls/{call.pk}/publish/")
    call.refresh_from_db()
    assert call.status == "published"


def test_manager_forms_show_errors_next_to_their_field(weighted_call, palermo_manager, client):
    client.force_login(palermo_manager)

    response = client.post(
        f"/calls/{weighted_call.pk}/extend/",
        {"closes_at": "2001-01-01T10:00", "reason": "More time"},
    )
    cancel = client.post(f"/calls/{weighted_call.pk}/cancel/", {"cancel-reason": ""})
    assert cancel.status_code == 400
    assert "reason" in cancel.context["cancel_form"].errors
    response = client.post(
        f"/calls/{weighted_call.pk}/extend/",
        {"closes_at": "2001-01-01T10:00", "reason": "More time"},
    )

    assert response.status_code == 400
    assert "later than the current one" in str(response.context["extend_form"].errors["closes_at"])


def test_officers_cannot_amend_extend_close_or_cancel(weighted_call, palermo_officer, client):
    client.force_login(palermo_officer)
    for action in ("amend", "extend", "close", "cancel", "commission"):
        assert client.post(f"/calls/{weighted_call.pk}/{action}/", {}).status_code == 403


def test_an_unverified_organisation_is_told_why_it_cannot_submit(
    open_call, palermo_asset, ngo_member, client
):
    from tests.reuse_projects.conftest import register_organisation

    organisation = register_organisation(ngo_member, "Nuova Aurora", "IT-C-003")
    application = draft_application(open_call, palermo_asset, organisation, ngo_member)
    client.force_login(ngo_member)

    page = client.get(f"/applications/{application.pk}/").content.decode()
    call_page = client.get(f"/calls/{open_call.pk}/").content.decode()

    assert "You cannot submit yet: Nuova Aurora is not verified." in page
    assert "Submit application" not in page
    assert "Nuova Aurora is not verified yet." in call_page


def test_subscribing_finds_a_municipality_by_name_and_offers_few(
    client, ngo_member, weighted_call, palermo, naples, rotterdam
):
    """The form offers the municipalities with an open call, or those matching a search: every
    municipality was 7,909 options at national scale. Any municipality can be subscribed to."""
    import re

    def offered(url):
        page = client.get(url).content.decode()
        select = re.search(r'<select name="municipality".*?</select>', page, re.S).group(0)
        return re.findall(r"<option[^>]*>([^<]*)</option>", select)[1:]

    client.force_login(ngo_member)
    assert offered("/calls/subscriptions/") == [palermo.name]
    assert offered("/calls/subscriptions/?q=napo") == [naples.name]
    assert offered("/calls/subscriptions/?q=nowhere") == []

    response = client.post("/calls/subscriptions/", {"municipality": rotterdam.pk})

    assert response.status_code == 302
    assert CallSubscription.objects.filter(user=ngo_member, municipality=rotterdam).exists()
    unknown = client.post("/calls/subscriptions/", {"municipality": 0})
    assert unknown.status_code == 400
    assert "municipality" in unknown.content.decode()
