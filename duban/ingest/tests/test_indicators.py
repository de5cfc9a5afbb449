"""Indicators read from the seeds, labelled by hand from the seed text (DESIGN.md §5 and
../shared/examples/indicators.md). Each row: a piece of the quote that locates the
figure, value, unit, kind, comparator, value_max, completion_rate."""

from pathlib import Path

import pytest

from duban.ingest.document import parse_file
from duban.ingest.indicators import extract

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "seeds"
A, T, R, G = "actual", "target", "completion_rate", "growth"


def seed(prefix: str):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_file(path)


LABELLED = {
    "000": [
        ("新增认知症照护专区床位100张", 100, "张", T, "=", None, None),
        ("新增持证护理人员100人", 100, "人", T, "=", None, None),
        ("新建家庭养老床位50张", 50, "张", T, "=", None, None),
        ("新建6个认知症照护专区", 6, "个", A, "=", None, None),
        ("新增床位120张", 120, "张", A, "=", None, None),
        ("完成20家标准化老年食堂建设", 20, "家", A, "=", None, None),
        ("2023社工机构培育新增3家", 3, "家", A, "=", None, None),
        ("社工机构培育新增1家", 1, "家", T, "=", None, None),
        ("共计30人前往嘉兴市", 30, "人", A, "=", None, None),
    ],
    "001": [
        ("月最低生活保障标准提高至1005元", 1005, "元/月", A, "=", None, None),
        ("全区在册低保2379户3199人", 2379, "户", A, "=", None, None),
        ("全区在册低保2379户3199人", 3199, "人", A, "=", None, None),
        ("发放低保金3364.3万元", 33643000, "元", A, "=", None, None),
        ("发放供养金966.7万元", 9667000, "元", A, "=", None, None),
        ("临时救助2598人", 2598, "人", A, "=", None, None),
        ("登记在册孤儿16名", 16, "名", A, "=", None, None),
        ("困境儿童343名", 343, "名", A, "=", None, None),
        ("发放物价补贴3次90.9万元", 3, "次", A, "=", None, None),
        ("发放物价补贴3次90.9万元", 909000, "元", A, "=", None, None),
        ("惠及12751人次", 12751, "人次", A, "=", None, None),
        ("社会救助资金6480余万元", 64800000, "元", A, ">=", None, None),
        ("开展探访关爱1.6万余户次", 16000, "户次", A, ">=", None, None),
        ("送达率100%", 100, "%", A, "=", None, None),
        ("开展314个“儿童之家”提升建设", 314, "个", A, "=", None, None),
        ("350多个“微心愿”通过平台实现", 350, "个", A, ">=", None, None),
        ("认知症床位233张", 233, "张", A, "=", None, None),
        ("全区社会养老床位数12146张", 12146, "张", A, "=", None, None),
        ("护理型床位3845张", 3845, "张", A, "=", None, None),
        ("每百位老人拥有社会养老床位数6.07张", 6.07, "张/百位老人", A, "=", None, None),
        ("家院互融服务对象1.5万人", 15000, "人", A, "=", None, None),
        ("全年开展服务超48万人次", 480000, "人次", A, ">=", None, None),
        ("给予每户3000元床位补助", 3000, "元/户", A, "=", None, None),
        ("全年对464户老人家庭开展适老化改造", 464, "户", A, "=", None, None),
        ("全年培训养老护理员1103人次", 1103, "人次", A, "=", None, None),
        ("完成176名新进社工招录", 176, "名", A, "=", None, None),
        ("持有职业资格证书占比76%", 76, "%", A, "=", None, None),
        ("年末全区登记注册和备案的社会组织8141家", 8141, "家", A, "=", None, None),
        ("连续多年保持10%以上增速", 10, "%", G, ">=", None, None),
        ("民办非企业年检686家", 686, "家", A, "=", None, None),
        ("社会团体年检198家", 198, "家", A, "=", None, None),
        ("同比增长32%、9.4%", 32, "%", G, "=", None, None),
        ("同比增长32%、9.4%", 9.4, "%", G, "=", None, None),
        ("离婚劝和成功率36%", 36, "%", A, "=", None, None),
        ("累计发放惠民殡葬补贴594万元", 5940000, "元", A, "=", None, None),
        ("惠及丧户4900余户", 4900, "户", A, ">=", None, None),
        ("全年办理政务审批件2万余件", 20000, "件", A, ">=", None, None),
        # the 2022 plan part: figures there are targets
        ("培训家庭照护者800名以上", 800, "名", T, ">=", None, None),
        ("建设家庭养老床位250张以上", 250, "张", T, ">=", None, None),
        ("居家养老服务满意率达到95%以上", 95, "%", T, ">=", None, None),
        ("周探访率达到100%", 100, "%", T, "=", None, None),
        ("新增持证养老护理员143人以上", 143, "人", T, ">=", None, None),
        ("设立康复室达90%以上", 90, "%", T, ">=", None, None),
        ("占机构床位总数达到60%以上", 60, "%", T, ">=", None, None),
        ("认知障碍症照护区床位113张以上", 113, "张", T, ">=", None, None),
        ("建成18个以上", 18, "个", T, ">=", None, None),
        ("下放至镇(街道)率达50%以上", 50, "%", T, ">=", None, None),
        ("力争形成2个以上的特色项目品牌", 2, "个", T, ">=", None, None),
        ("落实全区1.2万余名残疾人", 12000, "名", T, ">=", None, None),
    ],
    "003": [
        ("梳理重点指标任务76项", 76, "项", A, "=", None, None),
        ("两个专项领域共梳理五年主要指标43项", 43, "项", A, "=", None, None),
        ("细化当年度重大任务19项", 19, "项", A, "=", None, None),
        ("持证养老护理员人数”达24.7人", 24.7, "人/万老年人口", A, "=", None, None),
        ("覆盖率”达86.47%", 86.47, "%", A, "=", None, None),
        ("县级助联体覆盖率”达到100%", 100, "%", A, "=", None, None),
        ("“慈善组织数量”达到34家", 34, "家", A, "=", None, None),
        ("新增9家,完成率180%", 9, "家", A, "=", None, 180),
        ("新增9家,完成率180%", 180, "%", R, "=", None, None),
        ("床位数197张,完成率115.88%", 197, "张", A, "=", None, 115.88),
        ("床位数197张,完成率115.88%", 115.88, "%", R, "=", None, None),
        ("新增持证养老护理员169人,完成率123.36%", 169, "人", A, "=", None, 123.36),
        ("上半年新增7家幸福食堂", 7, "家", A, "=", None, None),
        ("累计建设运营11家", 11, "家", A, "=", None, None),
        ("其中361人通过考试", 361, "人", A, "=", None, None),
        ("排查需整治私墓143座", 143, "座", A, "=", None, None),
        ("已完成整治私墓138座", 138, "座", A, "=", None, None),
        ("完成率96.5%", 96.5, "%", R, "=", None, None),
        ("入围项目37个", 37, "个", A, "=", None, None),
        ("共筹集各类公益资金295万元", 2950000, "元", A, "=", None, None),
        ("社工报考人数2072人", 2072, "人", A, "=", None, None),
        ("同比增长133%", 133, "%", G, "=", None, None),
        # the second-half plan
        ("全年分类打造10家", 10, "家", T, "=", None, None),
        ("打造社区服务综合体9家", 9, "家", T, "=", None, None),
        ("建成4个省级公益性节地生态安葬示范点", 4, "个", T, "=", None, None),
        ("专职社区工作者数常态化保持在18人以上", 18, "人/万社区常住人口", T, ">=", None, None),
        ("专职社区工作者持证比例达47%", 47, "%", T, "=", None, None),
    ],
    "004": [
        ("以丽园、北郊等15个社区", 15, "个", A, "=", None, None),
        ("丽雅三个社区", 3, "个", A, "=", None, None),
        ("社区满意度平均得分为83分", 83, "分", A, "=", None, None),
        ("占参加测评社工总数的55.43%", 55.43, "%", A, "=", None, None),
        ("招录新社工77人", 77, "人", A, "=", None, None),
        ("年检合格242家", 242, "家", A, "=", None, None),
        ("不合格17家", 17, "家", A, "=", None, None),
        ("项目资金超过215万元", 2150000, "元", A, ">=", None, None),
        ("增加养老床位100张", 100, "张", A, "=", None, None),
        ("共对全区1100多户低保家庭", 1100, "户", A, ">=", None, None),
        ("共使我区73608人受灾", 73608, "人", A, "=", None, None),
        ("理赔金额为64.2万元", 642000, "元", A, "=", None, None),
        # 2016 plan
        ("2016年计划创建8-10个", 8, "个", T, "range", 10, None),
        ("2016年培育2-3个社会组织服务项目品牌", 2, "个", T, "range", 3, None),
        ("培育6—8个街道", 6, "个", T, "range", 8, None),
        ("完成全区78个社区对口见学工作", 78, "个", T, "=", None, None),
        ("计划引进民办社会工作服务机构2家", 2, "家", T, "=", None, None),
    ],
}
CASES = [(prefix, *row) for prefix, rows in LABELLED.items() for row in rows]


