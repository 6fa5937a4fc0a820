"""Money is written the Danish way; unknown is written as unknown."""

import pytest
from django.utils import translation

from catalogue.money import (
    MAX_AMOUNT_TEXT,
    AmountError,
    format_kroner,
    format_millions,
    parse_kroner,
)


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


@pytest.mark.parametrize(
    ("amount", "text"),
    [(4_400_000, "4.400.000 kr."), (55_000, "55.000 kr."), (0, "0 kr."), (None, "Ikke oplyst")],
)
def test_kroner(amount, text):
    assert format_kroner(amount) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (4_400_000, "4,4 mio. kr."),
        (3_000_000, "3,0 mio. kr."),
        (550_000, "0,55 mio. kr."),
        (55_000, "0,055 mio. kr."),
        (12_500_000, "12,5 mio. kr."),
        (None, "Ikke oplyst"),
    ],
)
def test_millions(amount, text):
    assert format_millions(amount) == text


def test_english_uses_english_separators():
    with translation.override("en"):
        assert format_kroner(4_400_000) == "DKK 4,400,000"
        assert format_millions(4_400_000) == "DKK 4.4 million"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("4400000", 4_400_000),
        ("4.400.000", 4_400_000),
        ("4 400 000", 4_400_000),
        ("4\u00a0400\u00a0000 kr.", 4_400_000),
        ("4.400.000 kr.", 4_400_000),
        ("4.400.000,-", 4_400_000),
        ("4.400.000,00 kr", 4_400_000),
        ("4,4 mio.", 4_400_000),
        ("4,4 mio. kr.", 4_400_000),
        ("4,4 MIO", 4_400_000),
        ("7,2 mio.", 7_200_000),
        ("0,55 mio", 550_000),
        ("3,3 mio kr", 3_300_000),
        ("550 t.kr.", 550_000),
        ("550 tkr", 550_000),
        ("1,2 mia.", 1_200_000_000),
        ("DKK 4.400.000", 4_400_000),
        ("0", 0),
    ],
)
def test_amounts_read_as_members_type_them(text, amount):
    assert parse_kroner(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.5", "Punktum skiller tusinder"),  # 15 kr. or 1,5 mio.? Neither is guessed.
        ("12 34", "Punktum skiller tusinder"),
        ("4,4", "Skriv hele kroner uden øre, eller millioner med „mio.“"),
        ("4,40 kr.", "Skriv hele kroner uden øre"),
        ("4,4567891 mio.", "Beløbet giver ikke hele kroner"),
        ("１２", "Skriv et beløb med tallene 0–9"),
        ("٣", "Skriv et beløb med tallene 0–9"),
        ("-5", "Et beløb kan ikke være negativt."),
        ("tre mio.", "Skriv et beløb med tallene 0–9"),
        ("4, mio.", "Skriv et beløb med tallene 0–9"),
        ("9" * (MAX_AMOUNT_TEXT + 1), "Beløbet er for langt"),
        (" " * 120_000 + "x", "Beløbet er for langt"),
    ],
)
def test_what_cannot_be_read_is_refused_with_what_to_type(text, message):
    with pytest.raises(AmountError, match=message):
        parse_kroner(text)
