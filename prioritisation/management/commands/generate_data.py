"""A synthetic, deterministic data set at a chosen scale, for benchmarks.

``manage.py generate_data`` makes, by default, 98 catalogues (one per Danish
municipality) of 3 pejlemærker × 3 fokusområder each, 10,000 initiatives spread over
them in every financing shape the models know, 500 committee members, and 5,000
candidate plans of 5–50 items each (about 137,000 items) with their ceilings and
earmarks. The same ``--seed`` gives the same data. Everything is written with
``bulk_create`` in batches; the default scale takes well under a minute on PostgreSQL.

Each step draws from its own random stream (seed + step name), so a step added later
does not change what the steps before it make.

The plans are rows the app itself could have made: each member has a home catalogue
and builds plans from its initiatives only; a plan's period lies inside the
catalogue's, its items' years inside the plan's; an item counts the catalogue's figures
(``PlanItem.for_initiative``) and is scaled only the ways its initiative allows
(units for a per-unit amount, a quantity where the catalogue states one, now and then
an amount or a share, the larger variant where there is one; one scale at a time, as
``PlanItem.scale_by`` holds it). Most plans
are drafts, some shared or proposed, a few adopted, with their items' texts frozen as
adoption freezes them (by one administrator, "forvaltning", made for the purpose;
nobody can log in as it). Like the catalogue, plans are written without
django-simple-history records, and their ``created`` stamps are the moment of
generation.
"""

import random
import string
import time
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import translation

from catalogue.financing import describe_financing
from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from common import roles
from prioritisation.models import Allocation, Plan, PlanItem

BATCH_SIZE = 1000
GOALS_PER_CATALOGUE = 3
AREAS_PER_GOAL = 3
PERIOD_YEARS = 4
PLAN_ITEMS = (5, 50)  # items per generated plan, smallest and largest

# Every financing shape the catalogue's models and pages distinguish.
SHAPES = (
    "annual_equal",
    "annual_different",
    "annual_unknown_later",
    "one_off",
    "per_unit",
    "pay_for_success",
    "not_stated",
    "larger_variant",
)
# How often each shape occurs, roughly as in the seed catalogue.
SHAPE_WEIGHTS = (30, 20, 6, 10, 8, 6, 8, 12)

# Denmark's 98 municipalities.
MUNICIPALITIES = (
    "Albertslund", "Allerød", "Assens", "Ballerup", "Billund", "Bornholms Regionskommune",
    "Brøndby", "Brønderslev", "Dragør", "Egedal", "Esbjerg", "Fanø", "Favrskov", "Faxe",
    "Fredensborg", "Fredericia", "Frederiksberg", "Frederikshavn", "Frederikssund", "Furesø",
    "Faaborg-Midtfyn", "Gentofte", "Gladsaxe", "Glostrup", "Greve", "Gribskov", "Guldborgsund",
    "Haderslev", "Halsnæs", "Hedensted", "Helsingør", "Herlev", "Herning", "Hillerød",
    "Hjørring", "Holbæk", "Holstebro", "Horsens", "Hvidovre", "Høje-Taastrup", "Hørsholm",
    "Ikast-Brande", "Ishøj", "Jammerbugt", "Kalundborg", "Kerteminde", "Kolding", "Københavns",
    "Køge", "Langeland", "Lejre", "Lemvig", "Lolland", "Lyngby-Taarbæk", "Læsø", "Mariagerfjord",
    "Middelfart", "Morsø", "Norddjurs", "Nordfyns", "Nyborg", "Næstved", "Odder", "Odense",
    "Odsherred", "Randers", "Rebild", "Ringkøbing-Skjern", "Ringsted", "Roskilde", "Rudersdal",
    "Rødovre", "Samsø", "Silkeborg", "Skanderborg", "Skive", "Slagelse", "Solrød", "Sorø",
    "Stevns", "Struer", "Svendborg", "Syddjurs", "Sønderborg", "Thisted", "Tønder", "Tårnby",
    "Vallensbæk", "Varde", "Vejen", "Vejle", "Vesthimmerlands", "Viborg", "Vordingborg", "Ærø",
    "Aabenraa", "Aalborg", "Aarhus",
)  # fmt: skip

POLICIES = (
    "Integrationshandleplanen",
    "Beskæftigelsesplanen",
    "Børne- og ungepolitikken",
    "Sundhedspolitikken",
    "Ældrepolitikken",
    "Socialpolitikken",
    "Kultur- og fritidspolitikken",
    "Uddannelsespolitikken",
)

