"""Comparing 2–4 plans side by side, reached by ticking them in a list."""

import pytest
from django.urls import reverse

from catalogue.models import Initiative
from prioritisation import changes
from tests.queries import CACHE_READ, CACHE_WRITE, SESSION_READ

pytestmark = pytest.mark.django_db


def _compare(client, *ids, **extra):
    return client.get(reverse("prioritisation:compare"), {"plan": list(ids), **extra}, follow=True)


def _columns(text):
    return text.split('class="budget compare"', 1)[1].split("</thead>", 1)[0]


def test_two_plans_side_by_side_with_differences(member_client, make_plan, member):
    first = make_plan(member, name="Job først", titles=["Fritidsjob"], ceiling=3_000_000)
    second = make_plan(
        member, name="Skole først", titles=["Fritidsjob", "Flere lærepladser"], ceiling=5_000_000
    )
    text = _compare(member_client, first.pk, second.pk).content.decode()
    assert "Job først" in _columns(text) and "Skole først" in _columns(text)
    # 2019: 3,0 mio. against 3,0 + 2,2 mio.: 2,2 mio. more in the second plan.
    assert "5.200.000 kr." in text
    assert "+2.200.000 kr." in text
    assert "200.000 kr. over loftet" in text  # 5,2 mio. against a 5,0 mio. ceiling
    assert "0 kr. under loftet" in text  # 3,0 mio. against 3,0 mio.
    # Which initiative is in which plan, at what scale.
    assert ">Flere lærepladser</a>" in text
    assert text.count("2019–2022,") == 3


def test_reached_by_ticking_plans_in_my_plans(member_client, make_plan, member):
    make_plan(member, name="A")
    text = member_client.get(reverse("prioritisation:plan_list")).content.decode()
    assert f'action="{reverse("prioritisation:compare")}"' in text
    assert 'type="checkbox" name="plan"' in text
    assert "Sammenlign de valgte" in text


def test_a_shared_plan_of_another_member(client, make_plan, member, other_member):
    mine = make_plan(other_member, name="Bos plan", titles=["Gadehøjskoler"])
    theirs = make_plan(member, name="Mettes delte plan", titles=["Fritidsjob"])
    changes.share_plan(theirs)
    client.force_login(other_member)
    text = _compare(client, mine.pk, theirs.pk).content.decode()
    assert "Mettes delte plan" in _columns(text)


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (1, "Vælg mindst to handleplaner at sammenligne."),
        (5, "Du kan sammenligne højst fire handleplaner ad gangen."),
        (10, "Du kan sammenligne højst fire handleplaner ad gangen."),
    ],
)
def test_too_few_or_too_many(member_client, make_plan, member, count, message):
    ids = [make_plan(member, name=f"Plan {n}").pk for n in range(count)]
    response = _compare(member_client, *ids)
    assert message in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("prioritisation:plan_list")


@pytest.mark.parametrize("bad", ["abc", "999999"])
def test_unknown_or_unshared_plans(client, make_plan, member, other_member, bad):
    mine = make_plan(other_member, name="Bos plan")
    private = make_plan(member, name="Mettes private plan")
    client.force_login(other_member)
    for ids in [(mine.pk, private.pk), (mine.pk, bad)]:
        response = _compare(client, *ids)
        text = response.content.decode()
        assert "Intet er sammenlignet" in text or "Vælg mindst to" in text
        assert "Mettes private plan" not in text


@pytest.mark.parametrize("size", [2, 4])
def test_query_count_does_not_grow(
    member_client, make_plan, member, django_assert_num_queries, size
):
    ids = [
        make_plan(member, name=f"Plan {n}", titles=["Fritidsjob", "Gadehøjskoler"]).pk
        for n in range(size)
    ]
    url = reverse("prioritisation:compare")
    # The first view: the session, the user, the plans (readable by the user, joined to
    # catalogue and owner), the cache (a miss), the plans again, their items, their
    # allocations, and the comparison kept in the cache.
    with django_assert_num_queries(2 + SESSION_READ + CACHE_READ + 3 + CACHE_WRITE):
        response = member_client.get(url, {"plan": ids})
    assert response.status_code == 200
    # Again: the session, the user, the plans, and the comparison from the cache.
    with django_assert_num_queries(2 + SESSION_READ + CACHE_READ):
        again = member_client.get(url, {"plan": ids})
    assert again.content.decode().count('<th scope="col" class="money"><a href=') == size


def test_a_change_to_a_plan_shows_at_once(member_client, make_plan, member):
    """The comparison is shared through the cache under each plan's version."""
    first = make_plan(member, name="Job først", titles=["Fritidsjob"])
    second = make_plan(member, name="Skole først", titles=["Fritidsjob"])
    assert (
        ">Flere lærepladser</a>"
        not in _compare(member_client, first.pk, second.pk).content.decode()
    )
    initiative = Initiative.objects.get(title="Flere lærepladser")
    member_client.post(
        reverse("prioritisation:item_add"), {"plan": second.pk, "initiative": initiative.pk}
    )
    text = _compare(member_client, first.pk, second.pk).content.decode()
    assert ">Flere lærepladser</a>" in text
    # The same plans in the other order are another comparison, not the cached one.
    other_order = _compare(member_client, second.pk, first.pk).content.decode()
    assert "Forskelle er regnet i forhold til „Skole først“" in other_order


def test_the_member_picks_the_baseline_and_sees_each_pejlemaerke_against_its_earmark(
    member_client, make_plan, member, catalogue
):
    from prioritisation.models import Allocation

    school = catalogue.goals.get(number=2)  # both initiatives are pejlemærke 2's
    first = make_plan(member, name="Job først", titles=["Fritidsjob"])
    second = make_plan(member, name="Skole først", titles=["Fritidsjob", "Flere lærepladser"])
    for plan, earmark in ((first, 3_500_000), (second, 5_000_000)):
        Allocation.objects.create(plan=plan, year=2019, goal=school, amount=earmark)
    text = _compare(member_client, first.pk, second.pk, basis=second.pk).content.decode()
    assert "Forskelle er regnet i forhold til „Skole først“." in text
    # 2019 for the first plan: 3,0 mio. against the second's 5,2 mio.
    assert "-2.200.000 kr." in text
    goals = text.split('id="compare-goals-heading"', 1)[1].split("</section>", 1)[0]
    assert "Pejlemærke 2: " in goals
    assert "500.000 kr. under øremærkningen" in goals  # 3,0 mio. of 3,5 mio.
    assert "200.000 kr. over øremærkningen" in goals  # 5,2 mio. of 5,0 mio.
    assert "ingen øremærkning" in goals  # 2020: none set
    # An unknown baseline falls back to the first plan.
    fallback = _compare(member_client, first.pk, second.pk, basis="x").content.decode()
    assert "Forskelle er regnet i forhold til „Job først“." in fallback
