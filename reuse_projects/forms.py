from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assets_registry.forms import offer_municipalities
from assets_registry.models import Asset, Municipality
from reuse_projects import lifecycle
from reuse_projects.models import (
    Application,
    Call,
    Document,
    MonitoringReport,
    Organisation,
    OrganisationMembership,
)
from reuse_projects.selectors import open_calls
from reuse_projects.services import APPLICATION_FIELDS, REPORT_FIELDS


def add_service_errors(form, error):
    """Show a service's ValidationError next to the fields it names, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in (m for e in errors for m in e.messages):
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SignUpForm(UserCreationForm):
    """A personal account for an NGO member; the organisation is registered next."""

    email = forms.EmailField(help_text=_("Decisions on your applications are sent here."))
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email", "first_name", "last_name")


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities.order_by("name", "country")
        if municipalities.count() == 1:
            self.fields["municipality"].initial = municipalities.get()

    class Meta:
        model = Organisation
        fields = Organisation.PROFILE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class InviteMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send an invitation there; they become a member when they accept it."),
    )
    role = forms.ChoiceField(
        choices=OrganisationMembership.Role.choices, initial=OrganisationMembership.Role.MEMBER
    )


class VerifyOrganisationForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=None, label=_("Verified on behalf of"))

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if municipalities.count() == 1:
            self.fields["municipality"].initial = municipalities.get()


def staff_users(municipalities):
    """Users who work for one of these municipalities: the possible commission members."""
    return (
        get_user_model()
        .objects.filter(is_active=True, municipality_memberships__municipality__in=municipalities)
        .distinct()
        .order_by("username")
    )


class CallForm(forms.ModelForm):
    assets = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Allocated or delivered assets of the municipality that are not already taken."
        ),
    )
    reviewers = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Commission",
        help_text="Officers who score every application; the score is their mean. None: any "
        "officer of the municipality may score.",
    )

    class Meta:
        model = Call
        fields = [
            "municipality",
            "title",
            "text",
            "eligibility",
            "criteria",
            "opens_at",
            "closes_at",
            "assets",
            "reviewers",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "criteria": forms.Textarea(attrs={"rows": 4}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }

    def __init__(self, *args, municipalities, assets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["assets"].queryset = assets
        self.fields["reviewers"].queryset = staff_users(municipalities)
        self.fields["reviewers"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.get_username()} ({u.get_username()})"
        )
        self.fields["assets"].label_from_instance = lambda a: (
            f"{a.reference} · {a.title or a.get_kind_display()} · {a.address} "
            f"({a.get_status_display().lower()})"
        )
        if self.instance.pk is not None:
            # The municipality of a call never changes: its assets and staff depend on it.
            del self.fields["municipality"]
        elif municipalities.count() == 1:
            self.fields["municipality"].initial = municipalities.get()

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality") or getattr(self.instance, "municipality", None)
        for asset in cleaned.get("assets") or []:
            if municipality is not None and asset.municipality_id != municipality.pk:
                self.add_error("assets", f"{asset.reference} belongs to another municipality.")
        return cleaned


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = list(APPLICATION_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"duration_months": _("Duration (months)"), "budget": _("Budget (€)")}


class NewApplicationForm(ApplicationForm):
    organisation = forms.ModelChoiceField(queryset=None)
    asset = forms.ModelChoiceField(queryset=None)

    class Meta(ApplicationForm.Meta):
        fields = ["organisation", "asset", *APPLICATION_FIELDS]

    def __init__(self, *args, organisations, assets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["asset"].queryset = assets
        self.fields["asset"].label_from_instance = lambda a: (
            f"{a.reference} · {a.title or a.get_kind_display()} · {a.address}"
        )
        for name, choices in (("organisation", organisations), ("asset", assets)):
            if choices.count() == 1 and not self.initial.get(name):
                self.initial[name] = choices.get()


class ScoreForm(forms.Form):
    score = forms.DecimalField(
        min_value=0, max_value=100, decimal_places=2, label=_("Score (0–100)")
    )
    internal_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Seen by municipal staff only."),
    )


class CriteriaScoreForm(forms.Form):
    """A reviewer's marks for each weighted criterion of the call."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                min_value=0,
                max_value=10,
                label=f"{criterion.name} (weight {criterion.weight}): mark 0–10",
            )
        self.fields["internal_notes"] = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            help_text="Seen by municipal staff only.",
        )

    def marks(self):
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class CommissionForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Commission"
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = staff_users([call.municipality_id])
        self.fields["reviewers"].initial = list(call.reviewers.all())


class AmendCallForm(forms.Form):
    notice = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Correction notice",
        help_text="Shown on the call page and e-mailed to organisations with drafts or "
        "submissions.",
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label="Text of the call")
    eligibility = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Who may apply"
    )


class ExtendCallForm(forms.Form):
    closes_at = forms.DateTimeField(widget=DateTimeInput(), label="New closing date")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why")


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason")


