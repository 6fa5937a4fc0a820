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


# --- Reading what members type -------------------------------------------------------

# Longer than any amount a person types ("999.999.999.999 kr." is 19 characters): the
# parser refuses it before reading it, so a pasted megabyte costs nothing.
MAX_AMOUNT_TEXT = 40

_MULTIPLIERS = {
    "mia.": 1_000_000_000,
    "mia": 1_000_000_000,
    "mio.": 1_000_000,
    "mio": 1_000_000,
    "mill.": 1_000_000,
    "millioner": 1_000_000,
    "t.": 1_000,
    "t": 1_000,
    "tusind": 1_000,
}
_CURRENCY = ("kroner", "kr.", "kr", "dkk")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\t": " "})
_DIGITS = frozenset("0123456789")


class AmountError(ValueError):
    """Text that is not an amount in kroner; ``str()`` says in Danish what to type."""


def parse_kroner(text: str) -> int:
    """Whole kroner from what a member types, the Danish way.

    "4400000", "4.400.000", "4 400 000", "4.400.000 kr.", "4.400.000,-", "4,4 mio.",
    "4,4 mio. kr.", "0,55 mio", "550 t.kr.", "1,2 mia." and "DKK 4.400.000" all read:
    "." and spaces group thousands in threes, "," starts decimals, which only a unit
    (t., mio., mia.) may carry, and the result must be whole kroner. Anything else is
    refused with an ``AmountError`` that says what to type: "1.5" (a thousands dot or
    a decimal?), "4,4" without "mio.", "１２" (digits other than 0–9), a minus.

    Linear in the text, and refuses text longer than ``MAX_AMOUNT_TEXT`` unread.
    """
    if len(text) > MAX_AMOUNT_TEXT:
        raise AmountError(_("Beløbet er for langt. Skriv fx 4.400.000 eller 4,4 mio."))
    words = text.translate(_SPACES).strip().lower().removeprefix("dkk").strip()
    for currency in _CURRENCY:
        if words.endswith(currency):
            words = words.removesuffix(currency).strip()
            break
    multiplier = 1
    for unit, factor in _MULTIPLIERS.items():
        before = words[-len(unit) - 1 : -len(unit)]
        if words.endswith(unit) and (unit.endswith(".") or not before.isalpha()):
            words = words.removesuffix(unit).strip()
            multiplier = factor
            break
    if words.startswith("-"):
        raise AmountError(_("Et beløb kan ikke være negativt."))
    whole, comma, decimals = words.partition(",")
    if multiplier == 1 and decimals in ("", "-", "00"):  # "4.400.000,-": whole kroner
        comma = decimals = ""
    elif multiplier == 1:
        raise AmountError(_("Skriv hele kroner uden øre, eller millioner med „mio.“, fx 4,4 mio."))
    whole = _ungrouped(whole)
    if whole is None:
        raise AmountError(
            _(
                "Punktum skiller tusinder, fx 4.400.000. "
                "Skriv decimaler med komma og „mio.“, fx 1,5 mio."
            )
        )
    if not whole or not set(whole + decimals) <= _DIGITS or (comma and not decimals):
        raise AmountError(_("Skriv et beløb med tallene 0–9, fx 4.400.000 eller 4,4 mio."))
    numerator = int(whole + decimals) * multiplier
    denominator = 10 ** len(decimals)
    if numerator % denominator:
        raise AmountError(_("Beløbet giver ikke hele kroner. Skriv fx 4,45 mio. eller 4.450.000."))
    return numerator // denominator


def _ungrouped(whole: str) -> str | None:
    """The digits of "4.400.000" or "4 400 000"; None when a group is not three digits
    (so "1.5" is refused rather than read as 15 or as 1,5)."""
    for separator in (".", " "):
        if separator in whole:
            head, *groups = whole.split(separator)
            if not 1 <= len(head) <= 3 or any(len(group) != 3 for group in groups):
                return None
            return head + "".join(groups)
    return whole
