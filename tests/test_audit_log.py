"""Ændringslog: administrators read who changed what, and when, in the catalogue and
in every plan; other staff only what their permissions let them read in admin; nobody
else reads it. Newest first, with each changed field's old and new value, 50 to a page,
by kind or for one plan, in a constant number of queries."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from tests.queries import SESSION_READ

pytestmark = pytest.mark.django_db

URL = "/admin/aendringslog/"
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def admin_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def _rows(response) -> list[str]:
    """The log's rows as plain text, in the page's order."""
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def _form_data(initiative, **changes):
    from django.forms.models import model_to_dict

    data = {k: ("" if v is None else v) for k, v in model_to_dict(initiative).items()}
    data.update(changes)
    for flag in ("starred", "target_is_minimum"):
        data[flag] = "on" if data[flag] else ""
    return {k: v for k, v in data.items() if v is not False and k != "id"}


def test_url_is_the_named_one():
    assert reverse("audit_log") == URL


# --- Who may read it ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "reader", "member"])
def test_only_administrators_read_it(client, role, reader, member, catalogue):
    if role != "anonymous":
        client.force_login({"reader": reader, "member": member}[role])
    response = client.get(URL)
    # To admin's log-in page, which says the account has no access to it.
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    if role != "anonymous":
        overview = reverse("catalogue:overview", args=[catalogue.pk])
        assert "Ændringslog" not in client.get(overview).content.decode()


def test_administrators_read_it_and_find_it(admin_client, catalogue):
    assert admin_client.get(URL).status_code == 200
    overview = reverse("catalogue:overview", args=[catalogue.pk])
    assert f'href="{URL}"' in admin_client.get(overview).content.decode()
    assert f'href="{URL}"' in admin_client.get(reverse("admin:index")).content.decode()


def _staff(django_user_model, *permissions, username="sofie"):
    """A client of a staff user with only these permissions ("catalogue.view_goal" …)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        username=username, password="kodeord-til-test", first_name="Sofie", is_staff=True
    )
    for name in permissions:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client = Client()
    client.force_login(user)
    return client


PRIVATE_NAME = "Mettes hemmelige plan"
PRIVATE_NOTE = "Kun til mig selv"


@pytest.fixture
def private_plan(make_plan, member):
    """Mette's private plan, renamed and with a note: both in the history."""
    plan = make_plan(member, titles=["Fritidsjob"])
    plan.name = PRIVATE_NAME
    plan.save()
    item = plan.items.get()
    item.note = PRIVATE_NOTE
    item.save()
    goal = Goal.objects.get(number=1)
    goal.title = "Nyt pejlemærke"
    goal.save()
    return plan


def test_staff_without_permissions_reads_nothing(django_user_model, private_plan, catalogue):
    """The security test's finding: staff, and no permission, read a member's plan."""
    client = _staff(django_user_model)
    for query in ({"handleplan": private_plan.pk}, {}, {"type": "katalog"}):
        response = client.get(URL, query)
        text = response.content.decode()
        assert response.status_code == 403
        assert "Du har ikke adgang til ændringsloggen" in text
        assert PRIVATE_NAME not in text
        assert PRIVATE_NOTE not in text
    overview = reverse("catalogue:overview", args=[catalogue.pk])
    assert f'href="{URL}"' not in client.get(overview).content.decode()
    assert f'href="{URL}"' not in client.get(reverse("admin:index")).content.decode()


def test_catalogue_permissions_read_the_catalogues_history_only(
    django_user_model, private_plan, catalogue
):
    client = _staff(django_user_model, "catalogue.view_goal", "catalogue.change_initiative")
    response = client.get(URL)
    text = response.content.decode()
    rows = _rows(response)
    assert response.status_code == 200
    assert len(rows) == 1 and "Pejlemærke 1: Nyt pejlemærke" in rows[0]
    assert PRIVATE_NAME not in text
    assert PRIVATE_NOTE not in text
    assert "?type=handleplaner" not in text  # no kind it could not read
    # Filtered to the plan: no entry, and not its name in the heading.
    response = client.get(URL, {"handleplan": private_plan.pk})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<tbody>" not in text
    assert PRIVATE_NAME not in text
    # And the menu leads there.
    overview = reverse("catalogue:overview", args=[catalogue.pk])
    assert f'href="{URL}"' in client.get(overview).content.decode()
    assert f'href="{URL}"' in client.get(reverse("admin:index")).content.decode()


