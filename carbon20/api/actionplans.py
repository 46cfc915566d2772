"""Action plans (step 5), their actions with status history, and follow-ups (step 6)."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from carbon20.actionplans import selectors, services
from carbon20.actionplans.models import Action, ActionPlan, ActionStatus, ActionStatusChange
from carbon20.api.base import TenantReadOnlyViewSet
from carbon20.api.fields import StrictCharField, StrictModelSerializer, StrictSerializer
from carbon20.api.filters import (
    Filter,
    choice_filter,
    municipality_filter,
    updated_since_filter,
    uuid_filter,
    with_filters,
)
from carbon20.api.partnerships import REFUSED
from carbon20.followups.models import FollowUp, Form
from carbon20.followups.selectors import follow_ups_for_user, get_follow_up_for_user

UUID = {"slug_field": "uuid", "read_only": True}


class ActionPlanSerializer(StrictModelSerializer):
    partnership = serializers.SlugRelatedField(**UUID)
    actions = serializers.SlugRelatedField(many=True, **UUID)

    class Meta:
        model = ActionPlan
        fields = [
            "uuid",
            "partnership",
            "approved_by_name",
            "approved_by_title",
            "approved_on",
            "actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _plans_for_user(user):
    return (
        selectors.plans_for_user(user)
        .select_related("partnership")
        # Named by UUID only; a whole action is read from /actions/.
        .prefetch_related(Prefetch("actions", Action.objects.only("uuid", "plan")))
    )


@with_filters(
    uuid_filter("partnership", "partnership__uuid", str(_("Only this partnership's (UUID)."))),
    municipality_filter("partnership__municipality__slug"),
    updated_since_filter(),
)
class ActionPlanViewSet(TenantReadOnlyViewSet):
    """Climate action plans (klimahandlingsplaner)."""

    serializer_class = ActionPlanSerializer
    visible_objects = staticmethod(_plans_for_user)
    get_visible_object = staticmethod(selectors.get_plan_for_user)


class StatusChangeSerializer(StrictModelSerializer):
    changed_by = serializers.SlugRelatedField(allow_null=True, **UUID)

    class Meta:
        model = ActionStatusChange
        fields = ["from_status", "to_status", "reason", "changed_by", "changed_at"]


class ActionSerializer(StrictModelSerializer):
    plan = serializers.SlugRelatedField(**UUID)
    measure = serializers.SlugRelatedField(allow_null=True, **UUID)
    history = StatusChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "uuid",
            "plan",
            "measure",
            "title",
            "focus_area",
            "owner",
            "start_date",
            "deadline",
            "savings",
            "dkk_saved_per_year",
            "investment",
            "priority",
            "status",
            "dropped_reason",
            "history",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class StatusUpdateSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    reason = StrictCharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required when the action is dropped."),
    )


def _actions_for_user(user):
    return (
        Action.objects.filter(plan__in=selectors.plans_for_user(user))
        .select_related("plan", "measure")
        .prefetch_related("history__changed_by")
    )


def _get_action_for_user(user, uuid):
    try:
        return _actions_for_user(user).get(uuid=uuid)
    except Action.DoesNotExist as exc:
        raise Http404 from exc


@with_filters(
    uuid_filter("plan", "plan__uuid", str(_("Only this plan's actions (UUID)."))),
    choice_filter("status", "status", ActionStatus.choices, str(_("Only actions in this status."))),
    municipality_filter("plan__partnership__municipality__slug"),
    updated_since_filter(),
)
class ActionViewSet(TenantReadOnlyViewSet):
    """Actions of the plans you see, each with the history of its status."""

    serializer_class = ActionSerializer
    visible_objects = staticmethod(_actions_for_user)
    get_visible_object = staticmethod(_get_action_for_user)

    @extend_schema(request=StatusUpdateSerializer, responses={200: ActionSerializer, 409: REFUSED})
    @action(detail=True, methods=["post"])
    def status(self, request, uuid=None):
        """Change the status (planned, in progress, done, dropped with a reason); the change
        is kept in the history. For the municipality's officers and the company's users
        while the partnership is active at step 5 or 6."""
        item = self.get_object()
        if not selectors.can_update_status(request.user, item.plan):
            raise Http404
        serializer = StatusUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # A drop without a reason is refused by the service at the `reason` field (400).
        services.change_status(
            action=item,
            status=serializer.validated_data["status"],
            reason=serializer.validated_data["reason"],
            user=request.user,
        )
        return Response(self.get_serializer(self.get_object()).data)


class FollowUpSerializer(StrictModelSerializer):
    partnership = serializers.SlugRelatedField(**UUID)
    form = serializers.ChoiceField(choices=Form.choices, allow_blank=True, read_only=True)
    held_by = serializers.SlugRelatedField(allow_null=True, **UUID)

    class Meta:
        model = FollowUp
        fields = [
            "uuid",
            "partnership",
            "number",
            "planned_date",
            "held_date",
            "form",
            "participants",
            "barriers",
            "barrier_notes",
            "help_needed",
            "notes",
            "next_date",
            "snapshot",
            "held_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _follow_ups(user):
    return follow_ups_for_user(user).select_related("partnership", "held_by")


FOLLOW_UP_STATES = (("planned", _("Planned")), ("held", _("Held")))


def _held_filter(queryset, value):
    return queryset.filter(held_date__isnull=value != "held")


@with_filters(
    uuid_filter("partnership", "partnership__uuid", str(_("Only this partnership's (UUID)."))),
    Filter(
        name="status",
        make_field=lambda: serializers.ChoiceField(choices=FOLLOW_UP_STATES, required=False),
        apply=_held_filter,
        openapi_type=OpenApiTypes.STR,
        description=str(_("Planned (not yet held) or held follow-ups.")),
        enum=("planned", "held"),
    ),
    municipality_filter("partnership__municipality__slug"),
    updated_since_filter(),
)
class FollowUpViewSet(TenantReadOnlyViewSet):
    """Follow-ups (opfølgninger) of the partnerships you see."""

    serializer_class = FollowUpSerializer
    visible_objects = staticmethod(_follow_ups)
    get_visible_object = staticmethod(get_follow_up_for_user)
