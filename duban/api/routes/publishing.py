"""Publications (公开文件): list, read, and download in every format."""

from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from duban.api.errors import READ_ERRORS, answers
from duban.api.routes.common import Page, readable_org_ids
from duban.api.schemas import Format, PublicationDetail, PublicationOut
from duban.orgs.access import publication_for
from duban.publishing.models import Publication, PublicationKind, PublicationState
from duban.publishing.render import CONTENT_TYPES, FORMATS
from duban.publishing.views import file_response

router = Router(tags=["公开 publications"])


class PublicationFilters(Schema):
    organization: int | None = None
    kind: PublicationKind | None = None
    year: int | None = None
    state: PublicationState | None = None


@router.get("/publications", response=answers(list[PublicationOut]), summary="公开文件")
@paginate(Page)
def publications(request, filters: Query[PublicationFilters]):
    f = filters
    qs = Publication.objects.filter(organization__in=readable_org_ids(request)).order_by("-id")
    if f.organization is not None:
        qs = qs.filter(organization_id=f.organization)
    if f.kind is not None:
        qs = qs.filter(kind=f.kind)
    if f.year is not None:
        qs = qs.filter(year=f.year)
    if f.state is not None:
        qs = qs.filter(state=f.state)
    return qs


@router.get(
    "/publications/{int:publication_id}", response=answers(PublicationDetail), summary="公开文件"
)
def publication(request, publication_id: int):
    found = publication_for(request.user, publication_id)
    frozen = {f.format: f for f in found.files.all()}
    found.files_loaded = [
        {
            "format": fmt,
            "url": request.build_absolute_uri(
                reverse("api:download", kwargs={"publication_id": found.pk, "fmt": fmt})
            ),
            "size": frozen[fmt].size if fmt in frozen else None,
            "sha256": frozen[fmt].sha256 if fmt in frozen else None,
        }
        for fmt in FORMATS
    ]
    return found


@router.get(
    "/publications/{int:publication_id}/files/{fmt}",
    summary="下载公开文件",
    description="html、docx(GB/T 9704)、xlsx、pdf、csv 或 json;已发布的为发布时冻结的文件。",
    response=READ_ERRORS,
    openapi_extra={
        "responses": {
            200: {
                "description": "the file",
                "content": {
                    content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in CONTENT_TYPES.values()
                },
            }
        }
    },
)
def download(request, publication_id: int, fmt: Format):
    return file_response(publication_for(request.user, publication_id), fmt)
