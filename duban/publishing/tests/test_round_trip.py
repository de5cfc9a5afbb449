"""Every seed kind composed from the data its import saved, written out, and read back by
`duban import`'s parser: the tasks, leaders, departments, items and indicators come back."""

from pathlib import Path

import pytest

from duban.demo.data import load_demo
from duban.ingest.document import parse_bytes, parse_file
from duban.orgs.models import Organization
from duban.plans.models import Task
from duban.publishing.compose import compose
from duban.publishing.models import Publication
from duban.publishing.render import render
from duban.publishing.services import metadata

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"
CASES = [  # seed, bureau, kind, year, period
    ("002", "宣城市宣州区民政局", "task_list", 2023, ""),
    ("000", "宁波市奉化区民政局", "progress_table", 2023, "2023Q3"),
    ("001", "宁波市鄞州区民政局", "summary", 2021, "2021"),
    ("003", "舟山市民政局", "summary", 2023, "2023H1"),
    ("004", "宁波市海曙区民政局", "summary", 2015, "2015"),
]


def _task_fields(task: dict) -> tuple:
    return (
        task["seq"],
        task["section"],
        task["title"],
        task["goal"],
        task["plan_items"],
        task["progress_items"],
    )


def _indicator(found: dict) -> tuple:
    return (found["name"], found["value"], found["unit"], found["kind"], found["comparator"])


@pytest.mark.django_db
def test_each_seed_kind_comes_back_from_word_excel_and_html():
    load_demo()
    for seed, bureau, kind, year, period in CASES:
        org = Organization.objects.get(name=bureau)
        first = parse_file(next(SEEDS.glob(f"{seed}_*.txt"))).contract()
        doc = compose(org, kind, year, period)
        meta = metadata(Publication(organization=org, kind=kind, title=doc.title))
        for fmt in ("docx", "xlsx", "html"):
            again = parse_bytes(f"{seed}.{fmt}", render(fmt, doc, meta).data).contract()
            where = f"seed {seed} as .{fmt}"
            assert (again["kind"], again["year"]) == (first["kind"], first["year"]), where
            assert again["period"] == first["period"], where
            assert len(again["tasks"]) == len(first["tasks"]), where
            for before, after in zip(first["tasks"], again["tasks"], strict=True):
                assert _task_fields(after) == _task_fields(before), where
                people = (after["leaders"], after["departments"])
                if kind != "task_list":  # the progress table names no one
                    assert people == (before["leaders"], before["departments"]), where
                    continue
                # a list names people and departments as the bureau registered them: 各分管领导
                # as every leader by name, 区划地名科 (基层政权…) as 区划地名科
                saved = Task.objects.get(plan__organization=org, parent=None,
                                         title=before["title"], seq=before["seq"])  # fmt: skip
                leaders = [p.name for p in saved.leaders.all()]
                registered = [link.department.name for link in saved.department_links.all()]
                assert people == (leaders, registered), where
            missing = {_indicator(i) for i in first["indicators"]} - {
                _indicator(i) for i in again["indicators"]
            }
            assert not missing, f"{where}: {sorted(missing)[:3]}"


@pytest.mark.django_db
def test_a_composed_task_list_keeps_sections_leaders_and_departments():
    load_demo()
    doc = compose(Organization.objects.get(name="宣城市宣州区民政局"), "task_list", 2023)
    (table,) = doc.tables()
    assert table.header == ["序号", "重点工作事项", "工作目标", "分管领导", "责任科室"]
    assert table.rows[0] == "一、区委十四届六次全会任务"
    assert table.rows[2][1] == "完善办事公开制度,持续加强自治组织、社会组织、志愿者队伍等建设"
    assert table.rows[2][3:] == [
        "周利宏 张文娟",
        "慈善事业促进和社会工作科 宣州区社团和民间组织管理局",
    ]
    assert sum(1 for row in table.rows if isinstance(row, list)) == 32


@pytest.mark.django_db
def test_a_summary_draft_is_grouped_by_business_line_with_figures_and_next_steps():
    load_demo()
    doc = compose(Organization.objects.get(name="舟山市民政局"), "summary", 2023, "2023H1")
    assert doc.title == "舟山市民政局2023年上半年工作总结和下半年工作思路"
    headings = [(b["level"], b["heading"]) for b in doc.blocks if "heading" in b]
    assert (1, "一、2023年上半年工作总结") in headings and (1, "二、下半年工作思路") in headings
    assert (2, "(三)养老服务") in headings and (3, "1.“七优享”工程推进有力") in headings
    text = doc.as_text()
    assert "认知障碍照护专区床位数197张,为目标170张的115.88%" in text
    assert "实施民生福祉增进行动" in text  # the plan for the second half


def test_a_summary_keeps_figures_that_start_a_paragraph():
    from duban.publishing.compose import _without_title

    assert (
        _without_title("8月10日区政府常务会议书面审议", "城乡社区")
        == "8月10日区政府常务会议书面审议"
    )
    assert _without_title("12.5万人次受益", "救助") == "12.5万人次受益"
    said = _without_title("(二)“七优享”工程推进有力。在市专班统一领导下", "“七优享”工程推进有力")
    assert said == "在市专班统一领导下"
