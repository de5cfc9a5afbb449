"""Importing through the API: upload, read the parsed preview, confirm or discard; only
the bureau's office, all files or none."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.plans.models import ImportUpload, Plan, SourceDocument


def _seed():
    path = next(settings.DUBAN_SEEDS_DIR.glob("002_*.txt"))
    return SimpleUploadedFile(path.name, path.read_bytes(), "text/plain")


def _upload(api, org, username="office", files=None):
    caller = api(username)
    return caller.client.post(
        f"/api/v1/organizations/{org.pk}/imports",
        {"files": files or [_seed()]},
        headers=caller.headers,
    )


def test_the_office_uploads_reads_the_preview_and_confirms(world, api):
    staged = _upload(api, world.bureau)
    assert staged.status_code == 201, staged.content
    batch = staged.json()
    document = batch["documents"][0]
    assert document["status"] == "created"
    assert document["parsed"]["kind"] == "task_list"
    assert len(document["parsed"]["tasks"]) == document["counts"]["tasks"] > 30
    assert not SourceDocument.objects.exists()  # nothing saved before confirming
    again = api("office").get(f"/organizations/{world.bureau.pk}/imports/{batch['batch']}")
    assert again.json()["documents"][0]["counts"] == document["counts"]
    confirmed = api("office").post(
        f"/organizations/{world.bureau.pk}/imports/{batch['batch']}/confirm", {}
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["documents"][0]["status"] == "created"
    assert SourceDocument.objects.count() == 1 and not ImportUpload.objects.exists()
    gone = api("office").post(f"/organizations/{world.bureau.pk}/imports/{batch['batch']}/confirm")
    assert gone.status_code == 404


def test_an_unreadable_file_is_refused_and_nothing_is_staged(world, api):
    junk = SimpleUploadedFile("空白.txt", b"", "text/plain")
    answer = _upload(api, world.bureau, files=[_seed(), junk])
    assert answer.status_code == 422 and answer.json()["code"] == "unreadable_document"
    assert "空白.txt" in answer.json()["message"]["zh"]
    assert not ImportUpload.objects.exists()


def test_a_discarded_batch_saves_nothing(world, api):
    batch = _upload(api, world.bureau).json()["batch"]
    path = f"/organizations/{world.bureau.pk}/imports/{batch}"
    assert api("office").delete(path).status_code == 204
    assert not ImportUpload.objects.exists() and not SourceDocument.objects.exists()


def test_only_the_bureaus_office_imports(world, api):
    plans_before = Plan.objects.count()
    assert _upload(api, world.bureau, username="jiuzhu").status_code == 403
    assert _upload(api, world.bureau, username="city").status_code == 403
    assert _upload(api, world.bureau, username="outsider").status_code == 404
    batch = _upload(api, world.bureau).json()["batch"]
    for username in ("outsider", "jiuzhu"):
        path = f"/organizations/{world.bureau.pk}/imports/{batch}"
        assert api(username).get(path).status_code in (403, 404)
        assert api(username).post(path + "/confirm").status_code in (403, 404)
    assert Plan.objects.count() == plans_before
