"""The catalogue: pejlemærker (goals) → fokusområder (focus areas) → indsatser (initiatives).

Money is whole Danish kroner in integer fields: the seed never states øre, and an
integer cannot drift the way a float does. "Not stated" is NULL, never 0.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.text import LONG_TEXT, NOTE, TEXT, length_check, limited_text


def new_content_version() -> str:
    return uuid.uuid4().hex


class CatalogueQuerySet(models.QuerySet):
    def mark_changed(self) -> int:
        """Give these catalogues a new ``content_version``.

        Every save and delete of a catalogue model does this for its catalogue by itself
        (``content_changed``, connected in apps.py); call it after a
        ``QuerySet.update()`` or ``bulk_create()`` of them, which send no signals, so that
        pages kept under the old version are no longer shown.
        """
        return self.update(content_version=new_content_version())


class Catalogue(models.Model):
    """One municipality's catalogue for one policy period (e.g. København 2019–2022)."""

    title = models.CharField(_("titel"), max_length=200)
    municipality = models.CharField(_("kommune"), max_length=100)
    first_year = models.PositiveSmallIntegerField(_("første år"))
    last_year = models.PositiveSmallIntegerField(_("sidste år"))
    introduction = limited_text(_("indledning"), max_length=LONG_TEXT, blank=True)
    # New whenever anything the catalogue's pages show may have changed: the key under
    # which those pages are kept (common/pagecache.py). Not content, so not in history.
    content_version = models.CharField(max_length=32, default=new_content_version, editable=False)

    history = HistoricalRecords(excluded_fields=["content_version"])
    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("katalog")
        verbose_name_plural = _("kataloger")
        ordering = ["municipality", "-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="catalogue_period_ordered",
                violation_error_message=_("Sidste år kan ikke ligge før første år."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "title", "first_year"],
                name="catalogue_unique_per_municipality_and_period",
                violation_error_message=_(
                    "Kommunen har allerede et katalog med denne titel for perioden."
                ),
            ),
            length_check("catalogue", "introduction", LONG_TEXT, _("Indledningen")),
        ]

    def __str__(self):
        return f"{self.title} ({self.municipality} {self.period_label})"

    @property
    def period_label(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class Goal(models.Model):
    """A pejlemærke: one of the policy's strategic goals, numbered within its catalogue."""

    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.CASCADE, related_name="goals", verbose_name=_("katalog")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pejlemærke")
        verbose_name_plural = _("pejlemærker")
        ordering = ["catalogue", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue", "number"],
                name="goal_number_unique_in_catalogue",
                violation_error_message=_("Kataloget har allerede et pejlemærke med det nummer."),
            )
        ]

    def __str__(self):
        return _("Pejlemærke %(number)s: %(title)s") % {"number": self.number, "title": self.title}


