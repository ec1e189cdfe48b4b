"""Labels, numbering, nesting, headings, task flags and the text clean-up that feeds them."""

import pytest

from anjian.duties.parsing import parse_text
from anjian.duties.parsing.cleaning import clean_lines
from anjian.duties.parsing.labels import detect_label


def paths(text: str) -> list[tuple[str, ...]]:
    return [tuple(i["path"]) for i in parse_text(text)["items"]]


def items(text: str) -> dict[tuple[str, ...], dict]:
    return {tuple(i["path"]): i for i in parse_text(text)["items"]}


@pytest.mark.parametrize(
    ("line", "kind", "value", "label"),
    [
        ("一、总体要求", "cn", 1, "一"),
        ("十二、保障措施", "cn", 12, "十二"),
        ("(一)指导思想", "pcn", 1, "(一)"),
        ("(二十一)强化物资保障", "pcn", 21, "(二十一)"),
        ("1.安全生产责任落实行动", "num", 1, "1"),
        ("12、严格考核", "num", 12, "12"),
        ("(38)激励担当作为", "pnum", 38, "(38)"),
        ("3)加强培训", "rnum", 3, "3)"),
        ("①开展排查", "circ", 1, "①"),
        ("⑫开展排查", "circ", 12, "⑫"),
        ("第三条 责任", "article", 3, "第三条"),
        ("3月份", "month", 3, "3月"),
    ],
)
def test_labels_are_detected_with_their_path_text(line, kind, value, label):
    found = detect_label(line)
    assert (found.kind, found.value, found.text) == (kind, value, label)


@pytest.mark.parametrize(
    "line",
    [
        "1.5万吨以上",
        "2025年全县",
        "一是压实责任",
        "5.12防灾减灾日",
        "一、二级标准",
        "(2024—2026年)",
    ],
)
def test_text_that_only_looks_like_a_label(line):
    assert detect_label(line) is None


def test_full_width_labels_are_read_like_ascii_ones():
    lines = [line.text for line in clean_lines("（一）强化学习\n１．各乡镇\n⑴开展\n⒉推进")]
    assert lines == ["(一)强化学习", "1.各乡镇", "(1)开展", "2.推进"]


def test_numbering_runs_on_across_sections():
    text = "一、甲\n(一)子一。\n(二)子二。\n二、乙\n(三)子三。\n(四)子四。\n"
    assert paths(text) == [
        ("一",),
        ("一", "(一)"),
        ("一", "(二)"),
        ("二",),
        ("二", "(三)"),
        ("二", "(四)"),
    ]


def test_numbering_restarts_under_a_new_parent():
    text = "一、甲\n(一)子一。\n(二)子二。\n二、乙\n(一)子三。\n"
    assert ("二", "(一)") in paths(text)


def test_four_levels_and_headings_of_varying_depth():
    text = (
        "一、总体要求\n(一)指导思想。坚持人民至上。\n二、主要任务\n(一)开展八大行动\n"
        "1.责任落实行动。\n(1)树立理念。学习。\n(2)压实责任。落实。\n①细化清单。\n②抓好考核。\n"
        "2.专项治理行动。\n(3)执行标准。总结。\n三、保障措施\n1.组织领导。加强领导。\n"
    )
    assert paths(text) == [
        ("一",),
        ("一", "(一)"),
        ("二",),
        ("二", "(一)"),
        ("二", "(一)", "1"),
        ("二", "(一)", "1", "(1)"),
        ("二", "(一)", "1", "(2)"),
        ("二", "(一)", "1", "(2)", "①"),
        ("二", "(一)", "1", "(2)", "②"),
        ("二", "(一)", "2"),
        ("二", "(一)", "2", "(3)"),
        ("三",),
        ("三", "1"),
    ]


def test_a_number_that_does_not_continue_the_numbering_is_text():
    text = "一、甲\n(一)子一。内容\n3.不是条目，而是正文中的序号。\n(二)子二。\n"
    assert paths(text) == [("一",), ("一", "(一)"), ("一", "(二)")]
    assert "3.不是条目" in items(text)[("一", "(一)")]["text"]