def test_names_of_related_objects_only_where_they_may_be_read(
    django_user_model, private_plan, catalogue
):
    """Plan items, but not plans nor indsatser: the item's note, not its plan's name."""
    client = _staff(django_user_model, "prioritisation.view_planitem")
    item = private_plan.items.get()
    response = client.get(URL, {"handleplan": private_plan.pk})
    text = response.content.decode()
    rows = _rows(response)
    assert response.status_code == 200
    assert len(rows) == 2  # the item added, and its note
    assert f"Note: – → {PRIVATE_NOTE}" in rows[0]
    assert f"„#{item.initiative_id}“ i handleplanen „#{private_plan.pk}“" in rows[0]
    assert PRIVATE_NAME not in text
    assert "Fritidsjob" not in text
    assert f"handleplan #{private_plan.pk}" in text  # the heading, without the name


def test_a_changed_reference_is_named_only_where_it_may_be_read(
    django_user_model, member, make_plan, catalogue
):
    other = Catalogue.objects.create(
        title="Hemmeligt katalog", municipality="Aarhus Kommune", first_year=2019, last_year=2022
    )
    plan = make_plan(member)
    plan.catalogue = other
    plan.save()
    rows = _rows(_staff(django_user_model, "prioritisation.change_plan").get(URL))
    assert f"Katalog: #{catalogue.pk} → #{other.pk}" in rows[0]
    client = _staff(
        django_user_model,
        "prioritisation.change_plan",
        "catalogue.view_catalogue",
        username="jens",
    )
    rows = _rows(client.get(URL, {"type": "handleplaner"}))
    assert f"Katalog: {catalogue.title} → Hemmeligt katalog" in rows[0]


def test_only_read(admin_client, catalogue):
    assert admin_client.post(URL).status_code == 405


# --- What it says ---------------------------------------------------------------------


def test_catalogue_and_plan_changes_newest_first_with_old_and_new(
    admin_client, administrator, member_client, plan
):
    initiative = Initiative.objects.get(title="Fritidsjob")
    change_url = reverse("admin:catalogue_initiative_change", args=[initiative.pk])
    # The first edit in admin starts the history (the seed is loaded without one) …
    admin_client.post(change_url, _form_data(initiative, effect="Flere i job."))
    # … and the second one is shown field by field.
    admin_client.post(
        change_url,
        _form_data(
            initiative,
            title="Fritidsjob for unge",
            effect="Flere i job.",
            first_year_amount="3.200.000",
            financing_kind="one_off",
            later_year_amount="",
            larger_variant_amount="",
        ),
    )
    plan.refresh_from_db()
    member_client.post(
        reverse("prioritisation:plan_edit", args=[plan.pk]),
        {"name": "Job og skole 2", "first_year": 2019, "last_year": 2022, "version": plan.version},
    )
    plan.refresh_from_db()
    item = plan.items.get(initiative__title="Anonymiseret rekruttering")
    member_client.post(
        reverse("prioritisation:item_edit", args=[plan.pk, item.pk]),
        {
            f"item-{item.pk}-start_year": 2020,
            f"item-{item.pk}-end_year": 2022,
            f"item-{item.pk}-note": "Start et år senere",
            f"item-{item.pk}-version": plan.version,
        },
    )

    response = admin_client.get(URL)
    rows = _rows(response)
    item_row, plan_row, initiative_row = rows[0], rows[1], rows[2]
    assert "Mette" in item_row
    assert "„Anonymiseret rekruttering“ i handleplanen „Job og skole 2“" in item_row
    assert "Startår: 2019 → 2020" in item_row
    assert "Note: – → Start et år senere" in item_row

    assert "Mette" in plan_row
    assert "Handleplan: Job og skole 2" in plan_row
    assert "Navn: Job og skole → Job og skole 2" in plan_row

    assert "Anne" in initiative_row
    assert "Indsats: Fritidsjob for unge" in initiative_row
    assert "Titel: Fritidsjob → Fritidsjob for unge" in initiative_row
    assert "Finansieringsform: Årligt beløb → Engangsbeløb" in initiative_row
    assert "Beløb første år (kr.): 3.000.000 kr. → 3.200.000 kr." in initiative_row
    assert "Beløb ved udvidelse (kr. pr. år): 3.800.000 kr. → –" in initiative_row
    # The first edit: its version before is the seed's, which is not in the history.
    assert "versionen før er ikke i historikken" in rows[3]


