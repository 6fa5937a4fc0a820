"""PostgreSQL only: the Danish full-text search vector as a stored generated column.

catalogue.search used to build the weighted vector (title A, texts B) from the texts
on every search, for every row it looked at, twice (filter and rank). The column is
computed by PostgreSQL when a row is written, so a search reads it instead; the GIN
index serves searches that are not narrowed to one catalogue first.

The expression must stay the one catalogue.search.TEXT_FIELDS describes; the test
tests/test_search_vector.py compares the two. Not a model field: Django never writes
it, and SQLite (development) has no tsvector and searches with icontains.
"""

from django.db import migrations

COLUMN = """
ALTER TABLE catalogue_initiative ADD COLUMN search_vector tsvector
GENERATED ALWAYS AS (
    setweight(to_tsvector('danish'::regconfig, coalesce(title, '')), 'A')
    || setweight(
        to_tsvector(
            'danish'::regconfig,
            coalesce(description, '') || ' ' || coalesce(inspiration, '') || ' '
            || coalesce(effect, '') || ' ' || coalesce(target_group_text, '') || ' '
            || coalesce(financing_text, '')
        ),
        'B'
    )
) STORED
"""
INDEX = (
    "CREATE INDEX catalogue_initiative_search_vector_gin "
    "ON catalogue_initiative USING gin (search_vector)"
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COLUMN)
        schema_editor.execute(INDEX)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalogue_initiative DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(add, remove, elidable=False)]
