"""The catalogue fixture checked against the seed document.

Every expectation below was written by hand from the OCR'd seed
(the seed, ``000_bf6ed4a4fc2a1b54.txt``), not read back from the fixture.
"""

import re

import pytest
from django.db.models import Sum

from catalogue.models import Catalogue, FocusArea, Goal, Initiative

pytestmark = pytest.mark.django_db

ANNUAL = Initiative.FinancingKind.ANNUAL
ONE_OFF = Initiative.FinancingKind.ONE_OFF
PAY_FOR_SUCCESS = Initiative.FinancingKind.PAY_FOR_SUCCESS
PER_UNIT = Initiative.FinancingKind.PER_UNIT
NOT_STATED = Initiative.FinancingKind.NOT_STATED

NEW = Initiative.Novelty.NEW
CONTINUED = Initiative.Novelty.CONTINUED
UNSTATED = Initiative.Novelty.UNSTATED


@pytest.fixture(autouse=True)
def _loaded(catalogue):
    """Every test here reads the fixture, loaded as ``manage.py loaddata catalogue`` does."""


# --- Expectations from the seed -------------------------------------------------------

GOALS = [
    (1, "Flere københavnere med minoritetsbaggrund skal i job"),
    (
        2,
        "Flere københavnere med minoritetsbaggrund skal klare sig godt i folkeskolen, så de "
        "bliver bedre rustet til – og gennemfører – en ungdomsuddannelse",
    ),
    (
        3,
        "Flere københavnere med minoritetsbaggrund skal deltage aktivt i kultur- og "
        "foreningslivet og være inkluderet i det omkringliggende samfund",
    ),
]

# (focus area number, goal number, title)
FOCUS_AREAS = [
    (1, 1, "Jobparate ledige"),
    (2, 1, "Udsatte ledige"),
    (3, 1, "Kvinder og familieforsørgede"),
    (4, 1, "Mangfoldig rekruttering"),
    (5, 2, "Unge i uddannelse"),
    (6, 2, "Unge i fritidsjob"),
    (7, 3, "Dannelse og fremme af inklusion"),
    (8, 3, "Forebyggelse af social kontrol"),
    (9, 3, "Ældre"),
]

# (focus area, position, title, starred, novelty)
INITIATIVES = [
    (1, 1, "Håndholdt og kontinuerlig virksomhedsindsats", True, CONTINUED),
    (1, 2, "Opkvalificeringsindsats for beskæftigede borgere", False, NEW),
    (1, 3, "Sundhedsfremme på arbejdspladsen", False, NEW),
    (1, 4, "Undervisning fra erhvervsledere", False, NEW),
    (
        2,
        1,
        "Håndholdt og kontinuerlig virksomhedsindsats med indledende lægefaglig afklaring",
        True,
        NEW,
    ),
    (2, 2, "Individuel Placement and Support indsats (IPS)", True, CONTINUED),
    (2, 3, "Helhedsorienteret familieindsats", True, NEW),
    (2, 4, "Vækstprogram for virksomheder", False, NEW),
    (3, 1, "Familieforsørgede i beskæftigelse", True, CONTINUED),
    (3, 2, "Barselsgruppe med fokus på job og uddannelse", True, NEW),
    (3, 3, "Beskæftigelsesforløb i samarbejde med civilsamfundet", False, NEW),
    (4, 1, "Virksomhedsindsats til bekæmpelse af ubevidst diskrimination", True, NEW),
    (4, 2, "Styrkelse af Københavns Kommune som mangfoldig arbejdsgiver", True, NEW),
    (4, 3, "Anonymiseret rekruttering", True, UNSTATED),
    (5, 1, "Flere lærepladser", True, CONTINUED),
    (
        5,
        2,
        "Forebyggelse af diskrimination målrettet unge på skoler og ungdomsuddannelser",
        True,
        CONTINUED,
    ),
    (5, 3, "Brobygning til håndværkervirksomheder og erhvervsskoler", False, NEW),
    (5, 4, "Undervisning af lærere i mangfoldig elevsammensætning", False, NEW),
    (5, 5, "Styrket ligebehandling på boligmarkedet", False, NEW),
    (6, 1, "Fritidsjob", True, CONTINUED),
    (6, 2, "Ansættelse af fritidsjobambassadører på flere skoler", True, CONTINUED),
    (6, 3, "Fritidsjobkonsulent udstationeret i de udsatte byområder", False, CONTINUED),
    (7, 1, "Match mellem flygtninge og frivillige", True, CONTINUED),
    (7, 2, "Mindspring-forløb for flygtninge", True, CONTINUED),
    (7, 3, "Gadehøjskoler", False, NEW),
    (8, 1, "Helhedsorienteret forebyggelse af social kontrol", True, UNSTATED),
    (9, 1, "Indsats for udsatte og ensomme seniorer", False, NEW),
]
TITLES = [row[2] for row in INITIATIVES]

