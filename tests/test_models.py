"""The database itself refuses impossible catalogue data, whatever writes it."""

import pytest
from django.db import IntegrityError, transaction

from catalogue.models import Initiative

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "changes"),
    [
        ("Fritidsjob", {"first_year_amount": -1}),
        ("Fritidsjob", {"larger_variant_amount": -3_800_000}),
        ("Vækstprogram for virksomheder", {"later_year_amount": 100_000}),
        ("Styrket ligebehandling på boligmarkedet", {"first_year_amount": 1}),
        ("Beskæftigelsesforløb i samarbejde med civilsamfundet", {"first_year_amount": 1}),
        ("Fritidsjob", {"success_payment_amount": 1}),
        ("Fritidsjobkonsulent udstationeret i de udsatte byområder", {"unit_name": ""}),
        ("Fritidsjob", {"financing_kind": "annual", "first_year_amount": None}),
        ("Gadehøjskoler", {"target_quantity_max": 2}),
    ],
)
def test_database_rejects_contradictions(catalogue, title, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(title=title).update(**changes)


@pytest.mark.parametrize(
    ("title", "start", "expected"),
    [
        # 0,3 mio. kr. in the first year, 0,5 mio. kr. a year after.
        (
            "Undervisning af lærere i mangfoldig elevsammensætning",
            2019,
            [300_000, 500_000, 500_000, 500_000],
        ),
        # Started in 2021: nothing before, the first-year amount in 2021.
        (
            "Undervisning af lærere i mangfoldig elevsammensætning",
            2021,
            [0, 0, 300_000, 500_000],
        ),
        # One-off: only the start year.
        ("Vækstprogram for virksomheder", 2019, [550_000, 0, 0, 0]),
        # Later-year cost not stated: unknown, not 0.
        ("Indsats for udsatte og ensomme seniorer", 2019, [600_000, None, None, None]),
        # No amount at all.
        ("Styrket ligebehandling på boligmarkedet", 2019, [None, None, None, None]),
        # Pay-for-success: conditional, so no committed yearly cost.
        ("Beskæftigelsesforløb i samarbejde med civilsamfundet", 2019, [None] * 4),
    ],
)
def test_cost_in_year(catalogue, title, start, expected):
    initiative = Initiative.objects.get(title=title)
    got = [initiative.cost_in_year(year, start_year=start) for year in range(2019, 2023)]
    assert got == expected
