"""Admin forms for assets (they validate; the admin saves through assets_registry.services), and
the way every form offers a choice of municipalities."""

from dataclasses import dataclass

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from assets_registry import lifecycle
from assets_registry.models import Asset, Municipality


def offer_municipalities(form, name, offered, *, empty_label="---------", limit=None):
    """Show in `form`'s municipality select `name` only those matching `offered` (a Q) and the
    one asked for, while any municipality of the field's queryset stays valid. A select of every
    municipality was 7,909 options at national scale (400 KB, most of a second to render). The
    options send what the field's `to_field_name` names (a slug) or the primary key."""
    field = form.fields[name]
    key = field.to_field_name or "pk"
    asked = form.data.get(form.add_prefix(name), "")
    if asked and (key != "pk" or asked.isdigit()):
        offered |= Q(**{key: asked})
    rows = field.queryset.filter(offered).order_by("name", "pk").values_list(key, "name")
    field.widget.choices = [("", empty_label), *rows[:limit]]


# Above this many municipalities a form's select is not offered whole (7,898 at national scale:
# 360 KB of options and 1.6 s to render): the page first asks which municipality.
MUNICIPALITY_OPTIONS_MAX = 200
MUNICIPALITY_MATCHES = 50


@dataclass
class MunicipalityScope:
    """The municipalities a form offers, and, while none is chosen among too many, the search that
    lists them to choose from (`matches` is None when the form is shown)."""

    municipalities: QuerySet
    search: str = ""
    matches: list | None = None
    chosen: Municipality | None = None


def municipality_scope(request, municipalities):
    """For a form whose municipality is one of `municipalities`: all of them when they are at most
    MUNICIPALITY_OPTIONS_MAX (a municipal officer's, a province's). Past that (a national
    administrator; every municipality for an organisation), the one named by `?municipality=`
    (or posted), else no form yet: the municipalities whose name contains `?q=` (at most
    MUNICIPALITY_MATCHES) to choose from. One named but not among them offers none, so that the
    form says its choice is not valid."""
    if municipalities.count() <= MUNICIPALITY_OPTIONS_MAX:
        return MunicipalityScope(municipalities)
    asked = request.POST.get("municipality") or request.GET.get("municipality") or ""
    if asked:
        chosen = municipalities.filter(pk=asked if asked.isdigit() else None)
        return MunicipalityScope(chosen, chosen=chosen.first())
    search = request.GET.get("q", "").strip()[:100]
    matches = []
    if search:
        matches = list(
            municipalities.filter(name__icontains=search)
            .order_by("name", "province", "pk")
            .only("pk", "name", "province")[:MUNICIPALITY_MATCHES]
        )
    return MunicipalityScope(municipalities, search=search, matches=matches)


def _valid_effective_date(date):
    """The lifecycle's date rule, shown next to the field before the service is asked."""
    try:
        lifecycle.validate_effective_date(date)
    except ValidationError as error:
        raise forms.ValidationError(error.message_dict["effective_date"]) from None


class AssetAddForm(forms.ModelForm):
    """A new asset and the status it is in when first logged (its first status event)."""

    initial_status = forms.ChoiceField(
        choices=lifecycle.Status.choices,
        help_text=_("The legal status of the asset today, e.g. seized or confiscated (final)."),
    )
    effective_date = forms.DateField(
        widget=AdminDateWidget,
        validators=[_valid_effective_date],
        help_text=_("When that status took effect (date of the decree or deed)."),
    )
    status_reference = forms.CharField(
        max_length=200, required=False, help_text=_("Decree or deed reference")
    )
    status_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    class Meta:
        model = Asset
        fields = ("municipality", *Asset.DESCRIPTIVE_FIELDS)


class AssetChangeForm(forms.ModelForm):
    """An asset's descriptive fields, and the version the officer opened (optimistic locking)."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Asset
        fields = Asset.DESCRIPTIVE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("opened_version")
        if opened is not None and opened != self.instance.version:
            raise forms.ValidationError(
                _(
                    "Someone else changed this asset since you opened it (version %(opened)s, "
                    "now %(current)s). Open it again to see their changes, then redo yours."
                ),
                params={"opened": opened, "current": self.instance.version},
                code="stale",
            )
        return cleaned_data

    @property
    def changed_asset_fields(self):
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name != "opened_version"
        }


class RecordStatusForm(forms.Form):
    """The next legal status of an asset: only the steps the lifecycle allows from its status."""

    status = forms.ChoiceField()
    effective_date = forms.DateField(widget=AdminDateWidget)
    reference = forms.CharField(
        max_length=200, required=False, help_text=_("Decree or deed reference")
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, asset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, lifecycle.Status(status).label)
            for status in lifecycle.allowed_next(asset.status)
        ]