# (title, kind, first year, later years, success payment, larger variant, unit name)
FINANCING = [
    (TITLES[0], ANNUAL, 4_400_000, 4_400_000, None, None, ""),
    (TITLES[1], ANNUAL, 2_900_000, 2_900_000, None, None, ""),
    (TITLES[2], ANNUAL, 550_000, 550_000, None, None, ""),
    (TITLES[3], ANNUAL, 600_000, 600_000, None, None, ""),
    (TITLES[4], ANNUAL, 2_900_000, 2_900_000, None, None, ""),
    (TITLES[5], ANNUAL, 4_400_000, 4_400_000, None, None, ""),
    (TITLES[6], ANNUAL, 1_200_000, 1_200_000, None, None, ""),
    (TITLES[7], ONE_OFF, 550_000, None, None, None, ""),
    (TITLES[8], ANNUAL, 2_500_000, 2_500_000, None, None, ""),
    (TITLES[9], ANNUAL, 600_000, 600_000, None, None, ""),
    (TITLES[10], PAY_FOR_SUCCESS, None, None, 1_300_000, None, ""),
    (TITLES[11], NOT_STATED, None, None, None, None, ""),
    (TITLES[12], ANNUAL, 500_000, 500_000, None, None, ""),
    (TITLES[13], ANNUAL, 400_000, 500_000, None, None, ""),
    (TITLES[14], ANNUAL, 2_200_000, 2_200_000, None, None, ""),
    (TITLES[15], ANNUAL, 500_000, 500_000, None, None, ""),
    (TITLES[16], ANNUAL, 600_000, 600_000, None, None, ""),
    (TITLES[17], ANNUAL, 300_000, 500_000, None, None, ""),
    (TITLES[18], NOT_STATED, None, None, None, None, ""),
    (TITLES[19], ANNUAL, 3_000_000, 3_000_000, None, 3_800_000, ""),
    (TITLES[20], ANNUAL, 400_000, 400_000, None, None, ""),
    (TITLES[21], PER_UNIT, 100_000, 100_000, None, None, "boligområde"),
    (TITLES[22], ANNUAL, 1_000_000, 1_000_000, None, None, ""),
    (TITLES[23], ANNUAL, 55_000, 55_000, None, None, ""),
    (TITLES[24], ANNUAL, 1_200_000, 1_200_000, None, None, ""),
    (TITLES[25], ANNUAL, 2_000_000, 2_000_000, None, None, ""),
    (TITLES[26], ANNUAL, 600_000, None, None, None, ""),
]

