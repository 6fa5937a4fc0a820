"""Plain functions that make catalogue data for tests that need more than the seed."""

from catalogue.models import Catalogue, FocusArea, Goal, Initiative


def make_catalogue(*, initiatives: int, municipality="Testrup Kommune", goals=3, areas_per_goal=3):
    """A catalogue with ``initiatives`` spread over its focus areas, every financing shape."""
    catalogue = Catalogue.objects.create(
        title="Genereret katalog", municipality=municipality, first_year=2019, last_year=2022
    )
    areas = []
    for g in range(1, goals + 1):
        goal = Goal.objects.create(catalogue=catalogue, number=g, title=f"Pejlemærke nr. {g}")
        for a in range(1, areas_per_goal + 1):
            number = (g - 1) * areas_per_goal + a
            areas.append(
                FocusArea.objects.create(
                    goal=goal, number=number, title=f"Fokusområde {number}", purpose="Formål."
                )
            )
    Initiative.objects.bulk_create(
        [_initiative(areas[i % len(areas)], i) for i in range(initiatives)]
    )
    return catalogue


def _initiative(area, i):
    kind = Initiative.FinancingKind
    shape = i % 5
    fields = {
        "focus_area": area,
        "position": i + 1,
        "title": f"Indsats nr. {i + 1} for ældre og unge",
        "starred": i % 3 == 0,
        "description": "Beskrivelse med æ, ø og å.",
        "target_group_text": f"{10 + i} borgere",
        "target_quantity": 10 + i,
        "target_unit": "borgere",
    }
    if shape == 0:
        fields.update(
            financing_kind=kind.ANNUAL, first_year_amount=1000 * i, later_year_amount=900 * i
        )
    elif shape == 1:
        fields.update(financing_kind=kind.ONE_OFF, first_year_amount=5000 + i)
    elif shape == 2:
        fields.update(
            financing_kind=kind.PAY_FOR_SUCCESS,
            success_payment_amount=100_000,
            success_condition="Ti i job",
        )
    elif shape == 3:
        fields.update(
            financing_kind=kind.PER_UNIT,
            first_year_amount=100_000,
            later_year_amount=100_000,
            unit_name="boligområde",
        )
    else:
        fields.update(financing_kind=kind.NOT_STATED)
    return Initiative(**fields)
