"""Publications through the API: list, read, download every format; drafts of another
bureau are not found, a published document may be read by any user."""

import pytest

from duban.publishing import services
from duban.publishing.render import CONTENT_TYPES, FORMATS


@pytest.fixture
def draft(world):
    return services.compose_publication(world.bureau, actor=None, kind="task_list", year=2023)


def test_a_draft_is_listed_read_and_downloaded_in_every_format(world, api, draft):
    listed = api("office").get(f"/publications?organization={world.bureau.pk}").json()
    assert [p["id"] for p in listed["items"]] == [draft.pk]
    read = api("office").get(f"/publications/{draft.pk}").json()
    assert read["state"] == "draft" and read["kind"] == "task_list"
    assert [f["format"] for f in read["files"]] == list(FORMATS)
    for fmt in FORMATS:
        answer = api("office").get(f"/publications/{draft.pk}/files/{fmt}")
        assert answer.status_code == 200
        assert answer["Content-Type"] == CONTENT_TYPES[fmt]
    docx = api("office").get(f"/publications/{draft.pk}/files/docx").content
    assert docx[:2] == b"PK"


def test_a_published_version_has_its_frozen_files_with_hashes(world, api, draft):
    services.publish_publication(draft, actor=None)
    read = api("jiuzhu").get(f"/publications/{draft.pk}").json()
    assert read["state"] == "published" and read["index_no"]
    csv = next(f for f in read["files"] if f["format"] == "csv")
    assert len(csv["sha256"]) == 64 and csv["size"] > 0
    assert csv["url"].endswith(f"/api/v1/publications/{draft.pk}/files/csv")


def test_another_bureaus_draft_is_not_found_but_its_published_version_is_public(world, api, draft):
    assert api("outsider").get(f"/publications/{draft.pk}").status_code == 404
    assert api("outsider").get(f"/publications/{draft.pk}/files/pdf").status_code == 404
    services.publish_publication(draft, actor=None)
    assert api("outsider").get(f"/publications/{draft.pk}").status_code == 200


def test_an_unknown_format_is_refused(world, api, draft):
    answer = api("office").get(f"/publications/{draft.pk}/files/exe")
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_input"
