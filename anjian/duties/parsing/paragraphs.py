"""Join cleaned lines into paragraphs, mending lines broken mid-sentence by pages or wrapping."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .cleaning import Line, ends_sentence, visual_width
from .labels import detect_label, label_fragment_split

_CN_N = r"[\d一二三四五六七八九十]{1,3}"
_DATE = rf"(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}})年{_CN_N}月{_CN_N}日"
DATE_LINE = re.compile(rf"^{_DATE}(?:印发|发布|签发)?$")
TAIL_LINE = re.compile(
    r"^(?:\((?:此件|本件)[^)]{1,12}\)|抄\s*送[：:]|抄\s*报[：:]|校对[人：:]|共印\d+份"
    r"|\(?(?:联系人|联系电话|联系方式)[：:]|.{0,30}(?:办公室|秘书科|文书科)\s*" + _DATE + r"印发)"
)
ATTACH_LINE = re.compile(r"^附\s*件\s*\d{0,2}\s*[：:]?(?=.{0,60}$)")
ORG_LINE = re.compile(
    r"^[\u4e00-\u9fff()]{2,40}(?:人民政府|政府|办公室|委员会|安委会|管委会|局|厅|委|办|党委|中心|指挥部)$"
)
RESP_HINT = re.compile(
    r"^(?:责任|牵头|主责|主办|协办|配合|参与|承办|实施)?(?:单位|部门|主体)[：:]|(?:负责|落实|配合|参与)$"
)


@dataclass
class Para:
    """A paragraph: its text, its kind (text, table, tail, sign, attach), and whether the
    paragraph before it ended cleanly (a label after a clean end is a strong label)."""

    text: str
    kind: str = "text"
    strong: bool = True
    line: int = 0
    last: float = 0.0
    forced: bool = False


def detect_width(lines: list[Line]) -> float | None:
    """The wrap width of hard-wrapped (PDF) text, or None when lines are whole paragraphs."""
    widths = [line.width for line in lines if not line.text.startswith("|")]
    widths = [round(w * 2) / 2 for w in widths if w >= 8]
    if len(widths) < 8:
        return None
    mode, _ = Counter(widths).most_common(1)[0]
    full = sum(1 for w in widths if mode - 1 <= w <= mode + 0.5)
    if mode >= 12 and full / len(widths) >= 0.35:
        return max(w for w in widths if w <= mode + 0.5)
    return None


def closing_paren_ends(text: str) -> bool:
    """True when text ends with a parenthesis that closes a sentence (a whole-line aside,
    a responsibility clause, or an aside after sentence punctuation)."""
    if not text.endswith(")"):
        return False
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                content = text[i + 1 : -1]
                if i == 0 or ends_sentence(text[:i]) or ends_sentence(content):
                    return True
                return bool(RESP_HINT.search(content.split("。")[0]))
    return False


def heading_like(text: str, width: float | None) -> bool:
    """A short labelled line with no full stop: a heading such as 一、总体要求."""
    label = detect_label(text)
    if not label or "。" in text:
        return False
    limit = width * 0.8 if width else 40
    return visual_width(text) <= limit


def text_ended(text: str, width: float | None = None) -> bool:
    """True when a paragraph's text ends cleanly (sentence end, closing clause, heading)."""
    return ends_sentence(text) or closing_paren_ends(text) or heading_like(text, width)


def _kind(line: Line, following: Line | None) -> str:
    text = line.text
    if text.startswith("|"):
        return "table"
    if TAIL_LINE.match(text):
        return "tail"
    if DATE_LINE.match(text):
        return "sign"
    if ORG_LINE.match(text) and following is not None and DATE_LINE.match(following.text):
        return "sign"
    if ATTACH_LINE.match(text) and "。" not in text:
        return "attach"
    return "text"


def build_paragraphs(lines: list[Line]) -> list[Para]:
    """Join lines into paragraphs; a label, a sentence end or a short PDF line starts a new one."""
    width = detect_width(lines)
    paras: list[Para] = []
    cur: Para | None = None
    lines_count = 0
    for i, line in enumerate(lines):
        kind = _kind(line, lines[i + 1] if i + 1 < len(lines) else None)
        text = line.text
        if cur is not None and cur.kind == "text" and kind == "text":
            k = label_fragment_split(cur.text, text)
            if k and (cur.text[:-k] == "" or text_ended(cur.text[:-k], width)):
                cur.text, text = cur.text[:-k], cur.text[-k:] + text
                if not cur.text:
                    paras.pop()
                    cur = None
        if cur is None or kind != "text" or cur.kind != "text":
            ended = cur is None or cur.kind != "text" or _ended(cur, width, lines_count)
            cur = Para(text, kind, ended, line.number, line.width)
            paras.append(cur)
            lines_count = 1
            continue
        label = detect_label(text)
        only_label = (lab := detect_label(cur.text)) is not None and lab.end == len(cur.text)
        ended = _ended(cur, width, lines_count)
        if (label and not only_label) or ended or (width and line.indent):
            cur = Para(text, kind, ended, line.number, line.width)
            paras.append(cur)
            lines_count = 1
        else:
            cur.text += text
            cur.last = line.width
            lines_count += 1
    return [p for p in paras if p.text]


def _ended(cur: Para, width: float | None, lines_count: int) -> bool:
    if text_ended(cur.text, width):
        return True
    if width:
        last = cur.last
        limit = width - 3 if lines_count == 1 else width - 1
        return last < limit
    return False
