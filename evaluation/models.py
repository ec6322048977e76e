import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reuse_projects.models import ReuseProject


class GoodPracticeSheetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=GoodPracticeSheet.Status.PUBLISHED)


@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="GoodPracticeSheetHistory"
)
class GoodPracticeSheet(models.Model):
    """A reuse project told so that another city can copy it: written by a manager of the
    project's municipality, reviewed by a national administrator, then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    # What the manager writes (the form and the PDF list them in this order).
    TEXT_FIELDS = (
        "summary",
        "context",
        "actions",
        "partners",
        "costs",
        "funding",
        "difficulties",
        "lessons",
        "contact_name",
        "contact_email",
    )
    # What must be written before the sheet goes to review.
    REQUIRED_FOR_REVIEW = ("summary", "context", "actions", "lessons", "contact_email")

    project = models.OneToOneField(
        ReuseProject,
        on_delete=models.PROTECT,
        related_name="good_practice_sheet",
        verbose_name=_("project"),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One sentence for the list")
    )
    context = models.TextField(
        _("context"), blank=True, help_text=_("The neighbourhood, the asset, the problem")
    )
    actions = models.TextField(_("what was done"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    costs = models.TextField(_("costs"), blank=True, help_text=_("Works, running costs"))
    total_cost = models.DecimalField(
        _("total cost (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding = models.TextField(_("funding"), blank=True)
    difficulties = models.TextField(_("what went wrong"), blank=True)
    lessons = models.TextField(_("what was learned"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    review_note = models.TextField(blank=True, editable=False, verbose_name=_("review note"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    submitted_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("submitted at")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("reviewed at")
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("published at")
    )

    objects = GoodPracticeSheetQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at"]

    def __str__(self):
        return str(self.project)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def missing_for_review(self):
        return [name for name in self.REQUIRED_FOR_REVIEW if not getattr(self, name)]
