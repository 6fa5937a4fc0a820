"""A synthetic, deterministic data set at a chosen scale, for benchmarks.

``manage.py generate_data`` makes, by default, 98 catalogues (one per Danish
municipality) of 3 pejlemærker × 3 fokusområder each, 10,000 initiatives spread over
them in every financing shape the models know, and 500 committee members. The same
``--seed`` gives the same data. Everything is written with ``bulk_create`` in batches;
the default scale takes a few seconds on PostgreSQL.

Each step draws from its own random stream (seed + step name), so a step added later
(the candidate plans, which come with the prioritisation data) does not change what
the steps before it make.
"""

import random
import string
import time
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from catalogue.financing import describe_financing
from catalogue.models import Catalogue, FocusArea, Goal, Initiative
from handleplan import roles

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


def generate_plans(seed: int, *, plans: int) -> dict[str, int]:
    """Candidate plans of PLAN_ITEMS items each, owned by the generated members.

    Plans come with the prioritisation data, which is not settled yet; until then the
    only number of plans this step makes is 0.
    """
    if plans:
        raise CommandError(
            "Plans come with the prioritisation data and cannot be generated yet; use --plans 0."
        )
    return {}


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic data set for benchmarks: catalogues of "
        "3 pejlemærker × 3 fokusområder, initiatives in every financing shape, committee "
        "members. Refuses a database that holds data unless --flush is given."
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
            default=0,
            help=(
                f"Candidate plans of {PLAN_ITEMS[0]}–{PLAN_ITEMS[1]} items each. Plans come "
                "with the prioritisation data; until then only 0 (the default) is accepted."
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
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{number} {name}" for name, number in counts.items())
        self.stdout.write(f"Generated {summary} (seed {seed}) in {elapsed:.1f} s.")