# (title, target quantity, upper bound, unit, "min."/"mindst", target group wording)
TARGETS = [
    (TITLES[0], 350, None, "borgere", True, "Min. 350 borgere"),
    (TITLES[1], 100, None, "borgere", False, "100 borgere"),
    (TITLES[2], 500, None, "borgere", True, "Min. 500 borgere"),
    (TITLES[3], 100, None, "borgere", False, "100 borgere"),
    (TITLES[4], 75, None, "borgere", False, "75 borgere"),
    (TITLES[5], 100, None, "borgere", False, "100 borgere"),
    (TITLES[6], 20, None, "familier", False, "20 familier"),
    (TITLES[7], None, None, "", False, ""),
    (
        TITLES[8],
        90,
        None,
        "familieforsørgede",
        False,
        "90 familieforsørgede, hovedsageligt kvinder",
    ),
    (TITLES[9], 30, None, "kvinder", True, "Min. 30 kvinder (løbende optag)"),
    (TITLES[10], 10, None, "kvinder", False, "10 kvinder"),
    (TITLES[11], None, None, "", False, ""),
    (
        TITLES[12],
        250,
        None,
        "ledere",
        True,
        "Primær målgruppe er min. 250 ledere årligt i Københavns Kommune",
    ),
    (
        TITLES[13],
        20,
        None,
        "virksomheder",
        False,
        "20 virksomheder el. offentlige arbejdspladser",
    ),
    (TITLES[14], 150, None, "unge", False, "150 unge"),
    (TITLES[15], 3000, None, "elever", True, "Min. 3000 elever"),
    (TITLES[16], 100, None, "elever", False, "100 elever på skoler i udsatte byområder"),
    (TITLES[17], 200, None, "lærere", True, "Min. 200 lærere på min. 15 skoler"),
    (
        TITLES[18],
        10_000,
        None,
        "københavnere",
        False,
        "10.000 københavnere som er aktive på det private boligmarked enten som lejere "
        "eller udlejere",
    ),
    (TITLES[19], 200, None, "unge", False, "200 unge mellem 15–24 år"),
    (TITLES[20], 20, None, "unge", False, "20 unge"),
    (TITLES[21], 35, None, "unge", False, "35 unge pr. boligområde"),
    (
        TITLES[22],
        100,
        None,
        "flygtninge og familiesammenførte",
        False,
        "100 nyankomne flygtninge og familiesammenførte",
    ),
    (TITLES[23], 40, None, "borgere", False, "40 borgere (fordelt på to gruppeforløb)"),
    (
        TITLES[24],
        8,
        10,
        "foreninger",
        False,
        "Opkvalificering af 8–10 foreninger, som kan nå ca. 150–200 borgere",
    ),
    (
        TITLES[25],
        2500,
        None,
        "borgere",
        True,
        "Mindst 2.500 borgere (børn, unge, kvinder og forældre) samt fagpersoner årligt",
    ),
    (TITLES[26], 40, None, "personer", False, "40 personer (20 kvinder og 20 mænd)"),
]

# Unstarred in both overview and detailed text, yet with an "Effekt (*)" paragraph.
EFFECT_WITHOUT_STAR = {
    "Beskæftigelsesforløb i samarbejde med civilsamfundet",
    "Fritidsjobkonsulent udstationeret i de udsatte byområder",
}

# Leftovers of the OCR that lost æ, ø, å (and a few other misreadings), lower-cased.
OCR_FRAGMENTS = [
    "kgbenhavn",
    "kpbenhavn",
    "ksbenhavn",
    "kobenhavn",
    "kbenhavn",
    "beskaftig",
    "beskeftig",
    "beskeeftig",
    "beskceftig",
    "beskzftig",
    "besk&ftig",
    "besk®ftig",
    "fokusomrade",
    "omrade",
    "formalet",
    "malgruppe",
    "mdlgruppe",
    "lgbende",
    "lpbende",
    "1 gefaglig",
    "lzegefaglig",
    "forlgb",
    "forlpb",
    "drgftelse",
    "droftelse",
    "dreftelse",
    "dialogmgder",
    "dialogmpder",
    "hgringssvar",
    "integrationsrad",
    "integrationsrdd",
    "handholdt",
    "handvaerk",
    "handveaerk",
    "kontanthjelp",
    "kontanthjcelp",
    "pejlemarke",
    "pejlemaerke",
    "pejlemerke",
    "vakstprogram",
    "vekstprogram",
    "familieforsgrg",
    "lereplads",
    "leereplads",
    "lerere",
    "leerere",
    "laerere",
    "ansettelse",
    "ansattes",
    "ambassadgr",
    "gadehgj",
    "mindspring-forlgb",
    "(aget",
    "/ldre",
    "atholder",
    "athjelpe",
    "vaere",
    "veere",
    "vare inkluderet",
    "nuveerende",
    "beskzftig",
    "bek&mp",
    "bekeemp",
    "bekzemp",
    "udggre",
    "udgvere",
    "bgrn",
    "foreldre",
    "foraldre",
    "meend",
    "mend ",
    "ligebehandling pa",
    "pa arbejdsmarkedet",
]