def test_at_least_sixty_indicators_are_labelled():
    assert len(CASES) >= 60


@pytest.fixture(scope="module")
def seeds():
    return {prefix: seed(prefix) for prefix in LABELLED}


@pytest.mark.parametrize(
    ("prefix", "quote", "value", "unit", "kind", "comparator", "value_max", "rate"), CASES
)
def test_labelled_indicator(seeds, prefix, quote, value, unit, kind, comparator, value_max, rate):
    found = [
        f.indicator
        for f in seeds[prefix].indicators
        if quote in f.indicator.text and f.indicator.value == value and f.indicator.unit == unit
    ]
    assert found, f"no {value}{unit} read from “{quote}”"
    got = [(i.kind, i.comparator, i.value_max, i.completion_rate) for i in found]
    assert (kind, comparator, value_max, rate) in got


# ../shared/examples/indicators.md, case 10 and the "not indicators" rule of DESIGN.md §5
NOT_INDICATORS = [
    ("000", "8月10日区政府常务会议书面审议"),
    ("000", "做好第六批农村社区建设评估工作"),
    ("001", "民政事业“十四五”发展开好局起好步"),
    ("001", "新建中河街道5A级居家养老服务中心"),
    ("001", "以“365全域社区治理路径建设”为主题"),
    ("001", "依托“1+8+X”新时代社会救助体系"),
    ("001", "重点推进三项任务"),
    ("001", "主要实施四个工程"),
    ("001", "成为我区第31支慈善义工大队"),
    ("003", "打造以居家为主体、社区为依托"),
    ("003", "第十一届公益项目创投大赛"),
    ("004", "举办第七个全国防灾减灾日"),
    ("004", "倡导社区全年365天"),
]


