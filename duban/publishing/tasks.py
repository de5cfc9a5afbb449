"""Background work of publishing: with the database queue, the six files of a published
version are rendered by `duban worker` (the PDF alone takes about a second)."""

from django.db import transaction
from django_tasks import task

from duban.publishing.models import Publication, PublicationState
from duban.publishing.services import freeze


@task()
def freeze_publication_task(publication_id: int) -> int:
    """Render and keep every file of a published version not kept yet (a visitor's
    download may have kept one meanwhile). Run twice, the second run finds the files
    there and does nothing; a run that fails (a full disk) leaves none of its own."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication_id)
        if publication.state != PublicationState.PUBLISHED:
            return 0
        return len(freeze(publication))
