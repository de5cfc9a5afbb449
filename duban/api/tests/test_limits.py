"""The API's answers at its limits: 413 for a body beyond the upload limit, 400 for too
many files, 422 for an id beyond 64 bits, 401 (not a CSRF 403) without any credentials."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from duban.plans.models import ImportUpload, SourceDocument


def test_a_body_beyond_the_upload_limit_is_413(api, world):
    big = b'{"progress_items": ["' + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b'"]}'
    answer = api("office").client.post(
        "/api/v1/reports", data=big, content_type="application/json", headers=api("office").headers
    )
    assert answer.status_code == 413 and answer.json()["code"] == "too_large"


def test_too_many_files_in_one_upload_is_400(api, world):
    caller = api("office")
    files = [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(120)]
    answer = caller.client.post(
        f"/api/v1/organizations/{world.bureau.pk}/imports", {"files": files}, headers=caller.headers
    )
    assert answer.status_code == 400 and answer.json()["code"] == "too_many_parts"
    assert not ImportUpload.objects.exists() and not SourceDocument.objects.exists()


def test_an_id_beyond_64_bits_is_422(api, world):
    for path in (
        "/tasks?organization=99999999999999999999999",
        "/reports?period=99999999999999999999999",
        "/organizations/99999999999999999999999",
    ):
        answer = api("office").get(path)
        assert answer.status_code == 422, (path, answer.status_code)  # on every database
        assert answer["Content-Type"].startswith("application/json")


def test_a_post_without_any_credentials_is_401(world):
    strict = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
    strict.get("/login/")  # a CSRF cookie, no session
    answer = strict.post("/api/v1/reports", data="{}", content_type="application/json")
    assert answer.status_code == 401 and answer.json()["code"] == "unauthenticated"
