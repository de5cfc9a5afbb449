"""The access gate: the one place that decides who may read or write what.

Pages, API calls, services and commands load objects on behalf of a user only through the
``*_for`` functions below, and ask ``may(...)`` before showing an action. Roles (DESIGN.md §1):

- office (办公室): everything inside its own bureau;
- reporter (科室填报员): reads its bureau; writes progress only for tasks its department is
  responsible for;
- leader (分管领导): reads its bureau; reviews progress of the tasks they lead;
- superior (上级): reads everything of its bureau and the bureaus below it;
- public: published publications only.

An object the user may not read is reported as missing (404), so ids of other bureaus leak
nothing; an object they may read but not change gives 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from duban.orgs.models import Department, Membership, Organization, Role


class Action(StrEnum):
    READ = "read"
    EDIT = "edit"  # change a plan, its tasks and targets; open periods
    REPORT = "report"  # write progress for a task
    SUBMIT = "submit"  # send a task's report for review: the lead department or the office
    REVIEW = "review"  # approve or return progress
    SUPERVISE = "supervise"  # issue, close or send back a 督办单: the office or the leader
    PUBLISH = "publish"
    ANSWER = "answer"  # reply to a 督办单 sent to one's department
    AMEND = "amend"  # change a report after submission or after its period closed
    ASSIGN = "assign"  # hand a task down (交办) from a bureau to the bureaus below it
    ACCEPT = "accept"  # take a task handed down into one's plan (签收), or decline it
    INSTRUCT = "instruct"  # write a 领导批示 on a task: its leaders, or a bureau above


@dataclass
class Access:
    """What one user may do, computed once from their memberships."""

    is_superuser: bool = False
    is_authenticated: bool = False
    user_id: int | None = None
    person_id: int | None = None
    member_org_ids: set[int] = field(default_factory=set)
    office_org_ids: set[int] = field(default_factory=set)
    leader_org_ids: set[int] = field(default_factory=set)
    reporter_department_ids: set[int] = field(default_factory=set)
    readable_org_ids: set[int] = field(default_factory=set)
    superior_org_ids: set[int] = field(default_factory=set)
    _below: set[int] | None = None  # computed when first needed (INSTRUCT)

    @classmethod
    def of(cls, user) -> Access:
        if user is None:  # the command line: whoever runs it owns the database
            return cls(is_superuser=True, is_authenticated=True)
        cached = getattr(user, "_duban_access", None)
        if cached is not None:
            return cached
        access = cls(
            is_superuser=bool(user.is_authenticated and user.is_superuser),
            is_authenticated=bool(user.is_authenticated),
            user_id=user.pk if user.is_authenticated else None,
        )
        if user.is_authenticated:
            access._load_memberships(user)
        user._duban_access = access
        return access

    @staticmethod
    def forget(user) -> None:
        """Drop the user's computed answer: after a change to what they may reach (a
        bureau added below theirs), the next question computes it again."""
        if user is not None and hasattr(user, "_duban_access"):
            del user._duban_access

    def _load_memberships(self, user) -> None:
        superior_org_ids = self.superior_org_ids
        rows = Membership.objects.filter(person__user=user).values_list(
            "person_id", "organization_id", "role", "department_id"
        )
        for person_id, org_id, role, department_id in rows:
            self.person_id = person_id
            self.member_org_ids.add(org_id)
            if role == Role.OFFICE:
                self.office_org_ids.add(org_id)
            elif role == Role.LEADER:
                self.leader_org_ids.add(org_id)
            elif role == Role.REPORTER:
                self.reporter_department_ids.add(department_id)
            elif role == Role.SUPERIOR:
                superior_org_ids.add(org_id)
        self.readable_org_ids = self.member_org_ids | _with_descendants(superior_org_ids)

    # -- questions -------------------------------------------------------------------------

    def can_read_org(self, org_id: int) -> bool:
        return self.is_superuser or org_id in self.readable_org_ids

    def is_office_of(self, org_id: int) -> bool:
        return self.is_superuser or org_id in self.office_org_ids

    def may(self, action: Action | str, obj) -> bool:
        """Whether this user may do ``action`` on ``obj`` (an org, plan, task, report …)."""
        action = Action(action)
        if _is_receipt(obj):
            return self._may_on_receipt(action, obj)
        org_id = _org_id_of(obj)
        if action == Action.ASSIGN:  # the issuer's office, or its superior role
            return self.is_office_of(org_id) or org_id in self.superior_org_ids
        state = _plan_state_of(obj)
        if state == "draft":  # a plan being built is its office's alone, and not reported on
            return self.is_office_of(org_id) and action in (Action.READ, Action.EDIT)
        if action == Action.INSTRUCT:  # the bureau's leaders, or a bureau above it
            return self.is_superuser or org_id in self.leader_org_ids or org_id in self._below_ids()
        if state == "closed" and action in (Action.EDIT, Action.REPORT, Action.SUBMIT):
            return False  # a closed plan is kept as it was; the office reopens it to change it
        if action in (Action.REPORT, Action.SUBMIT) and _is_closed_task(obj):
            return False  # a closed task takes no more reports; the office reopens it
        if action == Action.READ:
            if _is_published(obj):
                return True
            return self.can_read_org(org_id)
        if action in (Action.EDIT, Action.PUBLISH, Action.AMEND):
            return self.is_office_of(org_id)
        if action == Action.ANSWER:
            return self.is_office_of(org_id) or (
                getattr(obj, "department_id", None) in self.reporter_department_ids
            )
        task = _task_of(obj)
        if task is None:
            return False
        if action == Action.REPORT:
            return self.is_office_of(org_id) or bool(
                self.reporter_department_ids & _responsible_department_ids(task)
            )
        if action == Action.SUBMIT:
            return self.is_office_of(org_id) or (
                _lead_department_id(task) in self.reporter_department_ids
            )
        if action in (Action.REVIEW, Action.SUPERVISE):
            return self.is_office_of(org_id) or (
                org_id in self.leader_org_ids
                and self.person_id is not None
                and self.person_id in _leader_ids(task)
            )
        return False

    def _below_ids(self) -> set[int]:
        """The bureaus below the user's offices and superior roles, asked once per user."""
        if self._below is None:
            reach = self.superior_org_ids | self.office_org_ids
            self._below = _with_descendants(reach) - self.member_org_ids
        return self._below

    def _may_on_receipt(self, action: Action, receipt) -> bool:
        """A task handed down: the receiver reads and (its office) accepts or declines it;
        the issuer reads how it is doing."""
        issuer_id = receipt.assignment.issuer_id
        if action == Action.READ:
            return self.can_read_org(receipt.organization_id) or self.can_read_org(issuer_id)
        if action == Action.ACCEPT:
            return self.is_office_of(receipt.organization_id)
        return False

    def may_create_bureau(self, parent: Organization | None) -> bool:
        """A top-level bureau needs a superuser; a bureau below, the parent's office."""
        return self.is_superuser if parent is None else self.may(Action.EDIT, parent)

    def require(self, action: Action | str, obj) -> None:
        """Raise 404 when the object may not even be seen, 403 when it may not be changed."""
        if not self.may(Action.READ, obj):
            raise Http404
        if Action(action) != Action.READ and not self.may(action, obj):
            raise PermissionDenied