def test_enumerations_and_unnumbered_paragraphs_belong_to_their_item():
    text = "一、甲\n(一)子一。一是压实责任；二是强化考核。\n矿山企业：严格执行规程。\n(二)子二。\n"
    found = items(text)
    assert list(found) == [("一",), ("一", "(一)"), ("一", "(二)")]
    assert "矿山企业" in found[("一", "(一)")]["text"]


def test_preamble_is_not_an_item():
    text = (
        "各乡镇人民政府：\n2025年，全县要坚持人民至上，每月至少召开一次会议。\n一、甲\n(一)子一。\n"
    )
    assert paths(text) == [("一",), ("一", "(一)")]


def test_task_flags_parents_leaves_and_descriptive_leaves():
    text = "一、总体要求\n(一)指导思想。坚持。\n(二)主要目标。达到。\n(三)任务分工。落实。\n"
    flags = {p[-1]: i["is_task"] for p, i in items(text).items()}
    assert flags == {"一": False, "(一)": False, "(二)": False, "(三)": True}


def test_headings_from_heading_lines_and_leading_sentences():
    text = "一、坚守安全理念，狠抓意识提升\n(一)强化学习贯彻\n1.各乡镇要将重要论述作为第一议题学习，严格工作措施，建立落实清单，加强跟踪问效，确保落到实处。\n(二)提高政治站位。把安全生产纳入规划。\n(三)加大宣传引导。开展宣传。\n"  # noqa: E501
    found = items(text)
    assert found[("一",)]["heading"] == "坚守安全理念，狠抓意识提升"
    assert found[("一", "(一)")]["heading"] == "强化学习贯彻"
    assert found[("一", "(一)", "1")]["heading"] is None
    assert found[("一", "(二)")]["heading"] == "提高政治站位"


def test_lines_broken_mid_sentence_are_joined():
    text = (
        "一、甲\n(一)子一。加强跟踪\n\n问效，2025年6\n月底前完成。(责任单\n位：各乡(镇)人民\n"
        "政府、县应急局)\n(二)子二。\n"
    )
    found = items(text)[("一", "(一)")]
    assert found["units"] == ["各乡(镇)人民政府", "县应急局"]
    assert [d["date"] for d in found["deadlines"]] == ["2025-06-30"]


def test_a_label_broken_across_lines_is_mended():
    text = "一、甲\n(一)子一。内容。(\n二)子二。内容。\n"
    assert paths(text) == [("一",), ("一", "(一)"), ("一", "(二)")]


def test_hard_wrapped_pdf_text_keeps_short_headings_apart():
    body = "各乡镇各部门要将安全生产重要论述作为党委第一议题及时跟进学习"
    body += "严格工作措施建立落实清单加强跟踪问效"
    lines = ["一、坚守安全理念", "(一)强化学习贯彻"]
    lines += ["1." + body[:26], body[26:54], body[54:] + "。(责任单位：县应急局)"]
    lines += ["(二)加大宣传力度", "2." + body[:26], body[26:] + "。"]
    lines += [body[:28]] * 6  # a page of full lines sets the wrap width
    found = items("\n".join(lines))
    assert list(found)[:5] == [
        ("一",),
        ("一", "(一)"),
        ("一", "(一)", "1"),
        ("一", "(二)"),
        ("一", "(二)", "2"),
    ]
    assert found[("一", "(一)", "1")]["units"] == ["县应急局"]


def test_page_chrome_and_markdown_marks_are_removed():
    text = (
        "中国政府网 | 山西省政府 | 长治市政府 今天是\n当前位置:首页 > 政务公开 > 政府文件\n"
        "字体大小:【大】 【中】 【小】\n保存为word 打印 关闭\n## **一、总体要求**\n"
        "[bookmark: _GoBack](一)指导思想。坚持。\n- 2 -\n第 2 页 共 5 页\n(二)主要目标。实现。\n"
        "扫一扫在手机上查看当前页面\n"
    )
    lines = [line.text for line in clean_lines(text)]
    assert lines == ["一、总体要求", "(一)指导思想。坚持。", "(二)主要目标。实现。"]


