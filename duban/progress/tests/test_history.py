"""History as a person reads it: local time, names, file names, and long texts cut where
they differ ("报送时间:— → 2026-12-01 20:02:55.313394+00:00", "报送人:— → 13" before)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from duban.plans.history import _where_they_differ
from duban.progress import services
from duban.progress.history import report_changes


def test_a_submission_shows_local_time_and_the_submitters_name(world, user, period, target):
    jiuzhu = user("jiuzhu")
    at = datetime.datetime(2023, 10, 8, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Shanghai
    report = services.save_report(
        world.jiuzhu_task, period, actor=jiuzhu, progress_items=["已开展"],
        readings={target.pk: ("5", None, SimpleUploadedFile("低保名册.pdf", b"%PDF-1.4"))},
    )  # fmt: skip
    services.submit_report(report, actor=jiuzhu, at=at)
    fields = {label: (old, new) for c in report_changes(report) for label, old, new in c.fields}
    assert fields["报送时间"] == ("—", "2023-10-08 09:30")
    assert fields["报送人"] == ("—", jiuzhu.get_full_name() or "jiuzhu")
    assert fields["状态"] == ("草稿", "已报送")
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_evidence_is_shown_by_its_file_name(world, user, period, target):
    report = services.save_report(
        world.jiuzhu_task, period, actor=None, progress_items=["x"],
        readings={target.pk: ("5", None)},
    )  # fmt: skip
    services.save_report(
        world.jiuzhu_task, period, actor=None,
        readings={target.pk: ("5", None, SimpleUploadedFile("名册.pdf", b"%PDF-1.4"))},
    )  # fmt: skip
    shown = [new for c in report_changes(report) for label, _old, new in c.fields]
    assert any(value.startswith("名册") and value.endswith(".pdf") for value in shown)
    assert not any("/" in value for value in shown)


def test_long_texts_are_cut_where_they_differ():
    head = "全面落实低保扩围增效工作,开展低收入人口动态监测," * 3
    old, new = _where_they_differ(head + "完成年度目标的80%", head + "完成年度目标的95%")
    assert old != new and "80%" in old and "95%" in new
    assert old.startswith("…") and len(old) < len(head)
    assert _where_they_differ("短", "长") == ("短", "长")
