"""Build the numbered outline: accept labels that continue a numbering, nest them, find headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cleaning import visual_width
from .labels import Label, detect_label
from .paragraphs import Para
from .tables import expand_tables

# Leaves that describe rather than demand: 指导思想, 主要目标 … are not tasks.
NON_TASK_HEADINGS = re.compile(
    r"^(?:指导思想|总体思路|基本原则|工作原则|总体要求|总体目标|主要目标|工作目标|目标要求|适用范围"
    r"|编制依据|工作依据|编制目的|背景|现状|基本情况|工作背景|有关说明|目标任务|总体目标任务)$"
)
_ATTACHMENT_TITLE = re.compile(r"(?:表|清单|方案|办法|细则|名单|计划|制度|目录|指南|要点)$")
HEADING_MAX = 30


@dataclass
class Node:
    """One numbered item: its label, path, own paragraphs and children."""

    label: Label
    path: tuple[str, ...]
    first: str
    paragraphs: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    heading_only: bool = False
    heading: str | None = None

    @property
    def text(self) -> str:
        """The item's own text (not its children's), paragraphs separated by newlines."""
        return "\n".join([self.first, *self.paragraphs]).strip("\n")


@dataclass
class Outline:
    """The items of a notice in document order, and where the first one starts."""

    items: list[Node]
    preamble: list[str]
    first_line: int | None


class _Builder:
    def __init__(self) -> None:
        self.stack: list[Node] = []
        self.last: dict[str, int] = {}
        self.items: list[Node] = []
        self.preamble: list[str] = []
        self.in_tail = False
        self.in_attachment_list = False
        self.first_line: int | None = None

    def push(self, label: Label, para: Para) -> None:
        parent = self.stack[-1] if self.stack else None
        path = (*parent.path, label.text) if parent else (label.text,)
        first = para.text[label.end :]
        node = Node(label, path, first, heading_only="。" not in first)
        if parent:
            parent.children.append(node)
        self.stack.append(node)
        self.items.append(node)
        self.last[label.kind] = label.value
        if self.first_line is None:
            self.first_line = para.line

    def accept(self, label: Label, para: Para) -> bool:
        forced = para.forced
        if self.in_tail:
            if not (forced or label.value == 1) or self.in_attachment_list:
                return False
            self.stack, self.in_tail = [], False
            self.push(label, para)
            return True
        for i in range(len(self.stack) - 1, -1, -1):
            node = self.stack[i]
            if node.label.kind != label.kind:
                continue
            expected = node.label.value + 1
            if label.kind == "month":
                ok = label.value > node.label.value
            else:
                ok = label.value == expected or (
                    para.strong and expected < label.value <= expected + 2
                )
            if not (ok or forced):
                return False
            if not ok and label.value <= node.label.value:
                self.push(label, para)  # a table restarting its numbering: rows of the item above
                return True
            del self.stack[i:]
            self.push(label, para)
            return True
        seen = self.last.get(label.kind)
        ok = forced or label.value == 1 or label.kind == "month"
        if seen is not None:
            ok = (
                ok
                or label.value == seen + 1
                or (para.strong and seen + 1 < label.value <= seen + 3)
            )
        if ok:
            self.push(label, para)
        return ok

    def add_text(self, para: Para) -> None:
        if para.kind in ("tail", "sign", "attach"):
            if self.items:
                self.in_tail = True
                self.in_attachment_list = para.kind == "attach" and bool(
                    re.search(r"[：:]|[^\d\s]$", para.text)
                )
            return
        if self.in_attachment_list:
            label = detect_label(para.text)
            if (
                "。" not in para.text
                and visual_width(para.text) <= 40
                and _ATTACHMENT_TITLE.search(para.text)
                and (label is None or label.kind != "month")
            ):
                return
            self.in_attachment_list = False
        label = detect_label(para.text) if para.kind == "text" else None
        if label and self.accept(label, para):
            return
        if self.in_tail:
            return
        if self.stack:
            self.stack[-1].paragraphs.append(para.text)
        else:
            self.preamble.append(para.text)


def build_outline(paras: list[Para]) -> Outline:
    """Turn paragraphs into numbered items, checking each label continues its numbering."""
    builder = _Builder()
    for para in expand_tables(paras):
        builder.add_text(para)
    set_headings(builder.items)
    return Outline(builder.items, builder.preamble, builder.first_line)


def _first_sentence(first: str) -> str:
    m = re.search(r"[。！？]", first)
    return first[: m.start()] if m else first


def set_headings(items: list[Node]) -> None:
    """Give each item its short title; kinds that mostly carry titles get one from the first
    clause when the first sentence is long."""
    headed: dict[str, list[bool]] = {}
    for node in items:
        short = visual_width(_first_sentence(node.first)) <= HEADING_MAX
        headed.setdefault(node.label.kind, []).append(short)
    for node in items:
        votes = headed[node.label.kind]
        node.heading = heading_of(node, sum(votes) * 2 >= len(votes))


def heading_of(node: Node, kind_is_headed: bool) -> str | None:
    """The item's heading without label or trailing punctuation, or None."""
    first = node.first.strip()
    if not first:
        return None
    sentence = _first_sentence(first)
    if node.heading_only and visual_width(first) <= 40:
        return first.rstrip("：:，,；;、") or None
    if not kind_is_headed:
        return None
    if visual_width(sentence) <= HEADING_MAX:
        return sentence.rstrip("：:，,；;、") or None
    clause = re.split(r"[，、；：]", sentence, maxsplit=1)[0]
    return clause if 2 <= visual_width(clause) <= HEADING_MAX else None


def is_task(node: Node) -> bool:
    """A leaf that carries work; headings with children and 指导思想-style leaves are not."""
    if node.children:
        return False
    return not (node.heading and NON_TASK_HEADINGS.match(node.heading))
