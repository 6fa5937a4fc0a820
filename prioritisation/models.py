"""Candidate action plans (handleplaner): a member's choice of initiatives within a budget.

A plan belongs to one member and one catalogue. Its money is whole kroner in integer
fields, like the catalogue's; the arithmetic lives in ``prioritisation.budget``.

The app changes plans through ``prioritisation.changes`` (row locks, typed refusals).
Every save and delete of a plan, an item or a ceiling or earmark, from anywhere, counts
in ``Plan.version`` (prioritisation/apps.py): forms carry it so that no update is lost,
and pages are kept in the cache under it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.models import Catalogue, Goal, Initiative
from common.text import NOTE, TEXT, length_check, limited_text

# The largest id a query is asked for: PostgreSQL's bigint.
MAX_ID = 2**63 - 1
# PlanQuerySet.versions_for_reader's statement: active(), readable_by(), the versions;
# {ids} is one placeholder per plan asked for.
VERSIONS_FOR_READER = (
    'SELECT "plan"."id", "plan"."version", "catalogue"."content_version" '
    'FROM "prioritisation_plan" "plan" '
    'JOIN "catalogue_catalogue" "catalogue" ON "catalogue"."id" = "plan"."catalogue_id" '
    'WHERE "plan"."id" IN ({ids}) AND "plan"."deleted_at" IS NULL '
    'AND ("plan"."owner_id" = %s OR "plan"."shared_at" IS NOT NULL)'
)
# PlanQuerySet.committee_state's statement: a catalogue's content version and, of its
# active plans shared with the committee, what Udvalgets billede shows of them.
COMMITTEE_STATE = (
    'SELECT "catalogue"."content_version", "plan"."id", "plan"."name", "plan"."version", '
    '"owner"."first_name", "owner"."last_name", "owner"."username" '
    'FROM "catalogue_catalogue" "catalogue" '
    'JOIN "prioritisation_plan" "plan" ON "plan"."catalogue_id" = "catalogue"."id" '
    'JOIN "auth_user" "owner" ON "owner"."id" = "plan"."owner_id" '
    'WHERE "catalogue"."id" = %s AND "plan"."deleted_at" IS NULL '
    'AND "plan"."shared_at" IS NOT NULL ORDER BY "plan"."id"'
)


class PlanQuerySet(models.QuerySet):
    def active(self):
        """Plans that are not deleted."""
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        """Plans in "Slettede handleplaner", waiting to be restored."""
        return self.filter(deleted_at__isnull=False)

    def owned_by(self, user):
        return self.filter(owner=user)

    def shared(self):
        """Plans shared with the committee."""
        return self.filter(shared_at__isnull=False)

    def readable_by(self, user):
        """The user's own plans and those shared with the committee."""
        return self.filter(Q(owner=user) | Q(shared_at__isnull=False))

    def versions_for_reader(self, pks: list[int], user_id: int) -> dict[int, tuple[int, str]]:
        """Of the plans ``pks`` (a few), those user ``user_id`` may read, active
        (``active().readable_by()``'s rule, which a test holds it to): each one's version
        and its catalogue's content version, by id.

        Written out in SQL because meeting mode's polls ask it every second for every
        viewer, and building the query through the ORM costs several times running it.
        """
        pks = [pk for pk in pks if 0 < pk <= MAX_ID]
        if not pks or not 0 < user_id <= MAX_ID:
            return {}
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                VERSIONS_FOR_READER.format(ids=", ".join(["%s"] * len(pks))), [*pks, user_id]
            )
            return {pk: (version, content) for pk, version, content in cursor.fetchall()}

    def committee_state(self, catalogue_id: int) -> tuple:
        """Udvalgets billede of catalogue ``catalogue_id`` as it stands, in rows that
        change whenever what it shows does: the catalogue's content version, and each of
        its active plans shared with the committee (``active().shared()``, which a test
        holds it to) with its name, version and owner's names. The time of change is
        left out: it moves only with the version (``mark_changed``), and reading it as a
        datetime would cost more than the rest. Written out in SQL for the same reason
        as ``versions_for_reader``."""
        if not 0 < catalogue_id <= MAX_ID:
            return ()
        with connections[self.db].cursor() as cursor:
            cursor.execute(COMMITTEE_STATE, [catalogue_id])
            return tuple(cursor.fetchall())

    def mark_changed(self) -> int:
        """Count one more change to these plans, now.

        Every save and delete of a plan's parts does this by itself (prioritisation/
        apps.py); call it after a ``QuerySet.update()`` or ``bulk_create()`` of them,
        which send no signals, so that forms and kept pages see the change.
        """
        return self.update(version=F("version") + 1, updated=timezone.now())