class DecisionForm(forms.Form):
    """The manager's decision for one asset: whom to accept, a note for each applicant, the deed."""

    accepted = forms.ChoiceField(widget=forms.RadioSelect, label=_("Accept"))
    title = forms.CharField(
        max_length=200,
        required=False,
        label=_("Public title of the project"),
        help_text=_("Leave empty to use the application's title."),
    )
    deed_number = forms.CharField(max_length=100, required=False)
    deed_date = forms.DateField(required=False, widget=DateInput())
    concession_object = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Object of the concession"),
    )
    starts_on = forms.DateField(required=False, widget=DateInput())
    ends_on = forms.DateField(required=False, widget=DateInput())
    reporting_interval_months = forms.IntegerField(
        min_value=1, max_value=60, initial=12, label=_("Monitoring report every (months)")
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        unscored = [a for a in self.applications if a.score is None]
        if unscored:
            self.fields["confirm_unscored"] = forms.BooleanField(
                required=False,
                label="Decide without a final score for: "
                + ", ".join(a.organisation.name for a in unscored),
            )
        self.fields["accepted"].choices = [
            (str(a.pk), f"{a.organisation.name} – {a.title}") for a in self.applications
        ] + [("", _("Nobody: reject every application for this asset"))]
        self.fields["accepted"].required = False
        for application in self.applications:
            self.fields[f"note_{application.pk}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                label=f"Decision note for {application.organisation.name}",
            )

    def confirm_unscored(self):
        return bool(self.cleaned_data.get("confirm_unscored"))

    def accepted_application(self):
        chosen = self.cleaned_data.get("accepted")
        return next((a for a in self.applications if str(a.pk) == chosen), None)

    def decision_notes(self):
        return {a.pk: self.cleaned_data[f"note_{a.pk}"] for a in self.applications}

    def concession(self):
        names = ["title", "deed_number", "deed_date", "concession_object", "starts_on", "ends_on"]
        data = {name: self.cleaned_data[name] for name in names}
        if not data["title"]:
            del data["title"]  # the service takes the application's title
        data["reporting_interval_months"] = self.cleaned_data["reporting_interval_months"]
        return data


class ProjectStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    effective_date = forms.DateField(widget=DateInput())
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required for a suspension or a revocation."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s.value, s.label) for s in lifecycle.project_allowed_next(project.status)
        ]


class ReportForm(forms.ModelForm):
    class Meta:
        model = MonitoringReport
        fields = list(REPORT_FIELDS)
        widgets = {"narrative": forms.Textarea(attrs={"rows": 6})}
        labels = {
            "beneficiaries": _("People who benefited"),
            "jobs": _("Jobs"),
            "jobs_disadvantaged": _("of which for disadvantaged people"),
            "volunteers": _("Volunteers"),
            "events_held": _("Events held"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


SUBSCRIPTION_MATCHES = 50


class CallFilterForm(forms.Form):
    """The filters of /calls/ and of its feed. An unknown value is a 400, never ignored."""

    city = forms.ModelChoiceField(
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Municipality"),
    )
    kind = forms.ChoiceField(required=False, label=_("Kind of asset"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *Asset.Kind.choices]
        # Offered: the cities with a call open now. Any stays valid: a feed of a city with no
        # call yet is a fair subscription.
        offer_municipalities(
            self,
            "city",
            Q(pk__in=open_calls().values("municipality")),
            empty_label=_("Any municipality"),
        )

    def filter(self, calls):
        if self.cleaned_data.get("city"):
            calls = calls.filter(municipality=self.cleaned_data["city"])
        if self.cleaned_data.get("kind"):
            calls = calls.filter(assets__kind=self.cleaned_data["kind"]).distinct()
        return calls


class SubscriptionForm(forms.Form):
    """A subscription to the calls of one municipality. Offered: the municipalities whose name
    contains `search` (at most SUBSCRIPTION_MATCHES), else those with a call open now; offering
    every municipality put 7,909 options on the page at national scale. Any municipality of
    `municipalities` stays valid."""

    municipality = forms.ModelChoiceField(queryset=None, label=_("Municipality"))
    asset_kind = forms.ChoiceField(required=False, label=_("Kind of asset"))

    def __init__(self, *args, municipalities, search="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if search:
            offered = Q(name__icontains=search)
        else:
            offered = Q(pk__in=open_calls().values("municipality"))
        offer_municipalities(self, "municipality", offered, limit=SUBSCRIPTION_MATCHES)
        self.fields["asset_kind"].choices = [("", _("Any kind")), *Asset.Kind.choices]


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    file = forms.FileField()
    visibility = forms.ChoiceField(
        choices=Document.Visibility.choices, initial=Document.Visibility.INTERNAL
    )

    def __init__(self, *args, public_allowed=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not public_allowed:
            self.fields["visibility"].choices = [
                (Document.Visibility.INTERNAL, Document.Visibility.INTERNAL.label)
            ]
