"""Monitoring reports over the API: filing and acknowledgement."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from reuse_projects import access, services
from reuse_projects.api.base import valid_input
from reuse_projects.models import MonitoringReport


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


class ReportInput(serializers.ModelSerializer):
    class Meta:
        model = MonitoringReport
        fields = list(services.REPORT_FIELDS)


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
        services.report_file(report=report, data=valid_input(ReportInput, request), by=request.user)
        return Response(ReportSerializer(report).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk):
        report = access.report_for_user(request.user, pk, acknowledge=True)
        services.report_acknowledge(report=report, by=request.user)
        return Response(ReportSerializer(report).data)