# Words that only exist in the seed because å, ø or æ was dropped.
OCR_WORDS = {
    "pa",
    "sa",
    "ar",
    "fa",
    "far",
    "na",
    "ga",
    "gar",
    "bade",
    "made",
    "star",
    "opnar",
    "forega",
    "forste",
    "fgrste",
    "saledes",
    "safremt",
    "sdfremt",
    "arligt",
    "darligt",
    "drligt",
    "gger",
    "pger",
    "gget",
    "gnske",
    "gnskes",
    "Aldre",
    "Justeret",
    "Jjobkonsulenterne",
    "mand",
    "mend",
}
# Marks the OCR left behind in place of letters or quotes.
OCR_MARKS = ["@", "&", "®", "~", "’", "“", "—", ">k", "Ã", "Â"]


def all_texts():
    """Every text field of every loaded object, as (label, value)."""
    for model in (Catalogue, Goal, FocusArea, Initiative):
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if field.get_internal_type() in ("CharField", "TextField")
        ]
        for obj in model.objects.all():
            for name in text_fields:
                yield f"{model.__name__} {obj.pk} {name}", getattr(obj, name)


# --- Structure ------------------------------------------------------------------------


def test_counts():
    assert Catalogue.objects.count() == 1
    assert Goal.objects.count() == 3
    assert FocusArea.objects.count() == 9
    assert Initiative.objects.count() == 27


def test_catalogue(catalogue):
    assert catalogue.title == "Bruttokatalog over mulige fokusområder i Integrationshandleplanen"
    assert catalogue.municipality == "Københavns Kommune"
    assert (catalogue.first_year, catalogue.last_year) == (2019, 2022)
    intro = catalogue.introduction
    assert intro.startswith("Dette bruttokatalog indeholder fokusområder, der kan indgå i den nye")
    assert intro.endswith("Alle indsatser kan således op- eller nedjusteres, såfremt det ønskes.")
    assert "Det bemærkes, at det angivne finansieringsbehov i tabellerne er et estimat" in intro
    assert "erfaring fra København eller andre kommuner." in intro
    assert "\n\n" in intro


def test_goals(catalogue):
    got = [(g.number, g.title) for g in catalogue.goals.order_by("number")]
    assert got == GOALS
    assert [g.pk for g in catalogue.goals.order_by("number")] == [1, 2, 3]


def test_focus_areas_under_the_right_goal():
    got = [(fa.number, fa.goal.number, fa.title) for fa in FocusArea.objects.order_by("number")]
    assert got == FOCUS_AREAS
    assert list(FocusArea.objects.order_by("number").values_list("pk", flat=True)) == list(
        range(1, 10)
    )


def test_focus_area_purposes():
    for fa in FocusArea.objects.all():
        assert fa.purpose.startswith("Formålet med fokusområdet"), fa.title
        assert fa.purpose.endswith("."), fa.title
    assert "efter 8–11 år" in FocusArea.objects.get(number=1).purpose
    assert "de ældre københavnere" in FocusArea.objects.get(number=9).purpose


def test_initiative_titles_in_order():
    assert list(Initiative.objects.values_list("title", flat=True)) == TITLES
    assert list(Initiative.objects.order_by("pk").values_list("title", flat=True)) == TITLES
    got = [
        (i.focus_area.number, i.position, i.title)
        for i in Initiative.objects.select_related("focus_area")
    ]
    assert got == [(fa, pos, title) for fa, pos, title, _, _ in INITIATIVES]
    assert not any(t.startswith("*") for t in TITLES)


def test_exact_set_of_starred():
    expected = {title for _, _, title, starred, _ in INITIATIVES if starred}
    assert len(expected) == 16
    assert set(Initiative.objects.starred().values_list("title", flat=True)) == expected


@pytest.mark.parametrize(("focus_area", "position", "title", "starred", "novelty"), INITIATIVES)
def test_novelty(focus_area, position, title, starred, novelty):
    assert Initiative.objects.get(title=title).novelty == novelty


