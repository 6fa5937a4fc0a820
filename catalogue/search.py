"""Free-text search over an initiative's title and all its texts.

PostgreSQL: Danish full-text search with stemming, best matches first
("diskrimination" also finds "diskriminationen"). SQLite, for development: a plain
contains-search over the same fields.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

TEXT_FIELDS = ("description", "inspiration", "effect", "target_group_text", "financing_text")


def search_initiatives(queryset, text: str):
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config="danish") + SearchVector(
            *TEXT_FIELDS, weight="B", config="danish"
        )
        query = SearchQuery(text, config="danish", search_type="websearch")
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", *queryset.model._meta.ordering)
        )
    condition = Q(title__icontains=text)
    for field in TEXT_FIELDS:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)
