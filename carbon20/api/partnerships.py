"""Partnerships with their timeline and workflow transitions, visits and agreements."""

from django.http import FileResponse, Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from carbon20.agreements import documents
from carbon20.agreements import selectors as agreement_selectors
from carbon20.agreements.models import Agreement
from carbon20.api.base import TenantReadOnlyViewSet
from carbon20.api.errors import ConflictError, ErrorSerializer
from carbon20.api.fields import StrictCharField, StrictModelSerializer, StrictSerializer
from carbon20.api.filters import (
    choice_filter,
    municipality_filter,
    updated_since_filter,
    uuid_filter,
    with_filters,
)
from carbon20.partnerships import selectors, workflow
from carbon20.partnerships.models import Partnership, Status, Step, TimelineEvent, Visit

UUID = {"slug_field": "uuid", "read_only": True}


class PartnershipSerializer(StrictModelSerializer):
    company = serializers.SlugRelatedField(**UUID)
    site = serializers.SlugRelatedField(allow_null=True, **UUID)
    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    programme = serializers.SlugRelatedField(**UUID)
    owner = serializers.SlugRelatedField(allow_null=True, **UUID)
    consultant = serializers.SlugRelatedField(allow_null=True, **UUID)

    class Meta:
        model = Partnership
        fields = [
            "uuid",
            "company",
            "site",
            "municipality",
            "programme",
            "status",
            "status_reason",
            "step",
            "step_changed_at",
            "language",
            "channel",
            "first_contact_date",
            "interest",
            "focus_areas",
            "next_action",
            "next_action_due",
            "owner",
            "consultant",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TimelineEventSerializer(StrictModelSerializer):
    actor = serializers.SlugRelatedField(allow_null=True, **UUID)

    class Meta:
        model = TimelineEvent
        fields = ["at", "kind", "from_step", "to_step", "text", "actor"]


class ReasonSerializer(StrictSerializer):
    reason = StrictCharField(max_length=2000, help_text=_("Why; kept in the timeline."))


REFUSED = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "The workflow refuses the transition (code transition_refused); `detail` gives the "
        "guard's reason."
    ),
)


def _transition_schema(request=None):
    return extend_schema(request=request, responses={200: PartnershipSerializer, 409: REFUSED})


