import datetime

import pghistory
from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets_registry.models import Asset, Municipality


class UseCategory(models.TextChoices):
    SOCIAL_HOUSING = "social_housing", _("Social housing")
    SHELTER = "shelter", _("Shelter for victims")
    YOUTH_EDUCATION = "youth_education", _("Youth and education")
    CULTURE = "culture", _("Culture")
    SPORT = "sport", _("Sport")
    AGRICULTURE_FOOD = "agriculture_food", _("Agriculture and food")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise and employment")
    HEALTH_CARE = "health_care", _("Health and care")
    COMMUNITY_CENTRE = "community_centre", _("Civic and community centre")
    ENVIRONMENT = "environment", _("Environment")
    INSTITUTIONAL = "institutional", _("Public institutional use")
    OTHER = "other", _("Other")


# Colours of reuse projects on maps, by use category (colour-blind-safe where the palette allows).
# A category added without a colour is drawn in the default grey rather than breaking the maps.
DEFAULT_USE_COLOUR = "#7f7f7f"
_USE_PALETTE = {
    UseCategory.SOCIAL_HOUSING: "#1f77b4",
    UseCategory.SHELTER: "#d62728",
    UseCategory.YOUTH_EDUCATION: "#ff7f0e",
    UseCategory.CULTURE: "#9467bd",
    UseCategory.SPORT: "#2ca02c",
    UseCategory.AGRICULTURE_FOOD: "#8c564b",
    UseCategory.SOCIAL_ENTERPRISE: "#e377c2",
    UseCategory.HEALTH_CARE: "#17becf",
    UseCategory.COMMUNITY_CENTRE: "#bcbd22",
    UseCategory.ENVIRONMENT: "#006d2c",
    UseCategory.INSTITUTIONAL: "#393b79",
}
USE_COLOURS = {use: _USE_PALETTE.get(use, DEFAULT_USE_COLOUR) for use in UseCategory.values}


def use_colour(use):
    """The map colour of a use category; the default for one that has none (or no longer exists)."""
    return USE_COLOURS.get(use, DEFAULT_USE_COLOUR)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="OrganisationHistory")
