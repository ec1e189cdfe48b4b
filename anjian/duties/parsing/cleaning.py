"""Clean raw notice text into lines: widths, punctuation, markdown, spaces and page chrome."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Full-width ASCII forms become ASCII, except the Chinese sentence punctuation kept full-width.
_KEEP_FULL = {"，", "；", "：", "！", "？"}
_WIDTH = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULL}
_WIDTH.update({0x3000: " ", 0xA0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x202F: " "})
_WIDTH.update({0xFE59: "(", 0xFE5A: ")", 0xFE5D: "〔", 0xFE5E: "〕", 0xFE50: "，", 0xFE51: "、"})
_WIDTH.update({code: f"({code - 0x2473})" for code in range(0x2474, 0x2488)})  # ⑴ … ⒇
_WIDTH.update({code: f"{code - 0x2487}." for code in range(0x2488, 0x249C)})  # ⒈ … ⒛
_WIDTH.update({code: None for code in (0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0xAD)})

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_MD_HEADING = re.compile(r"^\s*(?:#{1,6}\s*)+")  # "# ### 四、" (a stray space) too
_MD_QUOTE = re.compile(r"^\s*>\s?")
_MD_RULE = re.compile(r"^\s*([-*_=])(\s*\1){2,}\s*$")
_MD_BULLET = re.compile(r"^\s*[-*+•·]\s+(?=\S)")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:https?:|/|#)[^)]*\)")
_WORD_MARK = re.compile(r"\[(?:bookmark|_?GoBack|anchor|page|toc)[^\]]*\]", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_SPACES = re.compile(r"\s+")
_CN_LABEL_DOT = re.compile(r"^[一二三四五六七八九十]{1,3}\.")

PAGE_NUMBER = re.compile(
    r"^(?:[-—–_~·]+\s*\d{1,4}\s*[-—–_~·]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页)$"
)
_CHROME = re.compile(
    r"当前位置|您的位置|首页\s*[>＞»]|字[体号]\s*[:：]?\s*(?:大小|【|\[)|【\s*[大中小]\s*】"
    r"|扫一扫|今天是|热点(?:查询|搜索|关注)|政府网\s*\||网站地图|版权所有|ICP备|访问量|浏览次数"
    r"|上一篇|下一篇|返回顶部|无障碍|保存为\s*word|图文解读|分享到|打印本页|关闭窗口"
    r"|^\s*(?:【?\s*(?:打印|关闭|收藏|保存|分享)\s*】?\s*){2,}$",
    re.IGNORECASE,
)
TERMINAL = "。！？；："
CLOSERS = "”’》」』】\"'"


@dataclass
class Line:
    """One cleaned line of a notice: its text, whether it was indented in the source, its
    width in the source (spaces included), and whether it sits at a page edge."""

    text: str
    indent: bool = False
    number: int = 0
    width: float = 0.0
    edge: bool = False


def is_cjk(ch: str) -> bool:
    """True for a Chinese character (or other full-width ideograph)."""
    return bool(ch) and ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")


def visual_width(text: str) -> float:
    """Width of a line in ems: a Chinese character counts 1, an ASCII character 0.5."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def normalise_chars(text: str) -> str:
    """Unify newlines, widths (full-width digits, letters, parentheses) and invisible marks."""
    text = _NEWLINES.sub("\n", text)
    if re.search(r"&(?:nbsp|lt|gt|amp|quot|ldquo|rdquo|#\d+);", text):
        text = html.unescape(text)
    return text.translate(_WIDTH)


def _drop_spaces(text: str) -> str:
    """Remove whitespace except a single space between two ASCII letters."""

    def repl(m: re.Match) -> str:
        before = m.string[m.start() - 1] if m.start() else ""
        after = m.string[m.end()] if m.end() < len(m.string) else ""
        return (
            " "
            if before.isascii() and before.isalpha() and after.isascii() and after.isalpha()
            else ""
        )

    return _SPACES.sub(repl, text)


def _punctuate(text: str) -> str:
    """Turn ASCII sentence punctuation used in Chinese text into its Chinese form."""
    if not re.search(r"[,;:!?.\"]", text):
        return text
    keep_dot = 0
    m = _CN_LABEL_DOT.match(text)
    if m:
        keep_dot = m.end() - 1
    out: list[str] = []
    quote_open = False
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        ascii_prev = prev.isascii() and prev.isalnum()
        if ch == "," and not (prev.isdigit() and nxt.isdigit()):
            ch = "，"
        elif ch == ";":
            ch = "；"
        elif ch == ":" and not (ascii_prev and (nxt.isdigit() or nxt == "/")):
            ch = "："
        elif ch in "!?" and not ascii_prev:
            ch = "！" if ch == "!" else "？"
        elif ch == "." and i != keep_dot and (is_cjk(prev) or (prev and prev in "%)”》")):
            if not (nxt.isascii() and nxt.isalnum()):
                ch = "。"
        elif ch == '"':
            ch = "”" if quote_open else "“"
            quote_open = not quote_open
        out.append(ch)
    return "".join(out)


