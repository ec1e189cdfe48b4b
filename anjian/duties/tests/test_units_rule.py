"""Responsibility clauses: splitting units, role words, parentheses, carry-forward."""

import pytest

from anjian.duties.parsing import parse_text
from anjian.duties.parsing.units import clean_unit, split_units, units_of


def test_unit_list_is_never_split_inside_parentheses():
    assert split_units("各县(市、区)人民政府、临汾经济开发区管委会") == [
        "各县(市、区)人民政府",
        "临汾经济开发区管委会",
    ]
    assert split_units("各乡（镇）人民政府，县直有关部门") == ["各乡(镇)人民政府", "县直有关部门"]


def test_he_splits_between_whole_unit_names_but_not_inside_a_name():
    assert split_units("市安委会成员单位和各县(市、区)人民政府") == [
        "市安委会成员单位",
        "各县(市、区)人民政府",
    ]
    assert split_units("市应急管理局、市规划和自然资源局") == ["市应急管理局", "市规划和自然资源局"]
    assert split_units("县应急局会同县住建局") == ["县应急局", "县住建局"]


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("交通运输局等部门分工负责", "交通运输局"),
        ("妇联等群团组织分工负责", "妇联"),
        ("县安委会有关成员单位指导督促落实", "县安委会有关成员单位"),
        ("国家金融监督管理总局临汾监管分局指导督促企业落实", "国家金融监督管理总局临汾监管分局"),
        ("市住建局按职责分工负责", "市住建局"),
        ("县应急局(牵头)", "县应急局"),
        ("由县应急局负责", "县应急局"),
        ("各乡镇人民政府负总责", "各乡镇人民政府"),
        (" 治超办 ", "治超办"),
    ],
)
def test_trailing_role_words_are_removed(written, unit):
    assert clean_unit(written) == unit


def test_a_dangling_deng_between_units_is_dropped():
    assert split_units("应急管理局、交通运输局、等部门分工负责") == ["应急管理局", "交通运输局"]


CLAUSES = [
    (
        "加强跟踪问效。(责任单位：各乡(镇)人民政府、县安委会有关成员单位)",
        ["各乡(镇)人民政府", "县安委会有关成员单位"],
    ),
    ("筑牢人民防线。（市安委会有关成员单位负责）", ["市安委会有关成员单位"]),
    (
        "开展检查。(县应急局牵头，县公安局、县交通运输局配合)",
        ["县应急局", "县公安局", "县交通运输局"],
    ),
    ("开展检查。(牵头单位：县应急局；配合单位：县住建局)", ["县应急局", "县住建局"]),
    ("开展检查。（责任领导：张三；责任单位：县应急局；完成时限：6月底前）", ["县应急局"]),
    ("开展检查。\n牵头单位：县应急局；配合单位：县直有关部门", ["县应急局", "县直有关部门"]),
    ("开展检查。【责任单位：县消防救援大队】", ["县消防救援大队"]),
    ("开展检查。(县安委会,安委会有关成员单位分工负责)", ["县安委会", "安委会有关成员单位"]),
]


@pytest.mark.parametrize(("text", "units"), CLAUSES)
def test_responsibility_clauses_in_their_usual_shapes(text, units):
    assert units_of(text).own == units


def test_asides_and_actors_inside_the_text_are_not_units():
    text = "由市安委办印发警示提醒函，建立“四查一倒追”机制(即企业自查、部门排查)，落实到位。"
    assert units_of(text).own == []
    assert units_of("完善校外培训(托管)机构监管。").own == []


def test_carry_forward_clause_adds_units_to_every_later_task():
    text = (
        "一、总体\n"
        "(一)提高站位。加强学习。(市安委会成员单位负责。以下均需各县(市、区)人民政府、"
        "临汾经济开发区管委会负责，不再一一列出)\n"
        "(二)加大宣传。开展宣传。(市安委会有关成员单位负责)\n"
        "二、治本\n"
        "(三)消除隐患。开展整治。\n"
    )
    items = {tuple(i["path"]): i for i in parse_text(text)["items"]}
    assert items[("一", "(一)")]["units"] == ["市安委会成员单位"]
    assert items[("一", "(二)")]["units"] == [
        "市安委会有关成员单位",
        "各县(市、区)人民政府",
        "临汾经济开发区管委会",
    ]
    assert items[("二", "(三)")]["units"] == ["各县(市、区)人民政府", "临汾经济开发区管委会"]
    assert items[("二",)]["units"] == []  # a heading, not a task


def test_xia_tong_carries_the_clause_units_forward_too():
    text = "1.开展检查。(各乡镇人民政府负责，下同)\n2.开展培训。(县人社局负责)\n"
    items = parse_text(text)["items"]
    assert items[0]["units"] == ["各乡镇人民政府"]
    assert items[1]["units"] == ["县人社局", "各乡镇人民政府"]
