"""The workbench (arbejdsbord): the catalogue beside the plan's running totals.

The owner filters the catalogue, sees what each initiative would cost in the plan per
year before adding it, and adds, removes and scales with the item views' forms: with
htmx they answer only what changed: the panel's figures (the moved ones marked
"changed"), and out of band the summary, the one entry added, changed or removed, the
initiative's row in the list and the other rows' "Går over …" flags; without JavaScript
they redirect back to the workbench.

Seed figures used below (fixtures/catalogue.json): Fritidsjob 3.000.000 kr. a year
(pejlemærke 2); Anonymiseret rekruttering 400.000 kr. the first year, 500.000 kr. after
(pejlemærke 1); Indsats for udsatte og ensomme seniorer 600.000 kr. the first year, later
years not stated; Håndholdt og kontinuerlig virksomhedsindsats 4.400.000 kr. a year.
"""

import re

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Catalogue, FocusArea, Initiative
from prioritisation import changes
from prioritisation.models import Allocation, Plan, PlanItem
from tests.queries import SESSION_READ

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
RECRUITING = "Anonymiseret rekruttering"
SENIORS = "Indsats for udsatte og ensomme seniorer"
HANDHELD = "Håndholdt og kontinuerlig virksomhedsindsats"


def _url(plan, query=""):
    return reverse("prioritisation:plan_workbench", args=[plan.pk]) + query


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.text_content()).strip()


def _doc(response):
    return lxml.html.fromstring(response.content.decode())


def _rows(doc, table_id) -> list[list[str]]:
    """The body rows of a table, each as its cells' texts (header cell first)."""
    table = doc.get_element_by_id(table_id)
    return [[_text(cell) for cell in row.xpath("th|td")] for row in table.xpath("tbody/tr")]


def _changed(doc) -> list[str]:
    """The texts of the figures marked as moved by the last change."""
    return [_text(cell) for cell in doc.xpath("//td[contains(@class, 'changed')]")]


def _offer(doc, title):
    """The list's row of one initiative: its cells' texts."""
    (row,) = doc.xpath(f"//tr[starts-with(@id, 'wb-initiative-')][.//a[.='{title}']]")
    return row, [_text(cell) for cell in row.xpath("th|td")]


def _listed(doc) -> list[str]:
    return [
        _text(a) for a in doc.xpath("//tr[starts-with(@id, 'wb-initiative-')]/th[@scope='row']/a")
    ]


@pytest.fixture
def frame(make_plan, member, catalogue):
    """Mette's plan with Fritidsjob, a ceiling of 5.000.000 kr. a year and 1.000.000 kr.
    a year earmarked for pejlemærke 1."""
    plan = make_plan(member, titles=["Fritidsjob"], ceiling=5_000_000)
    goal = catalogue.goals.get(number=1)
    for year in plan.years:
        Allocation.objects.create(plan=plan, year=year, goal=goal, amount=1_000_000)
    plan.refresh_from_db()
    return plan


def _hidden(plan, query=""):
    return {"from": "workbench", "next": _url(plan, query)}


def _add(client, plan, title, *, query="", at="list", headers=None, **fields):
    initiative = Initiative.objects.get(title=title)
    data = {"plan": plan.pk, "initiative": initiative.pk, "at": at} | _hidden(plan, query)
    return client.post(reverse("prioritisation:item_add"), data | fields, headers=headers)


def _remove(client, plan, title, *, at="side", query="", **kwargs):
    item = plan.items.get(initiative__title=title)
    url = reverse("prioritisation:item_remove", args=[plan.pk, item.pk])
    return client.post(url, {"at": at} | _hidden(plan, query), **kwargs)


def _answer(response):
    """An htmx answer as the browser parses it: <template>s opened in place."""
    text = response.content.decode().replace("<template>", "").replace("</template>", "")
    return lxml.html.fromstring(f"<div>{text}</div>")


