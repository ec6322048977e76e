"""Reuse projects (concessions) over the API, with their status changes."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from reuse_projects import access, services
from reuse_projects.api.base import valid_input
from reuse_projects.models import ReuseProject
from reuse_projects.selectors import projects_with_overdue_flag


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


class ProjectStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReuseProject.Status.choices)
    effective_date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


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
        # Staff only; the service itself refuses a revocation by anyone but a manager. Access
        # first: another city's staff get 404 whatever they send.
        project = access.project_for_user(request.user, pk, write=True)
        data = valid_input(ProjectStatusInput, request)
        services.project_change_status(project=project, by=request.user, **data)
        return Response(ProjectSerializer(self.get_object()).data)