class Organisation(models.Model):
    """An association, cooperative or social enterprise that may apply to reuse assets."""

    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        SOCIAL_COOPERATIVE = "social_cooperative", _("Social cooperative")
        COOPERATIVE = "cooperative", _("Cooperative")
        FOUNDATION = "foundation", _("Foundation")
        SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
        PUBLIC_BODY = "public_body", _("Public body")
        OTHER = "other", _("Other")

    # What the organisation's members fill in about it (verification is the municipality's).
    PROFILE_FIELDS = (
        "name",
        "legal_form",
        "registration_number",
        "country",
        "municipality",
        "address",
        "contact_name",
        "contact_email",
        "contact_phone",
        "website",
        "description",
    )

    name = models.CharField(max_length=200, verbose_name=_("name"))
    legal_form = models.CharField(
        max_length=30, choices=LegalForm.choices, verbose_name=_("legal form")
    )
    registration_number = models.CharField(
        max_length=60,
        unique=True,
        help_text=_("Tax code, chamber of commerce or KvK number"),
        verbose_name=_("registration number"),
    )
    country = models.CharField(max_length=2, default="IT", verbose_name=_("country"))
    # The organisation's home: only staff of this municipality (or a national administrator)
    # verify it. Empty only for organisations registered before homes existed.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        related_name="home_organisations",
        verbose_name=_("home municipality"),
        help_text=_("Where the organisation is based; that municipality verifies it"),
    )
    address = models.CharField(max_length=300, blank=True, verbose_name=_("address"))
    contact_name = models.CharField(max_length=200, blank=True, verbose_name=_("contact name"))
    contact_email = models.EmailField(verbose_name=_("contact email"))
    contact_phone = models.CharField(max_length=40, blank=True, verbose_name=_("contact phone"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    verified_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("verified at")
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("verified by"),
    )
    verified_by_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by municipality"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.municipality_id and self.municipality.country != self.country:
            raise ValidationError(
                {"municipality": _("The home municipality must be in the organisation's country.")}
            )

    @property
    def is_verified(self):
        return self.verified_at is not None


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="OrganisationMembershipHistory",
)
class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator (may invite members)")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.MEMBER, verbose_name=_("role")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="organisation_membership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} of {self.organisation}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="InvitationHistory")
class Invitation(models.Model):
    """An invitation to join an organisation, sent to an e-mail address: membership only when the
    person who reads it accepts, before it expires. Only a hash of the link's token is stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")

    VALID_FOR = datetime.timedelta(days=14)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(verbose_name=_("e-mail address"))
    role = models.CharField(
        max_length=20,
        choices=OrganisationMembership.Role.choices,
        default=OrganisationMembership.Role.MEMBER,
        verbose_name=_("role"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    accepted_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("accepted at")
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} to {self.organisation}"

    @property
    def status(self):
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="CallHistory")
class Call(models.Model):
    """A call for proposals: a municipality offers assets for social reuse."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        DECIDED = "decided", _("Decided")
        CANCELLED = "cancelled", _("Cancelled")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="calls", verbose_name=_("municipality")
    )
    assets = models.ManyToManyField(Asset, related_name="calls", verbose_name=_("assets"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    text = models.TextField(verbose_name=_("text"))
    eligibility = models.TextField(blank=True, verbose_name=_("eligibility"))
    criteria = models.TextField(
        blank=True,
        help_text=_('Scoring criteria, one per line, each with its weight: "Social impact | 40"'),
        verbose_name=_("criteria"),
    )
    opens_at = models.DateTimeField(verbose_name=_("opens at"))
    closes_at = models.DateTimeField(verbose_name=_("closes at"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("published at")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    # The commission: the officers who score every application. Empty: any officer of the
    # municipality may score, and one complete score sheet is enough.
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="reviewed_calls",
        verbose_name=_("commission"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call must close after it opens.")})

    def is_open(self, now=None):
        """Published and within its window: the only time applications may be submitted."""
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.opens_at <= now < self.closes_at

    def has_closed(self, now=None):
        return self.closes_at <= (now or timezone.now())

    def criteria_list(self):
        return [name for name, _weight in self.parse_criteria()]

    def parse_criteria(self):
        """[(name, weight)] from the criteria text, "Name | weight" per line. Criteria without
        weights are a plain list (weight None): such a call is scored with one overall number."""
        parsed = []
        for number, line in enumerate(self.criteria.splitlines(), start=1):
            if not line.strip():
                continue
            name, bar, weight = line.partition("|")
            name, weight = name.strip(), weight.strip()
            if not name:
                raise ValidationError({"criteria": _("Line %d has a weight but no name.") % number})
            if bar and (not weight.isdigit() or not 1 <= int(weight) <= 1000):
                raise ValidationError(
                    {
                        "criteria": _(
                            "Line %(n)d: the weight must be a whole number from 1 to 1000."
                        )
                        % {"n": number}
                    }
                )
            parsed.append((name[:200], int(weight) if bar else None))
        weighted = {weight is not None for _name, weight in parsed}
        if len(weighted) > 1:
            raise ValidationError(
                {"criteria": _('Give every criterion a weight ("Name | 40"), or none.')}
            )
        return parsed


class CallCriterion(models.Model):
    """One weighted scoring criterion of a call (kept in step with Call.criteria while a draft)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="weighted_criteria")
    position = models.PositiveSmallIntegerField(verbose_name=_("position"))
    name = models.CharField(max_length=200, verbose_name=_("criterion"))
    weight = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], verbose_name=_("weight")
    )

    class Meta:
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="call_criterion_position"),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight})"


@pghistory.track(pghistory.InsertEvent(), model_name="CallNoticeHistory")
class CallNotice(models.Model):
    """A published correction, extension, early closure or cancellation, shown on the call page
    and sent to the organisations concerned."""

    class Kind(models.TextChoices):
        AMENDMENT = "amendment", _("Correction notice")
        EXTENSION = "extension", _("Extension")
        CLOSURE = "closure", _("Early closure")
        CANCELLATION = "cancellation", _("Cancellation")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    text = models.TextField(verbose_name=_("text"))
    closes_at_before = models.DateTimeField(
        null=True, blank=True, verbose_name=_("closing date before")
    )
    closes_at_after = models.DateTimeField(
        null=True, blank=True, verbose_name=_("closing date after")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["call", "created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.call}"


class CallSubscription(models.Model):
    """Someone wants an e-mail when a call opens in this municipality (for this kind of asset)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_subscriptions"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    asset_kind = models.CharField(
        max_length=20,
        choices=Asset.Kind.choices,
        blank=True,
        help_text=_("Empty: every kind"),
        verbose_name=_("kind of asset"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "asset_kind"], name="call_subscription_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.municipality} {self.asset_kind}".strip()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="ApplicationHistory")
class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="applications", verbose_name=_("asset")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    use_category = models.CharField(
        max_length=30, choices=UseCategory.choices, verbose_name=_("use category")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(verbose_name=_("description"))
    beneficiaries = models.TextField(
        blank=True, help_text=_("Who benefits, and how many"), verbose_name=_("beneficiaries")
    )
    budget = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name=_("budget"),
    )
    duration_months = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("duration months")
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    submitted_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("submitted at")
    )
    # Given at the first submission and quoted in the receipt: the applicant's proof of filing.
    protocol_number = models.CharField(
        max_length=40, blank=True, editable=False, verbose_name=_("protocol number")
    )
    score = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, verbose_name=_("score")
    )
    internal_notes = models.TextField(blank=True, verbose_name=_("internal notes"))
    decision_note = models.TextField(blank=True, verbose_name=_("decision note"))
    decided_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("decided at")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("decided by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live application per organisation, asset and call.
            models.UniqueConstraint(
                fields=["call", "asset", "organisation"],
                condition=models.Q(status__in=["submitted", "under_review", "accepted"]),
                name="application_one_submitted_per_org_asset_call",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.asset.reference} ({self.get_status_display()})"


@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="CriterionScoreHistory"
)
class CriterionScore(models.Model):
    """A reviewer's mark (0–10) for one criterion of one application."""

    MARK_MAX = 10

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="criterion_scores"
    )
    criterion = models.ForeignKey(CallCriterion, on_delete=models.PROTECT, related_name="scores")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    mark = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(MARK_MAX)], verbose_name=_("mark")
    )
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "reviewer"], name="criterion_score_unique"
            ),
        ]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="ReuseProjectHistory")
