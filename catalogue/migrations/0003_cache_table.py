"""The table of the database cache (settings.CACHES), made by migrate so that a new
server or a deploy needs no extra command. Nothing is made when the cache is Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_initiative_search_vector")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
