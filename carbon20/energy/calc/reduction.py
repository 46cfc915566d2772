"""A reduction against a baseline, in percent: the one definition every result uses.

The percentage is computed exactly; `round_percent` is the one rounding rule (two places,
half up) applied where a percentage is stored or printed. Comparisons with a target use the
exact value, so rounding can never turn 19.996 % into "target reached".
"""

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
PERCENT_PLACES = Decimal("0.01")


def reduction_percent(baseline: Decimal, current: Decimal) -> Decimal:
    """How much lower than the baseline, in percent. A baseline of zero is not a result."""
    if baseline <= 0:
        raise ValueError("A reduction needs a positive baseline.")
    return (baseline - current) / baseline * HUNDRED


def round_percent(value: Decimal) -> Decimal:
    return value.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)
