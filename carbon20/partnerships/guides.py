"""Short help for the officer on each step's page, in the product's own words."""

from django.utils.translation import gettext_lazy as _

from carbon20.partnerships.models import Step

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
