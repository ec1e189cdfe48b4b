"""Input formats (DOCX, PDF text layer, HTML, TXT in GB18030, UTF-8, UTF-16) and their errors."""

import io
import json

import docx
import pytest

from anjian.duties.parsing import (
    UndecodableFile,
    UnsupportedFormat,
    parse_notice,
)
from anjian.duties.tests import score
from anjian.duties.tests.helpers import GOLD, notice_files
from anjian.duties.tests.pdfgen import make_pdf

NOTICE = (
    "某县人民政府关于做好2025年安全生产工作的通知\n某政发〔2025〕3号\n各乡镇人民政府：\n"
    "一、压实安全责任\n"
    "（一）强化党政领导责任。每季度至少召开1次专题会议，6月底前制定责任清单。"
    "（责任单位：县应急管理局、各乡（镇）人民政府）\n"
    "（二）强化企业主体责任。重大隐患整改率达到100%。（县安委会有关成员单位按职责分工负责）\n"
    "某县人民政府\n2025年3月5日\n"
)


def check_notice(doc: dict) -> None:
    assert doc["title"] == "某县人民政府关于做好2025年安全生产工作的通知"
    assert doc["doc_number"] == "某政发〔2025〕3号"
    assert doc["date"] == "2025-03-05"
    found = {tuple(i["path"]): i for i in doc["items"]}
    assert list(found) == [("一",), ("一", "(一)"), ("一", "(二)")]
    first = found[("一", "(一)")]
    assert first["units"] == ["县应急管理局", "各乡(镇)人民政府"]
    assert [d["date"] for d in first["deadlines"]] == ["2025-06-30"]
    assert [(r["period"], r["min_count"]) for r in first["recurrences"]] == [("quarter", 1)]
    assert found[("一", "(二)")]["units"] == ["县安委会有关成员单位"]


@pytest.mark.parametrize(
    "encoded",
    [
        NOTICE.encode("gb18030"),
        b"\xef\xbb\xbf" + NOTICE.encode("utf-8"),
        NOTICE.encode("utf-8"),
        NOTICE.encode("utf-16"),
        NOTICE.replace("\n", "\r\n").encode("gb18030"),
    ],
    ids=["gb18030", "utf8-bom", "utf8", "utf16-bom", "gb18030-crlf"],
)
def test_text_files_in_the_encodings_notices_come_in(encoded):
    check_notice(parse_notice(encoded, filename="notice.txt"))


def test_a_text_file_by_path(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode("gb18030"))
    doc = parse_notice(path)
    assert doc["file"] == "notice.txt"
    check_notice(doc)


