"""The task-table reader's edges, one per way a bureau's table is printed: a header
without 序号, rows that continue on the next line, a header repeated on a new page, a
note before the first row, the paragraph that ends the table."""

import pytest

from duban.ingest.blocks import Block
from duban.ingest.tables import header_roles, read_task_table, split_items, split_names

HEADER = ["序号", "工作内容", "工作目标", "责任科室"]


def row(*cells):
    return Block.row(list(cells))


def para(text):
    return Block("paragraph", text)


@pytest.mark.parametrize(
    ("cells", "roles"),
    [
        # 序号 and a title column are enough
        (["序号", "工作内容"], ["seq", "title"]),
        # without 序号 a title needs two more known columns (three in all) ...
        (["工作任务", "工作目标", "责任科室"], ["title", "goal", "departments"]),
        # ... one more is not enough: a two-column note table is not a task table
        (["工作任务", "责任科室"], None),
        (["工作任务", "备注", "责任科室"], None),
        # spaces inside a header name do not matter
        (["序 号", "工作 内容"], ["seq", "title"]),
        # no title column, no table
        (["序号", "工作目标", "责任科室", "分管领导"], None),
    ],
)
def test_header_roles(cells, roles):
    assert header_roles(cells) == roles


def test_the_table_starts_at_its_header_and_ends_at_the_first_paragraph_after_a_row():
    blocks = [
        row("9", "表前的一行"),  # before the header: not a row of the table
        row(*HEADER),
        para("(注:按序号排列)"),  # a note before the first row: skipped, not the end
        row("1", "养老服务", "新增床位100张", "养老服务科"),
        row("2", "社会救助", "低保应保尽保", "社会救助科"),
        para("抄送:市民政局"),
        row("3", "不是这张表的行", "", ""),
    ]
    table = read_task_table(blocks)
    assert (table.start, table.end) == (1, 5)  # the block indexes of the header and the end
    assert [(r.seq, r.cells["title"]) for r in table.rows] == [("1", "养老服务"), ("2", "社会救助")]


def test_a_table_that_runs_to_the_last_block_ends_there():
    blocks = [row(*HEADER), row("1", "养老服务", "新增床位100张", "养老服务科")]
    table = read_task_table(blocks)
    assert (table.start, table.end) == (0, 2)


def test_no_header_no_table():
    assert read_task_table([para("工作总结"), row("1", "养老服务")]) is None


def test_rows_before_a_numbered_row_and_a_section_heading():
    blocks = [
        row(*HEADER),
        row("", "无序号的说明行", "", ""),  # nothing pending yet: not a row of the table
        row("一、区委全会任务"),
        row("1", "养老服务", "新增床位100张", "养老服务科"),
    ]
    table = read_task_table(blocks)
    assert len(table.rows) == 1
    assert table.rows[0].section == "区委全会任务"
    assert table.rows[0].seq == "1"


def test_a_row_before_any_section_has_no_section_and_a_row_without_seq_column_has_none():
    table = read_task_table([row(*HEADER), row("1", "养老服务", "床位", "养老服务科")])
    assert table.rows[0].section is None
    table = read_task_table([row("工作任务", "工作目标", "责任科室"), row("7", "养老服务", "床位")])
    # the first cell is read as the row's number only when the header has a 序号 column
    assert table.rows[0].seq is None
    assert table.rows[0].cells == {"title": "7", "goal": "养老服务", "departments": "床位"}


def test_a_row_of_two_cells_is_a_row():
    table = read_task_table([row("序号", "工作内容"), row("1", "养老服务")])
    assert [(r.seq, r.cells) for r in table.rows] == [("1", {"title": "养老服务"})]


def test_cells_of_a_row_printed_on_the_next_line_join_it():
    blocks = [
        row(*HEADER),
        row("1", "养老服务"),  # the row broke after its second cell
        row("新增床位100张", "养老服务科"),
    ]
    table = read_task_table(blocks)
    assert table.rows[0].cells == {
        "title": "养老服务",
        "goal": "新增床位100张",
        "departments": "养老服务科",
    }


def test_a_line_after_a_full_row_continues_its_last_cell():
    blocks = [
        row(*HEADER),
        row("1", "养老服务", "新增床位100张", "养老服务科"),
        row("社会福利院", "(儿童福利科)"),
        row("2", "社会救助", "低保应保尽保", "社会救助科"),
    ]
    table = read_task_table(blocks)
    first = table.rows[0].cells
    assert first["departments"] == "养老服务科 社会福利院 (儿童福利科)"
    assert first["goal"] == "新增床位100张"
    assert len(table.rows) == 2


def test_a_row_longer_than_the_header_keeps_the_cells_it_has_roles_for():
    table = read_task_table([row("序号", "工作内容"), row("1", "养老服务", "多出来的一格")])
    assert table.rows[0].cells == {"title": "养老服务"}


def test_a_header_repeated_on_a_new_page_is_not_a_row_nor_part_of_one():
    blocks = [
        row(*HEADER),
        row("1", "养老服务", "新增床位100张", "养老服务科"),
        row(*HEADER),
        row("2", "社会救助", "低保应保尽保", "社会救助科"),
    ]
    table = read_task_table(blocks)
    assert [r.seq for r in table.rows] == ["1", "2"]
    assert table.rows[0].cells["departments"] == "养老服务科"


def test_a_numbered_row_that_looks_like_the_header_is_a_row():
    # a row whose title cell happens to read 工作内容: its number makes it a row
    table = read_task_table([row("序号", "工作内容"), row("1", "工作内容")])
    assert [r.cells for r in table.rows] == [{"title": "工作内容"}]


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("①配备X;②采购DR", ["配备X", "采购DR"]),
        ("1. 配备X;2. 新建养老院;", ["配备X", "新建养老院"]),
        ("1、养老;2、救助;", ["养老", "救助"]),
    ],
)
def test_numbered_items_lose_their_separators_only(cell, items):
    assert split_items(cell) == items


def test_a_name_broken_over_lines_reads_as_one_name():
    assert split_names("养老服务科\n (儿童福利科)") == ["养老服务科 (儿童福利科)"]