class ReuseProject(models.Model):
    """The concession: an organisation reuses a confiscated asset for the community."""

    class Status(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")
        REVOKED = "revoked", _("Revoked")

    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="reuse_projects", verbose_name=_("asset")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reuse_projects",
        verbose_name=_("organisation"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("application"),
    )
    use_category = models.CharField(
        max_length=30, choices=UseCategory.choices, verbose_name=_("use category")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    deed_number = models.CharField(max_length=100, blank=True, verbose_name=_("deed number"))
    deed_date = models.DateField(null=True, blank=True, verbose_name=_("deed date"))
    concession_object = models.TextField(blank=True, verbose_name=_("concession object"))
    starts_on = models.DateField(null=True, blank=True, verbose_name=_("starts on"))
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("ends on"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AGREED, verbose_name=_("status")
    )
    status_reason = models.TextField(blank=True, verbose_name=_("status reason"))
    status_changed_on = models.DateField(null=True, blank=True, verbose_name=_("status changed on"))
    reporting_interval_months = models.PositiveSmallIntegerField(
        default=12,
        help_text=_("How often the organisation files a monitoring report"),
        verbose_name=_("reporting interval months"),
    )
    is_good_practice = models.BooleanField(
        default=False,
        help_text=_("Shown on /practices/ for other cities to learn from"),
        verbose_name=_("is good practice"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["-starts_on", "-created_at"]

    def __str__(self):
        return self.title

    def overdue_reports(self, today=None):
        return self.monitoring_reports.overdue(today)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The concession cannot end before it starts.")})

    def save(self, *args, **kwargs):
        # lifecycle imports this module.
        from reuse_projects.lifecycle import LIVE_PROJECT_STATUSES

        super().save(*args, **kwargs)
        # A shelter for victims must not be found from the public map: whenever such a project is
        # saved live, its asset's location becomes protected (staff may lift it after it ends).
        if self.use_category == UseCategory.SHELTER and self.status in LIVE_PROJECT_STATUSES:
            Asset.objects.filter(pk=self.asset_id, protected_location=False).update(
                protected_location=True
            )


class MonitoringReportQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Reports still not filed after their due date."""
        today = today or timezone.localdate()
        return self.filter(status=MonitoringReport.Status.DUE, due_on__lt=today)


@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="MonitoringReportHistory"
)
class MonitoringReport(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("Due")
        FILED = "filed", _("Filed")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    project = models.ForeignKey(
        ReuseProject,
        on_delete=models.PROTECT,
        related_name="monitoring_reports",
        verbose_name=_("project"),
    )
    period_start = models.DateField(verbose_name=_("period start"))
    period_end = models.DateField(verbose_name=_("period end"))
    due_on = models.DateField(verbose_name=_("due on"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DUE, verbose_name=_("status")
    )
    beneficiaries = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("beneficiaries")
    )
    jobs = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("jobs"))
    jobs_disadvantaged = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("jobs disadvantaged")
    )
    volunteers = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("volunteers"))
    events_held = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("events held"))
    narrative = models.TextField(blank=True, verbose_name=_("narrative"))
    filed_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("filed at")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("filed by"),
    )
    acknowledged_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("acknowledged at")
    )
    # When the reminders went out (each is sent once).
    reminded_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("reminded at")
    )
    overdue_notified_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("overdue notified at")
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("acknowledged by"),
    )

    objects = MonitoringReportQuerySet.as_manager()

    class Meta:
        ordering = ["project", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_start"], name="report_one_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.period_start} – {self.period_end}"

    def is_overdue(self, today=None):
        return self.status == self.Status.DUE and self.due_on < (today or timezone.localdate())

    def clean(self):
        both = self.jobs is not None and self.jobs_disadvantaged is not None
        if both and self.jobs_disadvantaged > self.jobs:
            raise ValidationError(
                {"jobs_disadvantaged": _("Cannot exceed the total number of jobs.")}
            )


def document_upload_path(document, filename):
    # Never trust the uploaded name for the path: the stored name is random.
    return f"documents/{document.uploaded_at:%Y/%m}/{document.storage_name}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="DocumentHistory")
class Document(models.Model):
    """A file attached to exactly one asset, call, application, project or monitoring report."""

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        PUBLIC = "public", _("Public")

    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("asset"),
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("call"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("application"),
    )
    project = models.ForeignKey(
        ReuseProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("project"),
    )
    report = models.ForeignKey(
        MonitoringReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("report"),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    file = models.FileField(upload_to=document_upload_path, max_length=300, verbose_name=_("file"))
    storage_name = models.CharField(max_length=80, editable=False, verbose_name=_("storage name"))
    original_name = models.CharField(
        max_length=255, editable=False, verbose_name=_("original name")
    )
    content_type = models.CharField(max_length=100, editable=False, verbose_name=_("content type"))
    size = models.PositiveBigIntegerField(editable=False, verbose_name=_("size"))
    sha256 = models.CharField(max_length=64, editable=False, verbose_name=_("sha256"))
    is_photo = models.BooleanField(default=False, editable=False, verbose_name=_("is photo"))
    # Photos only: the re-encoded copy without EXIF/GPS that the public gets, and its thumbnail.
    public_file = models.FileField(
        max_length=300, blank=True, editable=False, verbose_name=_("public file")
    )
    thumbnail = models.FileField(
        max_length=300, blank=True, editable=False, verbose_name=_("thumbnail")
    )
    visibility = models.CharField(
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
        verbose_name=_("visibility"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(editable=False, verbose_name=_("uploaded at"))
    deleted_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("deleted at")
    )

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    asset__isnull=False, call=None, application=None, project=None, report=None
                )
                | models.Q(
                    asset=None, call__isnull=False, application=None, project=None, report=None
                )
                | models.Q(
                    asset=None, call=None, application__isnull=False, project=None, report=None
                )
                | models.Q(
                    asset=None, call=None, application=None, project__isnull=False, report=None
                )
                | models.Q(
                    asset=None, call=None, application=None, project=None, report__isnull=False
                ),
                name="document_exactly_one_owner",
            ),
        ]

    def __str__(self):
        return self.title
