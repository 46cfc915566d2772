"""A partnership's measured and deemed results as its page shows them, kept in the cache
under `core.read_cache.PARTNERSHIP_RESULTS`: building them reads the records, the heat
supply, the factor sets and the actions (six queries), and they change only when one of
those does.

The figures are the partnership's own, the same for every user who may read it (the page
decides that before it asks), so they are keyed by the partnership alone. Every model they
read replaces the generation when saved or deleted (`follow_the_inputs`); the energy app's
bulk writes replace it themselves.
"""

from carbon20.actionplans.models import Action, ActionPlan
from carbon20.agreements.models import Agreement
from carbon20.core.read_cache import PARTNERSHIP_RESULTS
from carbon20.energy.heat_models import HeatDeclaration, HeatSupplier, SiteHeatSupply
from carbon20.energy.models import ConsumptionRecord, EmissionFactor, FactorSet
from carbon20.followups import results
from carbon20.organisations.models import Company, Programme, Site
from carbon20.partnerships.models import Partnership

# What `results.measured_result` and `results.deemed_result` read.
INPUTS = [
    Partnership,
    Company,
    Site,
    Programme,
    Agreement,
    ConsumptionRecord,
    FactorSet,
    EmissionFactor,
    SiteHeatSupply,
    HeatSupplier,
    HeatDeclaration,
    ActionPlan,
    Action,
]


def follow_the_inputs() -> None:
    PARTNERSHIP_RESULTS.follow(INPUTS)


def results_of(
    partnership: Partnership,
) -> tuple[results.MeasuredResult | results.NoMeasuredResult, results.DeemedResult]:
    """The measured and the deemed result, as `results` computes them now."""
    return PARTNERSHIP_RESULTS.cached(
        ("measured and deemed", partnership.pk),
        lambda: (results.measured_result(partnership), results.deemed_result(partnership)),
    )
