"""Two tabs, or two people, editing one plan never lose an update in silence.

Forms carry the plan's version; a save whose version is stale is refused with a
Danish message and the current plan. Adding and removing initiatives cannot collide
and both survive. The concurrent tests run real parallel requests on PostgreSQL.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation.models import PlanItem

CONFLICT = "Handleplanen er ændret, siden du åbnede den"


def _item_edit(client, plan, item, *, version, **fields):
    data = {
        f"item-{item.pk}-start_year": item.start_year,
        f"item-{item.pk}-end_year": item.end_year,
        f"item-{item.pk}-note": item.note,
        f"item-{item.pk}-version": version,
    }
    data.update({f"item-{item.pk}-{name}": value for name, value in fields.items()})
    return client.post(
        reverse("prioritisation:item_edit", args=[plan.pk, item.pk]), data, follow=True
    )


@pytest.mark.django_db
def test_a_stale_tab_is_told_and_changes_nothing(member_client, plan):
    plan.refresh_from_db()
    item = plan.items.get(initiative__title="Fritidsjob")
    seen = plan.version  # both tabs opened the plan at this version

    first = _item_edit(member_client, plan, item, version=seen, note="Fra fane 1")
    assert "er gemt" in first.content.decode()

    second = _item_edit(member_client, plan, item, version=seen, note="Fra fane 2")
    text = second.content.decode()
    assert CONFLICT in text
    assert "Fra fane 1" in text  # the plan as it is now
    item.refresh_from_db()
    assert item.note == "Fra fane 1"


@pytest.mark.django_db
def test_a_stale_plan_form_is_refused(member_client, plan):
    plan.refresh_from_db()
    url = reverse("prioritisation:plan_edit", args=[plan.pk])
    data = {"name": "Nyt navn", "first_year": 2019, "last_year": 2022, "version": plan.version}
    member_client.post(reverse("prioritisation:plan_share", args=[plan.pk]))  # meanwhile
    response = member_client.post(url, data, follow=True)
    assert CONFLICT in response.content.decode()
    plan.refresh_from_db()
    assert plan.name == "Job og skole"


def _in_parallel(functions):
    """Run the functions at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            results[index] = function()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_one_version_one_wins_one_is_told(make_plan, member):
    plan = make_plan(member, titles=["Fritidsjob", "Gadehøjskoler"])
    plan.refresh_from_db()
    items = list(plan.items.order_by("pk"))

    def edit(item, note):
        def post():
            client = Client()
            client.force_login(member)
            return _item_edit(client, plan, item, version=plan.version, note=note).content.decode()

        return post

    for _round in range(5):
        plan.refresh_from_db()
        texts = _in_parallel([edit(items[0], "A"), edit(items[1], "B")])
        told = [CONFLICT in text for text in texts]
        assert sorted(told) == [False, True]  # exactly one was refused, and told so
        saved = {item.note for item in plan.items.all()} & {"A", "B"}
        assert len(saved) == 1  # the winner's change is there; nothing else moved
        PlanItem.objects.filter(plan=plan).update(note="")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_both_survive(make_plan, member):
    plan = make_plan(member)
    titles = [
        "Fritidsjob",
        "Gadehøjskoler",
        "Flere lærepladser",
        "Mindspring-forløb for flygtninge",
    ]
    ids = [Initiative.objects.get(title=title).pk for title in titles]
    start_version = plan.version

    def add(initiative_id):
        def post():
            client = Client()
            client.force_login(member)
            return client.post(
                reverse("prioritisation:item_add"), {"plan": plan.pk, "initiative": initiative_id}
            ).status_code

        return post

    assert _in_parallel([add(pk) for pk in ids]) == [302] * len(ids)
    plan.refresh_from_db()
    assert sorted(plan.items.values_list("initiative_id", flat=True)) == sorted(ids)
    assert plan.version == start_version + len(ids)  # every change counted


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_create_plan_submitted_twice_at_once_makes_one_plan(member, catalogue):
    """A double click on "Opret handleplanen": two posts of one form at the same moment."""
    import uuid

    from prioritisation.models import Plan

    url = reverse("prioritisation:plan_create")

    def submit(name, token):
        def post():
            client = Client()
            client.force_login(member)
            data = {
                "name": name,
                "first_year": 2019,
                "last_year": 2022,
                "ceiling_all": "1.000.000",
                "creation_token": token,
            }
            return client.post(url, data)

        return post

    for number in range(5):
        name, token = f"Dobbeltklik {number}", str(uuid.uuid4())
        responses = _in_parallel([submit(name, token), submit(name, token)])
        plan = Plan.objects.get(name=name)
        assert [r.status_code for r in responses] == [302, 302]
        assert {r.url for r in responses} == {plan.get_absolute_url()}
        assert plan.allocations.count() == 4
    assert Plan.objects.count() == 5
