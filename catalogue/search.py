"""Free-text search over an initiative's title and all its texts.

PostgreSQL: Danish full-text search with stemming, best matches first
("diskrimination" also finds "diskriminationen"). The weighted vector (title A, the
texts B) is the stored column ``search_vector`` that migration 0002 adds, so a search
reads it rather than building it from the texts for every row. SQLite, for
development: a plain contains-search over the same fields.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, Q
from django.db.models.expressions import Col

from .models import Initiative

# The texts behind the vector's B weight, in the order the migration joins them.
TEXT_FIELDS = ("description", "inspiration", "effect", "target_group_text", "financing_text")

# A field object that only names the column: attached to no model's _meta, so Django
# never reads or writes it; ``model`` is set for expressions' identity (hashing).
_COLUMN = SearchVectorField()
_COLUMN.set_attributes_from_name("search_vector")
_COLUMN.model = Initiative


class StoredSearchVector(Expression):
    """The initiative's ``search_vector`` column in a query (PostgreSQL only).

    The column is no model field (Django never writes it); this resolves to a column
    reference on the query's initiative table, which Django relabels like any other
    when the query becomes a subquery.
    """

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, *args, **kwargs):
        return Col(query.get_initial_alias(), _COLUMN, output_field=self.output_field)


def search_initiatives(queryset, text: str):
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vector = StoredSearchVector()
        query = SearchQuery(text, config="danish", search_type="websearch")
        # alias(), not annotate(): neither the vector nor the rank is sent back.
        return (
            queryset.alias(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", *queryset.model._meta.ordering)
        )
    condition = Q(title__icontains=text)
    for field in TEXT_FIELDS:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)
