"""The life of a reuse project (the concession) and of an application: one table each.

Like assets_registry/lifecycle.py, these tables are the one place where transitions are decided.
"""

from django.utils.translation import gettext_lazy as _

from reuse_projects.models import Application, Call, MonitoringReport, ReuseProject

P = ReuseProject.Status

PROJECT_TRANSITIONS = {
    # A signed concession may be cancelled before the organisation moves in.
    P.AGREED: {P.ACTIVE, P.REVOKED},
    P.ACTIVE: {P.SUSPENDED, P.ENDED, P.REVOKED},
    P.SUSPENDED: {P.ACTIVE, P.ENDED, P.REVOKED},
    P.ENDED: set(),
    P.REVOKED: set(),
}

# Only a manager may revoke a concession (DESIGN.md: "decide on applications, publish, revoke").
MANAGER_ONLY_PROJECT_STATUSES = frozenset({P.REVOKED})
# A suspension or a revocation must say why: the organisation and the public are told.
PROJECT_STATUSES_NEEDING_REASON = frozenset({P.SUSPENDED, P.REVOKED})
# While a project is in one of these, its asset is taken and cannot be offered in a new call.
LIVE_PROJECT_STATUSES = frozenset({P.AGREED, P.ACTIVE, P.SUSPENDED})
# Concessions the public sees (the law requires publishing the concessionaire and the deed).
PUBLIC_PROJECT_STATUSES = frozenset({P.AGREED, P.ACTIVE, P.SUSPENDED, P.ENDED, P.REVOKED})
# Monitoring reports fall due only while the organisation runs the project.
REPORTING_PROJECT_STATUSES = frozenset({P.ACTIVE, P.SUSPENDED})

C = Call.Status

CALL_TRANSITIONS = {
    C.DRAFT: {C.PUBLISHED, C.CANCELLED},
    # A published call closes early (call_close) or at its closing date, then is decided per asset.
    C.PUBLISHED: {C.CLOSED, C.DECIDED, C.CANCELLED},
    C.CLOSED: {C.DECIDED, C.CANCELLED},
    C.DECIDED: set(),
    C.CANCELLED: set(),
}
# Calls the public sees, with their documents.
PUBLIC_CALL_STATUSES = frozenset({C.PUBLISHED, C.CLOSED, C.DECIDED})
# Calls whose pending applications the manager may decide (once the closing date has passed).
DECIDABLE_CALL_STATUSES = frozenset({C.PUBLISHED, C.CLOSED})

R = MonitoringReport.Status

REPORT_TRANSITIONS = {
    # Filing again corrects a filed report, until the municipality acknowledges it.
    R.DUE: {R.FILED},
    R.FILED: {R.FILED, R.ACKNOWLEDGED},
    R.ACKNOWLEDGED: set(),
}

A = Application.Status

APPLICATION_TRANSITIONS = {
    A.DRAFT: {A.SUBMITTED},
    A.SUBMITTED: {A.UNDER_REVIEW, A.WITHDRAWN, A.ACCEPTED, A.REJECTED},
    A.UNDER_REVIEW: {A.WITHDRAWN, A.ACCEPTED, A.REJECTED},
    # A withdrawn application may be corrected and submitted again while the call is open.
    A.WITHDRAWN: {A.SUBMITTED},
    A.ACCEPTED: set(),
    A.REJECTED: set(),
}
EDITABLE_APPLICATION_STATUSES = frozenset({A.DRAFT, A.WITHDRAWN})
# Applications the database allows once per organisation, asset and call.
LIVE_APPLICATION_STATUSES = frozenset({A.SUBMITTED, A.UNDER_REVIEW, A.ACCEPTED})
PENDING_DECISION_STATUSES = frozenset({A.SUBMITTED, A.UNDER_REVIEW})


class IllegalTransition(ValueError):
    pass


def _labels(statuses):
    return ", ".join(str(s.label).lower() for s in sorted(statuses)) or _("none")


def check_project_transition(current, new):
    """Raise IllegalTransition with a message the officer can act on."""
    current, new = P(current), P(new)
    if new == current:
        raise IllegalTransition(
            _("The project is already %(status)s.") % {"status": str(current.label).lower()}
        )
    if new not in PROJECT_TRANSITIONS[current]:
        raise IllegalTransition(
            _("A project cannot go from %(current)s to %(new)s. Allowed next steps: %(allowed)s.")
            % {
                "current": str(current.label).lower(),
                "new": str(new.label).lower(),
                "allowed": _labels(PROJECT_TRANSITIONS[current]),
            }
        )


def project_allowed_next(status):
    return sorted(PROJECT_TRANSITIONS[P(status)])


def check_call_transition(current, new):
    current, new = C(current), C(new)
    if new not in CALL_TRANSITIONS[current]:
        raise IllegalTransition(
            _("A %(current)s call cannot become %(new)s.")
            % {"current": str(current.label).lower(), "new": str(new.label).lower()}
        )


def check_report_transition(current, new):
    current, new = R(current), R(new)
    if new not in REPORT_TRANSITIONS[current]:
        raise IllegalTransition(
            _("A %(current)s report cannot become %(new)s.")
            % {"current": str(current.label).lower(), "new": str(new.label).lower()}
        )


def check_application_transition(current, new):
    current, new = A(current), A(new)
    if new not in APPLICATION_TRANSITIONS[current]:
        raise IllegalTransition(
            f"An application cannot go from {current.label.lower()} to {new.label.lower()}."
        )


# What a manager may still do to a call without changing its status: correct it (a notice) and
# move its closing date later. Only while it is published: afterwards applicants cannot react.
CALL_AMENDABLE_STATUSES = frozenset({C.PUBLISHED})
# Calls whose ranking is public: the decision is taken.
RANKING_PUBLIC_CALL_STATUSES = frozenset({C.DECIDED})
# Calls whose commission may still change: before the scoring is over.
COMMISSION_EDITABLE_CALL_STATUSES = frozenset({C.DRAFT, C.PUBLISHED, C.CLOSED})


def check_call_amendable(current):
    current = C(current)
    if current not in CALL_AMENDABLE_STATUSES:
        raise IllegalTransition(
            f"A {current.label.lower()} call cannot be amended or extended: only a published one."
        )
