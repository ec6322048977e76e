from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from assets_registry.importing import FIELDS, PRESETS

CUSTOM = "custom"
UPLOAD_SUFFIXES = (".csv", ".txt", ".geojson", ".json", ".gpkg", ".zip")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text=_(
            "CSV (any delimiter, UTF-8 or Latin-1), GeoJSON, GeoPackage or zipped Shapefile"
        )
    )
    preset = forms.ChoiceField(
        choices=[(name, preset.label) for name, preset in PRESETS.items()]
        + [(CUSTOM, "My own columns (mapping below)")]
    )
    mapping = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=format_lazy(
            _("One field=column per line, e.g. external_id=ID. Fields: {fields}"),
            fields=", ".join(FIELDS),
        ),
    )
    source = forms.CharField(
        required=False, max_length=40, help_text=_("With your own columns: who issued the ids")
    )
    srid = forms.IntegerField(
        initial=4326,
        min_value=1,
        max_value=999999,
        help_text=_("With your own columns: EPSG code of the coordinates (presets know theirs)"),
    )
    skip_bad_rows = forms.BooleanField(
        required=False,
        label=_("Skip bad rows"),
        help_text=_("Write the good rows even if some are rejected (default: all or nothing)"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(
                _("Upload one of: %(suffixes)s.") % {"suffixes": ", ".join(UPLOAD_SUFFIXES)}
            )
        # Larger bodies are refused before reading (common.middleware.RequestBodyLimitMiddleware).
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s bytes.") % {"limit": settings.IMPORT_MAX_BYTES}
            )
        return upload

    def clean(self):
        data = super().clean()
        if data.get("preset") != CUSTOM:
            return data
        columns = {}
        for number, line in enumerate(data.get("mapping", "").splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, column = line.partition("=")
            if not sep or not column.strip() or name.strip() not in FIELDS:
                self.add_error(
                    "mapping",
                    _("Line %(number)s: use field=column with a known field.") % {"number": number},
                )
                return data
            columns[name.strip()] = column.strip()
        if "external_id" not in columns:
            self.add_error("mapping", _("Map external_id: re-imports match assets by it."))
        if not data.get("source"):
            self.add_error("source", _("Say who issued the ids (e.g. your municipality's name)."))
        data["columns"] = columns
        return data
