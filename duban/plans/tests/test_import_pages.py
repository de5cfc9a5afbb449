"""The import pages: upload several files, preview, confirm; bad input and roles."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.ingest.tests.builders import to_docx
from duban.plans.models import ImportUpload, Plan, SourceDocument, Target

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"


def seed_file(prefix: str) -> SimpleUploadedFile:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def upload(client, world, *files):
    return client.post(reverse("import", args=[world.bureau.pk]), {"files": list(files)})


def test_upload_previews_tasks_and_marked_indicators_then_saves_on_confirm(client, world, user):
    client.force_login(user("office"))
    word = SimpleUploadedFile(
        "002.docx", to_docx((next(SEEDS.glob("002_*.txt"))).read_text(encoding="utf-8"))
    )
    response = upload(client, world, word, seed_file("003"))
    assert response.status_code == 302
    preview_url = response.url
    assert Plan.objects.filter(organization=world.bureau).count() == 1  # the persona's own
    page = client.get(preview_url).content.decode()
    # tasks of the Word task list with their leaders and departments
    assert "健全分层分类的社会救助体系" in page and "周利宏" in page and "社会救助科" in page
    # indicators of the summary marked in its source text, with what they were read as
    assert '<mark title="新增认知障碍照护专区床位数:实际值 197张">197张</mark>' in page
    assert "上半年工作总结" in page and "下半年工作思路" in page
    # the indicator list speaks the user's words, not the contract's codes
    table = page[page.index("指标列表") :]
    assert "<td>实际值</td>" in table and "<td>不少于</td>" in table
    assert not any(f"<td>{code}</td>" in table for code in ("actual", "target", "&gt;="))
    confirmed = client.post(preview_url, {"confirm": ""})
    assert confirmed.status_code == 302
    assert SourceDocument.objects.filter(organization=world.bureau).count() == 2
    assert Target.objects.filter(task__plan__organization=world.bureau, value=170).exists()
    assert not ImportUpload.objects.exists()
    again = client.get(preview_url)
    assert again.status_code == 404  # the batch is gone once saved


def test_a_bad_file_names_itself_and_nothing_is_kept(client, world, user):
    client.force_login(user("office"))
    truncated = SimpleUploadedFile("坏.docx", to_docx("标题\n正文")[:500])
    response = upload(client, world, seed_file("000"), truncated)
    assert response.status_code == 200
    assert "坏.docx: 文件已损坏或不完整,无法打开" in response.content.decode()
    assert not ImportUpload.objects.exists()
    assert not SourceDocument.objects.exists()


def test_imported_text_is_shown_escaped_never_as_live_html(client, world, user):
    client.force_login(user("office"))
    text = (
        "索引号:123/2023-00001\n区民政局2023年工作总结\n"
        "一、养老服务\n全年新增养老床位<script>alert(1)</script>200张,"
        "<img src=x onerror=alert(2)>。"
    )
    response = upload(client, world, SimpleUploadedFile("x.txt", text.encode()))
    page = client.get(response.url).content.decode()
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_same_file_again_is_unchanged_and_an_edited_one_needs_replace(client, world, user):
    client.force_login(user("office"))
    client.post(upload(client, world, seed_file("000")).url, {"confirm": ""})
    same = client.get(upload(client, world, seed_file("000")).url).content.decode()
    assert "与已导入的版本相同,不会改动" in same
    (path,) = SEEDS.glob("000_*.txt")
    edited = path.read_text(encoding="utf-8").replace("新增床位120张", "新增床位130张")
    url = upload(client, world, SimpleUploadedFile(path.name, edited.encode())).url
    page = client.get(url).content.decode()
    assert "+ 指标 新增床位 130张" in page and "- 指标 新增床位 120张" in page
    refused = client.post(url, {"confirm": ""})
    assert "请勾选“替换旧版本”" in refused.content.decode()
    assert client.post(url, {"confirm": "", "replace": "on"}).status_code == 302
    assert SourceDocument.objects.filter(replaced_by__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("username", "status"),
    [("office", 200), ("jiuzhu", 403), ("leader", 403), ("city", 403), ("outsider", 404)],
)
def test_only_the_bureaus_office_may_import(client, world, user, username, status):
    client.force_login(user(username))
    assert client.get(reverse("import", args=[world.bureau.pk])).status_code == status


def test_another_bureaus_batch_is_not_found(client, world, user):
    client.force_login(user("office"))
    url = upload(client, world, seed_file("000")).url
    client.force_login(user("other_office"))
    assert client.get(url).status_code == 404
    sibling_url = url.replace(f"/orgs/{world.bureau.pk}/", f"/orgs/{world.sibling.pk}/")
    assert client.get(sibling_url).status_code == 404
    assert client.post(url, {"confirm": ""}).status_code == 404
    assert not SourceDocument.objects.exists()


COLUMNS_TO_CORRECT = (
    "2024年重点工作任务清单\n"
    "序号 | 工作事项 | 说明 | 责任单位\n"
    "1 | 新建老年食堂 | 张三 | 区民政局\n2 | 改造设施 | 李四 | 区残联\n"
)


def test_the_preview_says_why_each_column_was_read_and_the_office_corrects_one(client, world, user):
    client.force_login(user("office"))
    sent = SimpleUploadedFile("清单.txt", COLUMNS_TO_CORRECT.encode(), content_type="text/plain")
    preview_url = upload(client, world, sent).url
    page = client.get(preview_url).content.decode()
    assert "各列的识别" in page and "按表头“工作事项”" in page
    assert "表头“说明”未说明;单元格多为人名" in page  # 张三, 李四 read as leaders
    assert "张三" in page.split("分管领导")[-1]
    (pending,) = ImportUpload.objects.all()
    # the 说明 column is not leaders: read as the goal, for the whole column
    answer = client.post(
        preview_url,
        {"recolumn": str(pending.pk), "role-0": "seq", "role-1": "title", "role-2": "goal",
         "role-3": "departments"},
    )  # fmt: skip
    assert answer.status_code == 302
    pending.refresh_from_db()
    assert pending.column_roles == {"2": "goal"}  # only what differs from the reading
    page = client.get(preview_url).content.decode()
    assert "办公室改定" in page
    bad = client.post(preview_url, {"recolumn": str(pending.pk), "role-2": "<script>"}, follow=True)
    assert "无效的列角色" in bad.content.decode()
    pending.refresh_from_db()
    assert pending.column_roles == {"2": "goal"}  # a bad choice changes nothing
    client.post(preview_url, {"confirm": ""})
    task = Plan.objects.get(organization=world.bureau, title__startswith="2024").tasks.get(seq="1")
    assert task.goal == "张三" and not task.leaders.exists()
