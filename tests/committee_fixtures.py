"""Three members' plans shared with the committee, and one private plan, with figures
worked out by hand (the seed catalogue, 2019–2022):

- "Mettes plan": Fritidsjob as in the catalogue (3.000.000 kr. a year), Gadehøjskoler at
  50 % (600.000 kr. a year).
- "Bos plan": Fritidsjob at 50 % (1.500.000 kr.), Gadehøjskoler as in the catalogue
  (1.200.000 kr.); a ceiling of 5.000.000 kr. a year.
- "Idas plan": Fritidsjob at 75 % (2.250.000 kr.).
- "Mettes private plan" (not shared): Flere lærepladser. It never counts.

So Fritidsjob is held by all three, at 50 %, 75 % and 100 % (median 75 %), costing
6.000.000, 9.000.000 and 12.000.000 kr. over the four years (median 9.000.000 kr.);
Gadehøjskoler by two of three, at 50 % and 100 % (median 75 %), costing 2.400.000 and
4.800.000 kr. (median 3.600.000 kr.). In 2019 the plans spend 3.600.000, 2.700.000 and
2.250.000 kr. (median 2.700.000 kr.).
"""

from decimal import Decimal

import pytest

from common import roles
from prioritisation import changes


def scale(plan, title, share):
    item = plan.items.get(initiative__title=title)
    item.scale_by = "share"
    item.scale_share = Decimal(share)
    item.save()


@pytest.fixture
def third_member(django_user_model, groups):
    user = django_user_model.objects.create_user(
        username="ida", password="kodeord-til-test", first_name="Ida"
    )
    user.groups.add(groups[roles.MEMBER])
    return user


@pytest.fixture
def committee_plans(make_plan, member, other_member, third_member):
    mettes = make_plan(member, name="Mettes plan", titles=["Fritidsjob", "Gadehøjskoler"])
    scale(mettes, "Gadehøjskoler", 50)
    bos = make_plan(
        other_member, name="Bos plan", titles=["Fritidsjob", "Gadehøjskoler"], ceiling=5_000_000
    )
    scale(bos, "Fritidsjob", 50)
    idas = make_plan(third_member, name="Idas plan", titles=["Fritidsjob"])
    scale(idas, "Fritidsjob", 75)
    for plan in (mettes, bos, idas):
        changes.share_plan(plan)
    private = make_plan(member, name="Mettes private plan", titles=["Flere lærepladser"])
    for plan in (mettes, bos, idas, private):
        plan.refresh_from_db()
    return {"mette": mettes, "bo": bos, "ida": idas, "private": private}