GROUPS = (
    "ledige", "unge", "ældre", "kvinder", "mænd", "forældre", "familier", "nyankomne flygtninge",
    "elever", "lærlinge", "borgere med handicap", "sygemeldte", "pårørende", "frivillige",
    "københavnere med minoritetsbaggrund", "enlige forsørgere", "seniorer", "nydanskere",
    "børn i udsatte boligområder", "unge uden uddannelse", "borgere på kontanthjælp",
)  # fmt: skip
ACTIVITIES = (
    "Mentorforløb", "Brobygningsforløb", "Virksomhedspraktik", "Opkvalificering", "Sprogskole",
    "Lektiecafé", "Fritidsjob", "Jobcafé", "Rådgivning", "Netværksgrupper", "Forældreskole",
    "Håndholdt indsats", "Sundhedsforløb", "Idrætstilbud", "Kulturpas", "Frivilligcentral",
    "Erhvervsvejledning", "Læringsforløb", "Partnerskab med virksomheder", "Vejledningsindsats",
    "Gadehøjskole", "Motionsfællesskab", "Familiekurser", "Ungeråd", "Ambassadørkorps",
)  # fmt: skip
PLACES = (
    "i udsatte boligområder", "på skoler og ungdomsuddannelser", "i foreningslivet",
    "på arbejdspladsen", "i nærmiljøet", "på biblioteket", "i lokalområdet", "hjemme hos familien",
    "i samarbejde med civilsamfundet", "på jobcentret", "i idrætsforeninger", "på plejecentre",
)  # fmt: skip
GOAL_TEMPLATES = (
    "Flere {group} skal i job",
    "Flere {group} skal gennemføre en uddannelse",
    "Flere {group} skal deltage aktivt i kultur- og foreningslivet",
    "Færre {group} skal opleve ensomhed og mistrivsel",
    "Flere {group} skal have et godt og sundt hverdagsliv",
    "Flere {group} skal føle sig trygge og inkluderet i samfundet",
)
AREA_TOPICS = (
    "Jobparate ledige", "Unge i uddannelse", "Sprog og læring", "Sundhed og trivsel",
    "Fællesskaber", "Ligebehandling", "Tidlig indsats", "Forældresamarbejde", "Bolig og tryghed",
    "Fritid og idræt", "Virksomhedssamarbejde", "Frivillighed", "Kompetenceløft",
    "Digital inklusion", "Social kontrol", "Ensomhed", "Mental sundhed", "Overgange",
)  # fmt: skip

