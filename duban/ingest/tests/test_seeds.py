"""The seeds read by hand: what each document holds, written out here from reading it."""

from pathlib import Path

import pytest

from duban.ingest.document import parse_file

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"


def seed(prefix: str):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_file(path)


@pytest.mark.parametrize(
    ("prefix", "kind", "title", "publisher", "date", "index_no", "year", "period"),
    [
        (
            "000",
            "progress_table",
            "区民政局2023年第三季度重点工作进展表",
            "区民政局",
            "2023-11-06",
            "11330283002980620K/2023-147671",
            2023,
            "2023Q3",
        ),
        (
            "001",
            "summary",
            "鄞州区民政局2021年工作总结和2022年工作思路",
            "区民政局",
            "2022-03-08",
            "2969675/2022-89554",
            2021,
            "2021",
        ),
        (
            "002",
            "task_list",
            "2023年区民政局重点工作任务一清单",
            "宣州区民政局",
            "2023-08-28",
            "11341703003249426F/202308-00030",
            2023,
            "2023",
        ),
        (
            "003",
            "summary",
            "舟山市民政局2023年上半年工作总结和下半年工作思路",
            "市民政局",
            "2023-12-13",
            "001008009005009/2023-191959",
            2023,
            "2023H1",
        ),
        ("004", "summary", None, "区民政局", "2016-01-06", "002943993/2016-61430", 2015, "2015"),
    ],
)
def test_each_seed_is_recognised(prefix, kind, title, publisher, date, index_no, year, period):
    doc = seed(prefix)
    assert (doc.kind, doc.title, doc.publisher, doc.date) == (kind, title, publisher, date)
    assert (doc.index_no, doc.year, doc.period) == (index_no, year, period)


def test_seed_000_pairs_each_tasks_plan_with_its_progress():
    doc = seed("000")
    assert [t.seq for t in doc.tasks] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [len(t.plan_items) for t in doc.tasks] == [6, 6, 5, 5, 4, 7, 2]
    assert [len(t.progress_items) for t in doc.tasks] == [5, 4, 5, 5, 4, 6, 2]
    first = doc.tasks[0]
    assert first.title == "城乡社区 “共建” “共治”"
    assert first.plan_items[0] == "完成社区规划布局方案修改、评审和发布。"
    assert first.progress_items[0].startswith("8月10日区政府常务会议书面审议")
    assert doc.tasks[1].plan_items[1] == "“奉爱润童”暑期研学营。"
    assert doc.tasks[6].progress_items[1].endswith("上报相关数据和材料。")  # 首页 dropped
    assert [t.business_line for t in doc.tasks] == [
        "社区治理",
        "儿童福利与未成年人保护",
        "婚姻登记与婚俗改革",
        "社会组织",
        "社会工作",
        "养老服务",
        "移民安置",
    ]


def test_seed_002_keeps_sections_skipped_numbers_and_cells_on_later_lines():
    doc = seed("002")
    assert len(doc.tasks) == 32
    sections = list(dict.fromkeys(t.section for t in doc.tasks))
    assert sections == [
        "区委十四届六次全会任务",
        "区委、区政府重点工作",
        "市民政局重点工作任务",
        "省民政厅特色工作任务",
        "全省民政年度重点工作推进会工作任务",
        "“争先创优”工作目标",
    ]
    third = [t.seq for t in doc.tasks if t.section == "市民政局重点工作任务"]
    assert third == ["1", "2", "3", "4", "5", "6", "8", "9", "10", "11", "12", "13"]
    second = doc.tasks[1]
    assert second.leaders == ["周利宏", "张文娟"]
    assert second.departments == ["慈善事业促进和社会工作科", "宣州区社团和民间组织管理局"]
    assert second.goal.startswith("1.加强志愿服务工作。")
    fourth_of_two = doc.tasks[7]
    assert fourth_of_two.leaders == ["刘谋瑜", "谭朝晖"]
    assert fourth_of_two.departments == ["养老服务科 (儿童福利科)", "宣州区社会福利院"]
    assert doc.tasks[0].departments == ["区划地名科 (基层政权建设和社区治理科)"]
    assert doc.tasks[-1].leaders == ["各分管领导"] and doc.tasks[-1].departments == ["各科室"]
    leaders = {name for t in doc.tasks for name in t.leaders}
    assert leaders == {"张文娟", "周利宏", "刘谋瑜", "谭朝晖", "各分管领导"}


def test_narrative_seeds_have_no_task_table():
    for prefix in ("001", "003", "004"):
        assert seed(prefix).tasks == []


def test_the_contract_has_exactly_the_designed_fields():
    data = seed("000").contract()
    assert set(data) == {
        "source",
        "kind",
        "title",
        "publisher",
        "date",
        "index_no",
        "year",
        "period",
        "tasks",
        "indicators",
    }
    assert set(data["tasks"][0]) == {
        "seq",
        "section",
        "title",
        "goal",
        "plan_items",
        "progress_items",
        "leaders",
        "departments",
        "business_line",
    }


def test_summaries_are_read_as_parts_and_numbered_sections():
    yinzhou = seed("001")
    assert [(p.kind, p.title, p.period) for p in yinzhou.parts] == [
        ("summary", "2021年工作总结", "2021"),
        ("plan", "2022年工作思路", "2022"),
    ]
    summary = [s for s in yinzhou.sections if s.part == 0]
    assert [(s.seq, s.level) for s in summary] == [(n, 2) for n in "一二三四五六"]
    assert summary[0].title == "兜牢兜好兜准基本民生保障底线,绘就共同富裕“同心圆”"
    assert summary[0].points == 3  # 一是 二是 三是
    assert [s.business_line for s in summary[:2]] == ["社会救助", "养老服务"]
    haishu = seed("004")
    assert [(p.kind, p.period) for p in haishu.parts] == [("summary", "2015"), ("plan", "2016")]
    top = [s.title for s in haishu.sections if s.level == 1 and s.part == 0]
    assert top == [
        "社区建设工作深入推进",
        "社会组织有序发展",
        "养老服务工作不断深化",
        "社会救助工作扎实开展",
    ]
    firsts = [s for s in haishu.sections if s.level == 3 and s.part == 0][:2]
    assert [(s.seq, s.title) for s in firsts] == [
        ("1", "构建“三社联动”,推进品牌建设"),
        ("2", "深化民主协商、加强居民自治"),
    ]
    zhoushan = seed("003")
    assert [(p.kind, p.period) for p in zhoushan.parts] == [
        ("summary", "2023H1"),
        ("plan", "2023H2"),
    ]
