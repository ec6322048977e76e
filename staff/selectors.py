"""The staff asset list: one filtered, sorted selection of the user's assets, shared by the table
and its map."""

from django import forms
from django.db.models import Exists, FloatField, Func, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from assets_registry import lifecycle
from assets_registry.access import municipalities_of
from assets_registry.forms import offer_municipalities
from assets_registry.models import Asset
from reuse_projects import lifecycle as reuse_lifecycle
from reuse_projects.models import Call, ReuseProject

# Map colours by legal status (the staff map shows every status, not only the public ones).
STATUS_COLOURS = {
    "seized": "#b15928",
    "confiscated_first_instance": "#ff7f00",
    "confiscated_appeal": "#fdbf6f",
    "confiscated_final": "#6a3d9a",
    "released": "#999999",
    "allocated": "#1f78b4",
    "delivered": "#33a02c",
    "revoked_allocation": "#e31a1c",
    "for_sale": "#fb9a99",
    "sold": "#cab2d6",
    "demolished": "#555555",
}

SORTS = {
    "reference": ("reference",),
    "-reference": ("-reference",),
    "title": ("title", "reference"),
    "status": ("status", "reference"),
    "-status_date": ("-status_date", "reference"),
    "-updated_at": ("-updated_at", "reference"),
}


OFFERED_MUNICIPALITIES_MAX = 50


class AssetFilterForm(forms.Form):
    """The list's query string. An unknown value is a 400 naming the parameter, never ignored."""

    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    municipality = forms.ModelChoiceField(queryset=None, required=False, label=_("Municipality"))
    status = forms.ChoiceField(required=False, label=_("Status"))
    kind = forms.ChoiceField(required=False, label=_("Kind"))
    precision = forms.ChoiceField(required=False, label=_("Location precision"))
    has_location = forms.ChoiceField(
        required=False,
        label=_("Located"),
        choices=[("", "—"), ("yes", _("With a location")), ("no", _("Without a location"))],
    )
    project = forms.ChoiceField(
        required=False,
        label=_("Concession"),
        choices=[("", "—"), ("live", _("With a live concession")), ("none", _("Without one"))],
    )
    call = forms.ModelChoiceField(queryset=None, required=False, label=_("Offered in call"))
    deleted = forms.BooleanField(required=False, label=_("Deleted assets"))
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in SORTS], label=_("Sort by")
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = municipalities_of(user)
        self.fields["municipality"].queryset = municipalities
        if municipalities.count() > OFFERED_MUNICIPALITIES_MAX:
            # A national administrator works on every municipality: offered are those with
            # assets, not 7,898 options.
            offer_municipalities(
                self, "municipality", Q(pk__in=Asset.objects.values("municipality"))
            )
        self.fields["call"].queryset = Call.objects.filter(municipality__in=municipalities)
        self.fields["status"].choices = [("", "—"), *lifecycle.Status.choices]
        self.fields["kind"].choices = [("", "—"), *Asset.Kind.choices]
        self.fields["precision"].choices = [("", "—"), *Asset.LocationPrecision.choices]


def staff_assets(user, filters):
    """The user's assets (public or not) matching the cleaned filters, sorted."""
    deleted = bool(filters.get("deleted"))
    assets = Asset.objects.filter(
        municipality__in=municipalities_of(user), deleted_at__isnull=not deleted
    )
    if filters.get("q"):
        q = filters["q"].strip()
        assets = assets.filter(
            Q(reference__icontains=q)
            | Q(title__icontains=q)
            | Q(address__icontains=q)
            | Q(cadastral_reference__icontains=q)
            | Q(external_id__icontains=q)
        )
    if filters.get("municipality"):
        assets = assets.filter(municipality=filters["municipality"])
    if filters.get("status"):
        assets = assets.filter(status=filters["status"])
    if filters.get("kind"):
        assets = assets.filter(kind=filters["kind"])
    if filters.get("precision"):
        assets = assets.filter(location_precision=filters["precision"])
    if filters.get("has_location"):
        assets = assets.filter(location__isnull=filters["has_location"] == "no")
    if filters.get("project"):
        live = Exists(
            ReuseProject.objects.filter(
                asset=OuterRef("pk"), status__in=reuse_lifecycle.LIVE_PROJECT_STATUSES
            )
        )
        assets = assets.filter(live if filters["project"] == "live" else ~live)
    if filters.get("call"):
        assets = assets.filter(calls=filters["call"])
    return assets.order_by(*SORTS[filters.get("sort") or "reference"])


def map_points(assets, limit=20000):
    """[reference, title, status, lon, lat] of the located assets of a selection, for the map."""
    # Coordinates read as numbers in SQL: no geometry object is built per asset.
    rows = (
        assets.filter(location__isnull=False)
        .order_by()
        .annotate(
            lon=Func("location", function="ST_X", output_field=FloatField()),
            lat=Func("location", function="ST_Y", output_field=FloatField()),
        )
        .values_list("pk", "reference", "title", "status", "lon", "lat")[:limit]
    )
    return [
        [pk, reference, title, status, round(lon, 6), round(lat, 6)]
        for pk, reference, title, status, lon, lat in rows
    ]