# A few hundred words for the texts, so Danish full-text search has something to find.
SUBJECTS = (
    "Indsatsen", "Forløbet", "Projektet", "Tilbuddet", "Forvaltningen", "Kommunen", "Jobcentret",
    "Skolen", "Foreningen", "Medarbejderen", "Mentoren", "Konsulenten", "Virksomheden",
    "Netværket", "Partnerskabet", "Borgeren", "Familien", "Den unge", "Sagsbehandleren",
    "Teamet", "Lederen", "Udvalget", "Frivilligcentret", "Boligsocialt team",
)  # fmt: skip
VERBS = (
    "styrker", "understøtter", "udvikler", "fremmer", "forebygger", "bygger bro til",
    "skaber", "giver", "sikrer", "øger", "forbedrer", "samler", "kvalificerer", "afklarer",
    "motiverer", "inddrager", "koordinerer", "tilrettelægger", "følger op på", "kortlægger",
    "målretter", "forankrer", "udbreder", "evaluerer", "afprøver", "tilbyder", "hjælper med",
    "træner", "vejleder om", "rådgiver om", "rekrutterer til", "fastholder",
)  # fmt: skip
OBJECTS = (
    "beskæftigelse", "uddannelse", "trivsel", "sundhed", "fællesskab", "tryghed", "læring",
    "sprogfærdigheder", "kompetencer", "selvforsørgelse", "ligebehandling", "medborgerskab",
    "arbejdsmarkedet", "foreningslivet", "lærepladser", "praktikpladser", "netværk", "dialog",
    "samarbejdet", "overgangen til job", "overgangen til uddannelse", "forældreinddragelse",
    "fritidsjob", "idræt", "kultur", "demokrati", "mangfoldighed", "diskrimination",
    "ensomhed", "mistrivsel", "fravær", "frafald", "integration", "inklusion", "motivation",
    "mestring", "robusthed", "jobsøgning", "kontakten til arbejdsgivere", "den faglige udvikling",
    "den sociale kontrol", "hverdagslivet", "rollemodeller", "kvalifikationer", "kulturforståelse",
    "boligområdet", "nærmiljøet", "handlekompetencer", "livskvalitet", "selvtillid",
)  # fmt: skip
ADVERBS = (
    "målrettet", "tæt", "systematisk", "helhedsorienteret", "tidligt", "vedvarende",
    "håndholdt", "fleksibelt", "lokalt", "tværfagligt", "konkret", "individuelt", "i fællesskab",
    "på tværs af forvaltninger", "i øjenhøjde", "med afsæt i borgerens ønsker",
)  # fmt: skip
# Before a clause: "at" keeps the word order, an adverbial puts the verb first (V2).
THAT_CLAUSES = (
    "Erfaringen viser, at", "Det forventes, at", "Målet er, at", "Formålet er, at",
    "Evalueringer peger på, at", "Forvaltningen vurderer, at",
)  # fmt: skip
ADVERBIALS = (
    "Derudover", "Samtidig", "Desuden", "På sigt", "I første omgang", "Efter forløbet",
    "Som led i indsatsen", "Hvor det giver mening,",
)  # fmt: skip
INSPIRATION = (
    "Aarhus Kommunes erfaringer med", "Socialstyrelsens anbefalinger om", "forsøget med",
    "VIVEs evaluering af", "Odense Kommunes model for", "Dansk Flygtningehjælps arbejde med",
    "STAR's vidensbank om", "en svensk model for", "Helsingør Kommunes pilotprojekt om",
    "Rambølls kortlægning af",
)  # fmt: skip
FIRST_NAMES = (
    "Mette", "Anne", "Hanne", "Lise", "Kirsten", "Susanne", "Camilla", "Louise", "Sofie", "Ida",
    "Freja", "Astrid", "Søren", "Jens", "Peter", "Lars", "Henrik", "Morten", "Rasmus", "Mads",
    "Jørgen", "Bo", "Niels", "Ahmed", "Fatima", "Ayşe", "Mohammed", "Leila", "Bjørn", "Åse",
)  # fmt: skip
LAST_NAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Møller", "Knudsen", "Østergaard", "Kjær", "Dahl", "Lund", "Holm", "Bækgaard", "Ali",
    "Yilmaz", "Hussein", "Søndergaard", "Frølund", "Skovgård", "Brændstrup",
)  # fmt: skip
UNITS = ("boligområde", "skole", "forening", "klasse", "hold", "virksomhed", "bydel")
CONDITIONS = (
    "Betales pr. borger i job i mindst 6 måneder",
    "Betales når 10 unge er i uddannelse efter et år",
    "Betales ved dokumenteret fald i fraværet",
    "Betales pr. gennemført forløb",
)
VARIANTS = ("Udvidelse til hele kommunen", "Dobbelt så mange deltagere", "Flere bydele")

# Plans: how often each status occurs, and the names, descriptions and notes they get.
STATUS_WEIGHTS = {Plan.Status.DRAFT: 80, Plan.Status.PROPOSED: 15, Plan.Status.ADOPTED: 5}
PLAN_NAMES = (
    "Forslag {n} – fokus på {group}",
    "Udkast {n}: {topic}",
    "Fokus på {topic_lower} – forslag {n}",
    "Handleplan {period}, version {n}",
    "Mit bud nr. {n}: {topic} og {group}",
)
PLAN_DESCRIPTIONS = (
    "Et udkast med vægt på {topic_lower}, så flere {group} får en håndholdt indsats.",
    "Vi prioriterer indsatser med dokumenteret effekt og skærer ned på det øvrige.",
    "Udvalgets drøftelse i foråret: færre indsatser, men større og længerevarende.",
    "Bygger på forvaltningens oplæg med et par ændringer til {topic_lower}.",
)
NOTES = (
    "Aftalt med forvaltningen, at vi starter i én bydel og udvider, hvis det virker.",
    "Skal drøftes på næste udvalgsmøde, før vi beslutter omfanget.",
    "Beløbet er et skøn; forvaltningen undersøger, om det kan findes inden for rammen.",
    "Prioriteres højt af ungerådet – bør ikke skæres væk.",
    "Kun med, hvis der bliver råd efter øremærkningen til job.",
    "Halv skala det første år, så vi kan høste erfaringer.",
    "Samarbejde med lokale foreninger og boligsociale medarbejdere på Nørrebro og i Ørestad.",
)
QUANTITY_PERCENTS = (25, 50, 75, 150, 200)  # a scaled item: this share of the catalogue's
CEILING_PERCENTS = (60, 70, 80, 90, 100, 110, 120, 130)  # of the items' first-year cost
EARMARK_PERCENTS = (20, 30, 40, 50)  # of the ceiling
ADMINISTRATOR_USERNAME = "forvaltning"


