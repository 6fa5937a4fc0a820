"""Lav et udkast af det, flertallet er enige om: a consensus draft from Udvalgets billede."""

from decimal import Decimal

import pytest
from django.urls import reverse

from prioritisation import changes
from prioritisation.models import Plan

pytestmark = pytest.mark.django_db

URL = reverse("prioritisation:committee_draft")


def _post(client, plans, **data):
    return client.post(URL, {"katalog": plans["mette"].catalogue_id, **data})


def test_the_majority_at_the_median_scale_in_the_chosen_frame(client, member, committee_plans):
    client.force_login(member)
    bos = committee_plans["bo"]
    response = _post(client, committee_plans, mindst=2, ramme=bos.pk)
    draft = Plan.objects.get(name="Flertallets udkast (mindst 2 af 3)")
    assert response["Location"] == draft.get_absolute_url()
    assert draft.owner == member and draft.status == Plan.Status.DRAFT
    assert not draft.is_shared
    items = {item.initiative.title: item for item in draft.items.select_related("initiative")}
    # Both are held by at least two plans; each at its median scale, 75 %.
    assert set(items) == {"Fritidsjob", "Gadehøjskoler"}
    assert items["Fritidsjob"].scale_by == "share"
    assert items["Fritidsjob"].scale_share == Decimal("75.00")
    assert items["Gadehøjskoler"].scale_share == Decimal("75.00")
    # Bo's frame: his ceiling, 5.000.000 kr. a year.
    assert sorted(draft.allocations.values_list("year", "amount")) == [
        (year, 5_000_000) for year in range(2019, 2023)
    ]
    # The page: 2.250.000 + 900.000 = 3.150.000 kr. in 2019, under Bo's ceiling.
    text = client.get(response["Location"]).content.decode()
    assert "Udkastet er lavet med 2 indsatser, som mindst 2 af 3 handleplaner har med." in text
    assert "3.150.000 kr." in text
    assert "1.850.000 kr." in text  # left under the ceiling
    # The plans it was made from are unchanged.
    assert bos.items.get(initiative__title="Fritidsjob").scale_share == Decimal("50.00")


def test_all_three(client, member, committee_plans):
    client.force_login(member)
    _post(client, committee_plans, mindst=3, ramme=committee_plans["mette"].pk)
    draft = Plan.objects.get(name="Flertallets udkast (mindst 3 af 3)")
    assert list(draft.items.values_list("initiative__title", flat=True)) == ["Fritidsjob"]
    assert not draft.allocations.exists()  # Mette's plan has no ceiling


def test_a_selection(client, member, committee_plans):
    """Mette's and Ida's plans only: Fritidsjob at 100 % and 75 %: median 87,5 %."""
    client.force_login(member)
    plans = [committee_plans["mette"].pk, committee_plans["ida"].pk]
    _post(client, committee_plans, plan=plans, mindst=2, ramme=plans[0])
    draft = Plan.objects.get(name="Flertallets udkast (mindst 2 af 2)")
    item = draft.items.get()
    assert (item.initiative.title, item.scale_share) == ("Fritidsjob", Decimal("87.50"))


@pytest.mark.parametrize("minimum", ["0", "4", "x", ""])
def test_a_number_out_of_range_makes_nothing(client, member, committee_plans, minimum):
    client.force_login(member)
    before = Plan.objects.count()
    response = _post(client, committee_plans, mindst=minimum, ramme=committee_plans["bo"].pk)
    assert response.status_code == 302
    assert Plan.objects.count() == before
    text = client.get(response["Location"]).content.decode()
    assert "Vælg et antal handleplaner mellem 1 og 3. Intet udkast er lavet." in text


def test_a_frame_the_member_may_not_read(client, other_member, committee_plans):
    """Mette's private plan is not Bo's to use as a frame: nothing made, nothing shown."""
    client.force_login(other_member)
    before = Plan.objects.count()
    response = _post(client, committee_plans, mindst=2, ramme=committee_plans["private"].pk)
    assert Plan.objects.count() == before
    text = client.get(response["Location"]).content.decode()
    assert "Intet udkast er lavet." in text
    assert "Mettes private plan" not in text


def test_readers_and_visitors_make_no_drafts(client, reader, committee_plans):
    before = Plan.objects.count()
    assert _post(client, committee_plans, mindst=2).status_code == 302  # to log in
    client.force_login(reader)
    assert _post(client, committee_plans, mindst=2).status_code == 403
    assert client.get(URL).status_code == 403
    assert Plan.objects.count() == before


def test_the_service_copies_the_frame_and_leaves_it(committee_plans, member):
    bos = committee_plans["bo"]
    version = bos.version
    draft = changes.create_consensus_draft(
        owner=member, frame=bos, items=[], name="Udkast", description="Tomt"
    )
    assert (draft.first_year, draft.last_year) == (bos.first_year, bos.last_year)
    assert draft.allocations.count() == 4
    bos.refresh_from_db()
    assert bos.version == version
    changes.delete_plan(bos)
    with pytest.raises(changes.PlanGone):
        changes.create_consensus_draft(owner=member, frame=bos, items=[], name="Udkast")


def test_udvalgets_eget_beloeb_is_carried_at_its_median(
    client, member, other_member, third_member, make_plan
):
    """Styrket ligebehandling på boligmarkedet has no amount in the catalogue. Mette gives
    it 1.000.000 kr. the first year and 800.000 kr. after; Bo 1.500.001 kr. the first
    year and nothing after; Ida nothing. The draft: the first year's median of the two
    given, 1.250.000,5 → 1.250.001 kr.; later years' of the one given, 800.000 kr."""
    title = "Styrket ligebehandling på boligmarkedet"
    own = {
        member: (1_000_000, 800_000),
        other_member: (1_500_001, None),
        third_member: (None, None),
    }
    for owner, (first, later) in own.items():
        plan = make_plan(owner, name=f"Plan for {owner.username}", titles=[title])
        item = plan.items.get()
        item.own_first_year_amount, item.own_later_year_amount = first, later
        item.save()
        changes.share_plan(plan)
    client.force_login(member)
    frame = Plan.objects.get(name=f"Plan for {member.username}")
    response = client.post(URL, {"katalog": frame.catalogue_id, "mindst": 2, "ramme": frame.pk})
    draft = Plan.objects.get(name="Flertallets udkast (mindst 2 af 3)")
    item = draft.items.get()
    assert (item.own_first_year_amount, item.own_later_year_amount) == (1_250_001, 800_000)
    text = client.get(response["Location"]).content.decode()
    assert "udvalgets eget beløb" in text
    assert "1.250.001 kr." in text
    assert "3.650.001 kr." in text  # 1.250.001 + 3 × 800.000 over 2019–2022