@pytest.mark.parametrize(
    ("title", "kind", "first", "later", "success", "larger", "unit_name"), FINANCING
)
def test_financing(title, kind, first, later, success, larger, unit_name):
    ini = Initiative.objects.get(title=title)
    assert ini.financing_kind == kind
    assert ini.first_year_amount == first
    assert ini.later_year_amount == later
    assert ini.success_payment_amount == success
    assert ini.larger_variant_amount == larger
    assert ini.unit_name == unit_name


@pytest.mark.parametrize(("title", "quantity", "maximum", "unit", "minimum", "text"), TARGETS)
def test_target_group(title, quantity, maximum, unit, minimum, text):
    ini = Initiative.objects.get(title=title)
    assert ini.target_quantity == quantity
    assert ini.target_quantity_max == maximum
    assert ini.target_unit == unit
    assert ini.target_is_minimum is minimum
    assert ini.target_group_text == text


def test_financing_details():
    pay = Initiative.objects.get(title="Beskæftigelsesforløb i samarbejde med civilsamfundet")
    assert pay.success_condition == "10 kvinder kommer i ordinær beskæftigelse i et helt år"
    job = Initiative.objects.get(title="Fritidsjob")
    assert job.larger_variant_label == "Ved udvidelse"
    assert "(ved udvidelse ca. 3,8 mio. kr. årligt)" in job.financing_text
    elderly = Initiative.objects.get(title="Indsats for udsatte og ensomme seniorer")
    assert "600.000 kr. i første år" in elderly.financing_text
    assert elderly.has_unknown_later_cost
    assert Initiative.objects.get(title="Vækstprogram for virksomheder").financing_text == (
        "550.000 kr. til udvikling af konceptet for Københavns Kommune."
    )
    for ini in Initiative.objects.all():
        assert not ini.financing_text.startswith(("Målgruppe", "Malgruppe")), ini.title


def test_sum_of_first_year_amounts():
    # 4.400.000 + 2.900.000 + 550.000 + 600.000          (Jobparate ledige)
    # + 2.900.000 + 4.400.000 + 1.200.000 + 550.000      (Udsatte ledige)
    # + 2.500.000 + 600.000                              (Kvinder; pay-for-success left out)
    # + 500.000 + 400.000                                (Mangfoldig rekruttering)
    # + 2.200.000 + 500.000 + 600.000 + 300.000          (Unge i uddannelse)
    # + 3.000.000 + 400.000 + 100.000                    (Unge i fritidsjob)
    # + 1.000.000 + 55.000 + 1.200.000                   (Dannelse og fremme af inklusion)
    # + 2.000.000                                        (Forebyggelse af social kontrol)
    # + 600.000                                          (Ældre)
    # = 33.455.000 kr. over 24 initiatives
    with_amount = Initiative.objects.filter(first_year_amount__isnull=False)
    assert with_amount.count() == 24
    assert with_amount.aggregate(total=Sum("first_year_amount"))["total"] == 33_455_000


def test_missing_amounts_are_null_not_zero():
    no_amount = Initiative.objects.filter(financing_kind=NOT_STATED)
    assert set(no_amount.values_list("title", flat=True)) == {
        "Virksomhedsindsats til bekæmpelse af ubevidst diskrimination",
        "Styrket ligebehandling på boligmarkedet",
    }
    for ini in no_amount:
        assert ini.first_year_amount is None
        assert ini.later_year_amount is None
        assert ini.success_payment_amount is None
        assert ini.larger_variant_amount is None
    for field in (
        "first_year_amount",
        "later_year_amount",
        "success_payment_amount",
        "larger_variant_amount",
        "target_quantity",
    ):
        assert not Initiative.objects.filter(**{field: 0}).exists(), field


def test_no_target_group_where_the_seed_gives_none():
    for title in (
        "Vækstprogram for virksomheder",
        "Virksomhedsindsats til bekæmpelse af ubevidst diskrimination",
    ):
        ini = Initiative.objects.get(title=title)
        assert ini.target_quantity is None
        assert ini.target_group_text == ""
    assert Initiative.objects.get(title=TITLES[11]).financing_text == ""


