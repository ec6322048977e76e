"""Organisations over the API: registration, verification, members."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from reuse_projects import access, services
from reuse_projects.api.base import valid_input
from reuse_projects.models import Invitation, Organisation, OrganisationMembership


class OrganisationSerializer(serializers.ModelSerializer):
    is_verified = serializers.BooleanField(read_only=True)
    # Optional: an empty string when the organisation has none, which is not a "uri".
    website = serializers.CharField(read_only=True)

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
    municipality = serializers.IntegerField(
        required=False, help_text="The organisation's home municipality (the default)"
    )


class InviteInput(serializers.Serializer):
    email = serializers.EmailField(help_text="Where the invitation is sent")
    role = serializers.ChoiceField(
        choices=OrganisationMembership.Role.choices, default=OrganisationMembership.Role.MEMBER
    )


class InvitationSent(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.ChoiceField(choices=Invitation.Status.choices)
    expires_at = serializers.DateTimeField()


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
        services.organisation_verify(
            organisation=organisation,
            municipality=data.get("municipality", organisation.municipality_id),
            by=request.user,
        )
        return Response(OrganisationSerializer(organisation).data)

    @extend_schema(request=InviteInput, responses={202: InvitationSent})
    @action(detail=True, methods=["post"])
    def members(self, request, pk):
        """Invite someone by e-mail: they become a member when they accept (202 whether or not
        an account has this address)."""
        organisation = access.organisation_for_user(request.user, pk, invite=True)
        data = valid_input(InviteInput, request)
        invitation = services.organisation_invite(
            organisation=organisation,
            by=request.user,
            accept_url=lambda token: request.build_absolute_uri(
                reverse("reuse_projects:invitation_accept", args=[token])
            ),
            **data,
        )
        return Response(
            InvitationSent(
                {
                    "detail": _("Invitation sent. Membership starts when it is accepted."),
                    "status": invitation.status,
                    "expires_at": invitation.expires_at,
                }
            ).data,
            status=status.HTTP_202_ACCEPTED,
        )
