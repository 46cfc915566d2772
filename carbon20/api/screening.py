"""Technical reviews (step 4) and their measures: read by everyone who reads the
partnership, written by the consultant assigned to it while the review is a draft."""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from carbon20.api.base import TenantViewSetMixin
from carbon20.api.errors import ConflictError
from carbon20.api.fields import StrictModelSerializer
from carbon20.api.filters import (
    choice_filter,
    municipality_filter,
    updated_since_filter,
    uuid_filter,
    with_filters,
)
from carbon20.api.partnerships import REFUSED
from carbon20.organisations.models import Partner, PartnerType
from carbon20.partnerships.focus import FocusArea
from carbon20.partnerships.workflow import TransitionRefused
from carbon20.screening import selectors, services
from carbon20.screening.models import (
    BaselineConsumption,
    Measure,
    MeasureType,
    TechnicalReview,
    validate_end_use_shares,
    validate_measure_savings,
)

UUID = {"slug_field": "uuid", "read_only": True}


class BaselineSerializer(StrictModelSerializer):
    class Meta:
        model = BaselineConsumption
        fields = ["carrier", "quantity", "cost_dkk", "source"]


class TechnicalReviewSerializer(StrictModelSerializer):
    partnership = serializers.SlugRelatedField(**UUID)
    focus_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=FocusArea.choices), required=False
    )
    end_use_shares = serializers.DictField(
        # The child only parses; the 0–100 range and the total are the model field's rule,
        # run here too so that every field's error comes at once.
        child=serializers.DecimalField(max_digits=5, decimal_places=2),
        required=False,
        validators=[validate_end_use_shares],
        help_text=_("End use → percent of the baseline energy; at most 100 in all."),
    )
    baseline = BaselineSerializer(many=True, read_only=True)
    measures = serializers.SlugRelatedField(many=True, **UUID)

    class Meta:
        model = TechnicalReview
        fields = [
            "uuid",
            "partnership",
            "status",
            "site_visit_date",
            "focus_areas",
            "baseline_start",
            "baseline_end",
            "floor_area_m2",
            "employees",
            "end_use_shares",
            "summary",
            "issued_at",
            "baseline",
            "measures",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "issued_at"]

    def validate_end_use_shares(self, value):
        return {key: str(share) for key, share in value.items()}

    def update(self, instance, validated_data):
        # The service checks the model's rules (the 12-month baseline among them) with
        # full_clean(), under the review's row lock, as it does for the page.
        try:
            return services.update_review(review=instance, **validated_data)
        except TransitionRefused as refused:
            raise ConflictError(refused.reason, code="transition_refused") from refused


def _reviews_for_user(user):
    return (
        selectors.reviews_for_user(user)
        .select_related("partnership")
        # The list names a review's measures by UUID: loading each whole (its savings
        # decoded from JSON) was most of the page's time.
        .prefetch_related("baseline", Prefetch("measures", Measure.objects.only("uuid", "review")))
    )