def _oob(doc, element_id):
    """The element swapped out of band at ``element_id``, and how."""
    (element,) = doc.xpath(f"//*[@id='{element_id}']")
    return element, element.get("hx-swap-oob")


def _edit(client, plan, title, **fields):
    item = plan.items.get(initiative__title=title)
    headers = fields.pop("headers", None)
    data = {"start_year": "2019", "end_year": "2022", "note": ""} | fields
    posted = {f"item-{item.pk}-{name}": value for name, value in data.items()}
    url = reverse("prioritisation:item_edit", args=[plan.pk, item.pk])
    return client.post(url, posted | _hidden(plan), headers=headers)


# --- Who may see it ------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, frame):
    response = client.get(_url(frame))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_member_and_a_reader_get_404(client, frame, other_member, reader):
    for user in (other_member, reader):
        client.force_login(user)
        assert client.get(_url(frame)).status_code == 404


def test_a_shared_plan_is_read_on_the_plan_page_by_others(client, frame, other_member):
    changes.share_plan(frame)
    client.force_login(other_member)
    response = client.get(_url(frame))
    assert response.status_code == 302
    assert response.url == frame.get_absolute_url()


def test_the_owner_sees_totals_items_and_the_catalogue(member_client, frame):
    response = member_client.get(_url(frame))
    assert response.status_code == 200
    doc = _doc(response)
    assert _rows(doc, "wb-totals") == [
        [str(year), "3.000.000 kr.", "5.000.000 kr.", "2.000.000 kr."] for year in frame.years
    ]
    # Pejlemærke 1 has an earmark and nothing yet; pejlemærke 2 has Fritidsjob.
    assert _rows(doc, "wb-goal-1")[0] == ["2019", "0 kr.", "1.000.000 kr.", "1.000.000 kr."]
    assert _rows(doc, "wb-goal-2")[0] == ["2019", "3.000.000 kr."]
    side = _text(doc.get_element_by_id("workbench-side"))
    assert "Fritidsjob 2019–2022 · som i kataloget 12.000.000 kr. i perioden" in side
    summary = _text(doc.get_element_by_id("workbench-summary"))
    assert summary == "1 indsats · 2.000.000 kr. tilbage i 2019"
    assert len(_listed(doc)) == 25  # the first page of the seed's 27
    assert "27 indsatser passer til filtrene." in _text(doc)
    suggest = reverse("prioritisation:plan_suggest", args=[frame.pk])
    assert doc.xpath(f"//a[@href='{suggest}'][.='Foreslå en handleplan']")
    # The totals come first in the page, folded until workbench.js opens them on a
    # wide screen.
    panel = doc.get_element_by_id("workbench-totals")
    assert panel.tag == "details" and "open" not in panel.attrib
    assert doc.xpath("//div[@class='workbench']/*[1]")[0] is panel


def test_the_plan_page_links_its_owner_to_the_workbench(member_client, client, frame, reader):
    link = f'href="{_url(frame)}"'
    assert link in member_client.get(frame.get_absolute_url()).content.decode()
    changes.share_plan(frame)
    client.force_login(reader)
    assert link not in client.get(frame.get_absolute_url()).content.decode()


# --- Filters ---------------------------------------------------------------------------


def test_filter_by_pejlemaerke(member_client, frame, catalogue):
    goal = catalogue.goals.get(number=3)
    doc = _doc(member_client.get(_url(frame, f"?goal={goal.pk}")))
    assert _listed(doc) == [
        "Match mellem flygtninge og frivillige",
        "Mindspring-forløb for flygtninge",
        "Gadehøjskoler",
        "Helhedsorienteret forebyggelse af social kontrol",
        SENIORS,
    ]


def test_filter_by_fokusomraade_star_and_search(member_client, frame):
    area = FocusArea.objects.get(title="Unge i fritidsjob")
    doc = _doc(member_client.get(_url(frame, f"?focus_area={area.pk}&starred=ja")))
    assert _listed(doc) == ["Fritidsjob", "Ansættelse af fritidsjobambassadører på flere skoler"]
    doc = _doc(member_client.get(_url(frame, "?q=rekruttering")))
    assert RECRUITING in _listed(doc)
    assert "Fritidsjob" not in _listed(doc)


