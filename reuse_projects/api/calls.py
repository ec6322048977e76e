"""Calls over the API: creation, publication and the decision per asset."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assets_registry.access import assets_visible_to, works_for
from assets_registry.models import Municipality
from reuse_projects import access, services
from reuse_projects.api.base import valid_input
from reuse_projects.api.projects import ProjectSerializer
from reuse_projects.models import Call


class CallSerializer(serializers.ModelSerializer):
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "municipality",
            "assets",
            "title",
            "text",
            "eligibility",
            "criteria",
            "opens_at",
            "closes_at",
            "status",
            "published_at",
            "is_open",
        ]
        read_only_fields = fields

    def get_is_open(self, call) -> bool:
        return call.is_open()


class CallInput(serializers.Serializer):
    municipality = serializers.IntegerField()
    assets = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField()
    eligibility = serializers.CharField(required=False, allow_blank=True, default="")
    criteria = serializers.CharField(required=False, allow_blank=True, default="")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()


class DecisionInput(serializers.Serializer):
    asset = serializers.IntegerField()
    accepted = serializers.IntegerField(
        allow_null=True, help_text="The application to accept; null rejects every one"
    )
    decision_notes = serializers.DictField(
        child=serializers.CharField(), help_text="Application id -> the note its applicant reads"
    )
    title = serializers.CharField(max_length=200, required=False)
    deed_number = serializers.CharField(max_length=100, required=False, default="")
    deed_date = serializers.DateField(required=False, allow_null=True, default=None)
    concession_object = serializers.CharField(required=False, default="")
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    reporting_interval_months = serializers.IntegerField(min_value=1, max_value=60, default=12)
    confirm_unscored = serializers.BooleanField(
        default=False, help_text="Decide although an application has no final score yet"
    )


class CallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CallSerializer
    filterset_fields = ["status", "municipality"]

    def get_queryset(self):
        return access.calls_visible_to(self.request.user).prefetch_related("assets")

    def get_object(self):
        return access.call_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=CallInput, responses={201: CallSerializer})
    def create(self, request):
        data = valid_input(CallInput, request)
        municipality_id = data.pop("municipality")
        if not works_for(request.user, municipality_id):
            raise PermissionDenied(_("You may create calls only for your own municipalities."))
        municipality = Municipality.objects.get(pk=municipality_id)
        asset_ids = data.pop("assets")
        assets = list(assets_visible_to(request.user).filter(pk__in=asset_ids))
        if len(assets) != len(set(asset_ids)):
            raise serializers.ValidationError({"assets": _("Unknown asset id.")})
        call = services.call_create(
            municipality=municipality, assets=assets, by=request.user, **data
        )
        return Response(CallSerializer(call).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=CallSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk):
        call = access.call_for_user(request.user, pk, manage=True)
        services.call_publish(call=call, by=request.user)
        return Response(CallSerializer(call).data)

    @extend_schema(request=DecisionInput, responses={200: ProjectSerializer, 204: None})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk):
        """Accept one application for an asset (or none) and reject the others."""
        call = access.call_for_user(request.user, pk, manage=True)
        data = valid_input(DecisionInput, request)
        asset = call.assets.filter(pk=data.pop("asset")).first()
        if asset is None:
            raise serializers.ValidationError(
                {"asset": _("This asset is not offered in the call.")}
            )
        accepted_id = data.pop("accepted")
        accepted = call.applications.filter(pk=accepted_id).first() if accepted_id else None
        if accepted_id and accepted is None:
            raise serializers.ValidationError({"accepted": _("Not an application to this call.")})
        try:
            notes = {int(key): value for key, value in data.pop("decision_notes").items()}
        except ValueError:
            raise serializers.ValidationError(
                {"decision_notes": _("Keys must be application ids.")}
            ) from None
        confirm_unscored = data.pop("confirm_unscored")
        project = services.call_decide_asset(
            call=call,
            asset=asset,
            accepted=accepted,
            decision_notes=notes,
            concession=data,
            by=request.user,
            confirm_unscored=confirm_unscored,
        )
        if project is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        project.has_overdue_report = False
        return Response(ProjectSerializer(project).data)