class FocusArea(models.Model):
    """A fokusområde under a goal; numbered through the whole catalogue (1–9 in the seed)."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("pejlemærke")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    purpose = limited_text(_("formål"), max_length=TEXT, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområder")
        ordering = ["goal__catalogue_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "number"],
                name="focus_area_number_unique_in_goal",
                violation_error_message=_(
                    "Pejlemærket har allerede et fokusområde med det nummer."
                ),
            ),
            length_check("focus_area", "purpose", TEXT, _("Formålet")),
        ]

    def __str__(self):
        return self.title


class InitiativeQuerySet(models.QuerySet):
    def with_structure(self):
        """Join the focus area, goal and catalogue: one query for a whole list."""
        return self.select_related("focus_area__goal__catalogue")

    def starred(self):
        return self.filter(starred=True)

    def in_catalogue(self, catalogue):
        return self.filter(focus_area__goal__catalogue=catalogue)

    def totals(self) -> dict:
        """Count and sums of the set, and what the sums leave out. One query.

        Per-unit amounts count one unit. Conditional (pay-for-success) money and
        initiatives with no amount are counted apart, never as 0 in a sum.
        """
        kind = Initiative.FinancingKind
        yearly = Q(financing_kind__in=[kind.ANNUAL, kind.PER_UNIT])
        return self.order_by().aggregate(
            count=models.Count("pk"),
            first_year_sum=models.Sum("first_year_amount"),
            later_year_sum=models.Sum("later_year_amount", filter=yearly),
            not_stated_count=models.Count("pk", filter=Q(financing_kind=kind.NOT_STATED)),
            later_unknown_count=models.Count(
                "pk", filter=yearly & Q(later_year_amount__isnull=True)
            ),
            conditional_count=models.Count("pk", filter=Q(financing_kind=kind.PAY_FOR_SUCCESS)),
            conditional_sum=models.Sum("success_payment_amount"),
            per_unit_count=models.Count("pk", filter=Q(financing_kind=kind.PER_UNIT)),
        )


class Initiative(models.Model):
    """An indsats: a concrete intervention the committee can choose for its plan."""

    class Novelty(models.TextChoices):
        NEW = "new", _("Ny indsats")
        CONTINUED = "continued", _("Videreførelse")
        UNSTATED = "unstated", _("Ikke angivet")

    class FinancingKind(models.TextChoices):
        # A yearly amount; the first year may differ from later years.
        ANNUAL = "annual", _("Årligt beløb")
        # Money spent once (e.g. developing a concept), nothing in later years.
        ONE_OFF = "one_off", _("Engangsbeløb")
        # Paid only if a result is reached: conditional, not a committed cost.
        PAY_FOR_SUCCESS = "pay_for_success", _("Betaling ved resultat")
        # A yearly amount per unit (e.g. per housing area); scales with the units chosen.
        PER_UNIT = "per_unit", _("Beløb pr. enhed")
        NOT_STATED = "not_stated", _("Ikke oplyst")

    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("fokusområde"),
    )
    position = models.PositiveSmallIntegerField(
        _("rækkefølge"), help_text=_("Placering inden for fokusområdet.")
    )
    title = models.CharField(_("titel"), max_length=200)
    starred = models.BooleanField(
        _("stjernemarkeret"),
        default=False,
        help_text=_(
            "Forvaltningen vurderer, at indsatsen er langsigtet og har effekt baseret på "
            "erfaring fra København eller andre kommuner."
        ),
    )
    novelty = models.CharField(
        _("ny eller videreført"),
        max_length=20,
        choices=Novelty.choices,
        default=Novelty.UNSTATED,
    )
    description = limited_text(_("beskrivelse"), max_length=LONG_TEXT)
    inspiration = limited_text(_("inspiration"), max_length=TEXT, blank=True)
    effect = limited_text(_("forventet effekt"), max_length=TEXT, blank=True)

    # Målgruppe. The quantity is what a plan scales; the text keeps the seed's wording
    # for what a number cannot say ("20 kvinder og 20 mænd", "8–10 foreninger").
    target_group_text = models.CharField(_("målgruppe (ordlyd)"), max_length=300, blank=True)
    target_quantity = models.PositiveIntegerField(_("målgruppe, antal"), null=True, blank=True)
    target_quantity_max = models.PositiveIntegerField(
        _("målgruppe, højst"),
        null=True,
        blank=True,
        help_text=_("Kun for et interval som 8–10: det højeste antal."),
    )
    target_unit = models.CharField(_("målgruppe, enhed"), max_length=100, blank=True)
    target_is_minimum = models.BooleanField(_("mindst (min.)"), default=False)

    # Finansieringsbehov, per year, in whole kroner. NULL means not stated.
    financing_kind = models.CharField(
        _("finansieringsform"),
        max_length=20,
        choices=FinancingKind.choices,
        default=FinancingKind.NOT_STATED,
    )
    first_year_amount = models.PositiveBigIntegerField(
        _("beløb første år (kr.)"), null=True, blank=True
    )
    later_year_amount = models.PositiveBigIntegerField(
        _("beløb efterfølgende år (kr.)"),
        null=True,
        blank=True,
        help_text=_("Tomt betyder ikke oplyst, ikke 0."),
    )
    unit_name = models.CharField(
        _("enhed for beløb"),
        max_length=100,
        blank=True,
        help_text=_("Ved beløb pr. enhed, fx 'boligområde'."),
    )
    success_payment_amount = models.PositiveBigIntegerField(
        _("betaling ved resultat (kr.)"), null=True, blank=True
    )
    success_condition = models.CharField(_("betingelse for betaling"), max_length=300, blank=True)
    larger_variant_amount = models.PositiveBigIntegerField(
        _("beløb ved udvidelse (kr. pr. år)"), null=True, blank=True
    )
    larger_variant_label = models.CharField(_("udvidelse, beskrivelse"), max_length=200, blank=True)
    financing_text = limited_text(_("finansiering (ordlyd)"), max_length=NOTE, blank=True)

    source_note = limited_text(
        _("note om kilden"),
        max_length=NOTE,
        blank=True,
        help_text=_("Hvor kildedokumentet modsiger sig selv, og hvad der er valgt."),
    )

    history = HistoricalRecords()
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        ordering = ["focus_area__goal__catalogue_id", "focus_area__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["focus_area", "position"],
                name="initiative_position_unique_in_focus_area",
                violation_error_message=_("Fokusområdet har allerede en indsats på den plads."),
            ),
            models.CheckConstraint(
                condition=~Q(financing_kind="annual") | Q(first_year_amount__isnull=False),
                name="initiative_annual_has_first_year",
                violation_error_message=_("Et årligt beløb skal have et beløb for første år."),
            ),
            models.CheckConstraint(
                condition=~Q(financing_kind="one_off")
                | Q(first_year_amount__isnull=False, later_year_amount__isnull=True),
                name="initiative_one_off_only_first_year",
                violation_error_message=_(
                    "Et engangsbeløb har et beløb for første år og intet for de efterfølgende år."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(financing_kind="per_unit")
                | (Q(first_year_amount__isnull=False) & ~Q(unit_name="")),
                name="initiative_per_unit_has_amount_and_unit",
                violation_error_message=_(
                    "Et beløb pr. enhed skal have et beløb for første år og en enhed."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(financing_kind="pay_for_success")
                | Q(
                    success_payment_amount__isnull=False,
                    first_year_amount__isnull=True,
                    later_year_amount__isnull=True,
                ),
                name="initiative_pay_for_success_only_conditional",
                violation_error_message=_(
                    "Betaling ved resultat har kun et betinget beløb, ingen faste årlige beløb."
                ),
            ),
            models.CheckConstraint(
                condition=Q(financing_kind="pay_for_success")
                | Q(success_payment_amount__isnull=True),
                name="initiative_success_payment_only_when_pay_for_success",
                violation_error_message=_(
                    "Et betinget beløb hører kun til finansieringsformen betaling ved resultat."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(financing_kind="not_stated")
                | Q(
                    first_year_amount__isnull=True,
                    later_year_amount__isnull=True,
                    larger_variant_amount__isnull=True,
                ),
                name="initiative_not_stated_has_no_amounts",
                violation_error_message=_(
                    "Finansieringsformen 'ikke oplyst' kan ikke have beløb. Vælg en anden form."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_quantity_max__isnull=True)
                | Q(
                    target_quantity__isnull=False,
                    target_quantity_max__gte=models.F("target_quantity"),
                ),
                name="initiative_target_range_ordered",
                violation_error_message=_(
                    "Målgruppens højeste antal skal være mindst lige så stort som antallet."
                ),
            ),
            length_check("initiative", "description", LONG_TEXT, _("Beskrivelsen")),
            length_check("initiative", "inspiration", TEXT, _("Inspirationen")),
            length_check("initiative", "effect", TEXT, _("Den forventede effekt")),
            length_check("initiative", "financing_text", NOTE, _("Finansieringens ordlyd")),
            length_check("initiative", "source_note", NOTE, _("Noten om kilden")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalogue:initiative", args=[self.pk])

    @property
    def has_amount(self) -> bool:
        """True when there is a committed cost to count in totals.

        Pay-for-success money is conditional and kept out; "not stated" has none.
        """
        return self.first_year_amount is not None

    @property
    def has_unknown_later_cost(self) -> bool:
        """A yearly cost whose later-year amount the source does not state."""
        return self.financing_kind in (
            self.FinancingKind.ANNUAL,
            self.FinancingKind.PER_UNIT,
        ) and (self.later_year_amount is None)

    def cost_in_year(self, year: int, *, start_year: int) -> int | None:
        """The unscaled cost in ``year`` for an initiative started in ``start_year``.

        The first-year amount falls in the start year, the later-year amount after it
        (nothing after it for a one-off). None where the amount is unknown or only
        conditional. No database access.
        """
        if year < start_year:
            return 0
        if self.first_year_amount is None:
            return None
        if year == start_year:
            return self.first_year_amount
        if self.financing_kind == self.FinancingKind.ONE_OFF:
            return 0
        return self.later_year_amount


class CatalogueImport(models.Model):
    """A workbook uploaded to make a new catalogue or to update one (catalogue.imports).

    Kept from the upload, when it waits for the administrator to confirm its preview,
    to after it is applied, so that it can be undone: its workbook, the digest of the
    changes its preview showed, and the change reason its history records carry.
    """

    catalogue = models.ForeignKey(
        Catalogue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("katalog"),
    )
    makes_new_catalogue = models.BooleanField(_("nyt katalog"), default=False)
    catalogue_label = models.CharField(_("katalogets navn"), max_length=300, blank=True)
    filename = models.CharField(_("filnavn"), max_length=255)
    content = models.BinaryField(_("regneark"), editable=False)
    # What was read from it (catalogue.workbook.parsed_to_json): the preview and the
    # confirmation use it rather than reading the file again.
    rows = models.JSONField(_("indhold"), default=dict, editable=False)
    # The changes the preview showed (catalogue.imports.ImportPlan.digest): the import is
    # applied only if they are still the changes it would make.
    digest = models.CharField(_("kontrolsum"), max_length=64, editable=False)
    summary = models.CharField(_("ændringer"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("indlæst af"),
    )
    uploaded_at = models.DateTimeField(_("hentet op"), auto_now_add=True)
    applied_at = models.DateTimeField(_("indlæst"), null=True, blank=True)
    # The change reason of every history record the import wrote; undo finds them by it.
    change_reason = models.CharField(_("ændringsårsag"), max_length=100, blank=True)
    undone_at = models.DateTimeField(_("fortrudt"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fortrudt af"),
    )

    class Meta:
        verbose_name = _("indlæsning fra regneark")
        verbose_name_plural = _("indlæsninger fra regneark")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return _("Indlæsning nr. %(number)s: %(filename)s") % {
            "number": self.pk,
            "filename": self.filename,
        }

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


# --- The content version follows every save (connected in apps.py) -------------------


def _catalogue_of(instance) -> Q:
    """The catalogue ``instance`` belongs to, by the parent it names."""
    if isinstance(instance, Catalogue):
        return Q(pk=instance.pk)
    if isinstance(instance, Goal):
        return Q(pk=instance.catalogue_id)
    if isinstance(instance, FocusArea):
        return Q(goals=instance.goal_id)
    return Q(goals__focus_areas=instance.focus_area_id)


def _catalogue_holding(instance) -> Q:
    """The catalogue that holds ``instance``'s row as it is stored (before a save)."""
    if isinstance(instance, Goal):
        return Q(goals=instance.pk)
    if isinstance(instance, FocusArea):
        return Q(goals__focus_areas=instance.pk)
    return Q(goals__focus_areas__initiatives=instance.pk)


