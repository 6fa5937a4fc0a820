"""Udvalgets billede: where the plans shared with the committee agree."""

from fractions import Fraction

import pytest
from django.urls import reverse

from prioritisation import committee
from tests.queries import CACHE_READ, CACHE_WRITE, SESSION_READ

pytestmark = pytest.mark.django_db

URL = reverse("prioritisation:committee_picture")


# --- The pure functions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([7], Fraction(7)),
        ([3, 1, 2], Fraction(2)),
        ([1, 2], Fraction(3, 2)),  # the mean of the two middle values, exactly
        ([Fraction(1, 2), Fraction(3, 4), 1, 1], Fraction(7, 8)),
        ([6_000_000, 12_000_000, 9_000_001, 1], Fraction(15_000_001, 2)),
    ],
)
def test_median_is_exact(values, expected):
    assert committee.median(values) == expected


@pytest.mark.parametrize(
    ("count", "plans", "group"),
    [(3, 3, "alle"), (2, 3, "flertal"), (1, 3, "faa"), (0, 3, "ingen"), (2, 4, "faa"),
     (3, 4, "flertal"), (0, 0, "ingen")],
)  # fmt: skip
def test_groups(count, plans, group):
    assert committee.group_of(count, plans) == group


def test_majority():
    assert [committee.majority(n) for n in (1, 2, 3, 4, 5)] == [1, 2, 2, 3, 3]


def test_a_median_of_half_a_krone_says_about():
    assert committee.amount_in_words(Fraction(15_000_001, 2)) == "ca. 7.500.001 kr."
    assert committee.amount_in_words(Fraction(9_000_000)) == "9.000.000 kr."


# --- The page ------------------------------------------------------------------------


def _row(text, title):
    """The table row of the initiative ``title``."""
    start = text.index(f">{title}</a>")
    return text[start : text.index("</tr>", start)]


def test_counts_medians_and_groups_worked_out_by_hand(client, reader, committee_plans):
    client.force_login(reader)
    text = client.get(URL).content.decode()
    assert "3 handleplaner i billedet." in text
    fritidsjob = _row(text, "Fritidsjob")
    assert "3 af 3" in fritidsjob and "Alle handleplaner" in fritidsjob
    # Scales 50 %, 75 %, 100 %; amounts over 2019–2022.
    assert "<td>50 %</td><td>75 %</td><td>100 %</td>" in fritidsjob
    assert "6.000.000 kr." in fritidsjob
    assert "9.000.000 kr." in fritidsjob
    assert "12.000.000 kr." in fritidsjob
    gade = _row(text, "Gadehøjskoler")
    assert "2 af 3" in gade and "Flertallet" in gade
    assert "<td>50 %</td><td>75 %</td><td>100 %</td>" in gade
    assert "3.600.000 kr." in gade  # (2.400.000 + 4.800.000) / 2
    # The private plan's initiative is held by none of the shared plans.
    assert "0 af 3" in _row(text, "Flere lærepladser")
    # 2019: 3.600.000, 2.700.000 and 2.250.000 kr.: median 2.700.000 kr.
    spending = text.split('id="spending-heading"', 1)[1]
    whole = spending.split('<tr class="sum">', 1)[1].split("</tr>", 1)[0]
    assert "2.700.000 kr." in whole and "2.250.000 kr. – 3.600.000 kr." in whole


def test_private_plans_never_count_or_show(client, member, other_member, committee_plans):
    client.force_login(other_member)
    text = client.get(URL).content.decode()
    assert "Mettes private plan" not in text
    assert "3 handleplaner i billedet." in text
    # Its owner sees it only as a frame for her draft, never in the picture.
    client.force_login(member)
    text = client.get(URL).content.decode()
    assert "Mettes private plan" not in text.split('id="draft-heading"', 1)[0]
    # Asked for by id, it is still left out, and the page says so.
    private = committee_plans["private"]
    client.force_login(other_member)
    text = client.get(URL, {"plan": [private.pk]}).content.decode()
    assert "Mettes private plan" not in text
    assert "er ikke delt med udvalget" in text
    assert "3 handleplaner i billedet." in text  # none valid: all shared plans


