from django import forms
from django.utils.translation import gettext_lazy as _

from assets_registry.models import Asset
from evaluation import stats
from evaluation.models import GoodPracticeSheet
from evaluation.selectors import SIZE_BANDS
from reuse_projects.models import Organisation, UseCategory

YEAR_LIMITS = {"min_value": 1900, "max_value": 2100}


class StatsFilterForm(forms.Form):
    """The dashboard's filters. Bad values are a 400 naming the field, never a 500."""

    country = forms.RegexField(regex=r"^[A-Z]{2}$", required=False, label=_("Country"))
    region = forms.CharField(max_length=200, required=False, label=_("Region"))
    province = forms.CharField(max_length=200, required=False, label=_("Province"))
    municipality = forms.SlugField(max_length=120, required=False, label=_("Municipality"))
    year_from = forms.IntegerField(required=False, label=_("From year"), **YEAR_LIMITS)
    year_to = forms.IntegerField(required=False, label=_("To year"), **YEAR_LIMITS)
    kind = forms.ChoiceField(
        choices=[("", _("Any kind"))] + list(Asset.Kind.choices), required=False, label=_("Kind")
    )
    use = forms.ChoiceField(
        choices=[("", _("Any use"))] + list(UseCategory.choices), required=False, label=_("Use")
    )
    level = forms.ChoiceField(
        choices=list(stats.LEVELS.items()), required=False, label=_("Compare by")
    )
    view = forms.ChoiceField(
        choices=[("public", _("Public data")), ("staff", _("Staff view"))],
        required=False,
        label=_("Data"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and end < start:
            self.add_error("year_to", _("The period must end after it starts."))
        return data

    def filters(self, *, staff_allowed):
        data = self.cleaned_data
        return stats.Filters(
            country=data["country"],
            region=data["region"],
            province=data["province"],
            municipality=data["municipality"],
            year_from=data["year_from"],
            year_to=data["year_to"],
            kind=data["kind"],
            use=data["use"],
            level=data["level"] or "municipality",
            staff_view=staff_allowed and data["view"] != "public",
        )


class PracticeFilterForm(forms.Form):
    use = forms.ChoiceField(
        choices=[("", _("Any use"))] + list(UseCategory.choices), required=False, label=_("Use")
    )
    country = forms.RegexField(regex=r"^[A-Z]{2}$", required=False, label=_("Country"))
    size = forms.ChoiceField(
        choices=[("", _("Any size"))] + [(k, v[0]) for k, v in SIZE_BANDS.items()],
        required=False,
        label=_("Size of the asset"),
    )
    legal_form = forms.ChoiceField(
        choices=[("", _("Any organisation"))] + list(Organisation.LegalForm.choices),
        required=False,
        label=_("Kind of organisation"),
    )


class SheetForm(forms.ModelForm):
    class Meta:
        model = GoodPracticeSheet
        fields = (*GoodPracticeSheet.TEXT_FIELDS, "total_cost")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("return", _("Send back to the author"))],
        label=_("Decision"),
    )
    note = forms.CharField(widget=forms.Textarea, required=False, label=_("Note to the author"))