def _parent_key(instance) -> tuple | None:
    """The row ``_catalogue_of`` finds the catalogue by. None for the catalogue itself:
    its save writes back the version it was loaded with, so it always takes a new one."""
    if isinstance(instance, Catalogue):
        return None
    if isinstance(instance, Goal):
        return ("catalogue", instance.catalogue_id)
    if isinstance(instance, FocusArea):
        return ("goal", instance.goal_id)
    return ("focus_area", instance.focus_area_id)


# Keys of the parents whose catalogue has a new version already, inside ``one_renewal``.
_renewed: ContextVar[set | None] = ContextVar("catalogues_renewed", default=None)


@contextmanager
def one_renewal():
    """Saves of catalogue models inside give each catalogue a new version once, at the
    first save under each parent, not at every save: for a bulk write in one transaction
    that shows nothing before it commits (an import, its undo). All its changes then
    show together with that version."""
    token = _renewed.set(set())
    try:
        yield
    finally:
        _renewed.reset(token)


def _renew(query: Q, *, key: tuple | None, using) -> None:
    renewed = _renewed.get()
    if renewed is not None and key is not None:
        if key in renewed:
            return
        renewed.add(key)
    Catalogue.objects.using(using).filter(query).mark_changed()


def content_changed(*, instance, using=None, **signal) -> None:
    """A catalogue model saved or deleted: its catalogue's pages are renewed."""
    _renew(_catalogue_of(instance), key=_parent_key(instance), using=using)


def content_moving(*, instance, using=None, **signal) -> None:
    """Before a stored goal, focus area or initiative is saved: the catalogue that holds
    it now is renewed too, in case the save moves it to another."""
    if not instance._state.adding and not isinstance(instance, Catalogue):
        key = ("holding", instance._meta.label, instance.pk)
        _renew(_catalogue_holding(instance), key=key, using=using)


def data_migrated(*, using=None, **signal) -> None:
    """After every migrate: a data migration's saves send no model signals."""
    from django.db import connections

    if Catalogue._meta.db_table in connections[using].introspection.table_names():
        Catalogue.objects.using(using).mark_changed()
