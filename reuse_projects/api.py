"""REST API of the social-reuse workflow: the same access helpers and services as the pages.

Explicit input serializers (what a client may send) and output serializers (what it gets back).
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from assets_registry.access import assets_visible_to, municipalities_of, works_for
from assets_registry.models import Municipality
from reuse_projects import access, services
from reuse_projects.models import (
    Application,
    Call,
    Document,
    MonitoringReport,
    Organisation,
    OrganisationMembership,
    ReuseProject,
)
from reuse_projects.selectors import projects_with_overdue_flag

# Output


class OrganisationSerializer(serializers.ModelSerializer):
    is_verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            *Organisation.PROFILE_FIELDS,
            "is_verified",
            "verified_at",
            "verified_by_municipality",
        ]
        read_only_fields = fields


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


class ApplicationSerializer(serializers.ModelSerializer):
    """Score and internal notes are for the call's staff only: removed for applicants."""

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


class ProjectSerializer(serializers.ModelSerializer):
    has_overdue_report = serializers.BooleanField(read_only=True)

    class Meta:
        model = ReuseProject
        fields = [
            "id",
            "asset",
            "organisation",
            "application",
            "use_category",
            "title",
            "description",
            "deed_number",
            "deed_date",
            "concession_object",
            "starts_on",
            "ends_on",
            "status",
            "status_reason",
            "status_changed_on",
            "reporting_interval_months",
            "has_overdue_report",
        ]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringReport
        fields = [
            "id",
            "project",
            "period_start",
            "period_end",
            "due_on",
            "status",
            "is_overdue",
            *services.REPORT_FIELDS,
            "filed_at",
            "acknowledged_at",
        ]
        read_only_fields = fields

    def get_is_overdue(self, report) -> bool:
        return report.is_overdue()


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "call",
            "application",
            "project",
            "report",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "is_photo",
            "visibility",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        return reverse("reuse_projects:document_download", args=[document.pk])


# Input


class OrganisationInput(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = Organisation.PROFILE_FIELDS


class VerifyInput(serializers.Serializer):
    municipality = serializers.IntegerField()


class InviteInput(serializers.Serializer):
    identifier = serializers.CharField(help_text="Username or e-mail address of an existing user")
    role = serializers.ChoiceField(
        choices=OrganisationMembership.Role.choices, default=OrganisationMembership.Role.MEMBER
    )


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


class ProjectStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReuseProject.Status.choices)
    effective_date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReportInput(serializers.ModelSerializer):
    class Meta:
        model = MonitoringReport
        fields = list(services.REPORT_FIELDS)


class DocumentInput(serializers.Serializer):
    owner_kind = serializers.ChoiceField(choices=["call", "application", "project", "report"])
    owner_id = serializers.IntegerField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    visibility = serializers.ChoiceField(
        choices=Document.Visibility.choices, default=Document.Visibility.INTERNAL
    )
    file = serializers.FileField()


def _valid(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# Views


class OrganisationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return access.organisations_visible_to(self.request.user)

    def get_object(self):
        return access.organisation_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=OrganisationInput, responses={201: OrganisationSerializer})
    def create(self, request):
        data = _valid(OrganisationInput, request)
        organisation = services.organisation_register(by=request.user, **data)
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VerifyInput, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk):
        organisation = access.organisation_for_user(request.user, pk, verify=True)
        data = _valid(VerifyInput, request)
        if not works_for(request.user, data["municipality"]):
            raise serializers.ValidationError({"municipality": "Not one of your municipalities."})
        municipality = Municipality.objects.get(pk=data["municipality"])
        services.organisation_verify(
            organisation=organisation, municipality=municipality, by=request.user
        )
        return Response(OrganisationSerializer(organisation).data)

    @extend_schema(request=InviteInput, responses={201: None})
    @action(detail=True, methods=["post"])
    def members(self, request, pk):
        organisation = access.organisation_for_user(request.user, pk, invite=True)
        data = _valid(InviteInput, request)
        services.organisation_invite_member(organisation=organisation, by=request.user, **data)
        return Response(status=status.HTTP_201_CREATED)


class CallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CallSerializer
    filterset_fields = ["status", "municipality"]

    def get_queryset(self):
        return access.calls_visible_to(self.request.user).prefetch_related("assets")

    def get_object(self):
        return access.call_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=CallInput, responses={201: CallSerializer})
    def create(self, request):
        data = _valid(CallInput, request)
        municipality_id = data.pop("municipality")
        if not works_for(request.user, municipality_id):
            raise PermissionDenied("You may create calls only for your own municipalities.")
        municipality = Municipality.objects.get(pk=municipality_id)
        asset_ids = data.pop("assets")
        assets = list(assets_visible_to(request.user).filter(pk__in=asset_ids))
        if len(assets) != len(set(asset_ids)):
            raise serializers.ValidationError({"assets": "Unknown asset id."})
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
        data = _valid(DecisionInput, request)
        asset = call.assets.filter(pk=data.pop("asset")).first()
        if asset is None:
            raise serializers.ValidationError({"asset": "This asset is not offered in the call."})
        accepted_id = data.pop("accepted")
        accepted = call.applications.filter(pk=accepted_id).first() if accepted_id else None
        if accepted_id and accepted is None:
            raise serializers.ValidationError({"accepted": "Not an application to this call."})
        try:
            notes = {int(key): value for key, value in data.pop("decision_notes").items()}
        except ValueError:
            raise serializers.ValidationError(
                {"decision_notes": "Keys must be application ids."}
            ) from None
        project = services.call_decide_asset(
            call=call,
            asset=asset,
            accepted=accepted,
            decision_notes=notes,
            concession=data,
            by=request.user,
        )
        if project is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        project.has_overdue_report = False
        return Response(ProjectSerializer(project).data)


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
        data = _valid(ApplicationInput, request)
        call = access.call_for_user(request.user, data.pop("call").pk)
        organisation = access.organisations_of(request.user).filter(pk=data["organisation"].pk)
        if not organisation.exists():
            raise PermissionDenied("You may apply only for your own organisations.")
        application = services.application_create(call=call, by=request.user, **data)
        return Response(self._output(application), status=status.HTTP_201_CREATED)

    @extend_schema(request=ApplicationUpdateInput, responses=ApplicationSerializer)
    def partial_update(self, request, pk):
        application = access.application_for_user(request.user, pk, write=True)
        data = _valid(ApplicationUpdateInput, request, partial=True)
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
            application=application, by=request.user, **_valid(ScoreInput, request)
        )
        return Response(self._output(application))


class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ProjectSerializer
    filterset_fields = ["status", "use_category", "organisation"]

    def get_queryset(self):
        return projects_with_overdue_flag(access.projects_visible_to(self.request.user))

    def get_object(self):
        access.project_for_user(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=self.kwargs["pk"])

    @extend_schema(request=ProjectStatusInput, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk):
        data = _valid(ProjectStatusInput, request)
        # Staff only; the service itself refuses a revocation by anyone but a manager.
        project = access.project_for_user(request.user, pk, write=True)
        services.project_change_status(project=project, by=request.user, **data)
        return Response(ProjectSerializer(self.get_object()).data)


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReportSerializer
    filterset_fields = ["status", "project"]

    def get_queryset(self):
        return access.reports_visible_to(self.request.user)

    def get_object(self):
        return access.report_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ReportInput, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="file")
    def file_report(self, request, pk):
        report = access.report_for_user(request.user, pk, file=True)
        services.report_file(report=report, data=_valid(ReportInput, request), by=request.user)
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk):
        report = access.report_for_user(request.user, pk, acknowledge=True)
        services.report_acknowledge(report=report, by=request.user)
        return Response(ReportSerializer(report).data)


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Document metadata; the file itself is served by `download_url`, behind the same check."""

    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["call", "application", "project", "report", "visibility"]

    def get_queryset(self):
        return access.documents_visible_to(self.request.user)

    def get_object(self):
        return access.document_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=DocumentInput, responses={201: DocumentSerializer})
    def create(self, request):
        data = _valid(DocumentInput, request)
        owner = access.document_owner_for_user(request.user, data["owner_kind"], data["owner_id"])
        document = services.document_attach(
            owner=owner,
            uploaded_file=data["file"],
            title=data["title"],
            visibility=data["visibility"],
            by=request.user,
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
