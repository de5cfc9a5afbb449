"""The office keeps its 科室 and its people in the site: 科室 renamed, given aliases,
deactivated, deleted while unused; people given an account with a role, a new one-time
password, or their account switched off (their history stays). A superior's office adds
a bureau below it with its first office account."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from duban import refusal
from duban.orgs.access import Access, Action
from duban.orgs.models import Department, Level, Membership, Organization, Person, Role
from duban.orgs.services import add_department, create_organization
from duban.refusal import refused

# no 0/O, 1/l/I: read aloud or copied from a screen without mistakes
_UNAMBIGUOUS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ROLES = (Role.OFFICE, Role.REPORTER, Role.LEADER)


def one_time_password() -> str:
    return get_random_string(12, _UNAMBIGUOUS)


def _check_name(org_id: int, name: str, dept: Department | None = None) -> None:
    if not name:
        raise refused("name_required", _("科室名称不能为空"))
    taken = Department.objects.filter(organization=org_id, name=name)
    if dept is not None:
        taken = taken.exclude(pk=dept.pk)
    if taken.exists():
        raise refused("name_taken", _("已有科室“%(name)s”"), name=name)


@transaction.atomic
def new_department(org: Organization, *, actor, name: str, aliases: str = "") -> Department:
    Access.of(actor).require(Action.EDIT, org)
    name = refusal.text(name, label=_("名称")).strip()
    _check_name(org.pk, name)
    return add_department(
        org, actor=actor, name=name, aliases=refusal.text(aliases, label=_("别名")).strip()
    )


@transaction.atomic
def change_department(dept: Department, *, actor, name: str, aliases: str = "") -> Department:
    Access.of(actor).require(Action.EDIT, dept)
    dept.name = refusal.text(name, label=_("名称")).strip()
    dept.aliases = refusal.text(aliases, label=_("别名")).strip()
    _check_name(dept.organization_id, dept.name, dept)
    refusal.checked(dept, exclude=["organization"])
    dept.save()
    return dept


@transaction.atomic
def set_department_active(dept: Department, *, actor, active: bool) -> Department:
    Access.of(actor).require(Action.EDIT, dept)
    dept.is_active = bool(active)
    dept.save(update_fields=["is_active"])
    return dept


@transaction.atomic
def delete_department(dept: Department, *, actor) -> None:
    """Only a 科室 with no task, report, 督办单 or reporter; any other is deactivated."""
    Access.of(actor).require(Action.EDIT, dept)
    in_use = (
        dept.task_links.exists()
        or dept.notices.exists()
        or Membership.objects.filter(department=dept).exists()
    )
    if in_use:
        raise refused("department_in_use", _("该科室有任务、督办单或填报员,不能删除:请停用"))
    dept.delete()


@transaction.atomic
def add_account(
    org: Organization,
    *,
    actor,
    name: str,
    username: str,
    role: str,
    title: str = "",
    department: Department | None = None,
) -> tuple[Person, str]:
    """A person with a login and one role; returns them and their one-time password."""
    Access.of(actor).require(Action.EDIT, org)
    return _new_account(org, actor, name, username, role, title, department)


def _new_account(org, actor, name, username, role, title="", department=None):
    """The account itself, once the caller's right to make it was checked."""
    name = refusal.text(name, label=_("姓名")).strip()
    username = refusal.text(username, label=_("用户名")).strip()
    if not name or not username:
        raise refused("name_required", _("姓名和用户名不能为空"))
    if role not in ROLES:
        raise refused("bad_role", _("角色应为办公室、科室填报员或分管领导"))
    if department is not None and department.organization_id != org.pk:
        raise refused("foreign_department", _("科室不属于本机构"))
    if role == Role.REPORTER and department is None:
        raise refused("department_required", _("科室填报员须选择科室"))
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise refused("username_taken", _("用户名“%(name)s”已被使用"), name=username)
    password = one_time_password()
    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=name
    )
    person = Person(organization=org, name=name, title=title.strip(), user=user)
    refusal.checked(person)
    person.save()
    Membership.objects.create(
        person=person,
        organization=org,
        role=role,
        department=department if role != Role.OFFICE else None,
    )
    return person, password


@transaction.atomic
def set_role(person: Person, *, actor, role: str, department: Department | None = None) -> Person:
    """The person's one role in their bureau, replacing the one they had."""
    org = person.organization
    Access.of(actor).require(Action.EDIT, org)
    if role not in ROLES:
        raise refused("bad_role", _("角色应为办公室、科室填报员或分管领导"))
    if department is not None and department.organization_id != org.pk:
        raise refused("foreign_department", _("科室不属于本机构"))
    if role == Role.REPORTER and department is None:
        raise refused("department_required", _("科室填报员须选择科室"))
    if person.user_id is not None and person.user_id == getattr(actor, "pk", None):
        raise refused("own_role", _("不能更改自己的角色"))
    Membership.objects.filter(person=person, organization=org).delete()
    Membership.objects.create(
        person=person,
        organization=org,
        role=role,
        department=department if role != Role.OFFICE else None,
    )
    Access.forget(person.user)
    return person


@transaction.atomic
def reset_password(person: Person, *, actor) -> str:
    """A new one-time password for the person's account, shown once to the office."""
    Access.of(actor).require(Action.EDIT, person.organization)
    if person.user is None:
        raise refused("no_account", _("此人没有登录账号"))
    password = one_time_password()
    person.user.set_password(password)
    person.user.save(update_fields=["password"])
    return password


@transaction.atomic
def set_account_active(person: Person, *, actor, active: bool) -> Person:
    """An account switched off cannot log in; the person, their roles and their history
    stay."""
    Access.of(actor).require(Action.EDIT, person.organization)
    if person.user is None:
        raise refused("no_account", _("此人没有登录账号"))
    if person.user_id == getattr(actor, "pk", None) and not active:
        raise refused("own_account", _("不能停用自己的账号"))
    person.user.is_active = bool(active)
    person.user.save(update_fields=["is_active"])
    return person


@transaction.atomic
def add_bureau(
    parent: Organization, *, actor, name: str, office_name: str, office_username: str
) -> tuple[Organization, Person, str]:
    """A bureau one level below ``parent``, and its first office account."""
    level = {Level.PROVINCE: Level.CITY, Level.CITY: Level.COUNTY}.get(parent.level)
    if level is None:
        raise refused("no_level_below", _("县级单位之下不再设下级单位"))
    name = refusal.text(name, label=_("名称")).strip()
    if not name:
        raise refused("name_required", _("单位名称不能为空"))
    if Organization.objects.filter(name=name).exists():
        raise refused("name_taken", _("已有单位“%(name)s”"), name=name)
    org = create_organization(actor=actor, name=name, level=level, parent=parent)
    # the right to add a bureau below (its parent's office) is the right to give it its
    # first office account; the parent's office does not run the new bureau afterwards
    person, password = _new_account(org, actor, office_name, office_username, Role.OFFICE)
    return org, person, password