def _stream(seed: int, step: str) -> random.Random:
    """The random numbers of one step: a string seed is hashed with SHA-512, so it is
    the same on every run and every machine (PYTHONHASHSEED plays no part)."""
    return random.Random(f"handleplan-{seed}-{step}")


def _sentence(rng: random.Random) -> str:
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    lead = rng.random()
    if lead < 0.2:  # "Derudover styrker indsatsen ..."
        words = [rng.choice(ADVERBIALS), verb, subject[0].lower() + subject[1:]]
    elif lead < 0.35:  # "Målet er, at indsatsen styrker ..."
        words = [rng.choice(THAT_CLAUSES), subject[0].lower() + subject[1:], verb]
    else:
        words = [subject, verb]
    words.append(rng.choice(OBJECTS))
    if rng.random() < 0.6:
        words += ["for", rng.choice(GROUPS)]
    if rng.random() < 0.5:
        words.append(rng.choice(PLACES))
    words.append(rng.choice(ADVERBS))
    if rng.random() < 0.3:
        words += ["og", rng.choice(VERBS), rng.choice(OBJECTS)]
    return " ".join(words) + "."


def _paragraphs(rng: random.Random, sentences: tuple[int, int]) -> str:
    count = rng.randint(*sentences)
    out, paragraph = [], []
    for _ in range(count):
        paragraph.append(_sentence(rng))
        if len(paragraph) >= 4 and rng.random() < 0.4:
            out.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        out.append(" ".join(paragraph))
    return "\n\n".join(out)