def test_an_invalid_filter_says_so_and_lists_nothing(member_client, frame):
    doc = _doc(member_client.get(_url(frame, "?goal=999999")))
    assert _listed(doc) == []
    assert "Filtrene indeholder fejl" in _text(doc)


def test_htmx_filtering_answers_the_list_only(member_client, frame, catalogue):
    goal = catalogue.goals.get(number=3)
    response = member_client.get(_url(frame, f"?goal={goal.pk}"), headers=HTMX)
    text = response.content.decode()
    assert "<html" not in text and 'id="workbench-side"' not in text
    assert "5 indsatser passer til filtrene." in text
    assert "HX-Request" in response["Vary"]
    # The add buttons send the filters back, so the answer lists what was listed.
    assert f'name="next" value="{_url(frame, f"?goal={goal.pk}")}"' in text


def test_pages_of_the_list(member_client, frame):
    doc = _doc(member_client.get(_url(frame, "?page=2")))
    assert _listed(doc) == ["Helhedsorienteret forebyggelse af social kontrol", SENIORS]
    assert "Side 2 af 2" in _text(doc)


# --- What an initiative would cost, before it is added --------------------------------


def test_cost_in_this_plan_per_year_before_it_is_added(member_client, frame):
    doc = _doc(member_client.get(_url(frame, "?q=rekruttering")))
    row, cells = _offer(doc, RECRUITING)
    # 400.000 kr. in the plan's first year, 500.000 kr. in each of the three after:
    # 400.000 + 3 × 500.000 = 1.900.000 kr.
    assert cells[1:6] == [
        "400.000 kr.",
        "500.000 kr.",
        "500.000 kr.",
        "500.000 kr.",
        "1.900.000 kr.",
    ]
    assert row.xpath(".//button[contains(., 'Tilføj')]")
    assert "Går over" not in cells[0]  # 2.000.000 kr. left a year; 1.000.000 kr. earmarked


def test_an_unknown_later_cost_is_said_as_unknown(member_client, frame):
    doc = _doc(member_client.get(_url(frame, "?q=seniorer")))
    _row, cells = _offer(doc, SENIORS)
    assert cells[1:6] == [
        "600.000 kr.",
        "Ikke oplyst",
        "Ikke oplyst",
        "Ikke oplyst",
        "mindst 600.000 kr.",
    ]


def test_what_would_go_over_the_ceiling_and_the_earmark(member_client, frame):
    doc = _doc(member_client.get(_url(frame, "?q=Håndholdt")))
    _row, cells = _offer(doc, HANDHELD)
    # 4.400.000 kr. against 2.000.000 kr. left under the ceiling and 1.000.000 kr. of
    # pejlemærke 1's earmark, in every year.
    assert "Går over loftet i 2019, 2020, 2021, 2022" in cells[0]
    assert "Går over øremærkningen i 2019, 2020, 2021, 2022" in cells[0]


def test_a_shorter_plan_starts_the_first_year_amount_in_its_own_first_year(
    member_client, make_plan, member
):
    plan = make_plan(member, name="Kort", first_year=2020, last_year=2022)
    doc = _doc(member_client.get(_url(plan, "?q=rekruttering")))
    _row, cells = _offer(doc, RECRUITING)
    assert cells[1:5] == ["400.000 kr.", "500.000 kr.", "500.000 kr.", "1.400.000 kr."]


def test_an_initiative_in_the_plan_shows_the_plans_figures(member_client, frame):
    leisure = frame.items.get()
    leisure.scale_by, leisure.scale_share = PlanItem.Scale.SHARE, 50
    leisure.save()
    doc = _doc(member_client.get(_url(frame, "?q=Fritidsjob")))
    row, cells = _offer(doc, "Fritidsjob")
    assert cells[1:6] == ["1.500.000 kr."] * 4 + ["6.000.000 kr."]
    assert "I handleplanen: 50 % af katalogets beløb" in cells[0]
    assert row.xpath(".//button[contains(., 'Fjern')]")


