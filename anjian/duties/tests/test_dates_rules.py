"""Deadlines, recurrences and targets, each phrase on its own."""

import datetime as dt

import pytest

from anjian.duties.parsing.deadlines import Context, deadlines_of
from anjian.duties.parsing.recurrences import recurrences_of
from anjian.duties.parsing.targets import targets_of

CTX = Context(2025, dt.date(2025, 2, 26))


def dates(text: str, ctx: Context = CTX) -> list[str]:
    return [d["date"] for d in deadlines_of(text, ctx)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年底前力争每个村至少建立1处避难场所", ["2025-12-31"]),
        ("6月底前按编制标准配齐执法人员", ["2025-06-30"]),
        ("六月底前完成", ["2025-06-30"]),
        ("2025年6月底前完成", ["2025-06-30"]),
        ("2024 年底前建立健全统计分析机制", []),  # before the notice's year: history
        ("2026年底前完成改造", ["2026-12-31"]),
        ("上半年完成巡查", ["2025-06-30"]),
        ("下半年开展评估", ["2025-12-31"]),
        ("第一季度完成部署", ["2025-03-31"]),
        ("年内基本消除货车非法改装", ["2025-12-31"]),
        ("即日起至4月8日开展专项整治", ["2025-04-08"]),
        ("3月至6月开展百日攻坚", ["2025-06-30"]),
        ("6月30日前报送总结", ["2025-06-30"]),
        ("于2025年10月完成验收", ["2025-10-31"]),
        ("5月中旬前完成", ["2025-05-20"]),
        ("二〇二五年九月三十日前完成", ["2025-09-30"]),
        ("国庆节前开展检查", ["2025-09-30"]),
        ("端午节前完成排查", ["2025-05-30"]),
    ],
)
def test_deadline_phrases(text, expected):
    assert dates(text) == expected


def test_spring_festival_uses_the_next_festival_after_the_notice_date():
    assert dates("春节前完成检查", Context(2025, dt.date(2025, 2, 26))) == ["2026-02-16"]
    assert dates("春节前完成检查", Context(2025, dt.date(2024, 12, 20))) == ["2025-01-28"]
    assert dates("春节前完成检查", Context(2024, None)) == ["2024-02-09"]


@pytest.mark.parametrize(
    "text",
    [
        "全年力争完成60%以上",  # a target, not a deadline
        "国家3年内建成全国应急管理一张网",  # a span of years, not this year
        "年内至少组织开展一次综合性演练",  # a yearly recurrence
        "深入开展岁末年初安全生产专项行动",
        "每年6月底前报送",  # a yearly due date: recurring, not one deadline
        "2025年重点工作任务清单",
        "5.12防灾减灾日",
    ],
)
def test_phrases_that_are_not_deadlines(text):
    assert dates(text) == []


def recurrences(text: str) -> set[tuple[str, int]]:
    return {(r["period"], r["min_count"]) for r in recurrences_of(text)[0]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每月至少召开一次会议", {("month", 1)}),
        ("每月至少召开1次会议", {("month", 1)}),
        ("主要负责人每月至少两次深入基层", {("month", 2)}),
        ("区安委会每季度召开一次全体会议", {("quarter", 1)}),
        ("每季度开展1次督导调研", {("quarter", 1)}),
        ("每半年至少召开1次专题会议", {("half_year", 1)}),
        ("每半年至少召开一次专题会议", {("half_year", 1)}),
        ("每年至少解决1—2项突出问题", {("year", 1)}),
        ("每年至少组织开展三次演练", {("year", 3)}),
        ("一年两次对各乡镇开展评估", {("year", 2)}),
        ("(每月最少一次)", {("month", 1)}),
        ("每周至少检查2次", {("week", 2)}),
        ("年内至少组织开展一次综合性演练、两次专项演练", {("year", 1), ("year", 2)}),
        ("检查频次不少于2次/季度", {("quarter", 2)}),
        ("每十二个月至少1次", set()),  # not one of the periods
    ],
)
def test_recurrence_phrases(text, expected):
    assert recurrences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "3个月之内发生2起以上较大事故",
        "各级政府至少开展1次综合性应急演练",
        "上半年开展一次检查",
        "每个村(社区)至少建立1处应急避难场所",
        "定期召开会议",
    ],
)
def test_phrases_that_are_not_recurrences(text):
    assert recurrences(text) == set()


def targets(text: str) -> set[tuple[float, str]]:
    taken = recurrences_of(text)[1]
    return {(t["value"], t["unit"]) for t in targets_of(text, taken)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("县级应急物资储备库(点)建设覆盖率达到100%", {(100, "%")}),
        ("90%的化工园区达到较低安全风险等级", {(90, "%")}),
        ("全年力争完成60%以上", {(60, "%")}),
        ("至少研究解决 10 项具体问题", {(10, "项")}),
        ("年底前再建成 10 座智能化煤矿", {(10, "座")}),
        ("每个村(社区)至少建立 1 处应急避难场所", {(1, "处")}),
        ("各乡镇至少配备5名工作人员", {(5, "名")}),
        ("检查企业不少于200家", {(200, "家")}),
        ("建成应急物资储备库3座", {(3, "座")}),
        ("重大隐患整改率百分之九十五以上", {(95, "%")}),
        ("培训时间不少于48学时", {(48, "学时")}),
    ],
)
def test_target_phrases(text, expected):
    assert targets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "严格落实主要负责人安全生产责任制规定的 11 项职责",
        "打造无人机 2 小时可抵达的服务圈",
        "完善1个总指挥部和17个专项指挥部",
        "建立一支以综合应急救援队员为主力的队伍",
        "实现“1个率先、9个100%”工作目标",
        "各级政府至少开展 1次综合性应急演练",
        "每年至少解决1—2项制约安全发展的突出问题",  # a recurrence
        "采深大于 600 米煤矿",
    ],
)
def test_numbers_that_are_not_targets(text):
    assert targets(text) == set()
