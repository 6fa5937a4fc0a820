"""The data migration that gave every item its ``scale_by``: each row of the old shape
(a quantity and units) counts the same money afterwards, by the old rule and the new."""

import importlib
from fractions import Fraction
from types import SimpleNamespace

import pytest

from prioritisation.budget import scale_ratio
from prioritisation.models import PlanItem

migration = importlib.import_module("prioritisation.migrations.0007_scale_by_what_the_member_typed")


def _old_ratio(row) -> Fraction:
    """The ratio before the migration (budget.py's old _scale_ratio)."""
    ratio = Fraction(1)
    if row.agreed_financing_kind == "per_unit":
        ratio *= row.units
    larger = row.use_larger_variant and row.agreed_larger_variant_amount is not None
    if not larger and row.quantity is not None and row.agreed_target_quantity:
        ratio *= Fraction(row.quantity, row.agreed_target_quantity)
    return ratio


def _row(kind="annual", quantity=None, units=1, larger=False, target=200):
    return SimpleNamespace(
        agreed_financing_kind=kind,
        quantity=quantity,
        units=units,
        use_larger_variant=larger,
        agreed_larger_variant_amount=3_800_000 if larger else None,
        agreed_target_quantity=target,
    )


@pytest.mark.parametrize(
    ("row", "scale_by", "quantity", "units"),
    [
        (_row(), "catalogue", None, 1),
        (_row(quantity=100), "quantity", 100, 1),  # 100 of 200 unge
        (_row(kind="per_unit", units=3, target=35), "units", None, 3),
        # 35 unge pr. boligområde: 20 unge in each of 3 is 60 unge in all.
        (_row(kind="per_unit", units=3, quantity=20, target=35), "quantity", 60, 1),
        (_row(kind="per_unit", units=1, target=35), "catalogue", None, 1),
        # Units stored on an item that is not per unit were never counted.
        (_row(units=4), "catalogue", None, 1),
        # A quantity under the larger variant was not counted, and still is not.
        (_row(quantity=50, larger=True), "quantity", 50, 1),
        (_row(kind="per_unit", units=2, quantity=10, larger=True, target=35), "units", None, 2),
        # No catalogue quantity to compare with: it was not counted; the cost stays.
        (_row(quantity=7, target=None), "catalogue", None, 1),
        (_row(kind="per_unit", units=2, quantity=7, target=None), "units", None, 2),
    ],
)
def test_old_rows_count_the_same_money(row, scale_by, quantity, units):
    new = migration._scale(row)
    assert new == {"scale_by": scale_by, "quantity": quantity, "units": units}
    item = PlanItem(
        agreed_financing_kind=row.agreed_financing_kind,
        agreed_target_quantity=row.agreed_target_quantity,
        agreed_larger_variant_amount=row.agreed_larger_variant_amount,
        agreed_first_year_amount=1_000_000,
        agreed_later_year_amount=1_000_000,
        use_larger_variant=row.use_larger_variant,
        **new,
    )
    assert scale_ratio(item=item) == _old_ratio(row)
