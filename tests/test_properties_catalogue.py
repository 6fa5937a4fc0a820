"""Random and hostile input to the catalogue's forms and money never breaks them.

Property-based (hypothesis): huge, negative, unicode, HTML and SQL-looking values.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.forms import KronerField
from catalogue.money import format_kroner, format_millions

HOSTILE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "'; DROP TABLE catalogue_initiative; --",
            "1 OR 1=1",
            '=HYPERLINK("x")',
            "9" * 40,
            "-0",
            "1e9",
            "4.400.000,50",
            "\x00",
            "٣٤٥",  # Arabic-Indic digits
        ]
    ),
)


@given(st.integers(min_value=0, max_value=10**15))
def test_kroner_round_trips_through_the_danish_notation(amount):
    field = KronerField()
    assert field.clean(field.prepare_value(amount)) == amount


@given(st.integers(min_value=0, max_value=10**15))
def test_money_is_written_with_dots_for_thousands(amount):
    with translation.override("da"):
        text = format_kroner(amount)
    assert text.endswith(" kr.")
    assert int(text.removesuffix(" kr.").replace(".", "")) == amount
    assert "mio. kr." in format_millions(amount)


@given(HOSTILE)
def test_kroner_field_accepts_only_whole_non_negative_kroner(value):
    field = KronerField(required=False)
    try:
        cleaned = field.clean(value)
    except ValidationError:
        return
    assert cleaned is None or (isinstance(cleaned, int) and cleaned >= 0)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "goal",
                "focus_area",
                "starred",
                "novelty",
                "financing_kind",
                "cost_min",
                "cost_max",
                "page",
                "sort",
            ]
        ),
        HOSTILE,
        max_size=5,
    )
)
def test_table_never_gives_a_server_error(client, catalogue, params):
    response = client.get(reverse("catalogue:table", args=[catalogue.pk]), params)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<script>alert(1)</script>" not in text