def test_a_restore_says_so(admin_client, catalogue):
    from django.core.management import call_command

    call_command("populate_history", auto=True, verbosity=0)
    initiative = Initiative.objects.get(title="Gadehøjskoler")
    seed = initiative.history.get()
    admin_client.post(
        reverse("admin:catalogue_initiative_change", args=[initiative.pk]),
        _form_data(initiative, title="Gadehøjskoler i alle bydele"),
    )
    restore_url = reverse(
        "admin:catalogue_initiative_simple_history", args=[initiative.pk, seed.history_id]
    )
    admin_client.post(restore_url, _form_data(initiative))
    row = _rows(admin_client.get(URL))[0]
    assert "Gendannet fra versionen af" in row
    assert "Titel: Gadehøjskoler i alle bydele → Gadehøjskoler" in row


def _edit_budget(client, plan, **budget):
    """The plan's edit form, as its owner posts it: the same name and period, and this
    budget (``ceiling_2020="1.200.000"``, ``earmark_2021_1="300.000"`` …)."""
    data = {"name": plan.name, "description": "", "first_year": "2019", "last_year": "2022"}
    response = client.post(reverse("prioritisation:plan_edit", args=[plan.pk]), data | budget)
    assert response.status_code == 302


def test_a_budget_change_shows_what_each_frame_was(admin_client, member_client, make_plan, member):
    plan = make_plan(member, ceiling=1_000_000)
    ceilings = {f"ceiling_{year}": "1.000.000" for year in plan.years}
    changes = {"ceiling_2020": "1.200.000", "earmark_2021_1": "300.000"}
    _edit_budget(member_client, plan, **(ceilings | changes))

    rows = _rows(admin_client.get(URL, {"handleplan": plan.pk}))
    changed = [row for row in rows if "Ændret" in row and "Loft" in row]
    assert len(changed) == 1  # only the year that changed; the others are as they were
    assert "Loft 2020 i handleplanen „Job og skole“" in changed[0]
    assert "Mette" in changed[0]
    assert "Beløb (kr.): 1.000.000 kr. → 1.200.000 kr." in changed[0]
    goal = Goal.objects.get(catalogue=plan.catalogue, number=1).title
    earmark = next(row for row in rows if "Øremærket 2021" in row)
    assert f"Øremærket 2021 til „{goal}“ i handleplanen „Job og skole“" in earmark
    assert "Oprettet" in earmark

    _edit_budget(member_client, plan)  # no ceiling and no earmark any more
    rows = _rows(admin_client.get(URL, {"handleplan": plan.pk}))
    assert sum("Slettet" in row for row in rows) == 5  # four ceilings and the earmark


def test_a_copied_plans_budget_starts_its_history(admin_client, member_client, make_plan, member):
    plan = make_plan(member, ceiling=1_000_000)
    member_client.post(reverse("prioritisation:plan_duplicate", args=[plan.pk]))
    rows = _rows(admin_client.get(URL, {"type": "handleplaner"}))
    created = [row for row in rows if "Oprettet" in row and "„Kopi af Job og skole“" in row]
    assert sum("Loft" in row for row in created) == 4


def test_budget_frames_from_before_their_history_get_a_first_version(
    admin_client, member_client, make_plan, member
):
    """The migration that starts the history gives every existing frame a first
    version, so its first change shows what it was."""
    import importlib

    from django.apps import apps

    from prioritisation.models import Allocation

    migration = importlib.import_module("prioritisation.migrations.0004_allocation_history")
    plan = make_plan(member)
    Allocation.objects.bulk_create(  # as before: no history
        [Allocation(plan=plan, year=year, amount=1_000_000) for year in plan.years]
    )
    migration.start_history(apps, None)
    ceilings = {f"ceiling_{year}": "1.000.000" for year in plan.years}
    _edit_budget(member_client, plan, **(ceilings | {"ceiling_2022": "900.000"}))
    row = next(row for row in _rows(admin_client.get(URL)) if "Loft 2022" in row)
    assert "Beløb (kr.): 1.000.000 kr. → 900.000 kr." in row


