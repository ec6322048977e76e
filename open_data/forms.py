from django import forms
from django.conf import settings

from assets_registry.importing import FIELDS, PRESETS

CUSTOM = "custom"
UPLOAD_SUFFIXES = (".csv", ".txt", ".geojson", ".json", ".gpkg", ".zip")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text="CSV (any delimiter, UTF-8 or Latin-1), GeoJSON, GeoPackage or zipped Shapefile"
    )
    preset = forms.ChoiceField(
        choices=[(name, preset.label) for name, preset in PRESETS.items()]
        + [(CUSTOM, "My own columns (mapping below)")]
    )
    mapping = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One field=column per line, e.g. external_id=ID. Fields: " + ", ".join(FIELDS),
    )
    source = forms.CharField(
        required=False, max_length=40, help_text="With your own columns: who issued the ids"
    )
    srid = forms.IntegerField(
        initial=4326,
        min_value=1,
        max_value=999999,
        help_text="With your own columns: EPSG code of the coordinates (presets know theirs)",
    )
    skip_bad_rows = forms.BooleanField(
        required=False,
        label="Skip bad rows",
        help_text="Write the good rows even if some are rejected (default: all or nothing)",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(f"Upload one of: {', '.join(UPLOAD_SUFFIXES)}.")
        # Larger bodies are refused before reading (common.middleware.RequestBodyLimitMiddleware).
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {settings.IMPORT_MAX_BYTES} bytes."
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
                self.add_error("mapping", f"Line {number}: use field=column with a known field.")
                return data
            columns[name.strip()] = column.strip()
        if "external_id" not in columns:
            self.add_error("mapping", "Map external_id: re-imports match assets by it.")
        if not data.get("source"):
            self.add_error("source", "Say who issued the ids (e.g. your municipality's name).")
        data["columns"] = columns
        return data