def test_running_heads_at_page_edges_are_removed_but_repeated_clauses_are_kept():
    page = ["某县人民政府文件", "(责任单位：县应急局)", "正文内容。", "— {} —"]
    text = "\n".join(line.format(n) for n in range(1, 4) for line in page)
    lines = [line.text for line in clean_lines(text, pdf=True)]
    assert "某县人民政府文件" not in lines
    assert lines.count("(责任单位：县应急局)") == 3


def test_ascii_punctuation_is_read_as_chinese_punctuation():
    text = "一、甲\n(一)子一.开展检查,加强监管;落实责任.(责任单位:县应急局,县住建局)\n"
    found = items(text)[("一", "(一)")]
    assert found["heading"] == "子一"
    assert found["units"] == ["县应急局", "县住建局"]


def test_signature_and_copy_list_stay_out_of_the_last_item():
    text = (
        "一、甲\n(一)子一。内容。(县应急局负责)\n(此件公开发布)\n抄送:市委,市人大常委会,\n新闻单位。\n"
        "某县人民政府办公室\n2025年1月27日印发\n"
    )
    found = items(text)[("一", "(一)")]
    assert "抄送" not in found["text"] and "新闻单位" not in found["text"]


def test_attachment_lists_are_not_items_but_an_attached_plan_is():
    text = (
        "一、要求\n(一)高度重视。落实。\n(二)严格考核。考核。\n附件:1.2025年重点任务分工表\n2.联系人名单\n"
        "某县人民政府\n2025年3月1日\n附件1\n某县安全生产行动方案\n一、总体要求\n(一)指导思想。坚持。\n"
    )
    assert paths(text) == [
        ("一",),
        ("一", "(一)"),
        ("一", "(二)"),
        ("一",),
        ("一", "(一)"),
    ]


def test_task_tables_become_items_with_units_and_deadlines():
    text = (
        "某县2025年安全生产重点任务分工表\n"
        "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |\n|---|---|---|---|---|\n"
        "| 1 | 开展大检查，检查企业不少于200家 | 县应急管理局 | 各乡镇人民政府 | 3月底前 |\n"
        "| 2 | 每月开展消防检查 | 县消防救援大队 | | 每月 |\n"
    )
    found = items(text)
    assert found[("1",)]["units"] == ["县应急管理局", "各乡镇人民政府"]
    assert [d["date"] for d in found[("1",)]["deadlines"]] == ["2025-03-31"]
    assert [(t["value"], t["unit"]) for t in found[("1",)]["targets"]] == [(200, "家")]
    assert [(r["period"], r["min_count"]) for r in found[("2",)]["recurrences"]] == [("month", 1)]


def test_tables_of_tasks_by_month_give_one_item_per_month():
    text = (
        "某镇2025年安全生产月度工作安排\n| 月份 | 工作内容 | 责任单位 |\n"
        "| 1月 | 开展节前安全检查 | 镇应急办 |\n| 2月 | 组织复工复产培训 | 镇应急办、镇经发办 |\n"
    )
    found = items(text)
    assert list(found) == [("1月",), ("2月",)]
    assert found[("2月",)]["units"] == ["镇应急办", "镇经发办"]
    assert [d["date"] for d in found[("2月",)]["deadlines"]] == ["2025-02-28"]
    assert all(i["is_task"] for i in found.values())


def test_month_headings_in_text_group_the_tasks_under_them():
    text = "1月份\n1.开展检查。(县应急局负责)\n2.开展培训。\n2月份\n1.开展演练。\n"
    assert paths(text) == [("1月",), ("1月", "1"), ("1月", "2"), ("2月",), ("2月", "1")]
