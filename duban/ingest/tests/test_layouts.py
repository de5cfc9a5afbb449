"""Tables and lists in the layouts bureaus really publish, read alike from text, .docx,
.xlsx and HTML: one invented fixture per layout and header variant."""

import pytest

from duban.ingest.blueprint import blueprint
from duban.ingest.dates import deadline_on
from duban.ingest.document import parse_bytes, parse_text
from duban.ingest.tests.builders import to_docx, to_html, to_xlsx

FORMATS = {
    "txt": lambda text: text.encode(),
    "docx": to_docx,
    "xlsx": to_xlsx,
    "html": to_html,
}


def _read(text: str, fmt: str):
    return parse_bytes(f"清单.{fmt}", FORMATS[fmt](text))


def _tasks(doc):
    return [(t.seq, t.leaders, t.departments) for t in doc.tasks]


def _figures(doc):
    return [(f.indicator.value, f.indicator.unit, f.indicator.kind) for f in doc.indicators]


PROGRESS_TABLE = """某区2024年民生实事项目进展表
序号 | 项目内容 | 当前进度 | 牵头单位 | 配合单位 | 完成时限
1 | 新建老年食堂 | 已建成8家 | 区民政局 | 各街道 | 2024年9月底
2 | 改造无障碍设施 | 完成方案设计 | 区残联 | 区住建局、区民政局 | 年底前
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_columns_read_by_their_words_in_every_format(fmt):
    doc = _read(PROGRESS_TABLE, fmt)
    assert doc.kind == "progress_table"
    assert _tasks(doc) == [
        ("1", [], ["区民政局", "各街道"]),
        ("2", [], ["区残联", "区住建局", "区民政局"]),
    ]
    assert [c.role for c in doc.columns] == [
        "seq", "title", "progress", "departments", "departments", "deadline",
    ]  # fmt: skip
    assert (8, "家", "actual") in _figures(doc)
    (plan,) = blueprint(doc, 2024)
    assert [t.deadline for t in plan.tasks] == ["2024-09-30", "2024-12-31"]


FIGURE_TABLE = """序号 | 考核指标 | 单 位 | 年度目标 | 已完成数 | 完成比例 | 备注
1 | 城镇新增就业 | 万人 | 1.2 | 0.9 | 75% | 区人社局
 | 失业人员再就业 | 人 | 3000 | 2400 | 80% | 区就业中心
2 | 新增养老床位 | 张 | 200 | 150 | 75% | 区民政局
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_numbered_table_of_figures_with_sub_rows(fmt):
    doc = _read(FIGURE_TABLE, fmt)
    assert doc.kind == "progress_table"
    # the sub-row (no 序号) belongs to row 1: its 单位 joins the row's
    assert _tasks(doc) == [("1", [], ["区人社局", "区就业中心"]), ("2", [], ["区民政局"])]
    figures = _figures(doc)
    assert (12000, "人", "target") in figures and (9000, "人", "actual") in figures  # 万人
    assert (3000, "人", "target") in figures and (80, "%", "completion_rate") in figures
    assert (200, "张", "target") in figures and (150, "张", "actual") in figures
    note = doc.columns[-1]
    assert (note.role, note.by) == ("departments", "cells")  # 备注 holds units' names


def test_a_table_whose_columns_are_separated_by_spaces():
    doc = parse_text(
        "x.txt",
        "某市1-9月重点民生实事落实情况\n"
        "序号 考核指标 单 位 工作目标 已完成数 占年任务之比 备  注\n"
        "1 城镇新增就业 万人 1.5 1.2  80.0% 市人社局\n"
        "2 农村公路提质改造 公里  300 240.5  80.2% 市交通局\n"
        "农村公路安全防护 公里 50 50 100.0%\n"
        "3 改造农村户用厕所2万户以上 15000 9000 60.0% 市农业农村局\n"
        "4 所有乡镇实现卫生院达标 - - -\n"
        "补齐村卫生室空白点 12 12 100.0% 市卫健委\n",
    )
    assert doc.kind == "progress_table"
    assert _tasks(doc) == [
        ("1", [], ["市人社局"]),
        ("2", [], ["市交通局"]),
        ("3", [], ["市农业农村局"]),
        ("4", [], ["市卫健委"]),
    ]
    figures = _figures(doc)
    assert (15000, "人", "target") in figures and (12000, "人", "actual") in figures
    assert (50, "公里", "target") in figures  # the sub-row's own figures
    assert (15000, "户", "target") in figures  # unit from the figure in the title
    assert (20000, "户", "target") in figures  # the title's own figure


def test_a_table_whose_cells_were_glued_together():
    doc = parse_text(
        "x.txt",
        "实事内容工作任务责任单位进展情况\n一季度二季度三季度四季度\n"
        "助餐服务新建10个老年助餐点。区民政局,相关街道1.完成选址; 2.完成3个。1.完成6个。\n"
        "适老改造完成200户家庭适老化改造。区残联目前已完成80户。累计完成150户。\n",
    )
    assert doc.kind == "progress_table"
    assert _tasks(doc) == [(None, [], ["区民政局", "相关街道"]), (None, [], ["区残联"])]


NUMBERED = """附件
2024年政府工作报告重点工作责任分解
一、李明副市长主抓重点工作
1.全力扩大有效投资。全年完成固定资产投资增长8%以上。
责任单位:市发展改革委、市财政局(列第一位者为牵头单位,下同)
2.加快养老服务体系建设。新增养老床位500张。
牵头单位:市民政局
配合单位:市卫健委
二、其他重点工作
(一)推进社区治理创新
牵头负责领导:王强副市长
责任单位:市民政局
"""


