import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from assets_registry import access, lifecycle
from assets_registry.models import Asset
from common.geo import ParameterError, bbox_polygon, parse_bbox


class BBoxField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return bbox_polygon(parse_bbox(value))
        except ParameterError as error:
            raise forms.ValidationError(error.reason) from None


@extend_schema_field(OpenApiTypes.STR)
class BBoxFilter(django_filters.Filter):
    field_class = BBoxField


def _municipalities_of_requester(request):
    return access.municipalities_of(request.user)


class AssetFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=lifecycle.Status.choices)
    kind = django_filters.MultipleChoiceFilter(choices=Asset.Kind.choices)
    municipality = django_filters.ModelMultipleChoiceFilter(queryset=_municipalities_of_requester)
    location_precision = django_filters.MultipleChoiceFilter(
        choices=Asset.LocationPrecision.choices
    )
    search = django_filters.CharFilter(
        method="filter_search", label="Search in reference, title, address and external id"
    )
    bbox = BBoxFilter(
        method="filter_bbox",
        label="minLon,minLat,maxLon,maxLat (WGS 84): assets located in this box",
    )

    class Meta:
        model = Asset
        fields = ["status", "kind", "municipality", "location_precision"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(address__icontains=value)
            | Q(external_id__icontains=value)
        )

    def filter_bbox(self, queryset, name, value):
        return queryset.filter(location__intersects=value)
