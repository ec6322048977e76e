"""Input and output shapes of the assets API. Inputs are GeoJSON Features; outputs too.

Input serializers only validate: every write goes through assets_registry.services.
"""

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from assets_registry import lifecycle
from assets_registry.models import Asset, Municipality, StatusEvent
from common.api import FeatureInputSerializer, WGS84GeometryField


class AssetUpdateInput(FeatureInputSerializer):
    """A Feature whose geometry is the asset's location (a Point, or null for none).

    Errors about the geometry are reported under ``location``, the field it is stored in.
    """

    location = WGS84GeometryField(geom_types=["Point"], required=False, allow_null=True)
    parcels = WGS84GeometryField(
        geom_types=["Polygon", "MultiPolygon"],
        required=False,
        allow_null=True,
        help_text="Cadastral parcels as a GeoJSON (Multi)Polygon in WGS 84.",
    )

    class Meta:
        model = Asset
        geo_field = "location"
        fields = Asset.DESCRIPTIVE_FIELDS


class AssetCreateInput(AssetUpdateInput):
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), help_text="Id of one of your municipalities."
    )
    status = serializers.ChoiceField(
        choices=lifecycle.Status.choices, help_text="The status the asset is in when first logged."
    )
    effective_date = serializers.DateField(help_text="When that status took effect.")
    status_reference = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Decree or deed reference."
    )
    status_note = serializers.CharField(required=False, allow_blank=True)

    class Meta(AssetUpdateInput.Meta):
        fields = [
            "municipality",
            "status",
            "effective_date",
            "status_reference",
            "status_note",
            *Asset.DESCRIPTIVE_FIELDS,
        ]


class AssetOutput(GeoFeatureModelSerializer):
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)

    class Meta:
        model = Asset
        geo_field = "location"
        fields = [
            "id",
            "reference",
            "version",
            "municipality",
            "municipality_name",
            "status",
            "status_date",
            *Asset.DESCRIPTIVE_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class StatusEventInput(serializers.ModelSerializer):
    # Required from people: only an import may record a stage whose date the source never gave.
    effective_date = serializers.DateField(help_text="When that status took effect.")

    class Meta:
        model = StatusEvent
        fields = ["status", "effective_date", "reference", "note"]


class StatusEventOutput(serializers.ModelSerializer):
    recorded_by = serializers.CharField(
        source="recorded_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = StatusEvent
        fields = [
            "id",
            "status",
            "effective_date",
            "read_on",
            "reference",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class MunicipalityOutput(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["id", "name", "slug", "country", "code", "region", "province", "is_published"]
        read_only_fields = fields


class MunicipalityDetailOutput(GeoFeatureModelSerializer):
    """A municipality with its boundary (MultiPolygon, WGS 84) as the Feature's geometry."""

    class Meta:
        model = Municipality
        geo_field = "boundary"
        fields = [
            "id",
            "name",
            "slug",
            "country",
            "code",
            "region",
            "province",
            "population",
            "is_published",
            "published_at",
            "boundary",
        ]
        read_only_fields = fields
