"""Publications: drafted, published once (then immutable), corrected by a new version."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duban.audit import stamp
from duban.orgs.access import Access, Action
from duban.orgs.models import Organization
from duban.publishing.models import Publication, PublicationState

METADATA_FIELDS = {
    "year",
    "period_code",
    "body",
    "index_no",
    "category",
    "topic",
    "genre",
    "publisher",
    "doc_no",
    "generated_on",
    "issued_on",
    "disclosure_method",
    "disclosure_scope",
}


@transaction.atomic
def create_publication(
    org: Organization, *, actor, kind: str, title: str, **metadata
) -> Publication:
    Access.of(actor).require(Action.PUBLISH, org)
    unknown = set(metadata) - METADATA_FIELDS
    if unknown:
        raise ValueError(f"unknown publication fields: {', '.join(sorted(unknown))}")
    publication = stamp(Publication(organization=org, kind=kind, title=title, **metadata), actor)
    publication.full_clean(exclude=["organization", "previous", "published_by"])
    publication.save()
    return publication


@transaction.atomic
def publish_publication(publication: Publication, *, actor) -> Publication:
    Access.of(actor).require(Action.PUBLISH, publication)
    if publication.state == PublicationState.PUBLISHED:
        raise ValidationError("该文件已发布")
    publication.state = PublicationState.PUBLISHED
    publication.published_at = timezone.now()
    publication.published_by = actor
    stamp(publication, actor).save()
    return publication


@transaction.atomic
def correct_publication(publication: Publication, *, actor, **changes) -> Publication:
    """A published document is never edited: its correction is a new draft version."""
    Access.of(actor).require(Action.PUBLISH, publication)
    if publication.state != PublicationState.PUBLISHED:
        raise ValidationError("草稿可直接修改,无需更正")
    if Publication.objects.filter(previous=publication).exists():
        raise ValidationError("该版本已有更正版本")
    unknown = set(changes) - METADATA_FIELDS - {"title"}
    if unknown:
        raise ValueError(f"unknown publication fields: {', '.join(sorted(unknown))}")
    fields = {name: getattr(publication, name) for name in METADATA_FIELDS | {"title"}}
    fields.update(changes)
    correction = stamp(
        Publication(
            organization=publication.organization,
            kind=publication.kind,
            previous=publication,
            version=publication.version + 1,
            **fields,
        ),
        actor,
    )
    correction.full_clean(exclude=["organization", "previous", "published_by"])
    correction.save()
    return correction
