import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Initiative
from .money import format_kroner


def _nulls_last(queryset, field, is_descending):
    """Order by an amount with the unknown ones last in either direction."""
    expression = F(field).desc(nulls_last=True) if is_descending else F(field).asc(nulls_last=True)
    return queryset.order_by(expression, "pk"), True


class InitiativeTable(tables.Table):
    title = tables.Column(verbose_name=_("Indsats"))
    focus_area = tables.Column(
        verbose_name=_("Fokusområde"), order_by=("focus_area__number", "position")
    )
    target_quantity = tables.Column(verbose_name=_("Målgruppe"), empty_values=())
    first_year_amount = tables.Column(
        verbose_name=_("Første år"),
        empty_values=(),
        attrs={"td": {"class": "money"}, "th": {"class": "money"}},
    )
    later_year_amount = tables.Column(
        verbose_name=_("Efterfølgende år"),
        empty_values=(),
        attrs={"td": {"class": "money"}, "th": {"class": "money"}},
    )

    class Meta:
        model = Initiative
        fields = (
            "title",
            "focus_area",
            "target_quantity",
            "first_year_amount",
            "later_year_amount",
        )
        # The kind of financing is a filter and in the exports; in the row, the amount
        # cells say it ("ved resultat", "–" after a one-off), so the table fits a screen
        # with the "Tilføj til handleplan" column.
        template_name = "catalogue/_table.html"
        per_page = 25
        empty_text = _("Ingen indsatser passer til filtrene.")
        attrs = {"class": "initiatives"}

    def render_title(self, record):
        """The title as a link, after the star where there is one (no column of its own,
        so the table fits a screen)."""
        link = format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.title)
        if not record.starred:
            return link
        return format_html(
            '<span class="star" title="{label}"><span aria-hidden="true">★</span>'
            '<span class="visually-hidden">{label}: </span></span>{link}',
            label=_("Stjernemarkeret"),
            link=link,
        )

    def render_target_quantity(self, record):
        return record.target_group_text or "–"

    def render_first_year_amount(self, record):
        kind = Initiative.FinancingKind
        if record.financing_kind == kind.PAY_FOR_SUCCESS:
            return _("%(amount)s ved resultat") % {
                "amount": format_kroner(record.success_payment_amount)
            }
        return format_kroner(record.first_year_amount)

    def render_later_year_amount(self, record):
        kind = Initiative.FinancingKind
        if record.financing_kind in (kind.ONE_OFF, kind.PAY_FOR_SUCCESS):
            return "–"
        if record.financing_kind == kind.NOT_STATED:
            return format_kroner(None)
        return format_kroner(record.later_year_amount)

    def order_first_year_amount(self, queryset, is_descending):
        return _nulls_last(queryset, "first_year_amount", is_descending)

    def order_later_year_amount(self, queryset, is_descending):
        return _nulls_last(queryset, "later_year_amount", is_descending)

    def order_target_quantity(self, queryset, is_descending):
        return _nulls_last(queryset, "target_quantity", is_descending)
