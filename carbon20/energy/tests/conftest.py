from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings

from carbon20.energy import services
from carbon20.energy.models import FactorSet

HB2016_NAME = "HB2016 energimærkning (erstatning for ENS' standardfaktorer)"
ENERGINET_2015_125 = "Energinet miljødeklaration 2015, 125 %"


@pytest.fixture
def hb2016(db) -> FactorSet:
    """Seeded by the data migration from REFERENCE.md §1.1."""
    return FactorSet.objects.get(name=HB2016_NAME, year=2016)


@pytest.fixture
def energinet_2015(db) -> FactorSet:
    return FactorSet.objects.get(name=ENERGINET_2015_125, year=2015)


def add_record(company, carrier, start, end, quantity, unit, **fields):
    return services.record_consumption(
        company=company,
        user=fields.pop("user", None),
        site=fields.pop("site", None),
        carrier=carrier,
        period_start=start,
        period_end=end,
        quantity=Decimal(quantity),
        unit=unit,
        source=fields.pop("source", "bill"),
        heated_share_percent=fields.pop("heated_share_percent", None),
        **fields,
    )


def monthly_records(company, carrier, year, quantity, unit, months=range(1, 13)):
    from carbon20.energy.calc.periods import days_in_month

    return [
        add_record(
            company,
            carrier,
            date(year, month, 1),
            date(year, month, days_in_month(year, month)),
            quantity,
            unit,
        )
        for month in months
    ]


# The shared CI machine can be slow; the property tests judge results, not speed.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=80)
