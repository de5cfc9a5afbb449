"""科室 and people, kept by the office in the site; a bureau added below by its superior's
office. A one-time password is shown on the page that made it, once, and kept nowhere."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.orgs import staff
from duban.orgs.access import Action, department_for, organization_for, person_for
from duban.orgs.models import Membership, Person, Role


def _page(request, org, **extra):
    departments = org.departments.annotate(
        task_count=Count("task_links", distinct=True),
        reporter_count=Count("memberships", distinct=True),
    ).order_by("-is_active", "name")
    people = (
        Person.objects.filter(organization=org)
        .select_related("user")
        .prefetch_related(Prefetch("memberships", Membership.objects.select_related("department")))
        .order_by("name")
    )
    context = {
        "org": org,
        "departments": departments,
        "people": people,
        "roles": [(r, Role(r).label) for r in staff.ROLES],
        "can_add_bureau": org.level != "county",
        **extra,
    }
    return render(request, "orgs/people.html", context)


@login_required
def people_page(request, pk):
    org = organization_for(request.user, pk, Action.EDIT)
    return _page(request, org)


def _refused(request, exc: ValidationError) -> None:
    messages.error(request, _("未保存:") + " ".join(exc.messages))


@login_required
@require_POST
def department_add(request, pk):
    org = organization_for(request.user, pk, Action.EDIT)
    name = request.POST.get("name", "").strip()
    try:
        staff.new_department(
            org, actor=request.user, name=name, aliases=request.POST.get("aliases", "")
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已添加科室“%(name)s”。") % {"name": name})
    return redirect("people", pk=org.pk)


@login_required
@require_POST
def department_change(request, pk):
    dept = department_for(request.user, pk)
    org = organization_for(request.user, dept.organization_id, Action.EDIT)
    action = request.POST.get("action", "")
    try:
        if action == "deactivate":
            staff.set_department_active(dept, actor=request.user, active=False)
        elif action == "activate":
            staff.set_department_active(dept, actor=request.user, active=True)
        elif action == "delete":
            staff.delete_department(dept, actor=request.user)
            messages.success(request, _("科室已删除。"))
        else:
            staff.change_department(
                dept,
                actor=request.user,
                name=request.POST.get("name", ""),
                aliases=request.POST.get("aliases", ""),
            )
            messages.success(request, _("科室已保存。"))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("people", pk=org.pk)


@login_required
@require_POST
def person_add(request, pk):
    org = organization_for(request.user, pk, Action.EDIT)
    department = None
    if request.POST.get("department"):
        department = department_for(request.user, request.POST["department"], org)
    try:
        person, password = staff.add_account(
            org,
            actor=request.user,
            name=request.POST.get("name", ""),
            username=request.POST.get("username", ""),
            role=request.POST.get("role", ""),
            title=request.POST.get("title", ""),
            department=department,
        )
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("people", pk=org.pk)
    return _page(request, org, issued={"person": person, "password": password})


@login_required
@require_POST
def person_change(request, pk):
    person = person_for(request.user, pk)
    org = organization_for(request.user, person.organization_id, Action.EDIT)
    action = request.POST.get("action", "")
    try:
        if action == "role":
            department = None
            if request.POST.get("department"):
                department = department_for(request.user, request.POST["department"], org)
            staff.set_role(
                person, actor=request.user, role=request.POST.get("role", ""), department=department
            )
            messages.success(request, _("角色已更改。"))
            return redirect("people", pk=org.pk)
        if action == "reset":
            password = staff.reset_password(person, actor=request.user)
            return _page(request, org, issued={"person": person, "password": password})
        staff.set_account_active(person, actor=request.user, active=action == "activate")
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("people", pk=org.pk)


@login_required
@require_POST
def bureau_add(request, pk):
    parent = organization_for(request.user, pk, Action.EDIT)
    try:
        org, person, password = staff.add_bureau(
            parent,
            actor=request.user,
            name=request.POST.get("name", ""),
            office_name=request.POST.get("office_name", ""),
            office_username=request.POST.get("office_username", ""),
        )
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("people", pk=parent.pk)
    messages.success(request, _("已添加下级单位“%(name)s”。") % {"name": org.name})
    return _page(request, parent, issued={"person": person, "password": password, "org": org})
