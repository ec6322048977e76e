"""Applications over the API: drafting, updating, submitting, withdrawing, scoring."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assets_registry.access import municipalities_of
from reuse_projects import access, services
from reuse_projects.api.base import valid_input
from reuse_projects.models import Application


class ApplicationSerializer(serializers.ModelSerializer):
    """Score and internal notes are for the call's staff only: removed for applicants."""

    # Not required in the schema, since applicants get neither; never written (output only).
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, required=False
    )
    internal_notes = serializers.CharField(required=False)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "asset",
            "organisation",
            "use_category",
            "title",
            "description",
            "beneficiaries",
            "budget",
            "duration_months",
            "status",
            "submitted_at",
            "score",
            "internal_notes",
            "decision_note",
            "decided_at",
        ]
        read_only_fields = fields

    def to_representation(self, application):
        data = super().to_representation(application)
        if application.call.municipality_id not in self._staff_municipality_ids():
            del data["score"], data["internal_notes"]
        return data

    def _staff_municipality_ids(self):
        # Asked once per response, not once per application of a list.
        if "staff_municipality_ids" not in self.context:
            user = self.context["request"].user
            self.context["staff_municipality_ids"] = set(
                municipalities_of(user).values_list("pk", flat=True)
            )
        return self.context["staff_municipality_ids"]


class ApplicationInput(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["call", "asset", "organisation", *services.APPLICATION_FIELDS]
        # The call, asset and organisation are checked by the access helpers and the service
        # (which also reports a duplicate submission), not by model-derived validators.
        validators = []


class ApplicationUpdateInput(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = list(services.APPLICATION_FIELDS)
        extra_kwargs = {name: {"required": False} for name in services.APPLICATION_FIELDS}


class ScoreInput(serializers.Serializer):
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    internal_notes = serializers.CharField(required=False, allow_blank=True, default="")


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ApplicationSerializer
    filterset_fields = ["status", "call", "organisation"]

    def get_queryset(self):
        return access.applications_visible_to(self.request.user).select_related("call")

    def get_object(self):
        return access.application_for_user(self.request.user, self.kwargs["pk"])

    def _output(self, application):
        return ApplicationSerializer(application, context={"request": self.request}).data

    @extend_schema(request=ApplicationInput, responses={201: ApplicationSerializer})
    def create(self, request):
        data = valid_input(ApplicationInput, request)
        call = access.call_for_user(request.user, data.pop("call").pk)
        organisation = access.organisations_of(request.user).filter(pk=data["organisation"].pk)
        if not organisation.exists():
            raise PermissionDenied(_("You may apply only for your own organisations."))
        application = services.application_create(call=call, by=request.user, **data)
        return Response(self._output(application), status=status.HTTP_201_CREATED)

    @extend_schema(request=ApplicationUpdateInput, responses=ApplicationSerializer)
    def partial_update(self, request, pk):
        application = access.application_for_user(request.user, pk, write=True)
        data = valid_input(ApplicationUpdateInput, request, partial=True)
        services.application_update(application=application, data=data, by=request.user)
        return Response(self._output(application))

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk):
        application = access.application_for_user(request.user, pk, write=True)
        services.application_submit(application=application, by=request.user)
        return Response(self._output(application))

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk):
        application = access.application_for_user(request.user, pk, write=True)
        services.application_withdraw(application=application, by=request.user)
        return Response(self._output(application))

    @extend_schema(request=ScoreInput, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, pk):
        application = access.application_for_user(request.user, pk, review=True)
        services.application_score(
            application=application, by=request.user, **valid_input(ScoreInput, request)
        )
        return Response(self._output(application))
