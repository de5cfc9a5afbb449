"""The hostile corpus (duban/testing/hostile.py) through every entry point: web import,
API import, `duban import`, the Excel fill-in upload, the report form and the API report.
For each case: a one-line reason, no 5xx, no row changed, and every page still 200."""

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from duban.api.tokens import issue_token
from duban.plans.models import ImportUpload, Plan, SourceDocument, Target, Task
from duban.progress import services as progress
from duban.progress.models import ProgressReport, Reading
from duban.publishing.models import Publication
from duban.testing.hostile import BAD_NUMBERS, BAD_TEXTS, import_files

MODELS = (Plan, Task, Target, ProgressReport, Reading, SourceDocument, Publication, ImportUpload)
FILES = import_files()
SEEN = {"cases": 0, "5xx": 0, "partial": 0}


def rows():
    return {m.__name__: m.objects.count() for m in MODELS} | {
        "versions": sum(ProgressReport.objects.values_list("version", flat=True)),
        "values": sorted(str(v) for v in Reading.objects.values_list("value", flat=True)),
    }


def pages_still_work(client, world, period):
    for url in (
        reverse("organization", args=[world.bureau.pk]),
        reverse("wall", args=[world.bureau.pk]),
        reverse("plan", args=[world.plan.pk]),
        reverse("task", args=[world.jiuzhu_task.pk]),
        reverse("period", args=[period.pk]),
        reverse("publications", args=[world.bureau.pk]),
        reverse("public-list", args=[world.bureau.pk]),
        reverse("work"),
    ):
        assert client.get(url).status_code == 200, url


def one_line(text: str) -> bool:
    return bool(text.strip()) and "\n" not in text.strip() and "Traceback" not in text


@pytest.fixture
def setting(world, client, period, target):
    office = get_user_model().objects.get(username="office")
    client.force_login(office)
    report = progress.save_report(
        world.jiuzhu_task, period, actor=None, progress_items=["已开展"],
        readings={target.pk: ("400", None)},
    )  # fmt: skip
    return SimpleNamespace(world=world, period=period, target=target, report=report)


def check(setting, client, before, case, answer_status, reason):
    SEEN["cases"] += 1
    SEEN["5xx"] += answer_status >= 500
    assert answer_status < 500, case
    assert one_line(reason), (case, reason)
    after = rows()
    SEEN["partial"] += after != before
    assert after == before, case


def test_every_file_is_refused_by_the_web_import(setting, client):
    before = rows()
    for case, name, data in FILES:
        answer = client.post(
            reverse("import", args=[setting.world.bureau.pk]),
            {"files": [SimpleUploadedFile(name, data)]},
        )
        html = answer.content.decode()
        assert answer.status_code == 200, case  # the upload page again, not a preview
        reason = html.split('<p class="error" role="alert">', 1)[-1].split("</p>", 1)[0]
        check(setting, client, before, case, answer.status_code, reason)
    pages_still_work(client, setting.world, setting.period)


def test_every_file_is_refused_by_the_api_import(setting, client):
    token = issue_token(get_user_model().objects.get(username="office"), name="t")[1]
    headers = {"Authorization": f"Bearer {token}"}
    before = rows()
    for case, name, data in FILES:
        answer = client.post(
            f"/api/v1/organizations/{setting.world.bureau.pk}/imports",
            {"files": [SimpleUploadedFile(name, data)]},
            headers=headers,
        )
        assert 400 <= answer.status_code < 500, case
        check(setting, client, before, case, answer.status_code, answer.json()["message"]["zh"])
    pages_still_work(client, setting.world, setting.period)


def test_every_file_is_refused_by_duban_import(setting, client, tmp_path):
    before = rows()
    for n, (case, name, data) in enumerate(FILES):
        path = tmp_path / f"{n}-{name}"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(CommandError) as refused:
            call_command(
                "import_documents", str(path), "--org", setting.world.bureau.name,
                stdout=out, stderr=err,
            )  # fmt: skip
        check(setting, client, before, case, 400, str(refused.value))
    pages_still_work(client, setting.world, setting.period)


def test_every_file_is_refused_by_the_excel_upload(setting, client):
    url = reverse("period-excel-upload", args=[setting.period.pk])
    before = rows()
    for case, name, data in FILES:
        answer = client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)
        assert answer.status_code == 200, case
        html = answer.content.decode()
        reason = html.split('class="msg error"', 1)[-1].split("</", 1)[0].split(">", 1)[-1]
        check(setting, client, before, case, answer.status_code, reason)
    pages_still_work(client, setting.world, setting.period)


def test_every_bad_value_is_refused_by_the_report_form(setting, client):
    world, target = setting.world, setting.target
    url = reverse("report-edit", args=[world.jiuzhu_task.pk, setting.period.pk])
    before = rows()
    form_texts = [t for t in BAD_TEXTS if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
    cases = [("reading", v) for v in BAD_NUMBERS] + [("progress", t) for t in form_texts]
    for field, value in cases:
        data = {"version": str(setting.report.version), "self_status": "in_progress"}
        data[f"progress_{world.sub_item.pk}"] = value if field == "progress" else "已开展"
        data[f"reading_{target.pk}"] = value if field == "reading" else "400"
        answer = client.post(url, data)
        assert answer.status_code == 200, (field, value)  # the form again, with the reason
        html = answer.content.decode()
        reason = html.split('class="msg error"', 1)[-1].split("</", 1)[0].split(">", 1)[-1]
        if 'class="error"' in html and 'class="msg error"' not in html:
            reason = html.split('<span class="error">', 1)[-1].split("</span>", 1)[0]
        check(setting, client, before, (field, value), answer.status_code, reason)
    pages_still_work(client, world, setting.period)


def test_every_bad_value_is_refused_by_the_api_report(setting, client):
    import json

    token = issue_token(get_user_model().objects.get(username="office"), name="t")[1]
    headers = {"Authorization": f"Bearer {token}", "If-Match": f'"{setting.report.version}"'}
    path = f"/api/v1/reports/{setting.report.pk}"
    before = rows()
    bodies = [{"readings": [{"target_id": setting.target.pk, "value": v}]} for v in BAD_NUMBERS] + [
        {"progress_items": [t]} for t in BAD_TEXTS
    ]
    raw = [json.dumps(b) for b in bodies] + [
        f'{{"readings": [{{"target_id": {setting.target.pk}, "value": 1e309}}]}}',
        f'{{"readings": [{{"target_id": {setting.target.pk}, "value": NaN}}]}}',
        '{"progress_items": ' + "[" * 5000 + "]" * 5000 + "}",
        '{"progress_items": ["' + "x" * 100 + '"',
        '{"lag_reason": {"$gt": ""}}',
    ]
    for body in raw:
        answer = client.patch(path, data=body, content_type="application/json", headers=headers)
        assert 400 <= answer.status_code < 500, (body[:60], answer.status_code)
        check(
            setting, client, before, body[:60], answer.status_code, answer.json()["message"]["zh"]
        )
    pages_still_work(client, setting.world, setting.period)


def test_the_corpus_is_at_least_forty_cases():
    """Runs last: prints what the entry tests above saw (pytest -s)."""
    assert len(FILES) >= 40
    assert len(BAD_NUMBERS) + len(BAD_TEXTS) >= 20
    print(
        f"hostile corpus: {len(FILES)} files x 4 entries, "
        f"{len(BAD_NUMBERS) + len(BAD_TEXTS)} values x 2 entries; cases run {SEEN['cases']}, "
        f"5xx {SEEN['5xx']}, partial writes {SEEN['partial']}"
    )