# --- Adding, removing, scaling -----------------------------------------------------------


def test_add_with_htmx_answers_the_new_totals_marked(member_client, frame, catalogue):
    goal = catalogue.goals.get(number=1)
    response = _add(member_client, frame, RECRUITING, query=f"?goal={goal.pk}", headers=HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text
    doc = lxml.html.fromstring(f"<div>{text}</div>")
    # 3.000.000 + 400.000 kr. in 2019 against 5.000.000 kr.; 3.500.000 kr. after.
    assert _rows(doc, "wb-totals") == [
        ["2019", "3.400.000 kr.", "5.000.000 kr.", "1.600.000 kr."],
        ["2020", "3.500.000 kr.", "5.000.000 kr.", "1.500.000 kr."],
        ["2021", "3.500.000 kr.", "5.000.000 kr.", "1.500.000 kr."],
        ["2022", "3.500.000 kr.", "5.000.000 kr.", "1.500.000 kr."],
    ]
    assert _rows(doc, "wb-goal-1") == [
        ["2019", "400.000 kr.", "1.000.000 kr.", "600.000 kr."],
        ["2020", "500.000 kr.", "1.000.000 kr.", "500.000 kr."],
        ["2021", "500.000 kr.", "1.000.000 kr.", "500.000 kr."],
        ["2022", "500.000 kr.", "1.000.000 kr.", "500.000 kr."],
    ]
    # Every year's total and money left moved, the period's total and pejlemærke 1's;
    # pejlemærke 2's (Fritidsjob) did not.
    assert _changed(doc) == [
        "3.400.000 kr.", "1.600.000 kr.",
        "3.500.000 kr.", "1.500.000 kr.",
        "3.500.000 kr.", "1.500.000 kr.",
        "3.500.000 kr.", "1.500.000 kr.",
        "13.900.000 kr.",
        "400.000 kr.", "600.000 kr.",
        "500.000 kr.", "500.000 kr.",
        "500.000 kr.", "500.000 kr.",
        "500.000 kr.", "500.000 kr.",
    ]  # fmt: skip
    # Out of band, only what changed: the summary and the count of items; pejlemærke 1's
    # group of items (empty but there, for its earmark) with the new entry; the one row
    # of the list, now in the plan, with the confirmation where the button was.
    doc = _answer(response)
    summary, how = _oob(doc, "workbench-summary")
    assert (how, _text(summary)) == ("innerHTML", "2 indsatser · 1.600.000 kr. tilbage i 2019")
    head, how = _oob(doc, "wb-items-head")
    assert (how, _text(head)) == ("true", "2 indsatser i handleplanen")
    item = frame.items.get(initiative__title=RECRUITING)
    group, how = _oob(doc, f"wb-items-goal-{goal.pk}")
    assert how == "true"
    assert [li.get("id") for li in group.xpath(".//li")] == [f"wb-item-{item.pk}"]
    assert "400.000 kr." not in _text(group)  # the entry says the period's total
    assert "1.900.000 kr. i perioden" in _text(group)
    assert _listed(doc) == [RECRUITING]  # not the other 13 rows of pejlemærke 1
    row, how = _oob(doc, f"wb-initiative-{item.initiative_id}")
    assert how == "true"
    assert "in-plan" in row.get("class") and "changed" in row.get("class")
    assert row.xpath(".//button[contains(., 'Fjern')]")
    (confirmation,) = row.xpath(".//p[@role='status'][@autofocus]")
    assert _text(confirmation) == "✓ „Anonymiseret rekruttering“ er tilføjet til „Job og skole“."
    # The other rows' flags follow the money left: Håndholdt's 4.400.000 kr. a year goes
    # over the 1.600.000 / 1.500.000 kr. left and pejlemærke 1's 600.000 / 500.000 kr.
    flags = doc.xpath("//span[@hx-swap-oob][starts-with(@id, 'wb-over-')]")
    assert len(flags) == 13 and {f.get("hx-swap-oob") for f in flags} == {"innerHTML"}
    handheld = Initiative.objects.get(title=HANDHELD)
    assert _text(doc.get_element_by_id(f"wb-over-{handheld.pk}")) == (
        "Går over loftet i 2019, 2020, 2021, 2022Går over øremærkningen i 2019, 2020, 2021, 2022"
    )
    assert len(text) < 20_000


def test_remove_with_htmx_answers_the_totals_without_it(member_client, frame, catalogue):
    leisure = frame.items.get()
    handheld = Initiative.objects.get(title=HANDHELD)
    response = _remove(member_client, frame, "Fritidsjob", query="?q=Håndholdt", headers=HTMX)
    doc = _answer(response)
    assert _rows(doc, "wb-totals")[0] == ["2019", "0 kr.", "5.000.000 kr.", "5.000.000 kr."]
    assert _changed(doc)[:2] == ["0 kr.", "5.000.000 kr."]
    (confirmation,) = doc.xpath("//p[@role='status'][@autofocus]")
    assert _text(confirmation) == "✓ „Fritidsjob“ er fjernet fra „Job og skole“."
    assert not frame.items.exists()
    # Fritidsjob was pejlemærke 2's only item, and pejlemærke 2 has no earmark: its
    # group goes; the panel says the plan is empty.
    goal = catalogue.goals.get(number=2)
    _group, how = _oob(doc, f"wb-items-goal-{goal.pk}")
    assert how == "delete"
    head, _how = _oob(doc, "wb-items-head")
    assert "Handleplanen har ingen indsatser endnu." in _text(head)
    assert not doc.xpath(f"//*[@id='wb-item-{leisure.pk}']")
    # Håndholdt (4.400.000 kr.) no longer goes over the ceiling, now 5.000.000 kr. are
    # left; still over pejlemærke 1's 1.000.000 kr.
    flag, how = _oob(doc, f"wb-over-{handheld.pk}")
    assert (how, _text(flag)) == ("innerHTML", "Går over øremærkningen i 2019, 2020, 2021, 2022")


def test_remove_one_of_several_deletes_its_entry_only(member_client, frame):
    _add(member_client, frame, "Gadehøjskoler")
    # Pejlemærke 2, beside Fritidsjob.
    _add(member_client, frame, "Brobygning til håndværkervirksomheder og erhvervsskoler")
    leisure = frame.items.get(initiative__title="Fritidsjob")
    doc = _answer(_remove(member_client, frame, "Fritidsjob", headers=HTMX))
    entry, how = _oob(doc, f"wb-item-{leisure.pk}")
    assert how == "delete"
    assert doc.xpath("//li") == [entry]  # no other entry sent
    # 3.000.000 kr. less a year: 1.200.000 + 600.000 = 1.800.000 kr. spent.
    assert _rows(doc, "wb-totals")[0] == ["2019", "1.800.000 kr.", "5.000.000 kr.", "3.200.000 kr."]


def test_add_between_two_entries_is_inserted_at_its_place(member_client, frame):
    # Pejlemærke 2: Fritidsjob, then (added) Brobygning, which the catalogue lists
    # before it: the new entry goes in before Fritidsjob's.
    leisure = frame.items.get()
    title = "Brobygning til håndværkervirksomheder og erhvervsskoler"
    doc = _answer(_add(member_client, frame, title, headers=HTMX))
    item = frame.items.get(initiative__title=title)
    (holder,) = doc.xpath("//ul[@hx-swap-oob]")
    assert holder.get("hx-swap-oob") == f"beforebegin:#wb-item-{leisure.pk}"
    assert [li.get("id") for li in holder.xpath("li")] == [f"wb-item-{item.pk}"]
    assert "changed" in holder.xpath("li")[0].get("class")


def test_add_of_one_already_in_the_plan_says_so_and_moves_nothing(member_client, frame):
    doc = _answer(_add(member_client, frame, "Fritidsjob", query="?q=Fritidsjob", headers=HTMX))
    row, _cells = _offer(doc, "Fritidsjob")
    (confirmation,) = row.xpath(".//p[@role='status']")
    assert _text(confirmation) == "✓ „Fritidsjob“ er allerede i „Job og skole“."
    assert _changed(doc) == []
    assert frame.items.count() == 1


def test_scale_with_htmx_answers_the_new_totals(member_client, frame):
    # 1,5 mio. a year for Fritidsjob's 3.000.000 kr.: met exactly in every year.
    response = _edit(member_client, frame, "Fritidsjob", scale_amount="1,5 mio.", headers=HTMX)
    assert response.status_code == 200
    doc = _answer(response)
    assert _rows(doc, "wb-totals")[0] == ["2019", "1.500.000 kr.", "5.000.000 kr.", "3.500.000 kr."]
    assert _text(doc.get_element_by_id("workbench-summary")) == (
        "1 indsats · 3.500.000 kr. tilbage i 2019"
    )
    item = frame.items.get()
    entry, how = _oob(doc, f"wb-item-{item.pk}")
    assert how == "true"  # replaced in place
    assert "changed" in entry.get("class")
    assert "6.000.000 kr. i perioden" in _text(entry)
    assert "1.500.000 kr. om året" in _text(entry)
    assert "Ændringerne af „Fritidsjob“ er gemt." in _text(entry)
    assert item.scale_amount == 1_500_000


def test_a_scale_that_fails_with_htmx_shows_the_form_with_its_error(member_client, frame):
    response = _edit(member_client, frame, "Fritidsjob", scale_amount="0", headers=HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Beløbet skal være mindst 1 kr." in text
    assert 'hx-target="#wb-figures"' in text  # the form, again the workbench's
    item = frame.items.get()
    _entry, how = _oob(_answer(response), f"wb-item-{item.pk}")
    assert how == "true"  # the entry with its form, in place
    assert frame.items.get().scale_by == PlanItem.Scale.CATALOGUE


def test_the_scale_form_loaded_from_the_workbench_posts_back_to_it(member_client, frame):
    item = frame.items.get()
    url = reverse("prioritisation:item_edit", args=[frame.pk, item.pk])
    query = f"?from=workbench&next={_url(frame, '?starred=ja')}"
    text = member_client.get(url + query.replace("&", "&"), headers=HTMX).content.decode()
    assert '<input type="hidden" name="from" value="workbench">' in text
    assert f'<input type="hidden" name="next" value="{_url(frame, "?starred=ja")}">' in text
    assert 'hx-target="#wb-figures"' in text


# --- Without JavaScript -----------------------------------------------------------------


def test_without_javascript_add_and_remove_come_back_to_the_workbench(member_client, frame):
    response = _add(member_client, frame, RECRUITING, query="?starred=ja")
    assert response.status_code == 302
    assert response.url == _url(frame, "?starred=ja")
    page = member_client.get(response.url).content.decode()
    assert "„Anonymiseret rekruttering“ er tilføjet til „Job og skole“." in page
    response = _remove(member_client, frame, RECRUITING)
    assert response.status_code == 302
    assert response.url == _url(frame)
    assert not frame.items.filter(initiative__title=RECRUITING).exists()


def test_without_javascript_a_scale_comes_back_to_the_item(member_client, frame):
    item = frame.items.get()
    response = _edit(member_client, frame, "Fritidsjob", scale_share="50")
    assert response.status_code == 302
    assert response.url == f"{_url(frame)}#wb-item-{item.pk}"
    doc = _doc(member_client.get(response.url))
    assert _rows(doc, "wb-totals")[0] == ["2019", "1.500.000 kr.", "5.000.000 kr.", "3.500.000 kr."]


def test_without_javascript_a_failed_scale_shows_the_workbench_with_the_error(member_client, frame):
    response = _edit(member_client, frame, "Fritidsjob", scale_amount="0")
    assert response.status_code == 200
    doc = _doc(response)
    assert doc.get_element_by_id("workbench-side") is not None
    assert "Beløbet skal være mindst 1 kr." in _text(doc.get_element_by_id("workbench-side"))


# --- An adopted plan --------------------------------------------------------------------


def test_an_adopted_plan_shows_no_write_controls(member_client, frame, administrator):
    changes.share_plan(frame)
    changes.adopt_plan(frame, by=administrator)
    doc = _doc(member_client.get(_url(frame)))
    assert "Handleplanen er vedtaget." in _text(doc)
    assert (
        doc.xpath("//form[@method='post']//button[contains(., 'Tilføj') or contains(., 'Fjern')]")
        == []
    )
    assert "Ret omfang" not in _text(doc)
    assert _rows(doc, "wb-totals")[0][1] == "3.000.000 kr."  # still read


def test_a_refused_write_from_the_workbench_goes_back_to_it(member_client, frame):
    Plan.objects.filter(pk=frame.pk).update(
        status=Plan.Status.ADOPTED, adopted_at=timezone.now(), adopted_by=frame.owner
    )
    response = _remove(member_client, frame, "Fritidsjob", headers=HTMX)
    assert response["HX-Redirect"] == _url(frame)


# --- Queries ------------------------------------------------------------------------------


def _grow(plan, count):
    """``count`` more initiatives in the catalogue, all in the plan."""
    area = FocusArea.objects.filter(goal__catalogue=plan.catalogue).first()
    Initiative.objects.bulk_create(
        Initiative(
            focus_area=area,
            position=100 + i,
            title=f"Ekstra indsats {i}",
            description="Til måling af forespørgsler.",
            financing_kind=Initiative.FinancingKind.ANNUAL,
            first_year_amount=100_000 + i,
            later_year_amount=90_000,
            target_quantity=10,
            target_unit="borgere",
        )
        for i in range(count)
    )
    PlanItem.objects.bulk_create(
        PlanItem.for_initiative(initiative, plan=plan, start_year=2019, end_year=2022)
        for initiative in Initiative.objects.filter(title__startswith="Ekstra indsats")
    )
    Catalogue.objects.mark_changed()
    Plan.objects.filter(pk=plan.pk).mark_changed()


@pytest.mark.parametrize("count", [0, 150])
def test_query_counts_are_flat(member_client, frame, catalogue, count, django_assert_num_queries):
    _grow(frame, count)
    goal = catalogue.goals.get(number=1)
    # The session, the user, the plan (joined to its catalogue and owner), the user's
    # own and their groups' permissions (may they copy: the suggestion's link), the
    # items (joined to initiative, focus area and goal), the allocations, the count and
    # the page of initiatives, the choices of pejlemærke and fokusområde.
    with django_assert_num_queries(10 + SESSION_READ):
        member_client.get(_url(frame))
    # Filtered, with htmx: the list only (no choices to render), and the chosen
    # pejlemærke checked.
    with django_assert_num_queries(9 + SESSION_READ):
        member_client.get(_url(frame, f"?goal={goal.pk}"), headers=HTMX)
    # An add from the workbench: the session, the user, the permissions, the plan, the
    # initiative; the write (a savepoint, the plan's lock, the item looked for, saved,
    # its history, the plan's version, the release); then the list and totals as above.
    initiative = Initiative.objects.get(title=RECRUITING)
    data = {"plan": frame.pk, "initiative": initiative.pk, "at": "list"} | _hidden(frame)
    with django_assert_num_queries(16 + SESSION_READ):
        response = member_client.post(reverse("prioritisation:item_add"), data, headers=HTMX)
    assert response.content.decode().count('<li id="wb-item-') == 1  # the new one only


# --- Adding at an amount typed beside "Tilføj" ---------------------------------------

NOT_STATED = "Virksomhedsindsats til bekæmpelse af ubevidst forskelsbehandling"


def test_add_at_an_amount_meets_it_exactly(member_client, frame):
    # 3,3 mio. of Håndholdt's 4.400.000 kr. a year: 3.300.000 kr. in every year, so
    # 2019 spends 3.000.000 (Fritidsjob) + 3.300.000 = 6.300.000 kr., 1.300.000 kr. over.
    response = _add(member_client, frame, HANDHELD, amount="3,3 mio.", headers=HTMX)
    doc = lxml.html.fromstring(f"<div>{response.content.decode()}</div>")
    assert _rows(doc, "wb-totals")[0][:3] == ["2019", "6.300.000 kr.", "5.000.000 kr."]
    item = frame.items.get(initiative__title=HANDHELD)
    assert (item.scale_by, item.scale_amount) == ("amount", 3_300_000)
    _row, cells = _offer(doc, HANDHELD)
    assert cells[1:] == ["3.300.000 kr."] * 4 + ["13.200.000 kr."]


def test_add_an_initiative_without_amount_at_udvalgets_eget_beloeb(member_client, frame):
    initiative = Initiative.objects.get(title__startswith="Virksomhedsindsats til bekæmpelse")
    response = _add(member_client, frame, initiative.title, amount="250.000 kr.", headers=HTMX)
    doc = lxml.html.fromstring(f"<div>{response.content.decode()}</div>")
    # 3.000.000 + 250.000 kr. a year.
    assert _rows(doc, "wb-totals")[0][:2] == ["2019", "3.250.000 kr."]
    item = frame.items.get(initiative=initiative)
    assert (item.own_first_year_amount, item.own_later_year_amount) == (250_000, 250_000)
    assert "Heraf udvalgets eget beløb: 1.000.000 kr." in _text(doc)


def test_a_refused_amount_adds_nothing_and_says_why_in_the_row(member_client, frame):
    response = _add(member_client, frame, HANDHELD, amount="mange penge", headers=HTMX)
    doc = lxml.html.fromstring(f"<div>{response.content.decode()}</div>")
    row, _cells = _offer(doc, HANDHELD)
    (alert,) = row.xpath(".//*[@role='alert']")
    assert "Skriv" in _text(alert)
    (field,) = row.xpath(".//input[@name='amount']")
    assert field.get("value") == "mange penge" and field.get("aria-invalid") == "true"
    assert not frame.items.filter(initiative__title=HANDHELD).exists()


def test_an_amount_far_outside_asks_to_be_confirmed(member_client, frame):
    # 10 mio. is more than twice the catalogue's 4.400.000 kr.
    response = _add(member_client, frame, HANDHELD, amount="10 mio.", headers=HTMX)
    doc = lxml.html.fromstring(f"<div>{response.content.decode()}</div>")
    row, _cells = _offer(doc, HANDHELD)
    assert row.xpath(".//input[@name='confirm_scale']")
    assert not frame.items.filter(initiative__title=HANDHELD).exists()
    _add(member_client, frame, HANDHELD, amount="10 mio.", confirm_scale="on", headers=HTMX)
    assert frame.items.get(initiative__title=HANDHELD).scale_amount == 10_000_000


def test_without_javascript_an_amount_is_added_or_refused_with_a_message(member_client, frame):
    response = _add(member_client, frame, HANDHELD, amount="nul")
    assert response.status_code == 302
    assert not frame.items.filter(initiative__title=HANDHELD).exists()
    response = _add(member_client, frame, HANDHELD, amount="3.300.000")
    assert response.status_code == 302
    assert frame.items.get(initiative__title=HANDHELD).scale_amount == 3_300_000


def test_the_budget_link_comes_back_to_the_workbench(member_client, frame):
    doc = _doc(member_client.get(_url(frame)))
    (link,) = doc.xpath("//a[text()='Ret navn, periode og budget']")
    response = member_client.get(link.get("href"))
    form = lxml.html.fromstring(response.content.decode())
    assert form.xpath("//form[contains(@class, 'plan-form')]//input[@name='next']/@value") == [
        _url(frame)
    ]
