"""A demo plan for the demo member, so a fresh development machine shows a plan page."""

from catalogue.models import Initiative

from .changes import add_initiative, create_plan, save_item
from .models import Allocation, Plan

DEMO_NAME = "Eksempel: job først"
DEMO_ITEMS = [
    # title, changes to the item
    # An exact amount: 3.300.000 kr. of the catalogue's 4.400.000 kr. a year.
    (
        "Håndholdt og kontinuerlig virksomhedsindsats",
        {"scale_by": "amount", "scale_amount": 3_300_000},
    ),
    ("Anonymiseret rekruttering", {}),
    ("Fritidsjob", {"scale_by": "quantity", "quantity": 100}),  # half scale: 100 of 200 unge
    ("Flere lærepladser", {"start_year": 2020}),
    # Later years not stated in the catalogue: udvalgets eget beløb for them.
    ("Indsats for udsatte og ensomme seniorer", {"own_later_year_amount": 400_000}),
]


def ensure_demo_plan(user, catalogue) -> Plan | None:
    """Create the demo plan for ``user`` unless they already have a plan. Idempotent."""
    if Plan.objects.owned_by(user).exists():
        return None
    plan = Plan(
        owner=user,
        catalogue=catalogue,
        name=DEMO_NAME,
        description="Et udkast med en ramme på 12 mio. kr. om året, heraf 8 mio. kr. til job.",
        first_year=catalogue.first_year,
        last_year=catalogue.last_year,
    )
    jobs = catalogue.goals.get(number=1)
    allocations = [Allocation(year=year, amount=12_000_000) for year in catalogue.years] + [
        Allocation(year=year, goal=jobs, amount=8_000_000) for year in catalogue.years
    ]
    create_plan(plan, allocations=allocations)
    for title, changes in DEMO_ITEMS:
        initiative = Initiative.objects.in_catalogue(catalogue).filter(title=title).first()
        if initiative is None:
            continue
        item, _created = add_initiative(plan, initiative)
        if changes:
            for field, value in changes.items():
                setattr(item, field, value)
            save_item(item, fields=changes)
    return plan
