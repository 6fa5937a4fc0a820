"""Every rule about a plan's status is checked on the row the change locked, never on an
object read before (issue 17): two people acting on one plan at the same moment end in
a state the rules allow, and the one refused is told in Danish.

The first tests replay each race in one thread: the object a view read, then the other
person's change, then the change made with the stale object. The last ones run real
parallel requests on PostgreSQL, as the security test did.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation import changes
from prioritisation.models import Plan, PlanItem

FROZEN = "Handleplanen er vedtaget og kan ikke ændres"


def _fresh(plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


@pytest.mark.django_db
def test_adopting_a_plan_withdrawn_meanwhile_is_refused(plan, administrator):
    changes.share_plan(plan)
    seen_by_administrator = _fresh(plan)  # shared, when the adopt page was read
    changes.withdraw_sharing(_fresh(plan))  # the owner, a moment before
    with pytest.raises(changes.PlanNotShared):
        changes.adopt_plan(seen_by_administrator, by=administrator)
    now = _fresh(plan)
    assert (now.status, now.shared_at, now.adopted_at) == (Plan.Status.DRAFT, None, None)


@pytest.mark.django_db
def test_adopting_a_plan_deleted_meanwhile_is_refused(plan, administrator):
    changes.share_plan(plan)
    seen_by_administrator = _fresh(plan)
    changes.delete_plan(_fresh(plan))
    with pytest.raises(changes.PlanGone):
        changes.adopt_plan(seen_by_administrator, by=administrator)
    assert _fresh(plan).status == Plan.Status.DRAFT
    changes.restore_plan(_fresh(plan))  # "Gendan" works: the plan is as it was
    assert not _fresh(plan).is_deleted


@pytest.mark.django_db
@pytest.mark.parametrize("change", [changes.withdraw_sharing, changes.delete_plan])
def test_an_owners_change_after_adoption_is_refused(plan, administrator, change):
    changes.share_plan(plan)
    seen_by_owner = _fresh(plan)
    changes.adopt_plan(_fresh(plan), by=administrator)
    adopted = _fresh(plan)
    with pytest.raises(changes.PlanFrozen):
        change(seen_by_owner)
    now = _fresh(plan)
    assert (now.status, now.shared_at, now.deleted_at, now.version) == (
        Plan.Status.ADOPTED,
        adopted.shared_at,
        None,
        adopted.version,
    )


@pytest.mark.django_db
def test_an_add_reads_the_period_under_the_lock(plan):
    seen_when_adding = _fresh(plan)  # 2019–2022, when the add was posted
    narrowed = _fresh(plan)
    narrowed.first_year = 2021
    changes.save_plan(narrowed, fields=["first_year"], allocations=[])
    one_off = Initiative.objects.get(title="Vækstprogram for virksomheder")
    item, created = changes.add_initiative(seen_when_adding, one_off)
    assert created
    item.refresh_from_db()
    assert (item.start_year, item.end_year) == (2021, 2022)


@pytest.mark.django_db
def test_an_item_edited_with_a_period_gone_meanwhile_is_refused(plan):
    item = plan.items.get(initiative__title="Fritidsjob")
    item.start_year = 2019  # what the form, read before the period changed, posts
    narrowed = _fresh(plan)
    narrowed.first_year = 2021
    changes.save_plan(narrowed, fields=["first_year"], allocations=[])
    with pytest.raises(changes.PlanConflict):
        changes.save_item(item, fields=["start_year"])  # posted without its version
    assert PlanItem.objects.get(pk=item.pk).start_year == 2021


@pytest.mark.django_db
def test_an_edit_of_an_item_removed_meanwhile_says_so(member_client, plan):
    item = plan.items.get(initiative__title="Fritidsjob")
    changes.remove_item(PlanItem.objects.get(pk=item.pk))
    item.note = "For sent"
    with pytest.raises(changes.ItemGone):
        changes.save_item(item, fields=["note"])
    assert not PlanItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_an_adopted_plan_cannot_be_shared_again_or_unshared(member_client, plan, administrator):
    changes.share_plan(plan)
    changes.adopt_plan(_fresh(plan), by=administrator)
    adopted = _fresh(plan)
    for name in ("prioritisation:plan_share", "prioritisation:plan_unshare"):
        response = member_client.post(reverse(name, args=[plan.pk]), follow=True)
        assert FROZEN in response.content.decode()
    now = _fresh(plan)
    assert (now.shared_at, now.version, now.status) == (
        adopted.shared_at,
        adopted.version,
        Plan.Status.ADOPTED,
    )


# --- Real parallel requests (PostgreSQL's row locks) ----------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


def _at_once(*requests):
    """Run the requests at the same moment, each in its own thread and connection;
    their status codes."""
    barrier = threading.Barrier(len(requests))
    codes = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait()
            codes[index] = request()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return codes


def _poster(user, url, data=None):
    def post():
        client = Client()
        client.force_login(user)
        return client.post(url, data or {}).status_code

    return post


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_adopt_against_unshare_and_delete_ends_in_an_allowed_state(
    make_plan, member, administrator
):
    for round_ in range(8):
        plan = make_plan(member, name=f"Runde {round_}", titles=["Fritidsjob"])
        changes.share_plan(plan)
        owners = "prioritisation:plan_unshare" if round_ % 2 else "prioritisation:plan_delete"
        codes = _at_once(
            _poster(administrator, reverse("prioritisation:plan_adopt", args=[plan.pk])),
            _poster(member, reverse(owners, args=[plan.pk])),
        )
        # The adoption is refused with a message (302), or finds no plan it may read
        # any more (404); the owner's change goes through or is refused with a message.
        assert codes[0] in (302, 404) and codes[1] == 302
        now = _fresh(plan)
        if now.is_adopted:
            assert now.shared_at is not None and now.deleted_at is None
        else:
            assert now.adopted_at is None
        # Whatever happened, a deleted plan is restored without an error.
        if now.is_deleted:
            assert _poster(member, reverse("prioritisation:plan_restore", args=[plan.pk]))() == 302


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_adds_while_the_period_narrows_stay_inside_it(make_plan, member):
    titles = ["Vækstprogram for virksomheder", "Gadehøjskoler"]
    ids = [Initiative.objects.get(title=title).pk for title in titles]
    for round_ in range(8):
        plan = make_plan(member, name=f"Runde {round_}")
        edit = {"name": plan.name, "first_year": 2021, "last_year": 2022}
        add = reverse("prioritisation:item_add")
        codes = _at_once(
            _poster(member, add, {"plan": plan.pk, "initiative": ids[0]}),
            _poster(member, reverse("prioritisation:plan_edit", args=[plan.pk]), edit),
            _poster(member, add, {"plan": plan.pk, "initiative": ids[1]}),
        )
        assert codes == [302, 302, 302]
        now = _fresh(plan)
        for item in now.items.all():
            assert now.first_year <= item.start_year <= item.end_year <= now.last_year


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_edit_racing_a_removal_never_answers_500(make_plan, member):
    for round_ in range(8):
        plan = make_plan(member, name=f"Runde {round_}", titles=["Fritidsjob"])
        item = plan.items.get()
        edit = {
            f"item-{item.pk}-start_year": 2019,
            f"item-{item.pk}-end_year": 2022,
            f"item-{item.pk}-note": "Samtidig",
        }
        codes = _at_once(
            _poster(member, reverse("prioritisation:item_edit", args=[plan.pk, item.pk]), edit),
            _poster(member, reverse("prioritisation:item_remove", args=[plan.pk, item.pk])),
        )
        assert 500 not in codes
        assert codes[1] == 302
        assert codes[0] in (302, 404)  # saved before the removal, told, or already gone
        assert not PlanItem.objects.filter(pk=item.pk).exists()