@with_filters(
    uuid_filter("partnership", "partnership__uuid", str(_("Only this partnership's (UUID)."))),
    choice_filter(
        "status", "status", TechnicalReview.State.choices, str(_("Only reviews in this status."))
    ),
    municipality_filter("partnership__municipality__slug"),
    updated_since_filter(),
)
class TechnicalReviewViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Technical reviews (teknisk gennemgang). The assigned consultant edits a draft at
    step 4 and issues it; to everyone else a change answers 404, as on the pages."""

    serializer_class = TechnicalReviewSerializer
    visible_objects = staticmethod(_reviews_for_user)
    get_visible_object = staticmethod(selectors.get_review_for_user)
    http_method_names = ["get", "patch", "post", "head", "options"]

    @transaction.atomic
    def partial_update(self, request, *args, **kwargs):
        review = selectors.get_writable_review_for_user(request.user, kwargs["uuid"])
        serializer = self.get_serializer(review, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: TechnicalReviewSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def issue(self, request, uuid=None):
        """Issue the review: the screening report is rendered and the partnership moves on
        to the action plan. Refused (409) without measures, baseline or visit date."""
        review = selectors.get_writable_review_for_user(request.user, uuid)
        try:
            services.issue_review(review=review, user=request.user)
        except TransitionRefused as refused:
            raise ConflictError(refused.reason, code="transition_refused") from refused
        return Response(self.get_serializer(self.get_object()).data)


class MeasureSerializer(StrictModelSerializer):
    review = serializers.SlugRelatedField(
        slug_field="uuid", queryset=TechnicalReview.objects.none()
    )
    focus_area = serializers.ChoiceField(choices=FocusArea.choices)
    type = serializers.ChoiceField(choices=MeasureType.choices)
    savings = serializers.DictField(
        child=serializers.DecimalField(max_digits=16, decimal_places=3, min_value=0),
        required=False,
        # The model field's own rule, run here too so that every field's error comes at once.
        validators=[validate_measure_savings],
        help_text=_(
            "Carrier → yearly saving in the carrier's canonical unit (kWh; m³ water; tonnes waste)."
        ),
    )
    obligation_company = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Partner.objects.filter(type=PartnerType.ENERGY_COMPANY),
        required=False,
        allow_null=True,
        help_text=_("The energy company whose savings obligation counts the saving."),
    )

    class Meta:
        model = Measure
        fields = [
            "uuid",
            "review",
            "number",
            "focus_area",
            "description",
            "type",
            "savings",
            "dkk_saved_per_year",
            "investment",
            "lifetime_years",
            "other_benefits",
            "obligation_assigned",
            "obligation_company",
            "obligation_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["review"].queryset = selectors.reviews_for_user(request.user)

    def validate_review(self, review):
        if self.instance is not None and review != self.instance.review:
            raise serializers.ValidationError(
                _("A measure cannot move to another review."), code="immutable"
            )
        if not selectors.can_write_review(self.context["request"].user, review):
            raise serializers.ValidationError(
                _("Only the assigned consultant adds measures, while the review is a draft."),
                code="permission_denied",
            )
        return review

    def validate_savings(self, value):
        return {carrier: str(amount) for carrier, amount in value.items() if amount}

    # The pairing of obligation company and date is the model's rule (Measure.clean), and
    # the number is given by the service: both doors share them.
    def create(self, validated_data):
        return self._save(Measure(**validated_data))

    def update(self, instance, validated_data):
        validated_data.pop("review", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance)

    def _save(self, measure: Measure) -> Measure:
        try:
            return services.save_measure(review=measure.review, measure=measure)
        except TransitionRefused as refused:
            raise ConflictError(refused.reason, code="transition_refused") from refused


def _measures_for_user(user):
    return Measure.objects.filter(review__in=selectors.reviews_for_user(user)).select_related(
        "review", "obligation_company"
    )


def _get_measure_for_user(user, uuid):
    try:
        return _measures_for_user(user).get(uuid=uuid)
    except Measure.DoesNotExist as exc:
        raise Http404 from exc


@with_filters(
    uuid_filter("review", "review__uuid", str(_("Only this review's measures (UUID)."))),
    choice_filter("type", "type", MeasureType.choices, str(_("Only measures of this type."))),
    updated_since_filter(),
)
class MeasureViewSet(TenantViewSetMixin, viewsets.ModelViewSet):
    """Measures of the technical reviews you see; the assigned consultant adds, changes and
    removes them while the review is a draft."""

    serializer_class = MeasureSerializer
    visible_objects = staticmethod(_measures_for_user)
    get_visible_object = staticmethod(_get_measure_for_user)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _writable(self, uuid) -> Measure:
        measure = self.get_object()
        if not selectors.can_write_review(self.request.user, measure.review):
            raise Http404
        return measure

    @transaction.atomic
    def perform_create(self, serializer):
        serializer.save()

    @transaction.atomic
    def partial_update(self, request, *args, **kwargs):
        measure = self._writable(kwargs["uuid"])
        serializer = self.get_serializer(measure, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        services.delete_measure(self._writable(kwargs["uuid"]))
        return Response(status=204)
