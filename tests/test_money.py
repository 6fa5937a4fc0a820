"""Money is written the Danish way; unknown is written as unknown."""

import pytest
from django.utils import translation

from catalogue.money import format_kroner, format_millions


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