class Plan(models.Model):
    """A candidate handleplan: a name, a period inside the catalogue's, items and a budget.

    A plan goes from draft (kladde) to proposed (foreslået) to adopted (vedtaget). Only
    an administrator adopts, and adoption freezes it: its items keep the amounts and
    texts of that day, and it can no longer be edited or deleted, only duplicated.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        PROPOSED = "proposed", _("Foreslået")
        ADOPTED = "adopted", _("Vedtaget")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("ejer"),
    )
    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.PROTECT, related_name="plans", verbose_name=_("katalog")
    )
    name = models.CharField(_("navn"), max_length=200)
    description = limited_text(_("beskrivelse"), max_length=TEXT, blank=True)
    first_year = models.PositiveSmallIntegerField(_("første år"))
    last_year = models.PositiveSmallIntegerField(_("sidste år"))
    created = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated = models.DateTimeField(_("senest ændret"), default=timezone.now)
    deleted_at = models.DateTimeField(_("slettet"), null=True, blank=True)
    # One more for every change to the plan, its items or its budget (see the module's
    # docstring). Forms carry the version they were read at, so a change made meanwhile
    # is never overwritten.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Shared with the committee: every member and reader may read it; only the owner edits.
    shared_at = models.DateTimeField(_("delt med udvalget"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("vedtaget"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vedtaget af"),
    )
    # The one-time token of the "Ny handleplan" form the plan was made from: the same
    # form submitted again (a double click) finds this plan instead of making another.
    creation_token = models.UUIDField(
        _("oprettelsesformular"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["creation_token"])
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("handleplan")
        verbose_name_plural = _("handleplaner")
        ordering = ["-updated", "-pk"]
        permissions = [
            ("restore_any_plan", _("Kan gendanne alle slettede handleplaner")),
            ("adopt_plan", _("Kan vedtage handleplaner")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="plan_period_ordered",
                violation_error_message=_("Sidste år kan ikke ligge før første år."),
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted")
                | Q(adopted_at__isnull=False, adopted_by__isnull=False),
                name="plan_adopted_says_when_and_by_whom",
                violation_error_message=_("En vedtaget handleplan har en dato og en vedtager."),
            ),
            models.UniqueConstraint(
                fields=["owner", "creation_token"],
                name="plan_one_per_creation_form",
                violation_error_message=_("Handleplanen er allerede oprettet fra denne formular."),
            ),
            length_check("plan", "description", TEXT, _("Beskrivelsen")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("prioritisation:plan", args=[self.pk])

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def period_label(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    @property
    def is_adopted(self) -> bool:
        """Adopted plans are frozen: no edits, no deletion, only duplicates."""
        return self.status == self.Status.ADOPTED

    def budget_rows(self) -> tuple[list["PlanItem"], list["Allocation"]]:
        """What ``budget.plan_budget`` counts: the items, joined to their initiative,
        focus area and goal, and the allocations, joined to their goal, in the same
        number of queries whatever the number of items; the plan page and the export
        share them."""
        items = list(self.items.select_related("initiative__focus_area__goal"))
        return items, list(self.allocations.select_related("goal"))

    def clean(self):
        super().clean()
        if self.catalogue_id is None or self.first_year is None or self.last_year is None:
            return
        catalogue = self.catalogue
        if self.first_year < catalogue.first_year or self.last_year > catalogue.last_year:
            raise ValidationError(
                _("Perioden skal ligge inden for katalogets periode, %(period)s.")
                % {"period": catalogue.period_label}
            )


class Allocation(models.Model):
    """Money for one year of a plan: the ceiling (no goal) or an earmark for one goal.

    One table for both, because both are "so much a year" and are edited in one grid:
    Copenhagen's 2019 decision had this shape (so much in all, so much of it for jobs,
    so much for education).
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("handleplan")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("pejlemærke"),
        help_text=_("Tomt: loftet for hele handleplanen i året."),
    )
    amount = models.PositiveBigIntegerField(_("beløb (kr.)"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgetramme")
        verbose_name_plural = _("budgetrammer")
        ordering = ["plan", "year", F("goal__number").asc(nulls_first=True)]
        constraints = [
            # NULLs are distinct in a unique index, so the ceiling needs its own.
            models.UniqueConstraint(
                fields=["plan", "year"],
                condition=Q(goal__isnull=True),
                name="allocation_one_ceiling_per_year",
                violation_error_message=_("Handleplanen har allerede et loft for året."),
            ),
            models.UniqueConstraint(
                fields=["plan", "year", "goal"],
                condition=Q(goal__isnull=False),
                name="allocation_one_earmark_per_goal_and_year",
                violation_error_message=_(
                    "Handleplanen har allerede en øremærkning til pejlemærket i året."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="allocation_amount_not_negative",
                violation_error_message=_("Beløbet kan ikke være negativt."),
            ),
        ]

    def __str__(self):
        if self.goal_id is None:
            return _("Loft %(year)s") % {"year": self.year}
        return _("Øremærket %(year)s") % {"year": self.year}

    def clean(self):
        """In the plan's period, and earmarked for a pejlemærke of its catalogue (the
        admin's forms; the app's plan form builds only such)."""
        super().clean()
        try:
            plan = self.plan
        except Plan.DoesNotExist:
            return
        errors = {}
        period = (plan.first_year, plan.last_year)
        if None not in (*period, self.year) and not period[0] <= self.year <= period[1]:
            errors["year"] = _("Året skal ligge i handleplanens periode, %(period)s.") % {
                "period": plan.period_label
            }
        if self.goal_id is not None and self.goal.catalogue_id != plan.catalogue_id:
            errors["goal"] = _("Pejlemærket skal høre til handleplanens katalog.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_ceiling(self) -> bool:
        return self.goal_id is None


class PlanItem(models.Model):
    """An initiative chosen for a plan, with its years and its scale.

    The scale is what the member typed, not a ratio worked out from it: ``scale_by``
    says which of the typed values counts, and only that one is stored (the others are
    empty, ``units`` 1). ``prioritisation.budget.scale_ratio`` turns it into the exact
    factor every amount of the item is multiplied by.
    """

    class Scale(models.TextChoices):
        # The catalogue's own amount and target group (one unit, for a per-unit amount).
        CATALOGUE = "catalogue", _("som i kataloget")
        # Kroner a year, met exactly in the year it is typed for (``scale_amount_year``).
        AMOUNT = "amount", _("beløb pr. år")
        # Per cent of the catalogue's amounts.
        SHARE = "share", _("andel af katalogets beløb")
        # Persons (or whatever the target group counts), against the catalogue's number.
        QUANTITY = "quantity", _("antal i målgruppen")
        # Units of a per-unit amount, e.g. boligområder.
        UNITS = "units", _("antal enheder")

    class AmountYear(models.TextChoices):
        FIRST = "first", _("første år")
        LATER = "later", _("efterfølgende år")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="items", verbose_name=_("handleplan")
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        related_name="plan_items",
        verbose_name=_("indsats"),
    )
    start_year = models.PositiveSmallIntegerField(_("startår"))
    end_year = models.PositiveSmallIntegerField(_("slutår"))
    # The scale: which typed value counts, and the typed values (see the class docstring).
    scale_by = models.CharField(
        _("skaleret efter"), max_length=10, choices=Scale.choices, default=Scale.CATALOGUE
    )
    scale_amount = models.PositiveBigIntegerField(
        _("beløb pr. år (kr.)"),
        null=True,
        blank=True,
        help_text=_("Kun når der skaleres efter et beløb: det beløb, året skal koste."),
    )
    scale_amount_year = models.CharField(
        _("beløbet gælder"),
        max_length=5,
        choices=AmountYear.choices,
        default=AmountYear.FIRST,
        help_text=_("Hvilket års beløb der er skrevet: første år eller efterfølgende år."),
    )
    scale_share = models.DecimalField(
        _("andel (%)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Kun når der skaleres efter en andel af katalogets beløb."),
    )
    quantity = models.PositiveIntegerField(
        _("antal i målgruppen"),
        null=True,
        blank=True,
        help_text=_("Kun når der skaleres efter et antal: beløbet følger katalogets antal."),
    )
    units = models.PositiveIntegerField(
        _("antal enheder"),
        default=1,
        help_text=_("Kun for indsatser med beløb pr. enhed, fx pr. boligområde."),
    )
    use_larger_variant = models.BooleanField(_("større udgave"), default=False)
    note = limited_text(_("note"), max_length=NOTE, blank=True)
    created = models.DateTimeField(_("tilføjet"), auto_now_add=True)
    updated = models.DateTimeField(_("senest ændret"), auto_now=True)

    # The catalogue's financing as the plan counts it: copied when the initiative is
    # added, and again only when the member accepts the catalogue's new figures. So a
    # change in the catalogue never moves a plan's totals behind its owner's back, and
    # an adopted plan keeps the figures it was adopted with.
    agreed_financing_kind = models.CharField(
        _("finansieringsform (aftalt)"),
        max_length=20,
        choices=Initiative.FinancingKind.choices,
        default=Initiative.FinancingKind.NOT_STATED,
    )
    agreed_first_year_amount = models.PositiveBigIntegerField(
        _("første år (aftalt, kr.)"), null=True, blank=True
    )
    agreed_later_year_amount = models.PositiveBigIntegerField(
        _("efterfølgende år (aftalt, kr.)"), null=True, blank=True
    )
    agreed_success_payment_amount = models.PositiveBigIntegerField(
        _("betaling ved resultat (aftalt, kr.)"), null=True, blank=True
    )
    agreed_larger_variant_amount = models.PositiveBigIntegerField(
        _("ved udvidelse (aftalt, kr.)"), null=True, blank=True
    )
    agreed_target_quantity = models.PositiveIntegerField(
        _("katalogets antal i målgruppen (aftalt)"), null=True, blank=True
    )
    # Udvalgets eget beløb: the committee's own amounts, counted only where the agreed
    # catalogue amount is not known (no amount at all, or later years not stated).
    own_first_year_amount = models.PositiveBigIntegerField(
        _("udvalgets eget beløb, første år (kr.)"), null=True, blank=True
    )
    own_later_year_amount = models.PositiveBigIntegerField(
        _("udvalgets eget beløb, efterfølgende år (kr.)"), null=True, blank=True
    )
    # The initiative's texts on the day the plan was adopted; empty before.
    frozen_texts = models.JSONField(_("tekster ved vedtagelse"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indsats i handleplan")
        verbose_name_plural = _("indsatser i handleplan")
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "initiative"],
                name="plan_item_initiative_once_per_plan",
                violation_error_message=_("Indsatsen er allerede i handleplanen."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="plan_item_years_ordered",
                violation_error_message=_("Slutåret kan ikke ligge før startåret."),
            ),
            models.CheckConstraint(
                condition=Q(scale_by__in=["catalogue", "amount", "share", "quantity", "units"]),
                name="plan_item_scale_by_known",
                violation_error_message=_("Vælg, hvad indsatsen skaleres efter."),
            ),
            models.CheckConstraint(
                condition=Q(scale_by="amount", scale_amount__isnull=False, scale_amount__gte=1)
                | (~Q(scale_by="amount") & Q(scale_amount__isnull=True)),
                name="plan_item_amount_when_scaled_by_amount",
                violation_error_message=_(
                    "Et beløb pr. år hører kun til skalering efter beløb og skal være mindst 1 kr."
                ),
            ),
            models.CheckConstraint(
                condition=Q(scale_by="share", scale_share__isnull=False, scale_share__gt=0)
                | (~Q(scale_by="share") & Q(scale_share__isnull=True)),
                name="plan_item_share_when_scaled_by_share",
                violation_error_message=_(
                    "En andel hører kun til skalering efter andel og skal være over 0 %."
                ),
            ),
            models.CheckConstraint(
                condition=Q(scale_by="quantity", quantity__isnull=False, quantity__gte=1)
                | (~Q(scale_by="quantity") & Q(quantity__isnull=True)),
                name="plan_item_quantity_when_scaled_by_quantity",
                violation_error_message=_(
                    "Et antal hører kun til skalering efter antal og skal være mindst 1."
                ),
            ),
            models.CheckConstraint(
                condition=Q(scale_by="units") | Q(units=1),
                name="plan_item_units_when_scaled_by_units",
                violation_error_message=_(
                    "Et antal enheder hører kun til skalering efter enheder."
                ),
            ),
            models.CheckConstraint(
                condition=Q(units__gte=1),
                name="plan_item_units_positive",
                violation_error_message=_("Antallet af enheder skal være mindst 1."),
            ),
            length_check("plan_item", "note", NOTE, _("Noten")),
        ]

    def __str__(self):
        return str(self.initiative)

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    # The catalogue fields whose figures a plan counts, by the item field that keeps them.
    AGREED_FIELDS = {
        "agreed_financing_kind": "financing_kind",
        "agreed_first_year_amount": "first_year_amount",
        "agreed_later_year_amount": "later_year_amount",
        "agreed_success_payment_amount": "success_payment_amount",
        "agreed_larger_variant_amount": "larger_variant_amount",
        "agreed_target_quantity": "target_quantity",
    }

    @classmethod
    def for_initiative(cls, initiative: Initiative, **fields) -> "PlanItem":
        """An unsaved item of ``initiative`` that counts the catalogue's figures of today."""
        item = cls(initiative=initiative, **fields)
        item.agree_to_catalogue()
        return item

    def agree_to_catalogue(self) -> None:
        """Take the initiative's current figures as the ones the plan counts. No save.

        Reads ``self.initiative`` (a query unless it is loaded).
        """
        for own, catalogue_field in self.AGREED_FIELDS.items():
            setattr(self, own, getattr(self.initiative, catalogue_field))

    def catalogue_changes(self) -> list[tuple[str, object, object]]:
        """[(field, agreed value, catalogue's value now)] where the catalogue has moved on.

        Reads ``self.initiative`` (a query unless it is loaded).
        """
        return [
            (catalogue_field, getattr(self, own), getattr(self.initiative, catalogue_field))
            for own, catalogue_field in self.AGREED_FIELDS.items()
            if getattr(self, own) != getattr(self.initiative, catalogue_field)
        ]

    def freeze_texts(self) -> None:
        """Copy the initiative's texts onto the item, as adoption does. No save."""
        initiative = self.initiative
        self.frozen_texts = {
            "title": initiative.title,
            "description": initiative.description,
            "inspiration": initiative.inspiration,
            "effect": initiative.effect,
            "target_group_text": initiative.target_group_text,
            "target_unit": initiative.target_unit,
            "unit_name": initiative.unit_name,
            "success_condition": initiative.success_condition,
        }

    @property
    def title(self) -> str:
        return self.text("title")

    def text(self, name: str) -> str:
        """An initiative text as the plan shows it: frozen at adoption, else the catalogue's."""
        if name in self.frozen_texts:
            return self.frozen_texts[name]
        return getattr(self.initiative, name)
