"""Forms of the staff workspace. They validate input; the services decide and write."""

from django import forms
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assets_registry import lifecycle
from assets_registry.models import Asset
from reuse_projects.forms import DateInput
from reuse_projects.models import Document

# The fields typed in the form; location and parcels come from the map widget's inputs.
TYPED_FIELDS = tuple(
    name for name in Asset.DESCRIPTIVE_FIELDS if name not in ("location", "parcels")
)
# Where a service's error on a geometry is shown: next to the input that holds it.
ERROR_FIELDS = {"location": "longitude", "parcels": "parcels_geojson"}


class AssetForm(forms.ModelForm):
    """An asset's descriptive fields, its location as typed (or clicked) coordinates and its
    parcel as GeoJSON drawn on the map (or pasted)."""

    longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, label=_("Longitude (WGS 84)")
    )
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, label=_("Latitude (WGS 84)")
    )
    parcels_geojson = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Parcel polygon"),
        help_text=_("Drawn on the map, or GeoJSON / WKT in longitude, latitude."),
    )

    class Meta:
        model = Asset
        fields = ("municipality", *TYPED_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if self.instance.pk is not None:
            # An asset never moves to another municipality: its reference is that municipality's.
            del self.fields["municipality"]
            if self.instance.location is not None:
                self.initial["longitude"] = round(self.instance.location.x, 7)
                self.initial["latitude"] = round(self.instance.location.y, 7)
            if self.instance.parcels is not None:
                self.initial["parcels_geojson"] = self.instance.parcels.geojson
        elif municipalities.count() == 1:
            self.fields["municipality"].initial = municipalities.get()

    def clean(self):
        cleaned = super().clean()
        lon, lat = cleaned.get("longitude"), cleaned.get("latitude")
        if (lon is None) != (lat is None):
            self.add_error("longitude", _("Give both longitude and latitude, or neither."))
        cleaned["location"] = (
            Point(lon, lat, srid=4326) if lon is not None and lat is not None else None
        )
        cleaned["parcels"] = None
        text = (cleaned.get("parcels_geojson") or "").strip()
        if text:
            try:
                geometry = GEOSGeometry(text)
            except (GEOSException, ValueError, TypeError):
                self.add_error("parcels_geojson", _("Not a polygon in GeoJSON or WKT."))
            else:
                if geometry.srid is None:
                    geometry.srid = 4326
                if geometry.geom_type == "Polygon":
                    geometry = MultiPolygon(geometry, srid=geometry.srid)
                if geometry.geom_type != "MultiPolygon":
                    self.add_error("parcels_geojson", _("The parcel must be a polygon."))
                else:
                    cleaned["parcels"] = geometry
        # The model's own checks (point inside the boundary, precision needs a point) run next,
        # on the instance: give it the geometries.
        self.instance.location = cleaned["location"]
        self.instance.parcels = cleaned["parcels"]
        return cleaned

    def _update_errors(self, errors):
        # The model names the geometry fields; show their errors next to the inputs that hold them.
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {ERROR_FIELDS.get(name, name): e for name, e in errors.error_dict.items()}
            )
        super()._update_errors(errors)

    def asset_data(self):
        data = {name: self.cleaned_data[name] for name in TYPED_FIELDS}
        data["location"] = self.cleaned_data["location"]
        data["parcels"] = self.cleaned_data["parcels"]
        return data

    def add_service_errors(self, error):
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                name = ERROR_FIELDS.get(name, name)
                for message in (m for e in errors for m in e.messages):
                    self.add_error(name if name in self.fields else None, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class NewAssetForm(AssetForm):
    """A new asset also says which legal status it is in today (its first status event)."""

    initial_status = forms.ChoiceField(choices=lifecycle.Status.choices, label=_("Status today"))
    effective_date = forms.DateField(widget=DateInput(), label=_("Since"))
    status_reference = forms.CharField(
        max_length=200, required=False, label=_("Decree or deed reference")
    )


class EditAssetForm(AssetForm):
    opened_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version


class RecordStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Next status"))
    effective_date = forms.DateField(widget=DateInput(), label=_("Effective date"))
    reference = forms.CharField(max_length=200, required=False, label=_("Decree or deed reference"))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, asset, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the legal next steps are offered; the service checks again.
        self.fields["status"].choices = [
            (s.value, s.label) for s in lifecycle.allowed_next(asset.status)
        ]


class DeleteAssetForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("Why is it deleted?"), max_length=2000
    )


class AssetDocumentForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, label=_("Title"))
    file = forms.FileField(label=_("File (decree, plan, photo)"))
    visibility = forms.ChoiceField(
        choices=Document.Visibility.choices,
        initial=Document.Visibility.INTERNAL,
        label=_("Visibility"),
        help_text=_("Public photos are shown on the public asset page without their GPS data."),
    )
