from duban.ingest.meaning import INCREASE, RATE, STOCK, meaning

SENTENCE = "6个试点镇街审批低边对象107人、特困对象60人、低保对象295人、临时救助2148人次"


def test_figures_are_stocks_increases_or_rates():
    assert meaning("低保对象", "人", SENTENCE) == INCREASE  # approved in six towns
    assert meaning("在册低保", "人", "截至年底,全区在册低保2379户3199人") == STOCK
    assert meaning("新增养老床位", "张", "新增养老床位100张") == INCREASE
    assert meaning("养老床位", "张", "新增养老床位100张,全区养老床位达12146张") == STOCK
    assert meaning("助餐服务覆盖率", "%") == RATE
    assert meaning("护理型床位占比", "") == RATE
    assert meaning("持证养老护理员", "人", "全区持证养老护理员达1200人") == STOCK