def _amount(rng: random.Random, low: int = 50_000, high: int = 5_000_000) -> int:
    """Whole thousands, mostly round: 55.000, 300.000, 4.400.000 kr."""
    step = rng.choice((5_000, 50_000, 100_000))
    return max(step, rng.randrange(low, high) // step * step)


def _target(rng: random.Random) -> dict:
    group = rng.choice(GROUPS)
    shape = rng.random()
    if shape < 0.1:
        return {}
    quantity = rng.choice((8, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 350, 500))
    if shape < 0.25:
        return {
            "target_group_text": f"Min. {quantity} {group}",
            "target_quantity": quantity,
            "target_unit": group,
            "target_is_minimum": True,
        }
    if shape < 0.4:
        high = quantity + rng.choice((2, 5, 10))
        return {
            "target_group_text": f"{quantity}–{high} {group}",
            "target_quantity": quantity,
            "target_quantity_max": high,
            "target_unit": group,
        }
    return {
        "target_group_text": f"{quantity} {group}",
        "target_quantity": quantity,
        "target_unit": group,
    }


def _financing(rng: random.Random, shape: str) -> dict:
    kind = Initiative.FinancingKind
    first = _amount(rng)
    later = _amount(rng)
    if later == first:
        later += 50_000
    if shape == "annual_equal":
        return {
            "financing_kind": kind.ANNUAL,
            "first_year_amount": first,
            "later_year_amount": first,
        }
    if shape == "annual_different":
        return {
            "financing_kind": kind.ANNUAL,
            "first_year_amount": first,
            "later_year_amount": later,
        }
    if shape == "annual_unknown_later":
        return {"financing_kind": kind.ANNUAL, "first_year_amount": first}
    if shape == "one_off":
        return {"financing_kind": kind.ONE_OFF, "first_year_amount": first}
    if shape == "per_unit":
        per_unit = _amount(rng, 50_000, 800_000)
        return {
            "financing_kind": kind.PER_UNIT,
            "first_year_amount": per_unit,
            "later_year_amount": per_unit if rng.random() < 0.7 else None,
            "unit_name": rng.choice(UNITS),
        }
    if shape == "pay_for_success":
        return {
            "financing_kind": kind.PAY_FOR_SUCCESS,
            "success_payment_amount": first,
            "success_condition": rng.choice(CONDITIONS),
        }
    if shape == "not_stated":
        return {"financing_kind": kind.NOT_STATED}
    if shape == "larger_variant":
        return {
            "financing_kind": kind.ANNUAL,
            "first_year_amount": first,
            "later_year_amount": later,
            "larger_variant_amount": first + later,
            "larger_variant_label": rng.choice(VARIANTS),
        }
    raise ValueError(shape)


def _initiative(rng: random.Random, area: FocusArea, position: int, shape: str) -> Initiative:
    title = f"{rng.choice(ACTIVITIES)} for {rng.choice(GROUPS)}"
    if rng.random() < 0.6:
        title += f" {rng.choice(PLACES)}"
    initiative = Initiative(
        focus_area=area,
        position=position,
        title=title[:200],
        starred=rng.random() < 0.3,
        novelty=rng.choices(Initiative.Novelty.values, weights=(5, 4, 1))[0],
        description=_paragraphs(rng, (6, 14)),
        inspiration=(
            f"Inspireret af {rng.choice(INSPIRATION)} {rng.choice(OBJECTS)}. "
            + _paragraphs(rng, (1, 4))
            if rng.random() < 0.5
            else ""
        ),
        effect=_paragraphs(rng, (2, 5)) if rng.random() < 0.7 else "",
        source_note="Kildedokumentet nævner to beløb; det laveste er valgt."
        if rng.random() < 0.02
        else "",
        **_target(rng),
        **_financing(rng, shape),
    )
    initiative.financing_text = describe_financing(initiative, short=True)
    return initiative


def _shapes(rng: random.Random, count: int) -> list[str]:
    """A shape for each initiative: every shape at least once, then by weight."""
    shapes = (
        list(SHAPES[:count]) + rng.choices(SHAPES, weights=SHAPE_WEIGHTS, k=count)[len(SHAPES) :]
    )
    rng.shuffle(shapes)
    return shapes


def generate_catalogue(seed: int, *, catalogues: int, initiatives: int) -> dict[str, int]:
    """Catalogues with 3 goals × 3 focus areas each, and the initiatives spread over them."""
    rng = _stream(seed, "catalogue")
    catalogue_rows = []
    for c in range(catalogues):
        town = MUNICIPALITIES[c % len(MUNICIPALITIES)]
        municipality = town if town.endswith("kommune") else f"{town} Kommune"
        first_year = 2019 + 4 * (c // len(MUNICIPALITIES))  # unique beyond 98 catalogues
        policy = rng.choice(POLICIES)
        catalogue_rows.append(
            Catalogue(
                title=f"Katalog over mulige indsatser i {policy}",
                municipality=municipality,
                first_year=first_year,
                last_year=first_year + PERIOD_YEARS - 1,
                introduction=_paragraphs(rng, (4, 8)),
            )
        )
    catalogue_rows = Catalogue.objects.bulk_create(catalogue_rows, batch_size=BATCH_SIZE)

    goal_rows = []
    for catalogue in catalogue_rows:
        for number, template in enumerate(rng.sample(GOAL_TEMPLATES, GOALS_PER_CATALOGUE), 1):
            title = template.format(group=rng.choice(GROUPS))
            goal_rows.append(Goal(catalogue=catalogue, number=number, title=title))
    goal_rows = Goal.objects.bulk_create(goal_rows, batch_size=BATCH_SIZE)

    area_rows = []
    for goal_index, goal in enumerate(goal_rows):
        topics = rng.sample(AREA_TOPICS, AREAS_PER_GOAL)
        for a, topic in enumerate(topics):
            number = (goal_index % GOALS_PER_CATALOGUE) * AREAS_PER_GOAL + a + 1
            area_rows.append(
                FocusArea(goal=goal, number=number, title=topic, purpose=_paragraphs(rng, (2, 4)))
            )
    area_rows = FocusArea.objects.bulk_create(area_rows, batch_size=BATCH_SIZE)

    # Spread the initiatives: catalogue by catalogue, then area by area within it.
    per_catalogue = GOALS_PER_CATALOGUE * AREAS_PER_GOAL
    shapes = _shapes(rng, initiatives)
    batch, made = [], 0
    for c in range(catalogues):
        in_catalogue = initiatives // catalogues + (1 if c < initiatives % catalogues else 0)
        areas = area_rows[c * per_catalogue : (c + 1) * per_catalogue]
        positions = dict.fromkeys(range(len(areas)), 0)
        for i in range(in_catalogue):
            a = i % len(areas)
            positions[a] += 1
            batch.append(_initiative(rng, areas[a], positions[a], shapes[made]))
            made += 1
            if len(batch) >= BATCH_SIZE:
                Initiative.objects.bulk_create(batch)
                batch = []
    Initiative.objects.bulk_create(batch)
    return {
        "catalogues": len(catalogue_rows),
        "goals": len(goal_rows),
        "focus areas": len(area_rows),
        "initiatives": made,
    }


def generate_users(seed: int, *, users: int, password: str) -> dict[str, int]:
    """Committee members (group Udvalgsmedlem), all with one password hashed once."""
    rng = _stream(seed, "users")
    User = get_user_model()
    group = roles.ensure_groups()[roles.MEMBER]
    # One PBKDF2 run for all, not one per user; the salt comes from the seed, so the
    # same seed gives the same rows.
    salt = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(22))
    shared_hash = make_password(password, salt=salt)
    start = datetime(2019, 1, 1, 8, tzinfo=UTC)
    rows = []
    for n in range(1, users + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append(
            User(
                username=f"udvalg{n:04d}",
                first_name=first,
                last_name=last,
                email=f"udvalg{n:04d}@kommune.example.dk",
                password=shared_hash,
                date_joined=start + timedelta(minutes=rng.randrange(60 * 24 * 365)),
            )
        )
    rows = User.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=user.pk, group_id=group.pk) for user in rows], batch_size=BATCH_SIZE
    )
    return {"users": len(rows)}