# --- Texts ----------------------------------------------------------------------------


def test_inspiration_and_effect_without_labels():
    for ini in Initiative.objects.all():
        assert ini.description, ini.title
        assert ini.inspiration, ini.title
        assert not ini.inspiration.startswith("Inspiration"), ini.title
        assert not ini.effect.startswith("Effekt"), ini.title
        if ini.novelty == NEW:
            assert ini.inspiration.startswith("Dette er en ny indsats."), ini.title
    no_effect = set(Initiative.objects.filter(effect="").values_list("title", flat=True))
    starred_or_noted = set(Initiative.objects.starred().values_list("title", flat=True))
    assert no_effect.isdisjoint(starred_or_noted | EFFECT_WITHOUT_STAR)


def test_social_control_keeps_its_three_tracks():
    ini = Initiative.objects.get(title="Helhedsorienteret forebyggelse af social kontrol")
    paragraphs = ini.description.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].endswith("henholdsvis børn og unge, fagpersoner og forældre:")
    assert paragraphs[1].startswith(
        "Oplysning til børn og unge om rettigheder og handlemuligheder: Formålet er "
    )
    assert paragraphs[2].startswith("Opkvalificering af fagpersonale: Formålet er ")
    assert paragraphs[3].startswith("Forældreindsats: Formålet er ")


def test_paragraphs_are_not_hard_wrapped():
    for label, value in all_texts():
        assert value == value.strip(), label
        assert "\n\n\n" not in value, label
        assert "\n" not in value.replace("\n\n", ""), label
        assert "  " not in value, label
        assert "\r" not in value, label


@pytest.mark.parametrize("fragment", OCR_FRAGMENTS)
def test_no_ocr_fragment(fragment):
    hits = [label for label, value in all_texts() if fragment in value.lower()]
    assert hits == []


def test_no_ocr_words_or_marks():
    problems = []
    for label, value in all_texts():
        for word in re.findall(r"[^\W\d_]+", value):
            if word in OCR_WORDS:
                problems.append((label, word))
        for mark in OCR_MARKS:
            if mark in value:
                problems.append((label, mark))
        # A stray "1" read for "i" ("1 Danmark"), but not "1 mio. kr." or "1) ...".
        if re.search(r"(?<![\d,.])1 (?!mio\.)[a-zæøåA-ZÆØÅ]", value):
            problems.append((label, "1 for i"))
        # Ranges use an en dash: "2019–22", "8–10", "15–24".
        if re.search(r"\d-\d", value):
            problems.append((label, "hyphen in range"))
    assert problems == []


def test_danish_letters_are_present():
    texts = " ".join(value for _, value in all_texts())
    for word in ("københavnere", "beskæftigelse", "fokusområde", "løbende", "lægefaglig"):
        assert word in texts, word
    assert "”Perspektiv”" in Initiative.objects.get(title=TITLES[8]).effect
    assert "Øget samarbejde" in Initiative.objects.get(title=TITLES[21]).description


# --- Where the seed contradicts itself ------------------------------------------------


def test_source_notes_record_the_contradictions():
    barsel = Initiative.objects.get(title="Barselsgruppe med fokus på job og uddannelse")
    assert barsel.starred
    assert "Barselsgrupper" in barsel.source_note
    assert "stjerne" in barsel.source_note
    assert "detaljerede" in barsel.source_note

    housing = Initiative.objects.get(title="Styrket ligebehandling på boligmarkedet")
    assert "arbejdsmarkedet" in housing.source_note
    assert "boligmarkedet" in housing.source_note

    for title in EFFECT_WITHOUT_STAR:
        ini = Initiative.objects.get(title=title)
        assert not ini.starred
        assert ini.effect
        assert "Effekt (*)" in ini.source_note
        assert "ikke stjernemarkeret" in ini.source_note

    growth = Initiative.objects.get(title="Vækstprogram for virksomheder")
    assert "socialt investeringsprogram" in growth.source_note


def test_every_object_passes_full_clean():
    for model in (Catalogue, Goal, FocusArea, Initiative):
        for obj in model.objects.all():
            obj.full_clean()
