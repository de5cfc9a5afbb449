import getpass
import os

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

from duban.orgs import services
from duban.orgs.models import Organization, Person, Role


class Command(BaseCommand):
    help = "Create an account and give it a role in a bureau (duban createuser)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", help="organization full name, e.g. 宣城市宣州区民政局")
        parser.add_argument("--role", choices=[r.value for r in Role])
        parser.add_argument("--department", help="department name (reporters)")
        parser.add_argument("--name", help="the person's name; default: the username")
        parser.add_argument("--superuser", action="store_true", help="a Django superuser")
        parser.add_argument(
            "--password", help="default: $DUBAN_PASSWORD, else asked for on the terminal"
        )

    @transaction.atomic
    def handle(self, username, **opts):
        password = opts["password"] or os.environ.get("DUBAN_PASSWORD") or self._ask()
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user '{username}' already exists")
        if opts["superuser"]:
            User.objects.create_superuser(
                username, password=password, first_name=opts["name"] or ""
            )
            self.stdout.write(f"created superuser {username}")
            return
        if not (opts["org"] and opts["role"]):
            raise CommandError("--org and --role are required (or --superuser)")
        org = Organization.objects.filter(name=opts["org"]).first()
        if org is None:
            raise CommandError(f"no organization named '{opts['org']}'")
        department = None
        if opts["department"]:
            department = org.departments.filter(name=opts["department"]).first()
            if department is None:
                raise CommandError(f"no department '{opts['department']}' in {org}")
        if opts["role"] == Role.REPORTER and department is None:
            raise CommandError("a reporter needs --department")
        name = opts["name"] or username
        try:
            person = Person.objects.filter(organization=org, name=name, user=None).first()
            if person:
                person.user = User.objects.create_user(username, password=password, first_name=name)
                person.save(update_fields=["user"])
            else:
                person = services.add_person(
                    org, actor=None, name=name, username=username, password=password
                )
            services.grant_role(
                person, actor=None, role=opts["role"], organization=org, department=department
            )
        except (ValidationError, IntegrityError) as exc:
            raise CommandError(f"cannot create user: {exc}") from exc
        self.stdout.write(f"created {username}: {Role(opts['role']).label} of {department or org}")

    def _ask(self) -> str:
        if not os.isatty(0):
            raise CommandError("give --password or set DUBAN_PASSWORD")
        first = getpass.getpass("password: ")
        if first != getpass.getpass("again: "):
            raise CommandError("passwords differ")
        return first