def test_user_text_is_escaped(admin_client, member, plan):
    plan.name = f"Plan {SCRIPT}"
    plan._history_user = member
    plan.save()
    goal = Goal.objects.get(number=1)
    goal.title = f"Mål {SCRIPT}"
    goal.save()
    html = admin_client.get(URL).content.decode()
    assert SCRIPT not in html
    assert "Plan &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_filtered_by_kind_and_to_one_plan(admin_client, member, other_member, make_plan):
    mine = make_plan(member, name="Mettes plan", titles=["Fritidsjob"])
    theirs = make_plan(other_member, name="Bos plan", titles=["Gadehøjskoler"])
    area = FocusArea.objects.get(number=1)
    area.purpose = "Nyt formål."
    area.save()

    everything = _rows(admin_client.get(URL))
    catalogue_only = _rows(admin_client.get(URL, {"type": "katalog"}))
    plans_only = _rows(admin_client.get(URL, {"type": "handleplaner"}))
    one_plan = _rows(admin_client.get(URL, {"handleplan": mine.pk}))

    assert len(everything) == 5  # two plans, two items, one focus area
    assert len(catalogue_only) == 1 and "Fokusområde 1" in catalogue_only[0]
    assert len(plans_only) == 4
    assert len(one_plan) == 2
    assert all("Mettes plan" in row for row in one_plan)
    assert not any("Bos plan" in row for row in one_plan)
    assert theirs.pk != mine.pk


@pytest.mark.parametrize(
    "query",
    [
        {"side": "abc"},
        {"side": "-1"},
        {"side": "99999999999999999999999"},
        {"type": SCRIPT},
        {"handleplan": "9" * 40},
        {"handleplan": "-3"},
        {"handleplan": "x"},
    ],
)
def test_hostile_query_strings(admin_client, plan, query):
    response = admin_client.get(URL, query)
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


# --- Pages and queries ----------------------------------------------------------------


def _rounds(plan, member, other_member, count):
    """``count`` rounds of one change of each kind, by a known user.

    Seven entries a round: an initiative, a goal, a focus area, the catalogue, the
    plan's name, an item's note, and the plan's owner (a related object to name).
    """
    initiative = Initiative.objects.get(title="Fritidsjob")
    goal = Goal.objects.get(number=2)
    area = FocusArea.objects.get(number=3)
    catalogue = plan.catalogue
    item = plan.items.first()
    for number in range(count):
        for obj, name in (
            (initiative, "effect"),
            (goal, "title"),
            (area, "purpose"),
            (catalogue, "introduction"),
            (plan, "name"),
            (item, "note"),
        ):
            setattr(obj, name, f"Udgave {number}")
            obj._history_user = member
            obj.save()
        plan.owner = other_member if number % 2 else member
        plan.save()


def test_pages_of_fifty(admin_client, plan, member, other_member):
    _rounds(plan, member, other_member, 8)  # 56 entries, and the plan's and items' own
    first = admin_client.get(URL)
    assert len(_rows(first)) == 50
    assert "Side 1 af 2" in first.content.decode()
    second = admin_client.get(URL, {"side": 2})
    assert len(_rows(second)) == 56 + 3 - 50
    assert "Side 2 af 2" in second.content.decode()


def test_queries_per_page_do_not_grow_with_the_log(
    admin_client, plan, member, other_member, django_assert_num_queries
):
    # The newest page has the same mix of kinds at both sizes: the last rounds.
    _rounds(plan, member, other_member, 8)
    # Session, user, the user's own and their groups' permissions; count, page; six
    # history tables; the items' indsatser and plans, the owners named in the changes,
    # and the catalogue the menu links to.
    with django_assert_num_queries(15 + SESSION_READ):
        small = admin_client.get(URL)
    _rounds(plan, member, other_member, 60)
    with django_assert_num_queries(15 + SESSION_READ):
        large = admin_client.get(URL)
    with django_assert_num_queries(15 + SESSION_READ):
        admin_client.get(URL, {"side": 5})
    assert len(_rows(small)) == len(_rows(large)) == 50
    assert "Side 1 af 10" in large.content.decode()  # 3 + 7 × 68 entries