def _statuses(rng: random.Random, count: int) -> list[str]:
    """A status for each plan: every status at least once, then by weight."""
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    chosen = statuses[:count] + rng.choices(statuses, weights=weights, k=count)[len(statuses) :]
    rng.shuffle(chosen)
    return chosen


def _administrator(rng: random.Random):
    """The administrator who adopted the adopted plans. Nobody can log in as it."""
    User = get_user_model()
    # An unusable password ("!…", as set_unusable_password makes), from the seed.
    password = UNUSABLE_PASSWORD_PREFIX + "".join(
        rng.choice(string.ascii_letters + string.digits) for _ in range(40)
    )
    administrator = User.objects.create(
        username=ADMINISTRATOR_USERNAME,
        first_name="Forvaltningen",
        email=f"{ADMINISTRATOR_USERNAME}@kommune.example.dk",
        password=password,
        is_staff=True,
        date_joined=datetime(2019, 1, 1, 8, tzinfo=UTC),
    )
    administrator.groups.add(roles.ensure_groups()[roles.ADMINISTRATOR])
    return administrator


def _plan_period(rng: random.Random, catalogue: Catalogue) -> tuple[int, int]:
    """Mostly the catalogue's whole period, else a part of it."""
    if rng.random() < 0.7:
        return catalogue.first_year, catalogue.last_year
    first = rng.randint(catalogue.first_year, catalogue.last_year)
    return first, rng.randint(first, catalogue.last_year)


