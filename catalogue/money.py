"""Writing kroner the Danish way: 4.400.000 kr., or 4,4 mio. kr. where space is short.

The number formats come from Django's locale data, so the same code writes
"4,400,000" with English active.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MILLION = Decimal(1_000_000)


def format_kroner(amount) -> str:
    """4400000 → "4.400.000 kr."; None → "Ikke oplyst" (unknown is never shown as 0)."""
    if amount is None:
        return _("Ikke oplyst")
    whole = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return _("%(amount)s kr.") % {"amount": number_format(whole, 0, force_grouping=True)}


def format_millions(amount) -> str:
    """4400000 → "4,4 mio. kr."; 3000000 → "3,0 mio. kr."; None → "Ikke oplyst".

    One to three decimals, as the seed writes them ("3,0 mio. kr."), so no
    amount of whole thousands is rounded away.
    """
    if amount is None:
        return _("Ikke oplyst")
    millions = (Decimal(amount) / MILLION).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    millions = millions.normalize()
    places = max(1, -millions.as_tuple().exponent)
    return _("%(amount)s mio. kr.") % {
        "amount": number_format(millions, places, force_grouping=True)
    }
