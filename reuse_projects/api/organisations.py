"""Organisations over the API: registration, verification, members."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assets_registry.access import works_for
from assets_registry.models import Municipality
from reuse_projects import access, services
from reuse_projects.api.base import valid_input
from reuse_projects.models import Organisation, OrganisationMembership


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
        data = valid_input(OrganisationInput, request)
        organisation = services.organisation_register(by=request.user, **data)
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VerifyInput, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk):
        organisation = access.organisation_for_user(request.user, pk, verify=True)
        data = valid_input(VerifyInput, request)
        if not works_for(request.user, data["municipality"]):
            raise serializers.ValidationError(
                {"municipality": _("Not one of your municipalities.")}
            )
        municipality = Municipality.objects.get(pk=data["municipality"])
        services.organisation_verify(
            organisation=organisation, municipality=municipality, by=request.user
        )
        return Response(OrganisationSerializer(organisation).data)

    @extend_schema(request=InviteInput, responses={201: None})
    @action(detail=True, methods=["post"])
    def members(self, request, pk):
        organisation = access.organisation_for_user(request.user, pk, invite=True)
        data = valid_input(InviteInput, request)
        services.organisation_invite_member(organisation=organisation, by=request.user, **data)
        return Response(status=status.HTTP_201_CREATED)
