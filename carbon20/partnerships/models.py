"""A partnership (forløb) and what steps 1–3 record: recruitment, information meetings, the
visit and the timeline. The agreement and its templates are in `carbon20.agreements`.

Step and status change only in `carbon20.partnerships.workflow`.
"""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel
from carbon20.organisations.models import (
    Company,
    ContactPerson,
    Municipality,
    Partner,
    Programme,
    Site,
)
from carbon20.partnerships.focus import FocusArea, validate_focus_areas

if TYPE_CHECKING:
    from carbon20.agreements.models import Agreement

__all__ = [
    "FocusArea",
    "InformationMeeting",
    "MeetingInvitation",
    "Partnership",
    "TimelineEvent",
    "Visit",
]


class Step(models.IntegerChoices):
    RECRUITMENT = 1, _("Information and recruitment")
    VISIT = 2, _("Visit")
    AGREEMENT = 3, _("Partnership agreement")
    TECHNICAL_REVIEW = 4, _("Technical review")
    ACTION_PLAN = 5, _("Action plan")
    FOLLOW_UP = 6, _("Implementation and follow-up")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")


class Language(models.TextChoices):
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")


class RecruitmentChannel(models.TextChoices):
    BUSINESS_COUNCIL = "business_council", _("Business council")
    CLIMATE_NETWORK = "climate_network", _("Climate network")
    INSPECTION = "inspection", _("Environmental inspection")
    INFORMATION_MEETING = "information_meeting", _("Information meeting")
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")