@pytest.mark.parametrize(("prefix", "quote"), NOT_INDICATORS)
def test_no_indicator_is_read_from(seeds, prefix, quote):
    doc = seeds.get(prefix) or seed(prefix)
    body = doc.body
    assert quote in body
    start = body.index(quote)
    span = range(start, start + len(quote))
    for found in doc.indicators:
        ind = found.indicator
        text = doc.blocks[found.block].text
        at = body.index(text) + ind.start if text in body else -1
        assert at not in span, f"{ind.value}{ind.unit} read from “{quote}”"


def test_scope_qualifier_is_not_an_indicator():
    got = extract("100张床位以上养老机构设立康复室达90%以上", default_kind=T)
    assert [(i.value, i.unit, i.comparator) for i in got] == [(90, "%", ">=")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("打造科学布局2-3个村(社区)", [(2, "个", T, "range", 3)]),
        ("低保、特困审核确认时限压缩至20个工作日内", [(20, "工作日", T, "<=", None)]),
        ("信息产生或变更之日起20个工作日内公开", []),  # a duty's time limit
        ("报告由总体情况等六个部分组成", []),
        ("落实县委十四届四次全会要求", []),
        (
            "完成投资5.2亿元,占年度计划投资20.2%",
            [(520000000, "元", T, "=", None), (20.2, "%", "completion_rate", "=", None)],
        ),
        ("30家示范型以上居家养老服务照料中心", [(30, "家", T, "=", None)]),
        ("控制在5%以内", [(5, "%", T, "<=", None)]),
        ("接近3000人", [(3000, "人", T, "<=", None)]),
        ("资金达1.2亿元", [(120000000, "元", T, "=", None)]),
        ("共有八十五名", [(85, "名", T, "=", None)]),
        ("两个专项领域", []),
        ("开展“一件事”改革", []),
        ("拨打12345热线", []),
        ("索引号2969675/2022-89554", []),
        ("于2023年8月10日", []),
        ("实施“三个一号”工程", []),
    ],
)
def test_odd_cases(text, expected):
    got = extract(text, default_kind=T)
    assert [(i.value, i.unit, i.kind, i.comparator, i.value_max) for i in got] == expected


