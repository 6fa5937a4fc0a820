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
    starred = tables.Column(
        verbose_name=_("Stjerne"), orderable=False, attrs={"td": {"class": "star"}}
    )
    title = tables.Column(verbose_name=_("Indsats"), linkify=True)
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
    financing_kind = tables.Column(verbose_name=_("Finansiering"))

    class Meta:
        model = Initiative
        fields = (
            "starred",
            "title",
            "focus_area",
            "target_quantity",
            "first_year_amount",
            "later_year_amount",
            "financing_kind",
        )
        template_name = "catalogue/_table.html"
        per_page = 25
        empty_text = _("Ingen indsatser passer til filtrene.")
        attrs = {"class": "initiatives"}

    def render_starred(self, value):
        if not value:
            return ""
        return format_html(
            '<span aria-hidden="true">★</span><span class="visually-hidden">{}</span>',
            _("Stjernemarkeret"),
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