class Interest(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


class Partnership(BaseModel):
    """One company (or one of its sites) in one municipality's climate partnership within a
    programme, moving through the six steps."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="partnerships"
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="owned_partnerships",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    step = models.PositiveSmallIntegerField(
        _("step"), choices=Step.choices, default=Step.RECRUITMENT
    )
    step_changed_at = models.DateTimeField(_("step reached"), default=timezone.now)
    language = models.CharField(
        _("language of documents"),
        max_length=2,
        choices=Language.choices,
        default=Language.DANISH,
    )
    channel = models.CharField(
        _("recruitment channel"), max_length=30, choices=RecruitmentChannel.choices
    )
    first_contact_date = models.DateField(_("first contact"))
    interest = models.CharField(
        _("interest"), max_length=10, choices=Interest.choices, default=Interest.MAYBE
    )
    focus_areas = models.JSONField(
        _("focus areas"),
        default=list,
        blank=True,
        validators=[validate_focus_areas],
        help_text=_("Chosen at the visit; carried to the agreement and the technical review."),
    )
    next_action = models.CharField(_("next action"), max_length=200, blank=True)
    next_action_due = models.DateField(_("next action due"), null=True, blank=True)
    status_reason = models.TextField(
        _("reason for the status"),
        blank=True,
        help_text=_("Why the partnership is paused or withdrawn."),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("energy consultant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consulted_partnerships",
        help_text=_("Assigned for the technical review (step 4)."),
    )

    class Meta:
        verbose_name = _("partnership (forløb)")
        verbose_name_plural = _("partnerships")
        ordering = ["id"]
        constraints = [
            # One open partnership per company, municipality and programme; a withdrawn or
            # completed one stays on record beside a new start.
            models.UniqueConstraint(
                fields=["company", "municipality", "programme"],
                condition=Q(status__in=["active", "paused"]),
                name="one_open_partnership_per_company",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "step"]),
            # Coordinators and dashboards read a programme's partnerships by status.
            models.Index(
                fields=["programme", "status", "step"], name="partnership_programme_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company.name} – {self.municipality.name}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", args=[self.uuid])

    def clean(self) -> None:
        if self.site_id and self.company_id and self.site.company_id != self.company_id:
            raise ValidationError({"site": _("The site belongs to another company.")})

    @property
    def is_open(self) -> bool:
        return self.status in (Status.ACTIVE, Status.PAUSED)

    @property
    def due_date(self) -> date | None:
        """When the next action is due: the officer's own date, or else the step's usual
        time from the day the step was reached."""
        if self.next_action_due:
            return self.next_action_due
        # At step 6 the deadline is the next follow-up's, where the selector annotated it
        # (`selectors.with_follow_up_dates`).
        next_follow_up = self.__dict__.get("next_follow_up_date")
        if self.step == Step.FOLLOW_UP and next_follow_up is not None:
            return next_follow_up
        if self.status != Status.ACTIVE:
            return None
        reached = timezone.localtime(self.step_changed_at).date()
        return reached + timedelta(days=STEP_USUAL_DAYS[self.step])

    @property
    def is_overdue(self) -> bool:
        if self.status == Status.ACTIVE and self.__dict__.get("follow_up_overdue"):
            return True
        due = self.due_date
        return self.status == Status.ACTIVE and due is not None and due < timezone.localdate()

    @property
    def next_action_text(self) -> str:
        """The officer's own next action, or what the step needs next."""
        if self.next_action:
            return self.next_action
        if self.status != Status.ACTIVE:
            return ""
        return str(STEP_NEXT_ACTIONS[self.step])

    @cached_property
    def signed_agreement(self) -> "Agreement | None":
        """The latest signed agreement: the one that binds the parties now, and whose factor
        set is the partnership's pinned set (see `agreements.pinning`)."""
        return self.agreements.signed().select_related("factor_set").order_by("-version").first()

    @cached_property
    def latest_agreement(self) -> "Agreement | None":
        return self.agreements.order_by("-version").first()

    def know_agreements(self, agreements: "list[Agreement]") -> None:
        """Keep the partnership's agreements, all of them newest first (with their factor
        sets), that a page fetched anyway: `signed_agreement` and `latest_agreement` are then
        read from them instead of being asked for again."""
        self.__dict__["latest_agreement"] = agreements[0] if agreements else None
        self.__dict__["signed_agreement"] = next(
            (agreement for agreement in agreements if agreement.is_signed), None
        )

    @property
    def current_agreement(self) -> "Agreement | None":
        """The agreement that applies: the latest signed one, or else the latest draft."""
        return self.signed_agreement or self.latest_agreement

    @cached_property
    def latest_visit(self) -> "Visit | None":
        return self.visits.order_by("-visit_date", "-created_at").first()


# How long a step usually takes before the officer should act: a partnership that has sat at
# a step longer than this shows as overdue in the pipeline unless a due date was agreed.
STEP_USUAL_DAYS = {
    Step.RECRUITMENT: 30,
    Step.VISIT: 30,
    Step.AGREEMENT: 30,
    Step.TECHNICAL_REVIEW: 60,
    Step.ACTION_PLAN: 45,
    Step.FOLLOW_UP: 120,
}

STEP_NEXT_ACTIONS = {
    Step.RECRUITMENT: _("Select the company for a visit"),
    Step.VISIT: _("Visit the company and record the visit"),
    Step.AGREEMENT: _("Get the agreement signed"),
    Step.TECHNICAL_REVIEW: _("Await the technical review"),
    Step.ACTION_PLAN: _("Approve the action plan"),
    Step.FOLLOW_UP: _("Hold the follow-ups"),
}


class TimelineEvent(models.Model):
    """Something that happened to a partnership. Events are only ever added."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Partnership started")
        STEP = "step", _("Step changed")
        PAUSED = "paused", _("Paused")
        RESUMED = "resumed", _("Resumed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")
        MEETING = "meeting", _("Information meeting")
        VISIT = "visit", _("Visit recorded")
        AGREEMENT = "agreement", _("Agreement")
        SIGNATURE = "signature", _("Signature")
        NOTE = "note", _("Note")
        REGISTER = "register", _("CVR register")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="timeline",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_step = models.PositiveSmallIntegerField(
        _("from step"), choices=Step.choices, null=True, blank=True
    )
    to_step = models.PositiveSmallIntegerField(
        _("to step"), choices=Step.choices, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)
    # What happened, kept as the English message and its data so that every reader sees the
    # words in their own language; `text` holds the words in the writer's language, for the
    # API and as the text of events written before these fields existed.
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"

    @property
    def display_text(self) -> str:
        """The event's words in the active language."""
        if self.message:
            return EventText.from_stored(self.message, self.data).render()
        return self.text


class EventText:
    """A timeline text as its message (an English msgid, marked with `gettext_noop`) and its
    values, rendered in whichever language is active when it is read.

    Values may be plain (names, titles, numbers), dates (shown in the reader's date format),
    or translatable labels such as a choice's `.label` (stored in English, shown translated).
    """

    def __init__(self, message: str, **values):
        self.message = message
        self.values = values

    @classmethod
    def from_stored(cls, message: str, data: dict) -> "EventText":
        text = cls(message)
        text.values = data
        return text

    def stored_values(self) -> dict:
        stored = {}
        for key, value in self.values.items():
            if isinstance(value, date):
                stored[key] = {"date": value.isoformat()}
            elif isinstance(value, Promise):
                with translation.override("en"):
                    stored[key] = {"label": str(value)}
            else:
                stored[key] = value
        return stored

    def render(self) -> str:
        values = {}
        for key, value in self.stored_values().items():
            if isinstance(value, dict) and "date" in value:
                value = formats.date_format(date.fromisoformat(value["date"]), "DATE_FORMAT")
            elif isinstance(value, dict) and "label" in value:
                value = gettext(value["label"])
            values[key] = value
        return gettext(self.message) % values if values else gettext(self.message)

    def __str__(self) -> str:
        return self.render()


class InformationMeeting(BaseModel):
    """A joint meeting where a municipality presents the partnership and its advisers."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="information_meetings",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="information_meetings",
    )
    title = models.CharField(pgettext_lazy("heading of a document", "title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    presented_partners = models.ManyToManyField(
        Partner, verbose_name=_("advisers presented"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("information meeting")
        verbose_name_plural = _("information meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:meeting_detail", args=[self.uuid])


class MeetingInvitation(BaseModel):
    meeting = models.ForeignKey(
        InformationMeeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "company"], name="one_invitation_per_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.company.name}"


class ManagementBacking(models.TextChoices):
    SECURED = "secured", _("Secured")
    PENDING = "pending", _("Pending")
    REFUSED = "refused", _("Refused")


class VisitOutcome(models.TextChoices):
    AGREEMENT = "agreement", _("Go on to the agreement")
    NOT_INTERESTED = "not_interested", _("Not interested")
    LATER = "later", _("Later")


class EmployeeInvolvement(models.TextChoices):
    NONE = "none", _("None")
    SOME = "some", _("Some")
    ORGANISED = "organised", _("Organised")


class EnergyManagement(models.TextChoices):
    NONE = "none", _("None")
    INFORMAL = "informal", _("Informal")
    SYSTEMATIC = "systematic", _("Systematic")


class Visit(BaseModel):
    """The first meeting at the company, recorded along the first-meeting guide."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="visits"
    )
    visit_date = models.DateField(_("date of the visit"))
    municipal_participants = models.TextField(_("participants from the municipality"))
    company_participants = models.TextField(_("participants from the company"))
    management_present = models.BooleanField(_("management representative present"))
    employee_involvement = models.CharField(
        _("employee involvement"), max_length=20, choices=EmployeeInvolvement.choices
    )
    energy_management = models.CharField(
        _("energy management"), max_length=20, choices=EnergyManagement.choices
    )
    product_initiatives = models.TextField(_("product initiatives"), blank=True)
    has_climate_account = models.BooleanField(
        _("has a climate account or green accounts"), default=False
    )
    interests = models.TextField(_("interests and potential"), blank=True)
    barriers = models.TextField(_("barriers"), blank=True)
    rents_premises = models.BooleanField(_("rents the premises"), default=False)
    landlord = models.ForeignKey(
        ContactPerson,
        verbose_name=_("landlord contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agreement_walked_through = models.BooleanField(_("agreement walked through"))
    next_steps = models.TextField(_("agreed next steps"), blank=True)
    next_steps_date = models.DateField(_("date of the next step"), null=True, blank=True)
    management_backing = models.CharField(
        _("management backing"), max_length=20, choices=ManagementBacking.choices
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=VisitOutcome.choices)
    focus_areas = models.JSONField(
        _("chosen focus areas"), default=list, blank=True, validators=[validate_focus_areas]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The first-meeting guide in force when the visit was recorded, as an agreement keeps its
    # template version.
    guide_version = models.ForeignKey(
        "guides.GuideVersion",
        verbose_name=_("guide used"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visit_date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.visit_date:%Y-%m-%d}"
