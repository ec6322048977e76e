"""Workflows of social reuse, one module per workflow. Each validates everything before it
writes, atomically, and records the acting user in the audit trail. Callers find the object through
reuse_projects.access (what a user may see); the rules on who may do what that no caller may skip
(revoking a concession, closing, cancelling and deciding a call are a manager's; application
documents are internal) are enforced here.

Callers use `services.<name>`; the names below are the package's interface.
"""

from reuse_projects.services.applications import (
    APPLICATION_FIELDS,
    SCORE_MAX,
    SCORE_MIN,
    application_create,
    application_score,
    application_submit,
    application_update,
    application_withdraw,
)
from reuse_projects.services.calls import (
    AMENDABLE_FIELDS,
    CONCESSION_FIELDS,
    call_amend,
    call_cancel,
    call_close,
    call_create,
    call_decide_asset,
    call_extend,
    call_publish,
    call_set_commission,
    call_update,
)
from reuse_projects.services.documents import (
    OWNER_FIELDS,
    document_attach,
)
from reuse_projects.services.organisations import (
    invitation_accept,
    invitation_for_token,
    organisation_invite,
    organisation_register,
    organisation_verify,
)
from reuse_projects.services.projects import (
    project_change_status,
)
from reuse_projects.services.reports import (
    REPORT_FIELDS,
    REPORT_GRACE_DAYS,
    add_months,
    report_acknowledge,
    report_file,
    reporting_periods,
    reports_schedule,
    reports_send_reminders,
)
from reuse_projects.services.scoring import (
    application_score_criteria,
    may_score,
)

__all__ = [
    "AMENDABLE_FIELDS",
    "application_score_criteria",
    "call_amend",
    "call_extend",
    "call_set_commission",
    "may_score",
    "reports_send_reminders",
    "APPLICATION_FIELDS",
    "CONCESSION_FIELDS",
    "OWNER_FIELDS",
    "REPORT_FIELDS",
    "REPORT_GRACE_DAYS",
    "SCORE_MAX",
    "SCORE_MIN",
    "add_months",
    "application_create",
    "application_score",
    "application_submit",
    "application_update",
    "application_withdraw",
    "call_cancel",
    "call_close",
    "call_create",
    "call_decide_asset",
    "call_publish",
    "call_update",
    "document_attach",
    "invitation_accept",
    "invitation_for_token",
    "organisation_invite",
    "organisation_register",
    "organisation_verify",
    "project_change_status",
    "report_acknowledge",
    "report_file",
    "reporting_periods",
    "reports_schedule",
]
