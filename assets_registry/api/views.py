"""The assets API. Reads come from the access helpers, writes go through the services.

Every write on an asset carries If-Match with the version the client read; the version is compared
inside the service's row lock, so of two clients writing the same version exactly one wins.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.reverse import reverse

from assets_registry import access, services
from assets_registry.api.filters import AssetFilter
from assets_registry.api.serializers import (
    AssetCreateInput,
    AssetOutput,
    AssetUpdateInput,
    MunicipalityDetailOutput,
    MunicipalityOutput,
    StatusEventInput,
    StatusEventOutput,
)
from common.api import FeatureCollectionPagination, PreconditionFailed, etag, if_match_version

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The asset\'s version as returned in its ETag, e.g. "3".',
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description='The asset\'s version, to send back in If-Match, e.g. "3".',
)
WRITE_ERRORS = {
    400: OpenApiResponse(description="Invalid input: the body names each field and the reason."),
    404: OpenApiResponse(description="No such asset among your municipalities'."),
    412: OpenApiResponse(description="Stale If-Match: the body gives the current version."),
    428: OpenApiResponse(description="If-Match is missing."),
}


class AssetViewSet(viewsets.GenericViewSet):
    """Assets of the municipalities you work for, as GeoJSON Features.

    The Feature's geometry is the asset's location (a Point in WGS 84, or null); parcels are a
    property. Deleting an asset only marks it deleted: it is a legal record.
    """

    filterset_class = AssetFilter
    pagination_class = FeatureCollectionPagination

    def get_queryset(self):
        # Each Feature names its municipality; its boundary, possibly large, is not needed.
        return (
            access.assets_visible_to(self.request.user)
            .select_related("municipality")
            .defer("municipality__boundary", "municipality__representative_point")
        )

    def get_object(self):
        write = self.request.method not in SAFE_METHODS
        return access.asset_for_user(self.request.user, self.kwargs["pk"], write=write)

    def get_serializer_class(self):
        # The methods below name their serializers; this serves OPTIONS and the browsable API.
        return {
            "create": AssetCreateInput,
            "update": AssetUpdateInput,
            "partial_update": AssetUpdateInput,
            "status_events": StatusEventInput,
        }.get(self.action, AssetOutput)

    def _asset_response(self, asset, status_code=status.HTTP_200_OK, headers=None):
        return Response(
            AssetOutput(asset).data,
            status=status_code,
            headers={"ETag": etag(asset.version), **(headers or {})},
        )

    @extend_schema(responses=AssetOutput(many=True))
    def list(self, request):
        assets = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(AssetOutput(assets, many=True).data)

    @extend_schema(
        parameters=[ETAG],
        request=AssetCreateInput,
        responses={
            201: AssetOutput,
            400: WRITE_ERRORS[400],
            403: OpenApiResponse(description="The municipality is not one of yours."),
        },
    )
    def create(self, request):
        data = AssetCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        municipality = fields.pop("municipality")
        if not access.works_for(request.user, municipality):
            raise PermissionDenied(
                f"You do not work for {municipality.name}: you can record assets only in "
                "your own municipalities."
            )
        asset = services.asset_create(
            municipality=municipality,
            status=fields.pop("status"),
            effective_date=fields.pop("effective_date"),
            reference=fields.pop("status_reference", ""),
            note=fields.pop("status_note", ""),
            by=request.user,
            **fields,
        )
        location = reverse("asset-detail", args=[asset.pk], request=request)
        return self._asset_response(asset, status.HTTP_201_CREATED, {"Location": location})

    @extend_schema(parameters=[ETAG], responses=AssetOutput)
    def retrieve(self, request, pk):
        return self._asset_response(self.get_object())

    @extend_schema(
        parameters=[IF_MATCH, ETAG],
        request=AssetUpdateInput,
        responses={200: AssetOutput, **WRITE_ERRORS},
    )
    def update(self, request, pk, partial=False):
        asset = self.get_object()
        version = if_match_version(request, current_version=asset.version)
        data = AssetUpdateInput(asset, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        try:
            asset = services.asset_update(
                asset=asset, data=data.validated_data, by=request.user, expected_version=version
            )
        except services.StaleVersion as stale:
            raise PreconditionFailed(stale.current_version) from None
        return self._asset_response(asset)

    @extend_schema(
        parameters=[IF_MATCH, ETAG],
        request=AssetUpdateInput,
        responses={200: AssetOutput, **WRITE_ERRORS},
    )
    def partial_update(self, request, pk):
        return self.update(request, pk, partial=True)

    @extend_schema(
        parameters=[
            IF_MATCH,
            OpenApiParameter(
                "reason", OpenApiTypes.STR, required=True, description="Why it is deleted."
            ),
        ],
        responses={
            204: None,
            409: OpenApiResponse(description="A live concession or an open call refers to it."),
            **WRITE_ERRORS,
        },
        description=(
            "Marks the asset deleted: it disappears from every list but stays on record, and staff "
            "can restore it. The reason is a query parameter or a JSON body field."
        ),
    )
    def destroy(self, request, pk):
        asset = self.get_object()
        version = if_match_version(request, current_version=asset.version)
        reason = request.query_params.get("reason") or (
            request.data.get("reason") if hasattr(request.data, "get") else None
        )
        try:
            services.asset_delete(
                asset=asset, by=request.user, reason=reason, expected_version=version
            )
        except services.StaleVersion as stale:
            raise PreconditionFailed(stale.current_version) from None
        except services.AssetInUse as in_use:
            return Response(
                {"detail": str(in_use), "reasons": in_use.reasons},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        responses=StatusEventOutput(many=True),
        description="The asset's legal timeline, oldest first. Append-only.",
    )
    @extend_schema(
        methods=["POST"],
        parameters=[IF_MATCH, ETAG],
        request=StatusEventInput,
        responses={201: StatusEventOutput, **WRITE_ERRORS},
        description=(
            "Records a new legal status. Illegal transitions, future dates and dates before the "
            "current status's are refused with 400."
        ),
    )
    # The timeline is short and never filtered: no filters, no pages.
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="status-events",
        filterset_class=None,
        pagination_class=None,
    )
    def status_events(self, request, pk):
        asset = self.get_object()
        if request.method == "GET":
            events = asset.status_events.select_related("recorded_by")
            return Response(StatusEventOutput(events, many=True).data)
        version = if_match_version(request, current_version=asset.version)
        data = StatusEventInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            event = services.asset_record_status(
                asset=asset, expected_version=version, by=request.user, **data.validated_data
            )
        except services.StaleVersion as stale:
            raise PreconditionFailed(stale.current_version) from None
        return Response(
            StatusEventOutput(event).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(asset.version)},
        )


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """The municipalities you work for. The detail includes the boundary as GeoJSON geometry."""

    def get_queryset(self):
        return access.municipalities_of(self.request.user).defer("boundary")

    def get_object(self):
        return access.municipality_for_user(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return MunicipalityDetailOutput if self.action == "retrieve" else MunicipalityOutput
