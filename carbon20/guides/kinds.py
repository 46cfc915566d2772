"""The guides of the Carbon 20 model: one kind per document the model gives the municipality,
the sections each kind must hold, and the placeholders a guide may use.

A section is a level-2 Markdown heading that ends in its key, `## Participants {#visit}`. The
heading's words are the writer's; the key ties the section to the part of a form or a document
that follows it (the visit form's fieldsets, the screening report's chapters). Every key of a
kind must appear once, in the order the writer chooses, so a form never loses a field.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LANGUAGES = (("da", _("Danish")), ("en", _("English")))


class GuideKind(models.TextChoices):
    # The step-3 document, the agreement template, stays in agreements (decision 0013).
    FIRST_MEETING = "first_meeting", _("Guide to the first meeting")
    SCREENING = "screening", _("Guidelines for the energy screening")
    SCREENING_REPORT = "screening_report", _("Guidelines for the screening report")
    ACTION_PLAN = "action_plan", _("Template for the climate action plan")
    FOLLOW_UP = "follow_up", _("Guidance for following up on action plans")
    MODEL = "model", _("The Carbon 20 model")


SECTIONS: dict[str, dict[str, object]] = {
    GuideKind.FIRST_MEETING: {
        "visit": pgettext_lazy("guide section", "The visit and its participants"),
        "areas": pgettext_lazy("guide section", "Areas that could be included"),
        "climate_work": pgettext_lazy("guide section", "Status of the climate work"),
        "interests": pgettext_lazy("guide section", "Interests, potential and barriers"),
        "agreement": pgettext_lazy("guide section", "The partnership agreement"),
        "next_steps": pgettext_lazy("guide section", "Next steps"),
    },
    GuideKind.SCREENING: {
        "site_visit": pgettext_lazy("guide section", "The site visit"),
        "baseline": pgettext_lazy("guide section", "Baseline per energy carrier"),
        "end_uses": pgettext_lazy("guide section", "End-use breakdown"),
        "measures": pgettext_lazy("guide section", "Measures"),
        "obligation": pgettext_lazy("guide section", "Energy companies' savings obligation"),
    },
    GuideKind.SCREENING_REPORT: {
        "summary": pgettext_lazy("guide section", "Summary"),
        "baseline": pgettext_lazy("guide section", "Baseline and key figures"),
        "end_uses": pgettext_lazy("guide section", "End-use breakdown"),
        "measures": pgettext_lazy("guide section", "Measures"),
        "method": pgettext_lazy("guide section", "Method and factors"),
    },
    GuideKind.ACTION_PLAN: {
        "summary": pgettext_lazy("guide section", "The plan against the target"),
        "actions": pgettext_lazy("guide section", "Actions"),
        "abatement": pgettext_lazy("guide section", "Cost per tonne"),
        "method": pgettext_lazy("guide section", "Method and factors"),
    },
    GuideKind.FOLLOW_UP: {
        "meeting": pgettext_lazy("guide section", "The follow-up meeting"),
        "actions": pgettext_lazy("guide section", "Status of every action"),
        "consumption": pgettext_lazy("guide section", "New consumption data"),
        "barriers": pgettext_lazy("guide section", "Barriers"),
        "help": pgettext_lazy("guide section", "Help needed"),
        "next": pgettext_lazy("guide section", "The next follow-up"),
    },
    GuideKind.MODEL: {},
}

PLACEHOLDERS: dict[str, object] = {
    "programme": _("The programme's name."),
    "municipality": _("The municipality's name (in a programme's own version: the municipality)."),
    "target_percent": _("The programme's target reduction of CO2e in per cent."),
    "follow_up_count": _("The number of follow-ups the programme holds."),
}
