"""Candidate action plans (handleplaner): a member's choice of initiatives within a budget.

A plan belongs to one member and one catalogue. Its money is whole kroner in integer
fields, like the catalogue's; the arithmetic lives in ``prioritisation.budget``.

Every change to a plan, its items or its budget goes through ``prioritisation.changes``,
which counts it in ``Plan.version`` (a later issue uses the number for optimistic
locking).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalogue.models import Catalogue, Goal, Initiative


class PlanQuerySet(models.QuerySet):
    def active(self):
        """Plans that are not deleted."""
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        """Plans in "Slettede handleplaner", waiting to be restored."""
        return self.filter(deleted_at__isnull=False)

    def owned_by(self, user):
        return self.filter(owner=user)


class Plan(models.Model):
    """A candidate handleplan: a name, a period inside the catalogue's, items and a budget."""

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
    description = models.TextField(_("beskrivelse"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("første år"))
    last_year = models.PositiveSmallIntegerField(_("sidste år"))
    created = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated = models.DateTimeField(_("senest ændret"), default=timezone.now)
    deleted_at = models.DateTimeField(_("slettet"), null=True, blank=True)
    # One more for every change to the plan, its items or its budget.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("handleplan")
        verbose_name_plural = _("handleplaner")
        ordering = ["-updated", "-pk"]
        permissions = [("restore_any_plan", _("Kan gendanne alle slettede handleplaner"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="plan_period_ordered",
                violation_error_message=_("Sidste år kan ikke ligge før første år."),
            ),
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

    @property
    def is_ceiling(self) -> bool:
        return self.goal_id is None


class PlanItem(models.Model):
    """An initiative chosen for a plan, with its years and its scale."""

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
    # The scale. NULL quantity: the catalogue's own target group, at the catalogue's cost.
    quantity = models.PositiveIntegerField(
        _("antal i målgruppen"),
        null=True,
        blank=True,
        help_text=_("Tomt: som i kataloget. Beløbet skaleres i forhold til katalogets antal."),
    )
    units = models.PositiveIntegerField(
        _("antal enheder"),
        default=1,
        help_text=_("Kun for indsatser med beløb pr. enhed, fx pr. boligområde."),
    )
    use_larger_variant = models.BooleanField(_("større udgave"), default=False)
    note = models.TextField(_("note"), blank=True)
    created = models.DateTimeField(_("tilføjet"), auto_now_add=True)
    updated = models.DateTimeField(_("senest ændret"), auto_now=True)

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
                condition=Q(quantity__isnull=True) | Q(quantity__gte=1),
                name="plan_item_quantity_positive",
                violation_error_message=_("Antallet skal være mindst 1."),
            ),
            models.CheckConstraint(
                condition=Q(units__gte=1),
                name="plan_item_units_positive",
                violation_error_message=_("Antallet af enheder skal være mindst 1."),
            ),
        ]

    def __str__(self):
        return str(self.initiative)

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)