def test_docx_paragraphs_tables_and_word_list_numbers():
    document = docx.Document()
    for line in NOTICE.splitlines()[:4]:
        document.add_paragraph(line)
    for line in NOTICE.splitlines()[4:6]:
        document.add_paragraph(line)
    document.add_paragraph("二、加强应急准备")
    document.add_paragraph("修订应急预案。年底前完成。（县应急管理局负责）", style="List Number")
    document.add_paragraph(
        "组织应急演练。每年至少开展2次。（各乡镇人民政府负责）", style="List Number"
    )
    table = document.add_table(rows=2, cols=4)
    for r, row in enumerate(
        [["序号", "重点任务", "责任单位", "完成时限"], ["1", "排查", "县住建局", "9月底前"]]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for line in NOTICE.splitlines()[6:]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_notice(buffer.getvalue(), filename="notice.docx")
    check_notice({**doc, "items": doc["items"][:3]})
    found = {tuple(i["path"]): i for i in doc["items"]}
    assert found[("二", "1")]["units"] == ["县应急管理局"]
    assert [d["date"] for d in found[("二", "1")]["deadlines"]] == ["2025-12-31"]
    assert [(r["period"], r["min_count"]) for r in found[("二", "2")]["recurrences"]] == [
        ("year", 2)
    ]
    assert found[("二", "2", "1")]["units"] == ["县住建局"]
    assert [d["date"] for d in found[("二", "2", "1")]["deadlines"]] == ["2025-09-30"]


def _wrap(text: str, width: int = 28) -> list[str]:
    lines = []
    for para in text.splitlines():
        line, used = "", 2.0
        for ch in para:
            w = 0.5 if ord(ch) < 0x2000 else 1.0
            if used + w > width:
                lines.append(line)
                line, used = "", 0.0
            line, used = line + ch, used + w
        if line:
            lines.append(line)
    return lines


def test_pdf_text_layer_with_hard_line_breaks():
    lines = _wrap(NOTICE)
    data = make_pdf([lines[:5] + ["- 1 -"], lines[5:] + ["- 2 -"]])
    check_notice(parse_notice(data, filename="notice.pdf"))


def test_the_development_notices_as_hard_wrapped_pdfs_still_meet_the_floors(tmp_path):
    for path in notice_files():
        lines = _wrap(path.read_text(encoding="utf-8"))
        pages = [lines[i : i + 30] + [f"— {i // 30 + 1} —"] for i in range(0, len(lines), 30)]
        doc = parse_notice(make_pdf(pages), filename=f"{path.stem}.pdf")
        (tmp_path / f"{path.stem}.json").write_text(json.dumps(doc, ensure_ascii=False))
    result = score.score(tmp_path, GOLD)
    figures = {field: round(r["f1"], 3) for field, r in result.items()}
    for field in ("items", "tasks", "units", "document"):
        assert result[field]["f1"] >= 0.95, figures
    for field in ("deadlines", "recurrences"):
        assert result[field]["f1"] >= 0.90, figures
    assert result["targets"]["f1"] >= 0.80, figures


HTML = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>某县</title>
<script>var s = "一、不是条目";</script><style>p {{color: red}}</style></head><body>
<div class="top-nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开</div>
<nav><ul><li>一、导航</li></ul></nav>
<table class="meta"><tr><td>发文字号</td><td>某政发〔2025〕3号</td>
<td>成文日期</td><td>2025年03月05日</td></tr></table>
<div class="content"><h1>某县人民政府关于做好2025年安全生产工作的通知</h1>
{body}</div><div id="footer">版权所有 ICP备12345号</div></body></html>"""


def test_html_page_without_scripts_navigation_or_footer():
    body = "".join(f"<p>{line}</p>" for line in NOTICE.splitlines()[2:])
    page = HTML.format(body=body).encode("gb18030")
    doc = parse_notice(page, filename="notice.html")
    check_notice(doc)
    assert all("导航" not in i["text"] and "不是条目" not in i["text"] for i in doc["items"])


def test_html_is_recognised_without_a_file_name():
    body = "".join(f"<p>{line}</p>" for line in NOTICE.splitlines()[2:])
    check_notice(parse_notice(HTML.format(body=body).replace("gb2312", "utf-8").encode()))


def test_a_missing_file_is_named():
    with pytest.raises(FileNotFoundError, match="no such file"):
        parse_notice("/nonexistent/notice.txt")


@pytest.mark.parametrize("name", ["notice.doc", "notice.xlsx", "notice.wps", "photo.jpg"])
def test_unsupported_types_are_refused_with_the_supported_list(name):
    with pytest.raises(UnsupportedFormat, match="supported"):
        parse_notice(b"\xd0\xcf\x11\xe0 binary", filename=name)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\xff\xfe\xfa\x00\x81\x30" * 50 + b"\x80\x80\xff", "notice.txt", "decode"),
        (b"", "notice.txt", "empty"),
        (b"\x00\x01\x02\x03" * 100, "notice.txt", "binary"),
        (b"PK\x03\x04word/ not really a zip", "notice.docx", "DOCX"),
        (b"%PDF-1.7 truncated", "notice.pdf", "PDF"),
        (make_pdf([[]]), "scan.pdf", "no text layer"),
    ],
)
def test_unreadable_files_say_what_is_wrong(data, name, message):
    with pytest.raises(UndecodableFile, match=message):
        parse_notice(data, filename=name)
