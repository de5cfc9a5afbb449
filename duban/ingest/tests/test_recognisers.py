import pytest

from duban.ingest.document import parse_text
from duban.ingest.header import disclosure_code, read_header
from duban.ingest.tables import split_items, split_names
from duban.ingest.text import UnreadableDocument, decode, split_cells


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "索引号: | 11341703003249426F/202308-00030 | 组配分类: | 决策部署落实情况 |",
            {"index_no": "11341703003249426F/202308-00030", "category": "决策部署落实情况"},
        ),
        ("索引号 2969675/2022-89554", {"index_no": "2969675/2022-89554"}),
        ("索 引 号:370481/2022-00052", {"index_no": "370481/2022-00052"}),
        ("组配分类 计划总结 发布机构 区民政局", {"category": "计划总结", "publisher": "区民政局"}),
        (
            "发布日期: 2022-03-08 09:01 信息来源: 区民政局",
            {"published_on": "2022-03-08", "source": "区民政局"},
        ),
        ("成文日期:2023年8月5日", {"issued_on": "2023-08-05"}),
        (
            "公开方式 | 主动公开 | 公开范围 | 面向全社会 | |",
            {"disclosure_method": "主动公开", "disclosure_scope": "面向全社会"},
        ),
    ],
)
def test_disclosure_header_variants(line, expected):
    assert read_header([line]) == expected


def test_disclosure_code_is_the_part_before_the_slash():
    assert disclosure_code("11330283002980620K/2023-147671") == "11330283002980620K"
    assert disclosure_code("无") is None and disclosure_code(None) is None


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("①甲; ②乙; ③丙。", ["甲", "乙", "丙。"]),
        ("1.开展活动 2.研学营。 3.送达", ["开展活动", "研学营。", "送达"]),
        ("1、摸排 2、整治", ["摸排", "整治"]),
        ("土建工程已完成90%,剩余10%", ["土建工程已完成90%,剩余10%"]),
        ("开展2.5万人次服务", ["开展2.5万人次服务"]),
        ("", []),
    ],
)
def test_numbered_items_in_a_cell(cell, items):
    assert split_items(cell) == items


def test_names_keep_their_parenthesised_alias():
    assert split_names("养老服务科 (儿童福利科) 宣州区社会福利院") == [
        "养老服务科 (儿童福利科)",
        "宣州区社会福利院",
    ]
    assert split_names("周利宏 张文娟") == ["周利宏", "张文娟"]
    assert split_names("社会救助科、社会事务科") == ["社会救助科", "社会事务科"]


def test_page_chrome_glued_to_a_row_is_dropped():
    assert split_cells("7 | 移民 | a | b |首页") == ["7", "移民", "a", "b"]


def test_gbk_and_bom_text_are_read():
    assert decode("索引号".encode("gbk")) == "索引号"
    assert decode("\ufeff索引号".encode()) == "索引号"


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01binary"])
def test_empty_or_binary_input_is_refused_in_one_line(data):
    with pytest.raises(UnreadableDocument) as err:
        decode(data)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("区民政局2023年第三季度重点工作进展表", "2023Q3"),
        ("某局2023年上半年工作总结", "2023H1"),
        ("某局2021年1至9月份工作总结", "2021-09"),
        ("某局2021年工作总结", "2021"),
    ],
)
def test_period_from_the_title(title, period):
    assert parse_text("x.txt", f"{title}\n正文。").period == period


@pytest.mark.parametrize(
    "header",
    [
        "序号 | 工作内容 | 季度安排 | 季度进展 |",
        "序号 | 重点工作事项 | 工作目标 | 分管领导 | 责任科室 |",
        "序号 | 实施内容 | 考核指标 | 牵头单位 | 完成时限 |",
        "序 号 | 任务 | 进展情况 | 责任单位 |",
        "序号 | 工作任务 | 推进落实情况 | 牵头领导 | 责任部门 | 时间节点 |",
    ],
)
def test_task_tables_are_found_by_their_header_names(header):
    text = f"{header}\n1 | 推进养老服务 | 新增床位100张 | 张三 |\n2 | 社会救助 | 按月发放 | 李四 |"
    doc = parse_text("t.txt", text)
    assert [t.seq for t in doc.tasks] == ["1", "2"]
    assert doc.tasks[0].title == "推进养老服务"


def test_header_edges_that_mutants_survived():
    # a line of exactly 200 characters is still a header line; 201 is a paragraph, and
    # the header lines after it are still read
    start = "索引号 001008009005009/2023-191959 "
    padded = start + "x" * (200 - len(start))
    assert len(padded) == 200 and read_header([padded])["index_no"].startswith("001008")
    long_line = "y" * 201
    assert read_header([long_line, "发布机构 市民政局"]) == {"publisher": "市民政局"}
    # three labels on a line: each value ends where the next label begins
    three = read_header(["组配分类 工作计划与总结 发布机构 市民政局 生成日期 2023-12-13"])
    assert three == {
        "category": "工作计划与总结", "publisher": "市民政局", "generated_on": "2023-12-13"
    }  # fmt: skip
    # a value in a table row stops at its cell; a value with a space is kept whole
    assert read_header(["| 发布机构 | 宁波市 奉化区民政局 | 文号 | 无 |"])["publisher"] == (
        "宁波市 奉化区民政局"
    )
    # a date that cannot be read is no date, and the first occurrence of a label wins
    assert "generated_on" not in read_header(["生成日期 去年"])
    assert read_header(["发布机构 甲局", "发布机构 乙局"])["publisher"] == "甲局"
    assert read_header(["发布机构", "发布机构 乙局"])["publisher"] == "乙局"
    assert disclosure_code("11330283002980620K/2023/147671") == "11330283002980620K"
    assert disclosure_code(" 002/2023-1 ") == "002"
