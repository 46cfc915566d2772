"""Short help for the officer on each step's page, in the product's own words, and the
model's document for each step (the guide library) as the partnership sees it."""

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carbon20.core import tenancy
from carbon20.guides import selectors as guide_selectors
from carbon20.guides.kinds import GuideKind
from carbon20.guides.models import GuideVersion
from carbon20.partnerships.models import Partnership, Step

STEP_GUIDES = {
    Step.RECRUITMENT: {
        "purpose": _(
            "Find companies that could want a climate partnership, preferably through channels "
            "you already use: the business council, climate networks and your inspections. "
            "Information meetings present the partnership and the advisers on offer."
        ),
        "record": _(
            "Record how you met the company, when you first spoke and how interested it is. "
            "Invite it to an information meeting and note whether it came. When the company "
            "is interested, select it for a visit."
        ),
    },
    Step.VISIT: {
        "purpose": _(
            "Visit the company to talk about its concrete climate challenges, secure the "
            "management's backing and find the areas where it wants to save energy."
        ),
        "record": _(
            "Follow the first-meeting guide: who took part, which areas could be included, "
            "the status of its climate work, interests and barriers (for rented premises, "
            "the landlord), whether you walked through the agreement, and the next steps. "
            "Choose the focus areas: they carry forward to the agreement and the review."
        ),
    },
    Step.AGREEMENT: {
        "purpose": _(
            "The partnership agreement binds the company and the municipality: the target, "
            "the focus areas, what each side does and how the savings are documented."
        ),
        "record": _(
            "Draft the agreement from your municipality's template, check it as PDF, and send "
            "it for signature. The company signs in the app, then you countersign. An "
            "agreement signed on paper can be uploaded as a scan instead."
        ),
    },
    Step.TECHNICAL_REVIEW: {
        "purpose": _(
            "An energy consultant maps the savings within the chosen focus areas and writes a "
            "report with concrete suggestions."
        ),
        "record": _("Assign a consultant; the step ends when the consultant issues the review."),
    },
    Step.ACTION_PLAN: {
        "purpose": _(
            "The company writes its climate action plan with you, based on the review, "
            "showing how it reaches the target."
        ),
        "record": _("The step ends when the company's management approves the plan."),
    },
    Step.FOLLOW_UP: {
        "purpose": _(
            "The company carries out its plan; you follow up on the actions and the "
            "consumption data."
        ),
        "record": _("Hold the follow-ups; the partnership closes with the last one."),
    },
}


# The model's document for each step, as the partnership page links them. Step 3's document
# is the agreement template (decision 0013); the others come from the guide library.
STEP_DOCUMENTS = [
    (Step.VISIT, GuideKind.FIRST_MEETING),
    (Step.TECHNICAL_REVIEW, GuideKind.SCREENING),
    (Step.TECHNICAL_REVIEW, GuideKind.SCREENING_REPORT),
    (Step.ACTION_PLAN, GuideKind.ACTION_PLAN),
    (Step.FOLLOW_UP, GuideKind.FOLLOW_UP),
]


def recorded_version(partnership: Partnership, kind: str) -> GuideVersion | None:
    """The version the step's record keeps. The steps' models stand above this app, so they
    are reached through the partnership's relations."""
    try:
        if kind == GuideKind.FIRST_MEETING:
            visit = partnership.visits.exclude(guide_version=None).order_by("-created_at").first()
            return visit.guide_version if visit else None
        if kind == GuideKind.SCREENING:
            return partnership.technical_review.screening_guide_version
        if kind == GuideKind.SCREENING_REPORT:
            return partnership.technical_review.report_guide_version
        if kind == GuideKind.ACTION_PLAN:
            return partnership.action_plan.guide_version
        if kind == GuideKind.FOLLOW_UP:
            held = partnership.follow_ups.exclude(guide_version=None).order_by("-number").first()
            return held.guide_version if held else None
    except ObjectDoesNotExist:
        return None
    return None


def guide_for_partnership(
    partnership: Partnership, kind: str, language: str | None = None
) -> GuideVersion | None:
    """In the partnership's language the version its step recorded (else the one in force);
    in the other language the one in force, since a step records one language."""
    if language is None or language == partnership.language:
        return guide_selectors.recorded_or_in_force(
            partnership, kind, recorded_version(partnership, kind)
        )
    return guide_selectors.version_in_force(
        programme_id=partnership.programme_id,
        municipality_id=partnership.municipality_id,
        language=language,
        kind=kind,
    )


def step_documents(user, partnership: Partnership) -> list[dict]:
    """The documents of the model this user may open from the partnership's page."""
    documents: list[dict] = [
        {
            "step": step,
            "kind": kind,
            "label": GuideKind(kind).label,
            "url": reverse("partnerships:step_guide", args=[partnership.uuid, kind]),
        }
        for step, kind in STEP_DOCUMENTS
        if tenancy.may_read_partnership_guide(user, partnership, kind)
    ]
    if tenancy.may_manage_companies(user):
        documents.insert(
            1,
            {
                "step": Step.AGREEMENT,
                "kind": "agreement",
                "label": _("Partnership agreement template"),
                "url": reverse("agreements:template_list"),
            },
        )
    return documents