def _with_descendants(org_ids: set[int]) -> set[int]:
    found, frontier = set(org_ids), set(org_ids)
    while frontier:  # one query per level; bureaus are three levels deep
        frontier = (
            set(Organization.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            - found
        )
        found |= frontier
    return found


def _org_id_of(obj) -> int:
    if isinstance(obj, Organization):
        return obj.pk
    if hasattr(obj, "organization_id"):
        return obj.organization_id
    if hasattr(obj, "issuer_id"):  # an assignment is its issuer's
        return obj.issuer_id
    if hasattr(obj, "plan"):
        return obj.plan.organization_id
    task = _task_of(obj)
    if task is not None:
        return task.plan.organization_id
    raise TypeError(f"no organization for {type(obj).__name__}")


def _plan_state_of(obj) -> str | None:
    """The state of the plan ``obj`` belongs to (a plan, section, task, period, report,
    target or 督办单); None for what belongs to no plan (a bureau, a publication)."""
    from duban.plans.models import Plan

    if isinstance(obj, Plan):
        return obj.state
    plan = getattr(obj, "plan", None)
    if plan is None:
        task = _task_of(obj)
        plan = task.plan if task is not None else None
    return plan.state if plan is not None else None


def _task_of(obj):
    from duban.plans.models import Task

    if isinstance(obj, Task):
        return obj
    return getattr(obj, "task", None)


def _is_closed_task(obj) -> bool:
    task = _task_of(obj)
    return task is not None and getattr(task, "closed_on", None) is not None


def _is_receipt(obj) -> bool:
    return hasattr(obj, "assignment_id") and hasattr(obj, "organization_id")


def descendants_of(org: Organization) -> set[int]:
    """The ids of every bureau below ``org`` (not ``org`` itself)."""
    return _with_descendants({org.pk}) - {org.pk}


def _is_published(obj) -> bool:
    from duban.publishing.models import Publication, PublicationState

    return isinstance(obj, Publication) and obj.state == PublicationState.PUBLISHED


def _responsible_department_ids(task) -> set[int]:
    """A sub-item without departments of its own belongs to its parent's departments."""
    ids = {link.department_id for link in task.department_links.all()}
    if not ids and task.parent_id:
        ids = {link.department_id for link in task.parent.department_links.all()}
    return ids


def _lead_department_id(task) -> int | None:
    """The first department of a task (or of its parent, for a sub-item) leads it."""
    lead = task.lead_department_id
    if lead is None and task.parent_id:
        lead = task.parent.lead_department_id
    return lead


def _leader_ids(task) -> set[int]:
    ids = {person.pk for person in task.leaders.all()}
    if not ids and task.parent_id:
        ids = {person.pk for person in task.parent.leaders.all()}
    return ids


# -- loaders: the only way pages, API and commands fetch an object for a user -------------


def access(user) -> Access:
    return Access.of(user)


def _load(user, queryset, pk, action: Action | str):
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    Access.of(user).require(action, obj)
    return obj


def organization_for(user, pk, action: Action | str = Action.READ) -> Organization:
    return _load(user, Organization.objects.select_related("parent"), pk, action)


def visible_organizations(user):
    acc = Access.of(user)
    qs = Organization.objects.select_related("parent")
    return qs if acc.is_superuser else qs.filter(pk__in=acc.readable_org_ids)


def visible_plans(user):
    """The plans the user may read: of readable bureaus, drafts only of its own office."""
    from django.db.models import Q

    from duban.plans.models import Plan, PlanState

    acc = Access.of(user)
    if acc.is_superuser:
        return Plan.objects.all()
    return Plan.objects.filter(organization__in=acc.readable_org_ids).filter(
        ~Q(state=PlanState.DRAFT) | Q(organization__in=acc.office_org_ids)
    )


def plan_for(user, pk, action: Action | str = Action.READ):
    from duban.plans.models import Plan

    return _load(user, Plan.objects.select_related("organization"), pk, action)


def task_for(user, pk, action: Action | str = Action.READ):
    from duban.plans.models import Task

    qs = Task.objects.select_related("plan__organization", "parent", "section")
    return _load(user, qs, pk, action)


def section_for(user, pk, action: Action | str = Action.READ):
    from duban.plans.models import Section

    return _load(user, Section.objects.select_related("plan__organization"), pk, action)


def target_for(user, pk, action: Action | str = Action.READ):
    """A target is read and changed as its task is."""
    from duban.plans.models import Target

    qs = Target.objects.select_related("task__plan__organization", "task__parent")
    return _load(user, qs, pk, action)


def report_for(user, pk, action: Action | str = Action.READ):
    from duban.progress.models import ProgressReport

    qs = ProgressReport.objects.select_related("task__plan__organization", "period")
    return _load(user, qs, pk, action)


def period_for(user, pk, action: Action | str = Action.READ):
    from duban.progress.models import Period

    return _load(user, Period.objects.select_related("plan__organization"), pk, action)


def fill_in_department_for(user, period, department_id=None):
    """The department whose Excel fill-in sheet of ``period`` the user may have: the office
    any of its bureau's (it must name one), a reporter only its own; else 404."""
    acc = Access.of(user)
    acc.require(Action.READ, period.plan)
    departments = period.plan.organization.departments.all()
    wanted = str(department_id or "")
    if acc.may(Action.EDIT, period.plan):
        found = departments.filter(pk=wanted).first() if wanted.isdigit() else None
    else:
        own = departments.filter(pk__in=acc.reporter_department_ids)
        found = own.filter(pk=wanted).first() if wanted.isdigit() else own.first()
    if found is None:
        raise Http404
    return found


def may_fill_in(user, period) -> bool:
    """Whether the user has a fill-in sheet of ``period`` to download (the office, or a
    reporter of one of its bureau's 科室): the page offers the sheet only to them."""
    acc = Access.of(user)
    if acc.may(Action.EDIT, period.plan):
        return True
    return period.plan.organization.departments.filter(pk__in=acc.reporter_department_ids).exists()


def publication_for(user, pk, action: Action | str = Action.READ):
    from duban.publishing.models import Publication

    return _load(user, Publication.objects.select_related("organization"), pk, action)


def import_batch_for(user, org_pk, batch) -> tuple[Organization, list]:
    """An upload batch awaiting confirmation: only its bureau's office may see it."""
    from duban.plans.models import ImportUpload

    org = organization_for(user, org_pk, Action.EDIT)
    uploads = list(ImportUpload.objects.filter(organization=org, batch=batch))
    if not uploads:
        raise Http404
    return org, uploads


def department_for(user, pk, organization: Organization | None = None):
    """A department the user may see (of a readable bureau, and of ``organization`` when
    given); anything else is missing (404)."""
    qs = Department.objects.all()
    if organization is not None:
        qs = qs.filter(organization=organization)
    return _load(user, qs, pk, Action.READ)


def person_for(user, pk, action: Action | str = Action.READ):
    from duban.orgs.models import Person

    qs = Person.objects.select_related("organization", "user")
    return _load(user, qs, pk, action)


def system_scope_for(user) -> set[int] | None:
    """The bureaus whose background tasks the user may see on 系统状态: all (None) for a
    superuser, its own for an office; anyone else: 404."""
    acc = Access.of(user)
    if acc.is_superuser:
        return None
    if not acc.office_org_ids:
        raise Http404
    return set(acc.office_org_ids)


def channel_for(user, pk, action: Action | str = Action.EDIT):
    """A bureau's message channel: its office's alone (its addresses carry tokens)."""
    from duban.channels.models import Channel

    return _load(user, Channel.objects.select_related("organization"), pk, action)


def notice_for(user, pk, action: Action | str = Action.READ):
    from duban.supervision.models import Notice

    qs = Notice.objects.select_related("organization", "task__plan", "department")
    return _load(user, qs, pk, action)


def bureaus_below_for(user, issuer: Organization, pks) -> list[Organization]:
    """The bureaus below ``issuer`` that it hands a task to; any other id is missing (404):
    a bureau not below the issuer is not the issuer's to name."""
    Access.of(user).require(Action.ASSIGN, issuer)
    below = descendants_of(issuer)
    if any(pk not in below for pk in pks):
        raise Http404
    return list(Organization.objects.filter(pk__in=list(pks)))


def receipt_for(user, pk, action: Action | str = Action.READ):
    from duban.assignments.models import Receipt

    qs = Receipt.objects.select_related("assignment__issuer", "organization", "task")
    return _load(user, qs, pk, action)


def assignment_for(user, pk, action: Action | str = Action.READ):
    from duban.assignments.models import Assignment

    qs = Assignment.objects.select_related("issuer", "source_task")
    return _load(user, qs, pk, action)


def instruction_for(user, pk, action: Action | str = Action.READ):
    from duban.assignments.models import Instruction

    qs = Instruction.objects.select_related("task__plan__organization", "author")
    return _load(user, qs, pk, action)


def visible_notices(user, org: Organization):
    """The 督办单 of ``org`` and of the bureaus below it that the user may see: its office
    and leaders see the bureau's, a 科室's reporter only its own 科室's, a bureau above
    those of every bureau below it."""
    from duban.supervision.models import Notice

    acc = Access.of(user)
    if not acc.can_read_org(org.pk):
        raise Http404
    scope = (
        ({org.pk} | descendants_of(org))
        if acc.is_superuser
        else (({org.pk} | descendants_of(org)) & acc.readable_org_ids)
    )
    notices = Notice.objects.filter(organization__in=scope)
    whole = {
        pk
        for pk in scope
        if acc.is_office_of(pk) or pk in acc.leader_org_ids or pk in acc.superior_org_ids
    } | (scope - acc.member_org_ids)  # bureaus below: read as a superior
    if acc.is_superuser:
        return notices
    return notices.filter(Q(organization__in=whole) | Q(department__in=acc.reporter_department_ids))
