"""Document fields: title, document number (文号), issuer, date and year, from the head,
the metadata table of a web page, and the signature."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleaning import Line, ends_sentence
from .dates import NUMERIC_DATE, parse_date
from .paragraphs import DATE_LINE, ORG_LINE

META_KEYS = [
    "索引号", "发文字号", "文号", "发文机关", "发布机构", "发文单位", "成文日期", "发文日期",
    "发文时间", "发布日期", "印发日期", "生效日期", "主题词", "主题分类", "标题", "文件名称",
    "发布文号", "文件编号", "成文时间", "发布单位", "概述", "信息分类", "公开日期",
    "有效性", "信息来源", "公开方式", "公开范围", "效力状态", "体裁分类", "所属主题", "发布时间",
]  # fmt: skip
_META = re.compile("|".join(sorted(META_KEYS, key=len, reverse=True)))
DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12})\s*[〔\[(【［]\s*(?P<year>(?:19|20)\d{2})\s*[〕\])】］]"
    r"\s*第?\s*(?P<n>\d{1,4})\s*号"
)
TITLE_END = re.compile(
    r"(?:通知|意见|方案|决定|办法|规划|要点|安排|计划|报告|批复|通报|公告|规定|细则|清单|函|纲要|措施|指南"
    r"|任务表|分工表|台账)"
    r"(?:\((?:\d{4}[-—–~至]\d{4}年?|\d{4}年?|试行|修订稿?|征求意见稿)\))?$"
)
ORG_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|委员会|安委会|管委会|局|厅|委|办|党委|中心|指挥部|街道办事处)$"
)
_NOT_TITLE_START = ("现将", "为", "根据", "按照", "各", "经", "本", "附件", "抄送")


@dataclass
class DocumentFields:
    """The notice's own fields, as the interchange format names them."""

    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    year: int | None = None


def metadata(lines: list[Line]) -> dict[str, str]:
    """Key-value pairs of a web page's metadata table (发文字号…, 发文机关…, 标题…)."""
    found: dict[str, str] = {}
    for line in lines[:80]:
        text = re.sub(r"^【([^】]{2,6})】", r"\1：", line.text.strip("|"))
        if not _META.match(text):
            continue
        keys = list(_META.finditer(text))
        for key, nxt in zip(keys, [*keys[1:], None], strict=True):
            value = text[key.end() : nxt.start() if nxt else len(text)].strip("：:|；; ")
            if value and key.group() not in found:
                found[key.group()] = value
    return found


def _doc_number(m: re.Match) -> str:
    prefix = m["prefix"]
    for cut in ("文件", "字号", "文号", "号", "通知", "意见", "方案", "要点", "的"):
        if cut in prefix:
            prefix = prefix.rsplit(cut, 1)[1]
    return f"{prefix}〔{m['year']}〕{m['n']}号"


def _find_doc_number(head: list[str]) -> re.Match | None:
    """The first 文号 in the head, also when a line break splits it."""
    for i, text in enumerate(head):
        m = DOC_NUMBER.search(text)
        if m:
            return m
        if i + 1 < len(head):
            joined = text + head[i + 1]
            m = DOC_NUMBER.search(joined)
            if m and m.start() < len(text) < m.end():
                return m
    return None


def _is_plain(text: str) -> bool:
    return not (
        DOC_NUMBER.search(text)
        or (text.endswith("文件") and len(text) <= 30)
        or NUMERIC_DATE.fullmatch(text)
        or DATE_LINE.match(text)
        or _META.match(text)
        or text.endswith(("：", ":"))
        or text.startswith("|")
    )


_TRAILING_NUMBER = re.compile(r"\(" + DOC_NUMBER.pattern + r"\)$")


def find_title(head: list[str]) -> str | None:
    """The notice's title: head lines ending in 通知/意见/方案…, best with 关于 and whole."""
    head = [_TRAILING_NUMBER.sub("", t) or t for t in head]
    best, best_score = None, 0.0
    for i in range(len(head)):
        for n in (1, 2, 3, 4):
            run = head[i : i + n]
            if len(run) < n or not all(_is_plain(t) for t in run):
                break
            if any(ends_sentence(t) for t in run) or run[0].startswith(_NOT_TITLE_START):
                break
            if n > 1 and TITLE_END.search(run[-2]):
                break
            title = "".join(run)
            if not TITLE_END.search(title) or not 6 <= len(title) <= 150:
                continue
            about = title.find("关于")
            if about > 40 or (n > 1 and about > 0 and not ORG_SUFFIX.search(title[:about])):
                continue
            score = 1 + (about >= 0) * 2 + n * 0.1 - i * 0.01
            if score > best_score:
                best, best_score = title, score
    if best and best.startswith("《") and best.endswith("》"):
        best = best[1:-1]
    return best


def _issuer_from_title(title: str | None) -> str | None:
    if not title or "关于" not in title:
        return None
    prefix = title.split("关于", 1)[0]
    return prefix if prefix and ORG_SUFFIX.search(prefix) else None


def _signature(lines: list[Line]) -> tuple[str | None, str | None]:
    """The first signature (an issuer line followed by a date line) and its date."""
    for i, line in enumerate(lines[:-1]):
        if ORG_LINE.match(line.text) and DATE_LINE.match(lines[i + 1].text):
            return line.text, lines[i + 1].text
    return None, None


def document_fields(lines: list[Line], head_end: int | None) -> DocumentFields:
    """Title, 文号, issuer, date and year, from metadata, the head and the signature."""
    meta = metadata(lines)
    head = [line.text for line in lines if head_end is None or line.number < head_end][:60]
    fields = DocumentFields()
    meta_title = meta.get("标题") or meta.get("文件名称")
    if meta_title and TITLE_END.search(meta_title):
        fields.title = meta_title
    else:
        fields.title = find_title(head) or meta_title
    number = meta.get("发文字号") or meta.get("文号") or meta.get("发布文号") or ""
    number = number or meta.get("文件编号") or ""
    m = DOC_NUMBER.search(number) or _find_doc_number(head)
    fields.doc_number = _doc_number(m) if m else None
    sign_org, sign_date = _signature(lines)
    header = next((t[:-2] for t in head if t.endswith("文件") and ORG_SUFFIX.search(t[:-2])), None)
    fields.issuer = (
        _issuer_from_title(fields.title)
        or meta.get("发文机关")
        or meta.get("发布机构")
        or meta.get("发文单位")
        or meta.get("发布单位")
        or header
        or sign_org
    )
    issued_lines = [line.text for line in lines if "印发" in line.text and parse_date(line.text)]
    candidates = [
        meta.get("成文日期"),
        meta.get("发文日期"),
        meta.get("发文时间"),
        meta.get("成文时间"),
        meta.get("印发日期"),
        sign_date,
        *[line.text for line in lines if DATE_LINE.match(line.text) and "印发" not in line.text],
        *issued_lines,
        meta.get("发布日期"),
        meta.get("发布时间"),
    ]
    candidates += [
        a.text + b.text
        for a, b in zip(lines, lines[1:], strict=False)
        if DATE_LINE.match(a.text + b.text)
    ]
    date = next(filter(None, (parse_date(c) for c in candidates if c)), None)
    fields.date = date.isoformat() if date else None
    year = re.search(r"((?:19|20)\d{2})\s*(?:年|[-—–~至]\s*(?:19|20)\d{2})", fields.title or "")
    if year:
        fields.year = int(year.group(1))
    elif date:
        fields.year = date.year
    elif m:
        fields.year = int(m["year"])
    return fields
