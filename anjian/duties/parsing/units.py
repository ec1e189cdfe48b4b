"""Responsibility clauses: find them, split them into unit names, and carry units forward."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PREFIX = re.compile(
    r"^(?:责任|牵头|主责|主办|协办|配合|参与|承办|实施|落实)?(?:单位|部门|主体)(?:及分工)?[：:]"
)
_ANY_PREFIX = re.compile(r"(?:责任|牵头|主责|主办|协办|配合)(?:单位|部门)[：:]")
_OTHER_KEY = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:]")
_ROLE_END = re.compile(r"(?:负责|负总责|负主责|落实|配合|参与|承办|牵头|实施|协办|督办)$")
_STRIP_END = [
    re.compile(r"(?:指导督促|督促指导|指导|督促)(?:企业|各地|相关单位|有关单位)?落实$"),
    re.compile(
        r"(?:按职责分工|按照职责分工|按职责|按照职责|根据职责|依职责|分工|共同|具体|牵头|配合|协助)?"
        r"(?:负责|负总责|负主责|落实|配合|参与|承办|实施|协办|牵头|督办)$"
    ),
    re.compile(r"等(?:[\u4e00-\u9fff]{0,6}?(?:部门|单位|组织|机构|团体))?$"),
    re.compile(r"\((?:牵头|配合|负责|主责|参与|牵头单位|配合单位|责任单位)\)$"),
    re.compile(r"(?:下同|后同)$"),
    re.compile(r"[。，,；;、：:\s]+$"),
]
_STRIP_START = [
    _PREFIX,
    re.compile(r"^(?:由|请|各由)(?=[\u4e00-\u9fff]{2})"),
    re.compile(r"^[：:，,、\s]+"),
]
_ORG_END = re.compile(
    r"(?:局|委|办|会|府|部|厅|院|队|处|中心|单位|部门|公司|站|所|组|室|团|社|联|馆|集团|银行"
    r"|机构|街道|乡镇|\(镇\)|社区|区|县|市|镇|乡|村|企业|学校)$"
)
_NOT_UNIT = re.compile(r"\d|[年月]底|日前|前完成|完成|持续|长期|即日|之前|以前|落实到位|。")
_CARRY = re.compile(
    r"以下(?:各项|任务|工作|各条|均)?(?:均|都|皆)?(?:需|须|由|要|为)?(?P<units>.+?)"
    r"(?:共同|分别|按职责|分工)?(?:负责|参与|落实|配合)"
)
_LOOSE = re.compile(
    r"(?:^|(?<=[。；\n]))\s*((?:责任|牵头|主责|主办|协办|配合|参与)(?:单位|部门)[：:][^。\n]*)"
)


@dataclass
class Units:
    """The units named for one item, and those its clause carries to every later task."""

    own: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def clean_unit(name: str) -> str:
    """Strip role words (等部门分工负责, 指导督促落实…), prefixes and spaces from one unit name."""
    name = re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")
    previous = None
    while previous != name:
        previous = name
        for pattern in _STRIP_START:
            name = pattern.sub("", name)
        for pattern in _STRIP_END:
            name = pattern.sub("", name)
    if len(name) < 2 or len(name) > 40 or _NOT_UNIT.search(name):
        return ""
    return "" if name.startswith("以下") else name


def split_units(text: str) -> list[str]:
    """Split a list of units at 、 ， ； and at 和/及/与 between whole unit names, never
    inside parentheses: 各县(市、区)人民政府 stays one unit."""
    parts: list[str] = []
    buf = ""
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "、，,；;/\n":
            parts.append(buf)
            buf, i = "", i + 1
            continue
        conj = next((c for c in ("以及", "会同", "协同", "联合") if text.startswith(c, i)), "")
        conj = conj or (ch if ch in "和及与" else "")
        if (
            depth == 0
            and conj
            and _ORG_END.search(clean_unit(buf) or buf)
            and i + len(conj) < len(text)
        ):
            parts.append(buf)
            buf, i = "", i + len(conj)
            continue
        buf += ch
        i += 1
    parts.append(buf)
    return _dedupe([clean_unit(p) for p in parts])


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the outermost parenthesis groups in text."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _is_clause(text: str, start: int, end: int) -> bool:
    content = text[start + 1 : end - 1].replace("\n", "")
    if not content or len(content) > 300:
        return False
    if _PREFIX.match(content) or _ANY_PREFIX.search(content):
        return True
    first = content.split("。")[0]
    first = re.sub(r"[，,](?:下同|后同)$", "", first)
    if not _ROLE_END.search(first):
        return False
    before = text[:start].rstrip("\n ")
    after = text[end:].lstrip("\n ")
    return not before or before[-1] in "。；！？" or not after or after[0] in "。；，\n"


def clause_texts(text: str) -> list[str]:
    """The contents of the item's responsibility clauses: (责任单位：…), (…负责), 牵头单位：…"""
    text = text.translate(str.maketrans("【】（）", "()()"))
    spans = _paren_groups(text)
    clauses = [text[s + 1 : e - 1].replace("\n", "") for s, e in spans if _is_clause(text, s, e)]
    for m in _LOOSE.finditer(text):
        if not any(s <= m.start(1) < e for s, e in spans):
            clauses.append(m.group(1))
    return clauses


def units_of(text: str) -> Units:
    """Units named in an item's responsibility clauses, and any carried forward (以下均需…负责)."""
    result = Units()
    for clause in clause_texts(text):
        for sentence in re.split(r"[。]", clause):
            carry = _CARRY.search(sentence)
            if carry:
                result.carried += split_units(carry.group("units"))
                sentence = sentence[: carry.start()]
            elif re.search(r"[，,](?:下同|后同)$", sentence):
                units = split_units(sentence)
                result.own += units
                result.carried += units
                continue
            for segment in re.split(r"；|;", sentence):
                if _OTHER_KEY.match(segment) and not _PREFIX.match(segment):
                    continue  # 责任领导：…, 完成时限：…
                result.own += split_units(segment)
    result.own, result.carried = _dedupe(result.own), _dedupe(result.carried)
    return result
