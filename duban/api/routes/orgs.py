"""Who am I, and the bureaus I may see."""

from ninja import Router
from ninja.pagination import paginate

from duban.api.errors import answers
from duban.api.routes.common import Page
from duban.api.schemas import Me, OrganizationDetail, OrganizationOut
from duban.orgs.access import access, organization_for, visible_organizations
from duban.orgs.models import Level, Membership

router = Router(tags=["机构 organizations"])


@router.get("/me", response=answers(Me), summary="当前用户及其角色")
def me(request):
    acc = access(request.user)
    roles = Membership.objects.filter(person__user=request.user).values_list(
        "organization_id", "role", "department_id"
    )
    return {
        "username": request.user.get_username(),
        "person_id": acc.person_id,
        "organizations": sorted(acc.member_org_ids),
        "departments": sorted(acc.reporter_department_ids),
        "roles": [
            f"{role}@{org_id}" + (f"/{department_id}" if department_id else "")
            for org_id, role, department_id in roles
        ],
    }


@router.get("/organizations", response=answers(list[OrganizationOut]), summary="可查看的机构")
@paginate(Page)
def organizations(request, parent: int | None = None, level: Level | None = None):
    qs = visible_organizations(request.user).order_by("id")
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if level is not None:
        qs = qs.filter(level=level)
    return qs


@router.get(
    "/organizations/{int:org_id}", response=answers(OrganizationDetail), summary="机构及其科室"
)
def organization(request, org_id: int):
    org = organization_for(request.user, org_id)
    return {
        **OrganizationOut.from_orm(org).dict(),
        "departments": list(org.departments.order_by("name")),
    }
