"""The disclosure header, title and kind in the shapes bureaus' pages print them (invented
fixtures, one per shape)."""

import pytest

from duban.ingest.document import parse_text
from duban.ingest.header import read_header

BODY = (
    "2024年,我局紧紧围绕民政事业高质量发展目标,全年新增养老床位120张,"
    "发放城乡低保金3200万元,各项工作取得明显成效,群众满意度持续提升。"
)


def test_labels_with_spaces_stop_at_labels_duban_does_not_keep():
    header = read_header(
        [
            "索 引 号: 1133000/2024-00012 信息分类: 民政,",
            "发布机构 区民政局 文    号 区民发〔2024〕3号",
            "分   类 政务公开 有 效 性 有效",
        ]
    )
    assert header["index_no"] == "1133000/2024-00012"
    assert header["publisher"] == "区民政局"
    assert header["doc_no"] == "区民发〔2024〕3号"
    assert "category" in header and "分类" not in header.values()


def test_a_label_alone_on_its_line_takes_the_next_line():
    header = read_header(
        [
            "• 信息索引号:",
            "1133000/2024-00099",
            "• 公开方式:",
            "主动公开",
            "• 发布单位:",
            "县民政局",
        ]
    )
    assert header == {
        "index_no": "1133000/2024-00099",
        "disclosure_method": "主动公开",
        "publisher": "县民政局",
    }


def test_an_empty_label_does_not_take_the_next_label_as_its_value():
    header = read_header(["成文日期: | |||", "发布日期: | 2024-03-08 | ||", "索取号:", "公开方式:"])
    assert header == {"published_on": "2024-03-08"}


@pytest.mark.parametrize(
    "line, publisher",
    [
        ("来源:县民政局 发布时间:2024-05-06 10:01 浏览次数:", "县民政局"),
        ("发表时间:2024-05-06 14:34 信息来源:民生办 作者:民生办 初审:张三", "民生办"),
        ("来源: 【字体:大 中 小】", None),  # an empty 来源 is no publisher
    ],
)
def test_the_source_is_the_publisher_when_nothing_better_is_printed(line, publisher):
    doc = parse_text("x.txt", f"某县民政工作情况通报\n{line}\n{BODY}")
    assert doc.publisher == publisher


def test_the_publishing_body_wins_over_the_source_and_the_posting_date_over_the_issuing():
    doc = parse_text(
        "x.txt",
        "索引号: 0216/2024-001 公开方式: 主动公开\n"
        "文号: 县政办发〔2024〕7号 成文日期: 2024-06-26\n"
        "发布单位: 县政府办 有效性: 有效\n"
        "县人民政府办公室关于印发养老服务实施办法的通知\n"
        "发布时间:2024-07-05 17:10\n"
        "信息来源:县政府\n" + BODY,
    )
    assert (doc.publisher, doc.date, doc.index_no) == ("县政府办", "2024-07-05", "0216/2024-001")
    assert doc.title == "县人民政府办公室关于印发养老服务实施办法的通知"
    assert doc.kind == "other"


def test_a_posting_date_and_time_under_a_title_printed_twice():
    doc = parse_text(
        "x.txt",
        "区政府办公室关于印发重点任务责任分解方案的通知\n"
        "区政府办公室关于印发重点任务责任分解方案的通知\n"
        "2024-01-05 10:00 区政府办公室\n"
        "索 引 号 MB0001/2024-00001 发文日期 2024-01-03\n" + BODY,
    )
    assert doc.title == "区政府办公室关于印发重点任务责任分解方案的通知"
    assert doc.date == "2024-01-05"


def test_publisher_and_date_from_the_signature_when_the_page_has_no_header():
    doc = parse_text(
        "x.txt",
        "各区县民政局,局机关各处室:\n现将有关事项通知如下,请认真贯彻执行。\n"
        "某市民政局办公室\n2024年3月28日\n" + BODY,
    )
    assert (doc.publisher, doc.date) == ("某市民政局办公室", "2024-03-28")
    assert doc.title is None  # the page starts with the addressees: no title printed


def test_the_title_is_the_line_above_the_header_never_the_breadcrumb():
    doc = parse_text(
        "x.txt",
        "当前位置:\n首页\n>政务公开>统计信息\n2024年社会服务统计5月份报表\n"
        "发布日期:2024-06-18 16:54 来源: 计划财务处\n" + BODY,
    )
    assert doc.title == "2024年社会服务统计5月份报表"
    assert (doc.publisher, doc.date, doc.kind) == ("计划财务处", "2024-06-18", "other")


def test_a_notice_title_above_its_addressees():
    doc = parse_text(
        "x.txt", "某市民政局关于印发2024年养老服务工作要点的通知 |\n各县区民政局:\n" + BODY
    )
    assert doc.title == "某市民政局关于印发2024年养老服务工作要点的通知"
    assert doc.kind == "summary"


@pytest.mark.parametrize(
    "title, kind",
    [
        ("某县1-4月份重点项目推进情况督查通报", "other"),
        ("关于印发《某市“十五五”民政事业发展规划》的通知", "summary"),  # what it issues
        ("某区民政局2024年政府信息公开工作年度报告", "other"),
        ("民政民生实事有序推进", "summary"),  # news prose about the work done
    ],
)
def test_the_kind_of_a_document_without_tasks(title, kind):
    doc = parse_text("x.txt", f"{title}\n发布时间:2024-07-06 10:01\n{BODY}\n{BODY}")
    assert doc.kind == kind


def test_prose_without_a_title_is_a_summary_unless_it_is_a_disclosure_report():
    assert parse_text("x.txt", f"{BODY}\n{BODY}").kind == "summary"
    report = "本报告依据《中华人民共和国政府信息公开条例》编制,是本局政府信息公开工作年度报告。"
    assert parse_text("x.txt", f"{report}\n{BODY}\n{BODY}").kind == "other"
