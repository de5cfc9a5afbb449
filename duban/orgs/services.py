"""Every change to organizations, departments, people and roles."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from duban import refusal
from duban.orgs.access import Access, Action
from duban.orgs.models import (
    Department,
    Level,
    Membership,
    Notification,
    Organization,
    Person,
    Role,
)


def _require_office(actor, org: Organization) -> None:
    Access.of(actor).require(Action.EDIT, org)


@transaction.atomic
def create_organization(
    *,
    actor,
    name: str,
    level: Level | str,
    parent: Organization | None = None,
    short_name: str = "",
    disclosure_code: str = "",
) -> Organization:
    if not Access.of(actor).may_create_bureau(parent):
        raise PermissionDenied
    org = Organization(
        name=name.strip(),
        level=level,
        parent=parent,
        short_name=short_name,
        disclosure_code=disclosure_code,
    )
    refusal.checked(org)
    org.save()
    Access.forget(actor)  # a superior now reaches one bureau more
    return org


@transaction.atomic
def add_department(org: Organization, *, actor, name: str, aliases: str = "") -> Department:
    _require_office(actor, org)
    dept = Department(organization=org, name=name.strip(), aliases=aliases)
    refusal.checked(dept)
    dept.save()
    return dept


@transaction.atomic
def add_person(
    org: Organization,
    *,
    actor,
    name: str,
    title: str = "",
    username: str | None = None,
    password: str | None = None,
) -> Person:
    """A person of the bureau; with ``username`` they also get an account to log in."""
    _require_office(actor, org)
    user = None
    if username:
        user = get_user_model().objects.create_user(
            username=username, password=password, first_name=name
        )
    person = Person(organization=org, name=name.strip(), title=title, user=user)
    refusal.checked(person)
    person.save()
    return person


@transaction.atomic
def grant_role(
    person: Person,
    *,
    actor,
    role: Role | str,
    organization: Organization | None = None,
    department: Department | None = None,
) -> Membership:
    org = organization or (department.organization if department else person.organization)
    _require_office(actor, org)
    membership, _ = Membership.objects.get_or_create(
        person=person, organization=org, role=role, department=department
    )
    return membership


def reporters_of(department: Department) -> list:
    """The accounts of the department's reporters (科室填报员)."""
    return [
        m.person.user
        for m in Membership.objects.filter(
            department=department, role=Role.REPORTER
        ).select_related("person__user")
        if m.person.user_id
    ]


def office_users_of(organization) -> list:
    """The accounts of the bureau's office (办公室)."""
    return [
        m.person.user
        for m in Membership.objects.filter(
            organization=organization, role=Role.OFFICE
        ).select_related("person__user")
        if m.person.user_id
    ]


def notify(users, message: str, params: dict | None = None, url: str = "") -> str:
    """A notice in the site for each user. ``message`` is the Chinese with %(name)s
    placeholders (marked with gettext_noop), shown to each reader in their language;
    returns the Chinese text."""
    params = params or {}
    text = message % params
    Notification.objects.bulk_create(
        Notification(user=u, text=text[:300], message=message, params=params, url=url)
        for u in users
    )
    return text


def mark_notifications_read(user, notifications) -> None:
    unread = [n.pk for n in notifications if n.read_at is None]
    Notification.objects.filter(user=user, pk__in=unread).update(read_at=timezone.now())
