"""Demo data of social reuse: organisations, calls, applications, concessions, reports.

Called by `manage.py load_demo` after the demo assets exist. Everything goes through the services
(backdated with their `now`/`today` arguments), so the demo has real histories and audit rows.
Idempotent: does nothing when the demo organisations exist.
"""

import datetime
import struct
import zlib
from decimal import Decimal

import pghistory
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from assets_registry.demo import DEMO_PASSWORD
from assets_registry.models import Municipality
from reuse_projects import services
from reuse_projects.models import Organisation, ReuseProject
from reuse_projects.selectors import offerable_assets

# username, organisation name, legal form, registration number, country, verified
DEMO_ORGANISATIONS = [
    ("ngo.libera", "Libera Palermo APS", "association", "DEMO-IT-97011230821", "IT", True),
    (
        "ngo.coop",
        "Cooperativa Terre Libere",
        "social_cooperative",
        "DEMO-IT-05522410829",
        "IT",
        True,
    ),
    ("ngo.buurtkracht", "Stichting Buurtkracht", "foundation", "DEMO-NL-KVK-81234567", "NL", True),
    ("ngo.aurora", "Associazione Nuova Aurora", "association", "DEMO-IT-93004560635", "IT", False),
]

# One decided call per city. For each asset offered: the winning organisation, the use, the
# project's public title, what happens to the concession, and (optionally) a losing competitor.
# Months are counted back from today for the concession's start (negative: in the future).
DEMO_CONCESSIONS = {
    "082053": [
        (
            "ngo.libera",
            "youth_education",
            "Casa dei giovani Danilo Dolci",
            "active",
            26,
            "ngo.coop",
        ),
        ("ngo.coop", "agriculture_food", "Orto sociale Libero Grassi", "active", 15, None),
    ],
    "063049": [
        ("ngo.coop", "culture", "Teatro di quartiere alla Sanità", "agreed", -1, "ngo.libera"),
        ("ngo.libera", "sport", "Palestra popolare Forcella", "ended", 40, None),
    ],
    "GM0599": [
        ("ngo.buurtkracht", "community_centre", "Buurthuis De Kracht", "active", 5, None),
        ("ngo.buurtkracht", "shelter", "Veilig Huis Zuid", "suspended", 18, None),
    ],
    "GM0363": [
        ("ngo.buurtkracht", "social_enterprise", "Werkplaats Nieuwe Kansen", "revoked", 20, None),
        ("ngo.buurtkracht", "social_housing", "Wooncoöperatie De Ankerplaats", "active", 3, None),
    ],
}
DECIDERS = {
    "082053": "palermo.manager",
    "063049": "national.admin",
    "GM0599": "national.admin",
    "GM0363": "amsterdam.manager",
}
OFFICERS = {
    "082053": "palermo.officer",
    "063049": "napoli.officer",
    "GM0599": "rotterdam.officer",
    "GM0363": "amsterdam.manager",
}