@pytest.mark.parametrize("fmt", ["txt", "docx", "html"])
def test_a_task_list_of_numbered_paragraphs(fmt):
    doc = _read(NUMBERED, fmt)
    assert doc.kind == "task_list"
    assert _tasks(doc) == [
        ("1", ["李明"], ["市发展改革委", "市财政局"]),
        ("2", ["李明"], ["市民政局", "市卫健委"]),
        ("(一)", ["王强"], ["市民政局"]),
    ]
    assert doc.tasks[1].section == "李明副市长主抓重点工作"
    assert (500, "张", "target") in _figures(doc)


def test_a_numbered_list_without_who_lines_is_no_task_list():
    doc = parse_text(
        "x.txt",
        "某区民政局2024年工作总结\n全年获得荣誉如下,各项工作取得明显成效,得到上级肯定和群众好评。\n"
        "1.省级社区治理创新试点\n2.全省养老服务示范区\n3.市级先进集体\n",
    )
    assert doc.kind == "summary" and doc.tasks == []


def test_statistics_whose_name_unit_and_value_lost_their_borders():
    doc = parse_text(
        "x.txt",
        "2024年社会服务统计5月份报表\n发布日期:2024-06-18 来源: 计划财务处\n指标名称单位数量\n"
        "一、民政事业费累计支出亿元12.5\n二、乡级行政区划单位\n        镇36\n"
        "最低生活保障人数万人2.4\n最低生活保障平均标准元/人·月1,120.0\n",
    )
    assert doc.kind == "other"
    assert _figures(doc) == [
        (1250000000, "元", "actual"),
        (36, "", "actual"),
        (24000, "人", "actual"),
        (1120, "元/人·月", "actual"),
    ]


def test_the_office_corrects_a_columns_role_for_the_whole_column():
    text = (
        "序号 | 工作事项 | 说明 | 责任单位\n"
        "1 | 新建食堂 | 张三 | 区民政局\n2 | 改造设施 | 李四 | 区残联\n"
    )
    read = parse_bytes("x.txt", text.encode())
    assert [(c.role, c.by) for c in read.columns][2] == ("leaders", "cells")
    corrected = parse_bytes("x.txt", text.encode(), corrected={2: None})
    assert corrected.columns[2].by == "office" and corrected.tasks[0].leaders == []
    as_goal = parse_bytes("x.txt", text.encode(), corrected={2: "goal"})
    assert [t.goal for t in as_goal.tasks] == ["张三", "李四"]


@pytest.mark.parametrize(
    "cell, day",
    [
        ("2024年9月底", "2024-09-30"),
        ("6月底前", "2024-06-30"),
        ("年底前", "2024-12-31"),
        ("三季度", "2024-09-30"),
        ("2024-11-15", "2024-11-15"),
        ("持续推进", None),
        ("2024年13月", None),
        ("", None),
    ],
)
def test_a_deadline_cell_as_a_day(cell, day):
    assert deadline_on(cell, 2024) == day


@pytest.mark.parametrize(
    "text",
    [
        "序号 |\n工作任务 |\n责任单位 |\n完成时限 |\n"
        "1 |\n新建老年食堂 |\n区民政局 |\n2024年9月底 |\n"
        "2 |\n改造无障碍设施 |\n区残联 |\n年底前 |\n",
        "序号\n\n工作任务\n\n责任单位\n\n完成时限\n\n1\n\n新建老年食堂\n\n区民政局\n\n2024年9月底\n\n"
        "2\n\n改造无障碍设施\n\n区残联\n\n年底前\n",
    ],
    ids=["cell-bars", "blank-lines"],
)
def test_a_table_captured_one_cell_per_line(text):
    doc = parse_text("x.txt", "某区2024年重点任务清单\n" + text)
    assert [(t.seq, t.title, t.departments, t.deadline) for t in doc.tasks] == [
        ("1", "新建老年食堂", ["区民政局"], "2024年9月底"),
        ("2", "改造无障碍设施", ["区残联"], "年底前"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_two_row_header_whose_progress_column_spans_the_quarters(fmt):
    text = (
        "序号 | 项目内容 | 进展情况 | 责任单位\n"
        " | | 一季度 | 二季度 | 三季度 |\n"
        "36,37 | 新建社区食堂 | 完成选址 | 开工3家 | 建成5家 | 区民政局\n"
        "4243 | 改造老旧小区 | 完成摸底 | 开工 | 完成60% | 区住建局\n"
    )
    doc = _read(text, fmt)
    assert [(t.seq, t.departments) for t in doc.tasks] == [
        ("36,37", ["区民政局"]),
        ("4243", ["区住建局"]),
    ]
    assert doc.tasks[0].progress_items == ["完成选址 开工3家 建成5家"]


def test_a_figure_restated_later_counts_once_a_list_in_one_sentence_twice():
    doc = parse_text(
        "x.txt",
        "某县重点项目推进情况通报\n一、项目概况。全县重点项目总计62个,其中建设工程23个、产业项目14个。\n"
        "二、推进情况。建设工程23个,达到序时进度18个;产业项目14个,达到序时进度13个。\n",
    )
    values = sorted(f.indicator.value for f in doc.indicators)
    assert values.count(23) == 1 and values.count(14) == 1
    assert 18 in values and 13 in values
