from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from prioritisation.papers.word_template import build_template


class Command(BaseCommand):
    help = (
        "Skriv standardskabelonen til Word-udgaven af udvalgsbilagene "
        "(templates/prioritisation/papers/bilag.docx), eller til --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.DEFAULT_PAPERS_WORD_TEMPLATE))

    def handle(self, *args, output, **options):
        with translation.override("da"):
            build_template(output)
        self.stdout.write(f"Skrev {output}")