def _png(width, height, rgb):
    """A plain-colour PNG, so that demo projects have a public photo without shipping files."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _months_ago(today, months):
    return services.add_months(today, -months)


def _user(username):
    return User.objects.get(username=username)


def _ensure_ngo_users():
    users = {}
    for username, *_ in DEMO_ORGANISATIONS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users[username] = user
    return users


def _register_organisations(users):
    palermo = Municipality.objects.get(country="IT", code="082053")
    rotterdam = Municipality.objects.get(country="NL", code="GM0599")
    organisations = {}
    for username, name, legal_form, number, country, verified in DEMO_ORGANISATIONS:
        organisation = services.organisation_register(
            by=users[username],
            name=name,
            legal_form=legal_form,
            registration_number=number,
            country=country,
            municipality=palermo if country == "IT" else rotterdam,
            contact_name=username.split(".")[1].title(),
            contact_email=f"{username}@example.org",
            description=f"{name}: social reuse of confiscated assets (demo).",
        )
        if verified:
            officer, municipality = (
                (_user("palermo.officer"), palermo)
                if country == "IT"
                else (_user("rotterdam.officer"), rotterdam)
            )
            services.organisation_verify(
                organisation=organisation, municipality=municipality, by=officer
            )
        organisations[username] = organisation
    return organisations


def _apply(call, asset, username, organisation, use, title, *, submitted_at):
    application = services.application_create(
        call=call,
        asset=asset,
        organisation=organisation,
        by=_user(username),
        now=submitted_at,
        use_category=use,
        title=title,
        description=f"{title}: activities open to the neighbourhood, run with local schools.",
        beneficiaries="About 300 people a year",
        budget=Decimal("60000.00"),
        duration_months=120,
    )
    if submitted_at is not None:
        services.application_submit(application=application, by=_user(username), now=submitted_at)
    return application


def _decided_call(code, organisations, today, stdout):
    """A past call of the city, decided: one concession per row of DEMO_CONCESSIONS."""
    municipality = Municipality.objects.get(code=code)
    rows = DEMO_CONCESSIONS[code]
    assets = list(offerable_assets([municipality]).order_by("reference")[: len(rows)])
    if len(assets) < len(rows):
        if stdout:
            stdout.write(f"Not enough reusable demo assets in {municipality}: call skipped.")
        return []
    longest_ago = max(months for *_, months, _ in rows)
    opens = timezone.make_aware(
        datetime.datetime.combine(_months_ago(today, longest_ago + 8), datetime.time(9))
    )
    closes = opens + datetime.timedelta(days=60)
    officer, decider = _user(OFFICERS[code]), _user(DECIDERS[code])
    call = services.call_create(
        municipality=municipality,
        assets=assets,
        by=officer,
        title=f"Social reuse of confiscated assets – {municipality.name} {opens.year}",
        text="The municipality offers these confiscated assets free of charge to non-profit "
        "organisations for social, cultural and educational activities.",
        eligibility="Associations, social cooperatives, foundations and social enterprises.",
        criteria="Social impact on the neighbourhood\nSustainability of the plan\nExperience",
        opens_at=opens,
        closes_at=closes,
    )
    services.call_publish(call=call, by=decider, now=opens - datetime.timedelta(days=1))
    # Every application is in before the manager decides on any asset.
    submitted = opens + datetime.timedelta(days=20)
    competitions = []
    for asset, (winner, use, title, _fate, _months, loser) in zip(assets, rows, strict=True):
        accepted = _apply(
            call, asset, winner, organisations[winner], use, title, submitted_at=submitted
        )
        services.application_score(
            application=accepted, score=Decimal("86"), internal_notes="Solid plan.", by=officer
        )
        notes = {accepted.pk: "The proposal best meets the call's criteria."}
        if loser is not None:
            rejected = _apply(
                call,
                asset,
                loser,
                organisations[loser],
                "community_centre",
                f"Community hub at {asset.reference}",
                submitted_at=submitted,
            )
            services.application_score(
                application=rejected, score=Decimal("64"), internal_notes="", by=officer
            )
            notes[rejected.pk] = "A good idea, but the budget does not cover the repairs."
        competitions.append((asset, accepted, notes))
    decided_at = closes + datetime.timedelta(days=30)
    projects = []
    for (asset, accepted, notes), (_, _, title, fate, months, _) in zip(
        competitions, rows, strict=True
    ):
        starts_on = _months_ago(today, months)
        project = services.call_decide_asset(
            call=call,
            asset=asset,
            accepted=accepted,
            decision_notes=notes,
            confirm_unscored=True,
            concession={
                "deed_number": f"Rep. {100 + len(projects)}/{decided_at.year}",
                "deed_date": min(decided_at.date(), starts_on),
                "concession_object": f"Free use of {asset.title or asset.reference} "
                f"({asset.reference}) for the project “{title}”, for ten years",
                "starts_on": starts_on,
                "ends_on": services.add_months(starts_on, 120) - datetime.timedelta(days=1),
            },
            by=decider,
            now=decided_at,
        )
        projects.append((project, fate, officer, decider))
    return projects


def _live_the_concession(project, fate, officer, decider, today):
    """Move the project to its demo status through the legal transitions, each on its day."""
    if fate == "agreed":
        return
    started = project.starts_on
    services.project_change_status(
        project=project,
        status="active",
        reason="",
        effective_date=started,
        by=officer,
        today=started,
    )
    later = min(today, started + datetime.timedelta(days=300))
    if fate == "suspended":
        services.project_change_status(
            project=project,
            status="suspended",
            reason="Building works ordered by the fire brigade; activities moved elsewhere.",
            effective_date=later,
            by=officer,
            today=later,
        )
    elif fate == "ended":
        services.project_change_status(
            project=project,
            status="ended",
            reason="The organisation moved to a larger building.",
            effective_date=later,
            by=officer,
            today=later,
        )
    elif fate == "revoked":
        services.project_change_status(
            project=project,
            status="revoked",
            reason="The premises were sublet, against the concession.",
            effective_date=later,
            by=decider,
            today=later,
        )


def _report_figures(beneficiaries):
    return {
        "beneficiaries": beneficiaries,
        "jobs": 4,
        "jobs_disadvantaged": 2,
        "volunteers": 18,
        "events_held": 36,
        "narrative": "Weekly workshops, a summer camp and open days with the neighbourhood.",
    }


def _file_reports(projects):
    """Palermo's projects: one report acknowledged, one filed, one left overdue."""
    titles = {project.title: project for project, *_ in projects}
    youth_centre = titles.get("Casa dei giovani Danilo Dolci")
    garden = titles.get("Orto sociale Libero Grassi")
    if youth_centre is None or garden is None:
        return  # Palermo's call was skipped for lack of reusable demo assets
    first, _overdue = youth_centre.monitoring_reports.order_by("period_start")[:2]
    services.report_file(report=first, data=_report_figures(240), by=_user("ngo.libera"))
    services.report_acknowledge(report=first, by=_user("palermo.officer"))
    filed = garden.monitoring_reports.order_by("period_start").first()
    services.report_file(report=filed, data=_report_figures(90), by=_user("ngo.coop"))
    for project, colour, username in (
        (youth_centre, (46, 139, 87), "ngo.libera"),
        (garden, (218, 165, 32), "ngo.coop"),
    ):
        services.document_attach(
            owner=project,
            uploaded_file=SimpleUploadedFile("photo.png", _png(64, 40, colour)),
            title=f"{project.title}: open day",
            visibility="public",
            by=_user(username),
        )
    ReuseProject.objects.filter(pk__in=[youth_centre.pk, garden.pk]).update(is_good_practice=True)


