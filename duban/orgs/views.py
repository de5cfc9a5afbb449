from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from duban.orgs.access import access, organization_for, visible_organizations
from duban.plans.models import Plan


@login_required
def home(request):
    """Straight to one's own bureau; superiors and admins choose among those they see."""
    orgs = list(visible_organizations(request.user))
    acc = access(request.user)
    own = [o for o in orgs if o.pk in acc.member_org_ids]
    if len(own) == 1 and len(orgs) == 1:
        return redirect("organization", pk=own[0].pk)
    return render(request, "orgs/home.html", {"tree": _as_tree(orgs)})


@login_required
def organization_page(request, pk):
    org = organization_for(request.user, pk)
    can_edit = access(request.user).may("edit", org)
    plans = Plan.objects.filter(organization=org)
    plans = (
        (plans if can_edit else plans.issued())
        .annotate(
            task_count=Count("tasks", filter=Q(tasks__parent__isnull=True), distinct=True),
            section_count=Count("sections", distinct=True),
        )
        .order_by("-year", "title")
    )
    visible = {o.pk for o in visible_organizations(request.user)}
    children = [child for child in org.children.all() if child.pk in visible]
    publications = org.publications.order_by("-issued_on", "-id")[:20]
    return render(
        request,
        "orgs/organization.html",
        {
            "org": org,
            "plans": plans,
            "children": children,
            "publications": publications,
            "can_edit": can_edit,
            "waiting": org.assignments_received.filter(state="pending").count(),
        },
    )


def _as_tree(orgs):
    """Rows of (org, depth) in tree order, for the orgs the user may see."""
    by_parent: dict = {}
    ids = {o.pk for o in orgs}
    for org in orgs:
        parent = org.parent_id if org.parent_id in ids else None
        by_parent.setdefault(parent, []).append(org)
    rows = []

    def walk(parent, depth):
        for org in sorted(by_parent.get(parent, []), key=lambda o: o.name):
            rows.append((org, depth))
            walk(org.pk, depth + 1)

    walk(None, 0)
    return rows
