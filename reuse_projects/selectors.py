"""Reads shared by pages, the API and the services: offerable assets, open calls, dashboards."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from assets_registry.lifecycle import REUSABLE_STATUSES
from assets_registry.models import Asset
from reuse_projects import lifecycle, scoring
from reuse_projects.models import Application, Call, MonitoringReport, ReuseProject
from reuse_projects.public import public_call_assets


def offerable_assets(municipalities, *, call=None):
    """Assets that may be offered in a new call (or in `call`, when editing it).

    Allocated or delivered, and not taken: no live concession, no accepted application whose
    project still runs, and not offered in another published call. A revoked or ended project
    therefore frees the asset for a new call, while its legal status stays what it was.
    """
    live_project = ReuseProject.objects.filter(
        asset=OuterRef("pk"), status__in=lifecycle.LIVE_PROJECT_STATUSES
    )
    live_acceptance = Application.objects.filter(
        asset=OuterRef("pk"), status=Application.Status.ACCEPTED
    ).exclude(project__status__in=[ReuseProject.Status.ENDED, ReuseProject.Status.REVOKED])
    other_calls = Call.objects.filter(
        assets=OuterRef("pk"), status__in=lifecycle.DECIDABLE_CALL_STATUSES
    )
    if call is not None and call.pk is not None:
        other_calls = other_calls.exclude(pk=call.pk)
    return (
        Asset.objects.alive()
        .filter(municipality__in=municipalities, status__in=REUSABLE_STATUSES)
        .exclude(Exists(live_project))
        .exclude(Exists(live_acceptance))
        .exclude(Exists(other_calls))
        .select_related("municipality")
    )


def open_calls(now=None):
    """Published calls open now; each with `public_assets`, its assets through the public
    selector (an asset of an unpublished municipality is not shown to anybody here)."""
    now = now or timezone.now()
    return (
        Call.objects.filter(status=Call.Status.PUBLISHED, opens_at__lte=now, closes_at__gt=now)
        .select_related("municipality")
        .prefetch_related(
            Prefetch("assets", queryset=public_call_assets(), to_attr="public_assets")
        )
        .order_by("closes_at")
    )


def calls_with_counts(calls):
    pending = Q(applications__status__in=lifecycle.PENDING_DECISION_STATUSES)
    return calls.select_related("municipality").annotate(
        pending_count=Count("applications", filter=pending, distinct=True),
        submitted_count=Count(
            "applications", filter=~Q(applications__status="draft"), distinct=True
        ),
    )


def projects_with_overdue_flag(projects, today=None):
    today = today or timezone.localdate()
    overdue = MonitoringReport.objects.overdue(today).filter(project=OuterRef("pk"))
    return projects.annotate(has_overdue_report=Exists(overdue)).select_related(
        "asset__municipality", "organisation"
    )


def review_queue(call):
    """The call's applications an officer reviews, grouped by asset in the template."""
    return (
        call.applications.exclude(status=Application.Status.DRAFT)
        .select_related("asset", "organisation")
        .order_by("asset__reference", F("score").desc(nulls_last=True), "submitted_at")
    )


def status_history(obj):
    """The object's status changes, read from its audit trail: [(when, status label, user)].

    Works for every model tracked by pghistory with a `status` field (applications, calls,
    projects, reports): rows that changed something else are skipped.
    """
    events = list(obj.events.select_related("pgh_context").order_by("pgh_id"))
    user_ids = {
        (event.pgh_context.metadata or {}).get("user") for event in events if event.pgh_context
    }
    users = get_user_model().objects.in_bulk(user_ids - {None})
    history, previous = [], None
    for event in events:
        if event.status == previous:
            continue
        previous = event.status
        metadata = event.pgh_context.metadata if event.pgh_context else {}
        label = type(obj).Status(event.status).label
        history.append((event.pgh_created_at, label, users.get(metadata.get("user"))))
    return history


def asset_dependents(asset):
    """Why an asset cannot be deleted: the live concessions and the open calls that refer to it.
    Registered with assets_registry.services.DELETE_BLOCKERS (see apps.py)."""
    reasons = [
        f"The concession “{project.title}” ({project.get_status_display().lower()}) is live on it."
        for project in ReuseProject.objects.filter(
            asset=asset, status__in=lifecycle.LIVE_PROJECT_STATUSES
        )
    ]
    reasons += [
        f"The call “{call.title}” ({call.get_status_display().lower()}) offers it."
        for call in Call.objects.filter(
            assets=asset,
            status__in={Call.Status.DRAFT, *lifecycle.DECIDABLE_CALL_STATUSES},
        )
    ]
    return reasons


def call_ranking(call):
    """Per asset, the call's submitted applications best first (unscored last): the manager's
    ranking, with each reviewer's total and the mean mark per criterion."""
    criteria = list(call.weighted_criteria.all())
    reviewers = list(call.reviewers.all())
    applications = (
        call.applications.exclude(
            status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN]
        )
        .select_related("asset", "organisation")
        .prefetch_related("criterion_scores")
        .order_by("asset__reference", F("score").desc(nulls_last=True), "submitted_at")
    )
    ranking = {}
    for application in applications:
        entries = ranking.setdefault(application.asset, [])
        sheets = scoring.score_sheets(application)
        entries.append(
            {
                "rank": len(entries) + 1,
                "application": application,
                "sheets": [
                    (r, scoring.sheet_total(sheets.get(r.pk, {}), criteria)) for r in reviewers
                ],
                "criteria": scoring.criterion_means(sheets, criteria),
            }
        )
    return [{"asset": asset, "entries": entries} for asset, entries in ranking.items()]


def public_ranking(call, viewer_organisations):
    """The ranking published after the decision: positions per asset, winners named; the viewer's
    own applications with their scores; every other applicant stays anonymous and unscored."""
    own = set(viewer_organisations.values_list("pk", flat=True))
    published = []
    for group in call_ranking(call):
        entries = []
        for entry in group["entries"]:
            application = entry["application"]
            if application.status not in (Application.Status.ACCEPTED, Application.Status.REJECTED):
                continue
            mine = application.organisation_id in own
            winner = application.status == Application.Status.ACCEPTED
            entries.append(
                {
                    "rank": len(entries) + 1,
                    "winner": winner,
                    "mine": mine,
                    "name": application.organisation.name if winner or mine else None,
                    "score": application.score if mine else None,
                    "criteria": entry["criteria"] if mine else None,
                }
            )
        published.append({"asset": group["asset"], "entries": entries})
    return published
