"""Load the catalogue and create demo logins, for a development machine.

Safe to run again: the catalogue is loaded only into an empty database, and the demo
users get their printed passwords back.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from catalogue.models import Catalogue
from common import roles
from prioritisation.demo import ensure_demo_plan

DEMO_USERS = [
    # username, password, full name, role, is_staff
    ("admin", "admin-demo-2019", "Anne Administrator", roles.ADMINISTRATOR, True),
    ("medlem1", "medlem1-demo-2019", "Mette Udvalgsmedlem", roles.MEMBER, False),
    ("medlem2", "medlem2-demo-2019", "Bo Udvalgsmedlem", roles.MEMBER, False),
    ("laeser", "laeser-demo-2019", "Lise Læser", roles.READER, False),
]


class Command(BaseCommand):
    help = "Load the seed catalogue (if empty) and create demo logins for each role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Where the server listens (host:port), to print the address to open.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo logins have known passwords: only with DEBUG on.")
        if not Catalogue.objects.exists():
            call_command("loaddata", "catalogue", verbosity=0)
            # loaddata writes no history: start it here, so the seed's own texts and
            # amounts can be restored after an edit in admin.
            call_command("populate_history", auto=True, verbosity=0)
            self.stdout.write("Loaded the catalogue (3 pejlemærker, 9 fokusområder, 27 indsatser).")
        groups = roles.ensure_groups()
        User = get_user_model()
        address = options["address"]
        self.stdout.write(f"\nDemo logins at http://{address}/  (admin at /admin/):")
        for username, password, full_name, role, is_staff in DEMO_USERS:
            first, last = full_name.split(" ", 1)
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.is_staff = is_staff
            if not user.check_password(password):  # a new hash would end their sessions
                user.set_password(password)
            user.save()
            user.groups.set([groups[role]])
            self.stdout.write(f"  {role:<14} {username:<8} password: {password}")
        # A plan to look at for the first member; left alone once they have any plan.
        member = User.objects.get(username=DEMO_USERS[1][0])
        if ensure_demo_plan(member, Catalogue.objects.order_by("pk").first()):
            self.stdout.write(f"\nCreated a demo plan for {member.username}.")