def test_a_selection_of_plans(client, reader, committee_plans):
    client.force_login(reader)
    ids = [committee_plans["mette"].pk, committee_plans["bo"].pk]
    text = client.get(URL, {"plan": ids}).content.decode()
    assert "2 handleplaner i billedet." in text
    fritidsjob = _row(text, "Fritidsjob")
    assert "2 af 2" in fritidsjob
    # 6.000.000 and 12.000.000 kr.: median 9.000.000 kr.; scales 50 % and 100 %: 75 %.
    assert "<td>50 %</td><td>75 %</td><td>100 %</td>" in fritidsjob
    assert "9.000.000 kr." in fritidsjob


def test_filter_and_sort(client, reader, committee_plans):
    client.force_login(reader)
    text = client.get(URL, {"gruppe": "flertal"}).content.decode()
    table = text.split('class="committee"', 1)[1].split("</table>", 1)[0]
    assert ">Gadehøjskoler</a>" in table and ">Fritidsjob</a>" not in table
    text = client.get(URL, {"sort": "-antal"}).content.decode()
    table = text.split("<tbody>", 1)[1]
    assert table.index(">Fritidsjob</a>") < table.index(">Gadehøjskoler</a>")
    assert 'aria-sort="descending"' in text
    text = client.get(URL, {"sort": "beloeb"}).content.decode()
    table = text.split("<tbody>", 1)[1]
    assert table.index(">Gadehøjskoler</a>") < table.index(">Fritidsjob</a>")


def test_the_draft_form_is_for_members_only(client, reader, member, committee_plans):
    client.force_login(reader)
    assert "Lav et udkast af det, flertallet er enige om" not in client.get(URL).content.decode()
    client.force_login(member)
    text = client.get(URL).content.decode()
    assert "Lav et udkast af det, flertallet er enige om" in text
    assert 'name="mindst" min="1" max="3" value="2"' in text
    # The frame may be one of the plans, or a plan of her own (the private one too).
    assert ">Mettes private plan</option>" in text


def test_access(client, member, reader, committee_plans):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    for user in (member, reader):
        client.force_login(user)
        assert client.get(URL).status_code == 200


def test_nothing_shared(client, reader, catalogue):
    client.force_login(reader)
    text = client.get(URL).content.decode()
    assert "Ingen har delt en handleplan med udvalget endnu." in text


@pytest.mark.parametrize("size", [2, 6])
def test_query_count_does_not_grow(
    client, reader, make_plan, member, django_assert_num_queries, size
):
    from prioritisation import changes

    titles = ["Fritidsjob", "Gadehøjskoler", "Flere lærepladser"][: 1 + size % 3]
    for n in range(size):
        plan = make_plan(member, name=f"Plan {n}", titles=titles, ceiling=4_000_000)
        changes.share_plan(plan)
    client.force_login(reader)
    # The session, the user and their permissions (two: may they make a draft?), the
    # catalogues with shared plans, the catalogue's shared plans and their versions, the
    # cache (a miss), the pejlemærker for the filter, the chosen plans (joined to
    # catalogue and owner), the catalogue's initiatives, the plans' items, their
    # budgets, and the filters and picture kept.
    with django_assert_num_queries(SESSION_READ + 3 + 2 + CACHE_READ + 5 + CACHE_WRITE):
        response = client.get(URL)
    assert f"{size} handleplaner i billedet." in response.content.decode()
    # Again, for anyone: the picture from the cache.
    with django_assert_num_queries(SESSION_READ + 3 + 2 + CACHE_READ):
        again = client.get(URL)
    picture = response.content.decode().split('id="committee-summary"', 1)[1]
    assert again.content.decode().split('id="committee-summary"', 1)[1] == picture
    # A pejlemærke asked for: its number is checked against the catalogue's.
    client.get(URL, {"pejlemaerke": 1})
    with django_assert_num_queries(SESSION_READ + 3 + 3 + CACHE_READ):
        client.get(URL, {"pejlemaerke": 1})


def test_a_change_to_a_plan_shows_at_once(client, reader, committee_plans):
    """The picture is kept in the cache under each plan's version."""
    from catalogue.models import Initiative
    from prioritisation import changes

    client.force_login(reader)
    assert "0 af 3" in _row(client.get(URL).content.decode(), "Flere lærepladser")
    changes.add_initiative(
        committee_plans["ida"], Initiative.objects.get(title="Flere lærepladser")
    )
    assert "1 af 3" in _row(client.get(URL).content.decode(), "Flere lærepladser")
