"""Document metadata and uploads over the API; files are served behind the same check."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from reuse_projects import access, services
from reuse_projects.api.base import valid_input
from reuse_projects.models import Document


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


class DocumentInput(serializers.Serializer):
    owner_kind = serializers.ChoiceField(choices=["call", "application", "project", "report"])
    owner_id = serializers.IntegerField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    visibility = serializers.ChoiceField(
        choices=Document.Visibility.choices, default=Document.Visibility.INTERNAL
    )
    file = serializers.FileField()


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
        data = valid_input(DocumentInput, request)
        owner = access.document_owner_for_user(request.user, data["owner_kind"], data["owner_id"])
        document = services.document_attach(
            owner=owner,
            uploaded_file=data["file"],
            title=data["title"],
            visibility=data["visibility"],
            by=request.user,
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