def _open_call(organisations, today):
    """Palermo's call open now, with applications in several states."""
    palermo = Municipality.objects.get(country="IT", code="082053")
    assets = list(offerable_assets([palermo]).order_by("reference")[:2])
    if not assets:
        return
    now = timezone.now()
    call = services.call_create(
        municipality=palermo,
        assets=assets,
        by=_user("palermo.officer"),
        title=f"Beni confiscati per il quartiere – Palermo {today.year}",
        text="Palermo offers these confiscated assets for projects for young people, culture "
        "and social inclusion. Proposals are scored on the criteria below.",
        eligibility="Verified non-profit organisations.",
        criteria="Social impact\nInvolvement of the neighbourhood\nSustainability",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=45),
    )
    services.call_publish(call=call, by=_user("palermo.manager"))
    asset = assets[0]
    libera = _apply(
        call,
        asset,
        "ngo.libera",
        organisations["ngo.libera"],
        "culture",
        "Biblioteca di quartiere",
        submitted_at=now - datetime.timedelta(days=3),
    )
    services.application_score(
        application=libera, score=Decimal("78"), internal_notes="", by=_user("palermo.officer")
    )
    coop = _apply(
        call,
        asset,
        "ngo.coop",
        organisations["ngo.coop"],
        "social_enterprise",
        "Laboratorio di falegnameria",
        submitted_at=now - datetime.timedelta(days=2),
    )
    services.application_withdraw(application=coop, by=_user("ngo.coop"))
    _apply(
        call,
        asset,
        "ngo.aurora",
        organisations["ngo.aurora"],
        "health_care",
        "Ambulatorio solidale",
        submitted_at=None,
    )


def load_demo_reuse(*, stdout=None):
    """Load the reuse demo once. Returns the demo logins it created (or [] when present)."""
    if Organisation.objects.filter(registration_number__startswith="DEMO-").exists():
        return []
    today = timezone.localdate()
    # Decisions e-mail every applicant; the demo's backdated decisions should not.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
        pghistory.context(source="demo"),
    ):
        users = _ensure_ngo_users()
        organisations = _register_organisations(users)
        projects = []
        for code in DEMO_CONCESSIONS:
            projects.extend(_decided_call(code, organisations, today, stdout))
        for project, fate, officer, decider in projects:
            _live_the_concession(project, fate, officer, decider, today)
        services.reports_schedule(today=today)
        _file_reports(projects)
        _open_call(organisations, today)
    logins = [username for username, *_ in DEMO_ORGANISATIONS]
    if stdout:
        stdout.write(
            f"Reuse demo: {Organisation.objects.count()} organisations, {len(projects)} "
            f"concessions. NGO logins: {', '.join(logins)}."
        )
    return logins
