import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duban.orgs.access import Access
from duban.publishing import services
from duban.publishing.models import PublicationState


@pytest.fixture
def draft(world, user):
    return services.create_publication(
        world.bureau,
        actor=user("office"),
        kind="task_list",
        title="2023年重点工作任务清单",
        index_no="11341703003249426F/202308-00030",
        category="决策部署落实情况",
        issued_on="2023-08-28",
    )


def test_a_published_document_cannot_be_changed(draft, user):
    services.publish_publication(draft, actor=user("office"))
    draft.title = "改名"
    with pytest.raises(ValidationError):
        draft.save()


def test_a_correction_is_a_new_version_pointing_to_the_old(draft, user):
    services.publish_publication(draft, actor=user("office"))
    fixed = services.correct_publication(
        draft, actor=user("office"), title="2023年重点工作任务清单(更正)"
    )
    assert fixed.version == 2 and fixed.previous == draft
    assert fixed.state == PublicationState.DRAFT
    assert fixed.index_no == ""  # numbered when it is published
    with pytest.raises(ValidationError):
        services.correct_publication(draft, actor=user("office"))


def test_only_the_office_publishes(draft, user):
    with pytest.raises(PermissionDenied):
        services.publish_publication(draft, actor=user("jiuzhu"))


def test_the_public_reads_only_published_documents(draft, user):
    from django.contrib.auth.models import AnonymousUser

    assert not Access.of(AnonymousUser()).may("read", draft)
    services.publish_publication(draft, actor=user("office"))
    assert Access.of(AnonymousUser()).may("read", draft)