def _item(rng: random.Random, plan: Plan, initiative: Initiative) -> tuple[PlanItem, bool]:
    """An item as ``add_initiative`` makes it (the plan's whole period, the catalogue's
    scale and figures), sometimes changed the ways the item form allows.

    Returns the item and whether it was changed after it was added.
    """
    start, end = plan.first_year, plan.last_year
    if start < end:
        years = rng.random()
        if years < 0.12:
            start = rng.randint(start + 1, end)  # starts later
        elif years < 0.16:
            end = rng.randint(start, end - 1)  # stops earlier
    fields = {}
    if initiative.larger_variant_amount is not None and rng.random() < 0.3:
        fields["use_larger_variant"] = True  # the form allows no quantity with it
    elif initiative.financing_kind == Initiative.FinancingKind.PER_UNIT:
        units = rng.choice((1, 1, 1, 2, 2, 3, 4, 6))
        if units > 1:
            fields.update(scale_by=PlanItem.Scale.UNITS, units=units)
    elif initiative.target_quantity and rng.random() < 0.15:
        percent = rng.choice(QUANTITY_PERCENTS)
        quantity = max(1, initiative.target_quantity * percent // 100)
        fields.update(scale_by=PlanItem.Scale.QUANTITY, quantity=quantity)
    elif initiative.first_year_amount and rng.random() < 0.05:
        amount = initiative.first_year_amount * rng.choice(QUANTITY_PERCENTS) // 100
        fields.update(scale_by=PlanItem.Scale.AMOUNT, scale_amount=max(1, amount))
    elif rng.random() < 0.05:
        fields.update(scale_by=PlanItem.Scale.SHARE, scale_share=rng.choice(QUANTITY_PERCENTS))
    if rng.random() < 0.04:
        fields["note"] = rng.choice(NOTES)
    item = PlanItem.for_initiative(initiative, plan=plan, start_year=start, end_year=end, **fields)
    return item, bool(fields) or (start, end) != (plan.first_year, plan.last_year)


def _first_year_cost(item: PlanItem) -> int:
    """Roughly what the item costs a year, for a ceiling near it: unscaled by quantity."""
    if item.use_larger_variant:
        return item.agreed_larger_variant_amount
    return (item.agreed_first_year_amount or 0) * item.units


def _allocations(
    rng: random.Random, plan: Plan, items: list[PlanItem], goal_ids: list[int]
) -> list[Allocation]:
    """Most plans: a ceiling each year near what the items cost, over or under it; some
    also earmark part of it for one pejlemærke, as the plan form allows (no more than
    the ceiling)."""
    if rng.random() >= 0.85:
        return []
    step = 500_000
    rough = sum(_first_year_cost(item) for item in items)
    ceiling = max(step, rough * rng.choice(CEILING_PERCENTS) // 100 // step * step)
    same_every_year = rng.random() < 0.75
    goal_id = rng.choice(goal_ids) if goal_ids and rng.random() < 0.3 else None
    earmark_percent = rng.choice(EARMARK_PERCENTS)
    allocations = []
    for year in plan.years:
        amount = ceiling
        if not same_every_year:
            amount = max(step, ceiling * rng.choice((80, 90, 100, 110, 120)) // 100 // step * step)
        allocations.append(Allocation(plan=plan, year=year, amount=amount))
        if goal_id is not None:
            earmark = amount * earmark_percent // 100 // 100_000 * 100_000
            allocations.append(Allocation(plan=plan, year=year, goal_id=goal_id, amount=earmark))
    return allocations


def generate_plans(seed: int, *, plans: int) -> dict[str, int]:
    """Candidate plans of PLAN_ITEMS items each (fewer where a catalogue has fewer
    initiatives), with their ceilings and earmarks, owned by the generated members.

    Member number i belongs to catalogue number i modulo the number of catalogues and
    builds plans from its initiatives only; the plans are spread evenly over the
    catalogues and, within one, over its members. Written catalogue by catalogue, in
    batches, so only one catalogue's initiatives and one batch are in memory.
    """
    rng = _stream(seed, "plans")
    counts = {"plans": 0, "plan items": 0, "allocations": 0}
    if not plans:
        return counts
    members = list(
        get_user_model()
        .objects.filter(groups__name=roles.MEMBER)
        .order_by("username")
        .values_list("pk", flat=True)
    )
    if not members:
        raise CommandError("Plans need committee members to own them: give --users 1 or more.")
    catalogues = list(Catalogue.objects.order_by("pk"))
    statuses = _statuses(rng, plans)
    adopter = _administrator(rng) if Plan.Status.ADOPTED in statuses else None
    if adopter is not None:
        counts["administrator"] = 1

    plan_batch, item_batch, allocation_batch = [], [], []

    def write():
        Plan.objects.bulk_create(plan_batch)  # sets the pks the items and budgets refer to
        PlanItem.objects.bulk_create(item_batch, batch_size=BATCH_SIZE)
        Allocation.objects.bulk_create(allocation_batch, batch_size=BATCH_SIZE)
        counts["plans"] += len(plan_batch)
        counts["plan items"] += len(item_batch)
        counts["allocations"] += len(allocation_batch)
        plan_batch.clear()
        item_batch.clear()
        allocation_batch.clear()

    per_owner = dict.fromkeys(members, 0)  # plans so far, for "Forslag 3"
    made = 0
    for c, catalogue in enumerate(catalogues):
        in_catalogue = plans // len(catalogues) + (1 if c < plans % len(catalogues) else 0)
        if not in_catalogue:
            continue
        initiatives = list(Initiative.objects.in_catalogue(catalogue))
        goal_ids = list(catalogue.goals.order_by("number").values_list("pk", flat=True))
        owners = members[c :: len(catalogues)] or [members[c % len(members)]]
        # Changed in the year after the period began: 2020 for 2019–2022, after every
        # member joined (in 2019).
        start = datetime(catalogue.first_year + 1, 3, 1, 8, tzinfo=UTC)
        for p in range(in_catalogue):
            owner = owners[p % len(owners)]
            per_owner[owner] += 1
            first_year, last_year = _plan_period(rng, catalogue)
            topic, group = rng.choice(AREA_TOPICS), rng.choice(GROUPS)
            name = rng.choice(PLAN_NAMES).format(
                n=per_owner[owner],
                topic=topic,
                topic_lower=topic.lower(),
                group=group,
                period=f"{first_year}–{last_year}",
            )
            description = ""
            if rng.random() < 0.4:
                description = rng.choice(PLAN_DESCRIPTIONS).format(
                    topic_lower=topic.lower(), group=group
                )

            # The last change; a plan is shared (and proposed) before it, adopted at it.
            status = statuses[made]
            changed = start + timedelta(minutes=rng.randrange(60 * 24 * 365))
            shared_at = None
            if status != Plan.Status.DRAFT or rng.random() < 0.15:
                shared_at = changed - timedelta(minutes=rng.randrange(1, 60 * 24 * 60))
            plan = Plan(
                owner_id=owner,
                catalogue=catalogue,
                name=name,
                description=description,
                first_year=first_year,
                last_year=last_year,
                updated=changed,
                status=status,
                shared_at=shared_at,
                adopted_at=changed if status == Plan.Status.ADOPTED else None,
                adopted_by=adopter if status == Plan.Status.ADOPTED else None,
            )

            size = min(rng.randint(*PLAN_ITEMS), len(initiatives))
            items, edited = [], 0
            for initiative in rng.sample(initiatives, size):
                item, was_edited = _item(rng, plan, initiative)
                if status == Plan.Status.ADOPTED:
                    item.freeze_texts()
                items.append(item)
                edited += was_edited
            # One change per item added or edited, and per share, proposal, adoption.
            status_changes = {Plan.Status.PROPOSED: 1, Plan.Status.ADOPTED: 2}.get(
                status, 1 if shared_at else 0
            )
            plan.version = 1 + len(items) + edited + status_changes

            plan_batch.append(plan)
            item_batch.extend(items)
            allocation_batch.extend(_allocations(rng, plan, items, goal_ids))
            made += 1
            if len(item_batch) >= BATCH_SIZE:
                write()
    write()
    return counts


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic data set for benchmarks: catalogues of "
        "3 pejlemærker × 3 fokusområder, initiatives in every financing shape, committee "
        "members and their candidate plans. Refuses a database that holds data unless "
        "--flush is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data (1).")
        parser.add_argument("--catalogues", type=int, default=98, help="Catalogues (98).")
        parser.add_argument(
            "--initiatives",
            type=int,
            default=10_000,
            help="Initiatives in all, spread evenly over the catalogues (10000).",
        )
        parser.add_argument(
            "--users", type=int, default=500, help="Committee members, udvalgNNNN (500)."
        )
        parser.add_argument(
            "--password",
            default="bench-kodeord-2019",
            help="The one password of every generated member (bench-kodeord-2019).",
        )
        parser.add_argument(
            "--plans",
            type=int,
            default=5000,
            help=(
                f"Candidate plans of {PLAN_ITEMS[0]}–{PLAN_ITEMS[1]} items each (fewer where "
                "a catalogue has fewer initiatives), spread evenly over the catalogues and "
                "their members, with ceilings and earmarks; mostly drafts, some shared or "
                "proposed, a few adopted (5000). Needs --users 1 or more; 0 makes none."
            ),
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty every table first (manage.py flush): all data in the database is lost.",
        )

    def handle(self, *args, **options):
        catalogues, initiatives = options["catalogues"], options["initiatives"]
        if catalogues < 1 or initiatives < 0 or options["users"] < 0 or options["plans"] < 0:
            raise CommandError("Give at least one catalogue and no negative numbers.")
        if options["plans"] and not options["users"]:
            raise CommandError("Plans need committee members to own them: give --users 1 or more.")
        User = get_user_model()
        if not options["flush"] and (Catalogue.objects.exists() or User.objects.exists()):
            raise CommandError(
                "The database already holds data. Use --flush to empty it first (all data "
                "in it is lost), or point DATABASE_URL at an empty database."
            )
        started = time.perf_counter()
        if options["flush"]:
            call_command("flush", interactive=False, verbosity=0)
        seed = options["seed"]
        counts = {}
        # Danish wording for the generated financing texts, whatever the shell says.
        with translation.override("da"), transaction.atomic():
            counts |= generate_catalogue(seed, catalogues=catalogues, initiatives=initiatives)
            counts |= generate_users(seed, users=options["users"], password=options["password"])
            counts |= generate_plans(seed, plans=options["plans"])
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner: until autovacuum comes by, it believes
            # the tables as small as before the load (the comparison's items query took
            # 33 ms with a hash join over every initiative instead of 3 ms by index).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{number} {name}" for name, number in counts.items())
        self.stdout.write(f"Generated {summary} (seed {seed}) in {elapsed:.1f} s.")
