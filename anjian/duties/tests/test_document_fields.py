"""Title, 文号, issuer, date and year from the head, a web page's metadata and the signature."""

from anjian.duties.parsing import parse_text


def fields(text: str) -> dict:
    doc = parse_text(text)
    return {k: doc[k] for k in ("title", "doc_number", "issuer", "date", "year")}


def test_fields_from_a_plain_head_and_signature():
    text = (
        "天镇县人民政府关于做好2025年安全生产工作的通知\n天政发〔2025〕1号\n各乡镇人民政府:\n"
        "一、总体要求\n(一)指导思想。坚持。\n天镇县人民政府\n2025年2月26日\n"
    )
    assert fields(text) == {
        "title": "天镇县人民政府关于做好2025年安全生产工作的通知",
        "doc_number": "天政发〔2025〕1号",
        "issuer": "天镇县人民政府",
        "date": "2025-02-26",
        "year": 2025,
    }


def test_a_title_over_three_lines_and_a_plan_year_range():
    text = (
        "铜政发〔2024〕13号\n\n鄂尔多斯市东胜区铜川镇人民政府关于\n印发《铜川镇安全生产治本攻坚三年\n"
        "行动方案（2024—2026年）》的通知\n各村：\n现将方案印发给你们。\n"
        "鄂尔多斯市东胜区铜川镇人民政府\n2024年4月10日\n一、总体要求\n"
    )
    found = fields(text)
    assert found["title"] == (
        "鄂尔多斯市东胜区铜川镇人民政府关于印发《铜川镇安全生产治本攻坚三年行动方案(2024—2026年)》的通知"
    )
    assert found["issuer"] == "鄂尔多斯市东胜区铜川镇人民政府"
    assert (found["date"], found["year"]) == ("2024-04-10", 2024)


def test_fields_from_a_web_page_metadata_table():
    text = (
        "当前位置:首页 > 政务公开\n索引号01236931-5/2020-05866\n"
        "发文字号潞城政发〔2020〕1号 发文时间2020-02-18\n"
        "发文机关长治市潞城区人民政府 主题词2020年安全生产\n"
        "标题长治市潞城区人民政府关于做好2020年安全生产工作的通知\n"
        "一、压实责任\n"
    )
    assert fields(text) == {
        "title": "长治市潞城区人民政府关于做好2020年安全生产工作的通知",
        "doc_number": "潞城政发〔2020〕1号",
        "issuer": "长治市潞城区人民政府",
        "date": "2020-02-18",
        "year": 2020,
    }


def test_red_header_issuer_brackets_and_a_printing_date():
    text = (
        "XX市人民政府办公室文件\n市政办发[2023]12号\n关于进一步加强安全生产工作的通知\n各县区：\n"
        "一、要求\n(此件公开发布)\n抄送:市委。\nXX市人民政府办公室 2023年5月6日印发\n"
    )
    found = fields(text)
    assert found["title"] == "关于进一步加强安全生产工作的通知"
    assert found["doc_number"] == "市政办发〔2023〕12号"
    assert found["issuer"] == "XX市人民政府办公室"
    assert (found["date"], found["year"]) == ("2023-05-06", 2023)


def test_a_date_in_chinese_numerals():
    text = "关于做好安全生产工作的通知\n一、要求\n某县人民政府\n二〇二五年二月二十六日\n"
    assert fields(text)["date"] == "2025-02-26"


def test_the_year_comes_from_the_title_before_the_issue_date():
    text = "某县关于做好2025年安全生产工作的通知\n一、要求\n某县人民政府\n2024年12月28日\n"
    assert fields(text)["year"] == 2025