@with_filters(
    municipality_filter("municipality__slug"),
    choice_filter("step", "step", Step.choices, str(_("Only partnerships at this step (1–6)."))),
    choice_filter("status", "status", Status.choices, str(_("Only partnerships in this status."))),
    uuid_filter("company", "company__uuid", str(_("Only this company's partnerships (UUID)."))),
    updated_since_filter(),
)
class PartnershipViewSet(TenantReadOnlyViewSet):
    """Partnerships (forløb) you work on or read. The officers of the partnership's
    municipality move it through the workflow with the actions below; a refused transition
    answers 409 with the guard's reason."""

    serializer_class = PartnershipSerializer
    get_visible_object = staticmethod(selectors.get_partnership_for_user)

    @staticmethod
    def visible_objects(user):
        return selectors.partnerships_for_user(user).select_related(
            "company", "site", "municipality", "programme", "owner", "consultant"
        )

    def _transition(self, request, uuid, run):
        partnership = selectors.get_editable_partnership_for_user(request.user, uuid)
        try:
            run(partnership)
        except workflow.TransitionRefused as refused:
            raise ConflictError(refused.reason, code="transition_refused") from refused
        partnership = selectors.get_partnership_for_user(request.user, uuid)
        return Response(self.get_serializer(partnership).data)

    def _reason(self, request) -> str:
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["reason"]

    @_transition_schema()
    @action(detail=True, methods=["post"], url_path="select-for-visit")
    def select_for_visit(self, request, uuid=None):
        """Step 1 → 2: the company is selected for a visit."""
        return self._transition(request, uuid, lambda p: workflow.select_for_visit(p, request.user))

    @_transition_schema(ReasonSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, uuid=None):
        reason = self._reason(request)
        return self._transition(request, uuid, lambda p: workflow.pause(p, request.user, reason))

    @_transition_schema()
    @action(detail=True, methods=["post"])
    def resume(self, request, uuid=None):
        return self._transition(request, uuid, lambda p: workflow.resume(p, request.user))

    @_transition_schema(ReasonSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, uuid=None):
        reason = self._reason(request)
        return self._transition(request, uuid, lambda p: workflow.withdraw(p, request.user, reason))

    @extend_schema(responses={200: TimelineEventSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request, uuid=None):
        """What happened to the partnership, newest first."""
        partnership = self.get_object()
        events = partnership.timeline.select_related("actor").order_by("-at", "-id")
        return Response(TimelineEventSerializer(events, many=True).data)


class VisitSerializer(StrictModelSerializer):
    partnership = serializers.SlugRelatedField(**UUID)
    landlord = serializers.SlugRelatedField(allow_null=True, **UUID)

    class Meta:
        model = Visit
        fields = [
            "uuid",
            "partnership",
            "visit_date",
            "municipal_participants",
            "company_participants",
            "management_present",
            "employee_involvement",
            "energy_management",
            "product_initiatives",
            "has_climate_account",
            "interests",
            "barriers",
            "rents_premises",
            "landlord",
            "agreement_walked_through",
            "next_steps",
            "next_steps_date",
            "management_backing",
            "outcome",
            "focus_areas",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _visits_for_user(user):
    return Visit.objects.filter(
        partnership__in=selectors.partnerships_for_user(user)
    ).select_related("partnership", "landlord")


def _get_visit_for_user(user, uuid):
    try:
        return _visits_for_user(user).get(uuid=uuid)
    except Visit.DoesNotExist as exc:
        raise Http404 from exc


@with_filters(
    uuid_filter("partnership", "partnership__uuid", str(_("Only this partnership's (UUID)."))),
    municipality_filter("partnership__municipality__slug"),
    updated_since_filter(),
)
class VisitViewSet(TenantReadOnlyViewSet):
    """Visits (step 2) of the partnerships you see."""

    serializer_class = VisitSerializer
    visible_objects = staticmethod(_visits_for_user)
    get_visible_object = staticmethod(_get_visit_for_user)


class AgreementSerializer(StrictModelSerializer):
    partnership = serializers.SlugRelatedField(**UUID)
    signing_method = serializers.ChoiceField(
        choices=Agreement.SigningMethod.choices, allow_blank=True, read_only=True
    )
    factor_set = serializers.SlugRelatedField(allow_null=True, **UUID)

    class Meta:
        model = Agreement
        fields = [
            "uuid",
            "partnership",
            "version",
            "status",
            "target_percent",
            "baseline_year",
            "start_date",
            "target_date",
            "focus_areas",
            "company_obligations",
            "municipality_obligations",
            "offers",
            "data_kinds",
            "data_sources",
            "factor_set",
            "reporting_frequency",
            "publish_consent",
            "signing_method",
            "signed_at",
            "sent_pdf_sha256",
            "signed_pdf_sha256",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PdfRenderer(renderers.BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


@with_filters(
    uuid_filter("partnership", "partnership__uuid", str(_("Only this partnership's (UUID)."))),
    choice_filter(
        "status", "status", Agreement.State.choices, str(_("Only agreements in this status."))
    ),
    municipality_filter("partnership__municipality__slug"),
    updated_since_filter(),
)
class AgreementViewSet(TenantReadOnlyViewSet):
    """Partnership agreements (step 3), every version."""

    serializer_class = AgreementSerializer
    get_visible_object = staticmethod(agreement_selectors.get_agreement_for_user)

    @staticmethod
    def visible_objects(user):
        return agreement_selectors.agreements_for_user(user).select_related(
            "partnership", "factor_set"
        )

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description=_(
                    "The signed document of a signed agreement, the document sent for "
                    "signature, or a preview of a draft."
                ),
            )
        }
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[renderers.JSONRenderer, PdfRenderer],
    )
    def pdf(self, request, uuid=None):
        agreement = self.get_object()
        filename = f"{slugify(agreement.partnership.company.name)}-v{agreement.version}.pdf"
        stored = agreement.signed_pdf if agreement.is_signed else agreement.sent_pdf
        if stored:
            return FileResponse(
                stored.open("rb"), content_type="application/pdf", filename=filename
            )
        response = HttpResponse(documents.render_pdf(agreement), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
