"""A backup restores every plan exactly: dump, empty the database, load, compare.

Production backs up with pg_dump (SECURITY.md, "Deployment"); this is the same round
trip through Django's dumpdata and loaddata, which work on SQLite and PostgreSQL alike
and move data between the two. Every plan, item and allocation comes back with every
field (time stamps to the microsecond: handleplan/serializers.py), and every plan's
budget (per year, for the period, by pejlemærke) is the same to the krone.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from catalogue.models import Initiative
from prioritisation import changes
from prioritisation.budget import plan_budget
from prioritisation.models import Allocation, Plan, PlanItem

# Not data: rebuilt by migrate (content types, permissions) or short-lived (sessions,
# log-in attempts).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes"]


def _item(plan, title, **fields):
    item = PlanItem.for_initiative(
        Initiative.objects.get(title=title),
        plan=plan,
        start_year=fields.pop("start_year", plan.first_year),
        end_year=fields.pop("end_year", plan.last_year),
        **fields,
    )
    item.save()
    return item


@pytest.fixture
def plans(catalogue, member, other_member, administrator):
    goals = {goal.number: goal for goal in catalogue.goals.all()}

    jobs = Plan.objects.create(
        owner=member,
        catalogue=catalogue,
        name="Job og skole – æøå",
        description="Første udkast.\nMed to linjer.",
        first_year=2019,
        last_year=2022,
    )
    # A pasted note may hold control characters and right-to-left text.
    _item(jobs, "Fritidsjob", use_larger_variant=True, note="Større udgave\t\x0b\u202e ok")
    _item(
        jobs, "Fritidsjobkonsulent udstationeret i de udsatte byområder", scale_by="units", units=3
    )
    _item(
        jobs, "Flere lærepladser", scale_by="quantity", quantity=75, start_year=2020
    )  # half, a year late
    _item(jobs, "Indsats for udsatte og ensomme seniorer")  # later years unknown
    _item(jobs, "Styrket ligebehandling på boligmarkedet")  # no amount
    _item(  # half the pay for success (the 10 kvinder are its condition, not a quantity)
        jobs,
        "Beskæftigelsesforløb i samarbejde med civilsamfundet",
        scale_by="share",
        scale_share=Decimal("50"),
    )
    _item(jobs, "Vækstprogram for virksomheder", start_year=2021, end_year=2022)
    changes.set_allocations(
        jobs,
        [Allocation(year=year, goal=None, amount=12_000_000) for year in jobs.years]
        + [Allocation(year=year, goal=goals[1], amount=5_000_000) for year in (2019, 2020)]
        + [Allocation(year=2021, goal=goals[3], amount=3_333_333)],
    )

    shared = Plan.objects.create(
        owner=other_member,
        catalogue=catalogue,
        name="Bos plan",
        first_year=2020,
        last_year=2021,
    )
    _item(shared, "Gadehøjskoler", scale_by="quantity", quantity=3)
    _item(
        shared, "Anonymiseret rekruttering", scale_by="quantity", quantity=7
    )  # 7 of 20: rounded kroner
    changes.set_allocations(shared, [Allocation(year=2020, goal=None, amount=1_500_000)])
    changes.share_plan(shared)

    adopted = Plan.objects.create(
        owner=member,
        catalogue=catalogue,
        name="Vedtaget 2019",
        first_year=2019,
        last_year=2022,
    )
    _item(adopted, "Mindspring-forløb for flygtninge", scale_by="quantity", quantity=13)
    _item(adopted, "Match mellem flygtninge og frivillige", start_year=2019, end_year=2020)
    changes.propose_plan(adopted)
    changes.adopt_plan(adopted, by=administrator)
    # The catalogue moves on after adoption; the adopted plan keeps its figures.
    Initiative.objects.filter(title="Mindspring-forløb for flygtninge").update(
        first_year_amount=99_000, later_year_amount=99_000
    )

    deleted = changes.duplicate_plan(jobs, owner=member)
    changes.delete_plan(deleted)
    return [jobs, shared, adopted, deleted]


def _snapshot():
    """Every row of the plans' tables, every field, and each plan's budget."""
    rows = {
        model.__name__: [
            {field.attname: getattr(obj, field.attname) for field in model._meta.concrete_fields}
            for obj in model.objects.order_by("pk")
        ]
        for model in (Plan, PlanItem, Allocation, Initiative)
    }
    rows["history"] = [model_to_dict(record) for record in Plan.history.order_by("history_id")] + [
        model_to_dict(record) for record in PlanItem.history.order_by("history_id")
    ]
    rows["users"] = list(
        get_user_model()
        .objects.order_by("pk")
        .values("pk", "username", "password", "is_staff", "groups__name")
    )
    budgets = {}
    for plan in Plan.objects.order_by("pk"):
        budget = plan_budget(
            plan=plan,
            items=plan.items.select_related("initiative__focus_area__goal"),
            allocations=plan.allocations.select_related("goal"),
        )
        budgets[plan.pk] = {
            "years": [
                (y.year, y.total, y.establishment, y.running, y.unknown_count, y.limit)
                for y in budget.totals.years
            ],
            "period": (budget.totals.total, budget.totals.unknown_count),
            "goals": [
                (
                    g.goal.number,
                    g.totals.total,
                    [(y.year, y.total, y.limit) for y in g.totals.years],
                )
                for g in budget.goals
            ],
            "items": [(entry.item.pk, [c.amount for c in entry.costs]) for entry in budget.items],
            "conditional": budget.conditional_total,
            "overruns": [(o.year, o.goal and o.goal.number, o.over_by) for o in budget.overruns],
        }
    return rows, budgets


@pytest.mark.django_db(transaction=True)
def test_dump_and_restore_reproduces_every_plan_and_total(plans, tmp_path):
    before_rows, before_budgets = _snapshot()
    # The budgets are real: something in every year, something unknown, something over.
    jobs = before_budgets[plans[0].pk]
    assert all(total > 0 for _year, total, *_rest in jobs["years"])
    assert jobs["period"][1] > 0
    assert jobs["conditional"] > 0
    assert before_rows["Plan"][2]["status"] == Plan.Status.ADOPTED
    assert before_rows["Plan"][3]["deleted_at"] is not None
    assert isinstance(before_rows["Plan"][0]["updated"], datetime.datetime)

    dump = tmp_path / "handleplan.json"
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=EXCLUDE,
        indent=1,
        output=str(dump),
        verbosity=0,
    )
    call_command("flush", interactive=False, verbosity=0)
    assert not Plan.objects.exists()
    assert not Initiative.objects.exists()
    assert not get_user_model().objects.exists()

    call_command("loaddata", str(dump), verbosity=0)

    after_rows, after_budgets = _snapshot()
    for table in before_rows:
        assert after_rows[table] == before_rows[table], table
    assert after_budgets == before_budgets
    # Time stamps keep their microseconds and time zone.
    restored = Plan.objects.get(pk=plans[2].pk)
    assert restored.adopted_at == before_rows["Plan"][2]["adopted_at"] <= timezone.now()
    assert restored.adopted_at.microsecond == before_rows["Plan"][2]["adopted_at"].microsecond