def test_got_is_done_and_aiming_is_a_target():
    assert [i.kind for i in extract("争取到了7项省级试点", default_kind=A)] == [A]
    assert [i.kind for i in extract("争取新增7项省级试点", default_kind=A)] == [T]


def test_monthly_and_per_capita_units():
    (standard,) = extract("城市最低生活保障标准为780元/月/人")
    assert (standard.value, standard.unit) == (780, "元/月/人")
    (avg,) = extract("到2023年底,每个城市社区平均拥有社区社会组织不少于10个", default_kind=A)
    assert (avg.value, avg.unit, avg.kind, avg.comparator) == (10, "个/社区", T, ">=")
    assert avg.due_date == "2023-12-31"


def test_chinese_numerals_are_converted_on_the_span_only():
    (count,) = extract("新成立丽景、五江口、丽雅三个社区")
    assert (count.value, count.unit) == (3, "个")
    assert extract("民政事业“十四五”发展,开展“十百千”工程") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("低保标准分别提高到每人每月1050元和980元", [(1050, "元/人·月", A), (980, "元/人·月", A)]),
        ("护理型床位占比达到55.2%,较上年提高3.1个百分点", [(55.2, "%", A), (3.1, "百分点", G)]),
        ("新建照料中心12家,完成年度目标任务的120%", [(12, "家", A), (120, "%", R)]),
        ("到2025年,每千名老年人拥有养老床位数达到35张", [(35, "张/千名老年人", T)]),
        ("全年累计发放低保资金2.35亿元,同比增长5.6%", [(235000000, "元", A), (5.6, "%", G)]),
        ("负面清单事项出具频率降低83.83%", [(-83.83, "%", G)]),
    ],
)
def test_forms_seen_in_other_bureaus_documents(text, expected):
    got = extract(text, default_kind=A)
    assert [(i.value, i.unit, i.kind) for i in got] == expected


def test_a_long_name_is_cut_where_a_phrase_begins_not_mid_phrase():
    """ ")居家养老服务机构无感服务智能终端安装及" was the last 20 characters of its name."""
    from duban.ingest.indicators import _shortened

    cut = _shortened("推进社区居家养老服务中心(居家养老服务机构无感服务智能终端安装及")
    assert cut == "居家养老服务机构无感服务智能终端安装"
    assert _shortened("持证养老护理员") == "持证养老护理员"
    assert len(_shortened("甲" * 30)) == 20