def clean_line(raw: str) -> str:
    """Clean one line: markdown marks, Word bookmarks, spaces, ASCII punctuation."""
    text = _MD_IMAGE.sub("", raw)
    text = _MD_LINK.sub(r"\1", text)
    text = _WORD_MARK.sub("", text)
    if _MD_RULE.match(text):
        return ""
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE.sub("", text)
    if not PAGE_NUMBER.match(text.strip()):
        text = _MD_BULLET.sub("", text)
    text = text.replace("**", "").replace("__", "").strip().strip("*_").strip()
    return _punctuate(_drop_spaces(text))


def _table_row(raw: str, tabbed: bool = False) -> str | None:
    """Give a table row as '|a|b|' when the raw line is one (pipes, or tabs when tabbed: its
    neighbour is tab-separated too), else None."""
    stripped = raw.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        if _TABLE_RULE.match(stripped):
            return ""
        cells = [clean_line(c) for c in stripped.strip("|").split("|")]
        return "|" + "|".join(cells) + "|"
    if tabbed and raw.count("\t") >= 2:
        cells = [clean_line(c) for c in raw.strip().split("\t")]
        if sum(1 for c in cells if c) >= 2:
            return "|" + "|".join(cells) + "|"
    return None


_BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置|所在位置|当前页面)|[>»][^>»]*[>»]")


def is_chrome(text: str) -> bool:
    """True for web-page furniture and page numbers: navigation, font size, share, page 3."""
    if PAGE_NUMBER.match(text):
        return True
    if "。" not in text and _BREADCRUMB.search(text):
        return True
    return visual_width(text) <= 60 and "。" not in text and bool(_CHROME.search(text))


_CN_N = "[一二三四五六七八九十]{1,3}"
_INLINE_LABEL = re.compile(
    rf"[ \t\u3000]+(?=(?:{_CN_N}、|[（(]{_CN_N}[）)]|\d{{1,2}}[.、．](?!\d)|[（(]\d{{1,2}}[）)]"
    r"|[①-⑳])\s*[^\s\d])"
)
_LABEL_HEADING = re.compile(
    r"^(\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．]|[（(]\d{1,2}[）)])"
    r"\s*[^\s。；：.;:！？]{2,30})[ \t\u3000]+(?=\S)"
)


def split_flattened(raw: str) -> list[str]:
    """Split a long line that holds several paragraphs (web pages flattened with spaces):
    before each label that follows a space, and after a short heading that follows a label."""
    if visual_width(raw) < 80:
        return [raw]
    parts = []
    for piece in _INLINE_LABEL.sub("\n", raw).split("\n"):
        parts.extend(_LABEL_HEADING.sub(r"\1\n", piece, count=1).split("\n"))
    return parts


def clean_lines(text: str, *, pdf: bool = False) -> list[Line]:
    """Split text into cleaned lines, dropping chrome, page numbers and running headers."""
    text = normalise_chars(text.replace("\x0c", "\n\x00page\x00\n"))
    lines: list[Line] = []
    edge_after = True
    raws = [part for raw in text.split("\n") for part in split_flattened(raw)]
    tabs = [raw.strip().count("\t") for raw in raws]
    for number, raw in enumerate(raws):
        near = tabs[number - 1 : number] + tabs[number + 1 : number + 2]
        tabbed = tabs[number] >= 2 and tabs[number] in near
        if raw == "\x00page\x00":
            if lines:
                lines[-1].edge = True
            edge_after = True
            continue
        indent = bool(re.match(r"^(?: {2,}|\t)", raw))
        row = _table_row(raw, tabbed)
        cleaned = row if row is not None else clean_line(raw)
        if cleaned and (PAGE_NUMBER.match(cleaned) or (pdf and re.fullmatch(r"\d{1,3}", cleaned))):
            if lines:
                lines[-1].edge = True
            edge_after = True
            continue
        if not cleaned or is_chrome(cleaned):
            continue
        lines.append(Line(cleaned, indent, number, visual_width(raw.strip()), edge_after))
        edge_after = False
    return _drop_running_heads(lines)


def _drop_running_heads(lines: list[Line]) -> list[Line]:
    """Drop short lines repeated at page edges (running heads and feet of a PDF)."""
    seen: dict[str, list[Line]] = {}
    for line in lines:
        if visual_width(line.text) <= 40 and "。" not in line.text and "|" not in line.text:
            seen.setdefault(line.text, []).append(line)
    running = {
        text
        for text, found in seen.items()
        if len(found) >= 3 and sum(line.edge for line in found) >= 0.8 * len(found)
    }
    return [line for line in lines if line.text not in running]


def ends_sentence(text: str) -> bool:
    """True when text ends with sentence punctuation (closing quotes and brackets ignored)."""
    text = text.rstrip(CLOSERS)
    return bool(text) and text[-1] in TERMINAL
