"""Why the data do not suffice: a code, its parameters and a sentence for people.

The sentence is made when it is read, with Django's gettext, so that a page rendered in Danish
shows it in Danish; the command line activates English. Dates read dd.mm.yyyy in both.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop

# One sentence per code; the parameters are named in each. Lower case first, as the sentences
# are listed after a heading ("The data do not suffice:").
MESSAGES: Mapping[str, str] = {
    "baseline_invalid": gettext_noop("the baseline ends on %(end)s, before it starts on %(start)s"),
    "baseline_too_long": gettext_noop(
        "the baseline spans %(days)s days; at most %(maximum)s are allowed"
    ),
    "baseline_too_short": gettext_noop(
        "the baseline covers %(days)s days; at least %(minimum)s are needed"
    ),
    "reporting_invalid": gettext_noop(
        "the reporting period ends on %(end)s, before it starts on %(start)s"
    ),
    "reporting_before_baseline": gettext_noop(
        "the reporting period begins on %(start)s, before the baseline ends on %(baseline_end)s"
    ),
    "reporting_too_short": gettext_noop(
        "the reporting period has consumption for %(days)s of its %(total)s days; "
        "at least %(minimum)s are needed"
    ),
    "consumption_gap": gettext_noop("no consumption for %(start)s–%(end)s"),
    "consumption_gap_day": gettext_noop("no consumption for %(start)s"),
    "more_gaps": gettext_noop("and %(count)s more gaps"),
    "bill_across_gap_left_out": gettext_noop(
        "the reading %(start)s–%(end)s runs from the baseline across the gap into the "
        "reporting period and is left out of the comparison: the gap's days may have used as "
        "much as the baseline's or as little as the reporting period's"
    ),
    "temperature_gap": gettext_noop("no temperature for %(start)s–%(end)s"),
    "temperature_gap_day": gettext_noop("no temperature for %(start)s"),
    "production_gap": gettext_noop("no production for %(start)s–%(end)s"),
    "production_gap_day": gettext_noop("no production for %(start)s"),
    "negative_consumption": gettext_noop(
        "the consumption for %(start)s–%(end)s is negative (%(quantity)s)"
    ),
    "negative_production": gettext_noop(
        "the production for %(start)s–%(end)s is negative (%(quantity)s)"
    ),
    "not_a_number": gettext_noop("the %(kind)s for %(start)s–%(end)s is not a number"),
    "period_reversed": gettext_noop("the %(kind)s period %(start)s–%(end)s ends before it starts"),
    "overlapping_readings": gettext_noop(
        "the %(kind)s readings %(start)s–%(end)s and %(other_start)s–%(other_end)s overlap"
    ),
    "model_quality": gettext_noop(
        "the best model's CV(RMSE) is %(cv_rmse)s %%, above the %(maximum)s %% accepted for "
        "%(granularity)s data (ASHRAE Guideline 14), and its savings uncertainty, %(fsu)s %% "
        "at 68 %% confidence, is not below 100 %%: the saving does not stand out from the "
        "model's scatter"
    ),
    "model_quality_no_saving": gettext_noop(
        "the best model's CV(RMSE) is %(cv_rmse)s %%, above the %(maximum)s %% accepted for "
        "%(granularity)s data, and there is no saving to weigh its uncertainty against "
        "(ASHRAE Guideline 14)"
    ),
    "model_quality_accepted": gettext_noop(
        "the best model's CV(RMSE) is %(cv_rmse)s %%, above the %(maximum)s %% accepted for "
        "%(granularity)s data (ASHRAE Guideline 14); it is used because its savings "
        "uncertainty, %(fsu)s %% at 68 %% confidence, is below 100 %% (CalTRACK refuses no "
        "model for its CV(RMSE); ASHRAE's performance path asks for 50 %%)"
    ),
    "no_predicted_consumption": gettext_noop(
        "the baseline model predicts no consumption for the reporting period"
    ),
}

KINDS: Mapping[str, str] = {
    "consumption": gettext_noop("consumption"),
    "production": gettext_noop("production"),
}
GRANULARITIES: Mapping[str, str] = {
    "daily": gettext_noop("daily"),
    "billing": gettext_noop("billing period"),
}


def _shown(key: str, value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if key == "kind" and isinstance(value, str):
        return gettext(KINDS.get(value, value))
    if key == "granularity" and isinstance(value, str):
        return gettext(GRANULARITIES.get(value, value))
    if isinstance(value, float):
        # number_format cuts decimals off; rounded first, 54.19 reads 54.2.
        return number_format(round(value, 1), decimal_pos=1, use_l10n=True)
    return str(value)


@dataclass(frozen=True)
class Insufficiency:
    """One reason the engine refuses an estimate."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        shown = {key: _shown(key, value) for key, value in self.params.items()}
        return gettext(MESSAGES[self.code]) % shown

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "params": {
                key: value.isoformat() if isinstance(value, date) else value
                for key, value in self.params.items()
            },
            "message": self.message,
        }


class InsufficientDataError(ValueError):
    """Raised by `fit_baseline` when the data do not suffice; `reasons` says why."""

    def __init__(self, reasons: tuple[Insufficiency, ...]) -> None:
        super().__init__("; ".join(reason.message for reason in reasons))
        self.reasons = reasons
