"""PostgreSQL: the search reads the stored vector that migration 0002 adds."""

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection

from catalogue.models import Initiative
from catalogue.search import TEXT_FIELDS, StoredSearchVector, search_initiatives

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="tsvector needs PostgreSQL"),
]


def test_stored_vector_is_title_and_texts_weighted(catalogue):
    # The migration's SQL and TEXT_FIELDS must describe the same vector.
    computed = SearchVector("title", weight="A", config="danish") + SearchVector(
        *TEXT_FIELDS, weight="B", config="danish"
    )
    rows = Initiative.objects.annotate(computed=computed, stored=StoredSearchVector())
    pairs = list(rows.values_list("title", "computed", "stored"))
    assert len(pairs) == 27
    assert [title for title, computed, stored in pairs if computed != stored] == []


def test_the_vector_follows_an_edit(catalogue):
    initiative = Initiative.objects.get(title="Fritidsjob")
    assert not search_initiatives(Initiative.objects.all(), "kanotur").exists()
    initiative.effect = "Unge på kanotur lærer at samarbejde."
    initiative.save()
    assert list(search_initiatives(Initiative.objects.all(), "kanoturen")) == [initiative]


def test_search_reads_the_column_and_computes_no_vector(catalogue):
    sql = str(search_initiatives(Initiative.objects.all(), "unge").query)
    assert '"catalogue_initiative"."search_vector" @@' in sql
    assert "to_tsvector" not in sql
