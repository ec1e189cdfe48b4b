"""HTML to text with the standard library: drop scripts, styles and navigation; keep tables."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select",
         "button", "iframe", "svg", "template", "head", "object", "canvas", "map"}  # fmt: skip
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
          "article", "dd", "dt", "dl", "blockquote", "pre", "hr", "center", "address",
          "caption", "tbody", "thead", "tfoot", "main", "figure", "figcaption"}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
         "wbr", "param", "track"}  # fmt: skip
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|share|sidebar|toolbar|topbar"
    r"|copyright|banner|search|location|position)(?:$|[\s_-])",
    re.IGNORECASE,
)


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.nested = False

    def render(self) -> str:
        cols = max((len(r) for r in self.rows), default=0)
        if self.nested or cols < 2:
            return "\n".join(cell for row in self.rows for cell in row if cell.strip())
        lines = []
        for row in self.rows:
            cells = [re.sub(r"\s*\n\s*", " ", c).replace("|", "/").strip() for c in row]
            if any(cells):
                lines.append("|" + "|".join(cells) + "|")
        return "\n".join(lines)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip: list[str] = []
        self.tables: list[_Table] = []
        self.cell: list[list[str]] = []

    def _sink(self) -> list[str]:
        return self.cell[-1] if self.cell else self.out

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[-1] and tag not in _VOID:
                self.skip.append(tag)
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if tag in _SKIP or (tag not in _VOID and _CHROME_CLASS.search(marks)):
            if tag not in _VOID:
                self.skip.append(tag)
            return
        if tag == "table":
            if self.tables:
                self.tables[-1].nested = True
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables:
            self.cell.append([])
        elif tag in _BLOCK:
            self._sink().append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag in ("td", "th") and self.cell and self.tables:
            text = "".join(self.cell.pop()).strip()
            if not self.tables[-1].rows:
                self.tables[-1].rows.append([])
            self.tables[-1].rows[-1].append(text)
        elif tag == "table" and self.tables:
            rendered = self.tables.pop().render()
            self._sink().append("\n" + rendered + "\n")
        elif tag in _BLOCK:
            self._sink().append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._sink().append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page: blocks on their own lines, data tables as |a|b| rows."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.out)
    return "\n".join(line.strip() for line in text.split("\n"))
