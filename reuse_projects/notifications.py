"""Who is told what, by e-mail (sent after commit: see common.mail)."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from assets_registry.models import Jurisdiction, MunicipalityMembership
from common.i18n import language_of
from common.mail import send_after_commit
from reuse_projects.models import Application, CallSubscription


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path if getattr(settings, "SITE_URL", "") else path


def organisation_addresses(organisation):
    """{address: language}: each member in the language they chose; the organisation's contact
    address, which is nobody's account, in the language of the organisation's country."""
    jurisdiction = Jurisdiction.of_country(organisation.country or "")
    country_language = jurisdiction.language if jurisdiction else None
    addresses = {organisation.contact_email: country_language or settings.LANGUAGE_CODE}
    for membership in organisation.memberships.select_related("user"):
        if membership.user.email:
            addresses[membership.user.email] = language_of(membership.user, country_language)
    return addresses


def staff_addresses(municipality_id):
    memberships = MunicipalityMembership.objects.filter(
        municipality_id=municipality_id
    ).select_related("user")
    return {
        m.user.email: language_of(m.user) for m in memberships if m.user.email and m.user.is_active
    }


def application_submitted(application):
    """The applicant's receipt with its protocol number; the municipality's staff are told."""
    url = _absolute(reverse("reuse_projects:application_detail", args=[application.pk]))
    context = {"application": application, "call": application.call, "url": url}
    send_after_commit(
        "reuse_projects/email/receipt", context, organisation_addresses(application.organisation)
    )
    send_after_commit(
        "reuse_projects/email/new_submission",
        context,
        staff_addresses(application.call.municipality_id),
    )


def call_notice(notice):
    """A correction, extension, closure or cancellation, to every organisation with a draft or a
    submission on the call."""
    call = notice.call
    organisations = {
        application.organisation
        for application in Application.objects.filter(call=call).select_related("organisation")
    }
    addresses = {}
    for organisation in organisations:
        addresses |= organisation_addresses(organisation)
    url = _absolute(reverse("reuse_projects:call_detail", args=[call.pk]))
    send_after_commit(
        "reuse_projects/email/call_notice", {"call": call, "notice": notice, "url": url}, addresses
    )


def call_published(call):
    """Subscribers to the call's municipality (and to the kind of one of its assets)."""
    kinds = set(call.assets.values_list("kind", flat=True))
    subscriptions = CallSubscription.objects.filter(
        Q(asset_kind="") | Q(asset_kind__in=kinds), municipality=call.municipality_id
    ).select_related("user")
    addresses = {
        s.user.email: language_of(s.user)
        for s in subscriptions
        if s.user.email and s.user.is_active
    }
    url = _absolute(reverse("reuse_projects:call_detail", args=[call.pk]))
    send_after_commit("reuse_projects/email/new_call", {"call": call, "url": url}, addresses)


def report_reminder(report, *, overdue):
    """Before a monitoring report falls due (to the concessionaire), and when it is overdue (to
    the concessionaire and the municipality's staff)."""
    project = report.project
    addresses = organisation_addresses(project.organisation)
    if overdue:
        addresses |= staff_addresses(project.asset.municipality_id)
    url = _absolute(reverse("reuse_projects:report_detail", args=[report.pk]))
    send_after_commit(
        "reuse_projects/email/report_reminder",
        {"report": report, "project": project, "overdue": overdue, "url": url},
        addresses,
    )
