"""Read the body of a KB article: "applies to" box, sections, query words and trailer.

Helper of :mod:`advisor.articles.parser`, which reads the header (it differs per layout) into
a :class:`Draft` and hands the rest of the lines to :func:`read_body`; the body is
the same in every layout. :meth:`Draft.build` then makes the :class:`Article`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from advisor.articles.fields import (
    dedupe,
    normalise_id,
    parse_date,
    parse_prod_ver,
    split_header_keywords,
    words,
)
from advisor.articles.model import Article, ParseIssue, Section

__all__ = ["UNTITLED", "Draft", "heading_level", "is_rule", "read_body"]

_RULE70 = "=" * 70  # opens the trailer (and, rarely, boxes text inside a body)
_RULE77 = "=" * 77  # closes the trailer; only the disclaimer follows
_LONG_RULE = 70  # from here on a rule is more likely a separator than an underline
_UNDERLINE_SLACK = 2  # an underline may be this much shorter or longer than its heading
_SEPARATORS = frozenset({_RULE70, _RULE77, "-" * 70, "-" * 79})
#: Title of the section made of body text that has no heading of its own.
UNTITLED = "(untitled)"
# Sections whose dash-underlined ALL-CAPS heading is still a top-level section
# (old articles such as Q128458 underline SYMPTOM with dashes).
_TOP_LEVEL = frozenset({
    "SYMPTOM", "SYMPTOMS", "CAUSE", "CAUSES", "RESOLUTION", "RESOLUTIONS", "STATUS",
    "WORKAROUND", "WORKAROUNDS", "SUMMARY", "MORE INFORMATION", "REFERENCES",
    "INTRODUCTION", "APPLIES TO",
})
_APPLIES = re.compile(r"\s*the information in this article applies to", re.IGNORECASE)
_TAIL = re.compile(r"(additional (?:query|reference) words|kbcategory|kbsubcategory)\s*:(.*)",
                   re.IGNORECASE)
_TRAILER_LINE = re.compile(r"([A-Za-z][\w ()/.-]*+)\s*+:(.*)")
_TRAILER_LABELS = {
    "keywords": "keywords", "component": "component", "technology": "technology",
    "version": "version", "hardware": "hardware", "issue type": "issue_type",
    "solution type": "solution_type", "platform": "platform",
}
_TRAILER_LABEL_WIDTH = 18  # trailer labels are padded to 18 columns, then ':'
# Same as r"\bQ(\d{5,6})\b", but starting with the literal lets the regex engine skip
# ahead to each "Q", which makes it 20 times faster over a whole body.
_REFERENCE = re.compile(r"Q(?<!\wQ)(\d{5,6})(?!\w)")


@dataclass(slots=True)
class Draft:
    """What has been read of an article so far; :meth:`build` makes the Article."""

    layout: str
    issues: list[ParseIssue] = field(default_factory=list)
    id: str | None = None
    id_line: int = 1
    bad_id: str | None = None
    title: str | None = None
    title_line: int | None = None
    date: dt.date | None = None
    category: str | None = None
    product: str | None = None
    prod_ver: str | None = None
    platform: str | None = None
    versions: tuple[str, ...] | None = None
    operating_system: str | None = None
    header_keywords: str = ""
    applies_to: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    trailer: dict[str, str] = field(default_factory=dict)
    category_words: list[str] = field(default_factory=list)
    query_words: list[str] = field(default_factory=list)
    body_line: int = 1

    def issue(self, line: int, message: str) -> None:
        """Note something skipped at 1-based ``line``."""
        self.issues.append(ParseIssue(line=line, message=message))

    def set_id(self, token: str, line: int) -> None:
        """Take the first readable id; remember an unreadable one for the error."""
        if self.id is not None:
            return
        self.id_line = line
        ident = normalise_id(token)
        if ident is None:
            self.bad_id = f"article id {token.strip()!r} is not 'Q' and up to six digits"
        else:
            self.id = ident

    def set_date(self, value: str, line: int) -> None:
        """Take a date, or note that it could not be read."""
        date = parse_date(value)
        if date is None:
            self.issue(line, f"unreadable date {value.strip()!r}")
        else:
            self.date = date

    def build(self, ident: str, title: str) -> Article:
        """Make the finished, validated Article."""
        trailer = self.trailer
        platform, versions = self.platform, self.versions
        header_pv = (self.prod_ver or "").strip()
        trailer_pv = trailer.get("version", "")
        # The header truncates long PROD/VER values; the trailer repeats them in full.
        prod_ver = trailer_pv if trailer_pv.startswith(header_pv) else header_pv
        if versions is None and prod_ver:
            parsed_platform, versions = parse_prod_ver(prod_ver)
            platform = platform or parsed_platform
        platform = platform or trailer.get("platform") or None
        keywords = words(trailer.get("keywords", ""))
        if not keywords:
            keywords = split_header_keywords(self.header_keywords)
        if not keywords:
            keywords = dedupe(self.category_words)
        references = dedupe(
            f"Q{match.group(1)}"
            for section in self.sections for match in _REFERENCE.finditer(section.text))
        if not self.sections:
            self.issue(self.body_line, "no sections found")
        return Article(
            id=ident, title=title, date=self.date, category=self.category,
            product=self.product, platform=platform, versions=versions or (),
            operating_system=self.operating_system, keywords=keywords,
            applies_to=tuple(self.applies_to), sections=tuple(self.sections),
            technology=words(trailer.get("technology", "")),
            component=trailer.get("component") or None,
            hardware=words(trailer.get("hardware", "")),
            issue_type=trailer.get("issue_type") or None,
            solution_type=trailer.get("solution_type") or None,
            query_words=dedupe(self.query_words),
            references=tuple(ref for ref in references if ref != ident),
            layout=self.layout, issues=tuple(self.issues),
        )


def is_rule(text: str) -> bool:
    """Whether ``text`` is a separator: only ``=`` or only ``-``, at least three."""
    return len(text) >= 3 and text[0] in "=-" and text == text[0] * len(text)


def heading_level(line: str, underline: str, *, after_blank: bool = False) -> int:
    """1 or 2 when ``line`` is a heading underlined by ``underline``, else 0.

    A heading starts in column 1, is not itself a rule and is not a table row (no run
    of three spaces); its underline is one ``=`` or ``-`` rule within two characters of
    its length. An underline of 70 or more is most often a separator under a long line
    of text, so it counts only below a blank line (``after_blank``), and never when it
    is one of the standard separators.
    """
    under = underline.rstrip()
    size = len(under)
    if size < 3 or not line or line[0] in " \t":
        return 0
    mark = under[0]
    if mark not in "=-" or under != mark * size:
        return 0
    if size >= _LONG_RULE and (not after_blank or under in _SEPARATORS):
        return 0
    heading = line.rstrip()
    if abs(len(heading) - size) > _UNDERLINE_SLACK or not heading.strip("=- ") or "   " in heading:
        return 0
    if mark == "=" or heading in _TOP_LEVEL:
        return 1
    return 2


def read_body(lines: list[str], start: int, draft: Draft) -> None:
    """Read the sections from ``start`` up to the query words, trailer or closing rule."""
    draft.body_line = start + 1
    outline = _Outline(draft, start)
    applies_done = False
    count = len(lines)
    index = start
    while index < count:
        line = lines[index]
        first = line[:1]
        if first == "=":
            rule = line.rstrip()
            if rule == _RULE77:
                break
            if rule == _RULE70 and _trailer_follows(lines, index + 1):
                outline.finish()
                _read_trailer(lines, index + 1, draft)
                return
        elif first in ("A", "a", "K", "k") and _TAIL.match(line):
            outline.finish()
            _read_tail(lines, index, draft)
            return
        elif not applies_done and outline.title is None and _APPLIES.match(line):
            applies_done = True
            index = _read_applies(lines, index + 1, draft)
            # Text above the box is leftover header (old version/platform lines).
            outline.restart(index)
            continue
        if index + 1 < count and lines[index + 1][:1] in ("=", "-"):
            level = heading_level(line, lines[index + 1],
                                  after_blank=index == 0 or not lines[index - 1].strip())
            if level:
                outline.heading(line.rstrip(), level, index)
                index += 2
                continue
        outline.body.append(line)
        index += 1
    outline.finish()


class _Outline:
    """The sections met so far, and the body lines of the open one.

    Text before the first heading is kept as an ``UNTITLED`` level-1 section when
    the article has no headings or starts with a subheading; before a level-1
    heading it is only a notice (for example the registry warning) and is dropped.
    """

    __slots__ = ("body", "draft", "first", "level", "line", "parent", "title", "top")

    def __init__(self, draft: Draft, start: int) -> None:
        self.draft = draft
        self.title: str | None = None
        self.top: str | None = None
        self.parent: str | None = None
        self.level = 1
        self.line = 1
        self.body: list[str] = []
        self.first = start  # index of body[0] while no heading has been met

    def restart(self, index: int) -> None:
        self.body, self.first = [], index

    def heading(self, title: str, level: int, index: int) -> None:
        if self.title is None and level == 2:
            self._open_untitled()
        self._flush()
        self.title, self.line, self.body = title, index + 1, []
        if level == 2 and self.top is not None:
            self.level, self.parent = 2, self.top
        else:
            self.level, self.parent, self.top = 1, None, title

    def finish(self) -> None:
        if self.title is None:
            self._open_untitled()
        self._flush()

    def _open_untitled(self) -> None:
        body = self.body
        skip = 0
        while skip < len(body) and (not body[skip].strip() or is_rule(body[skip].strip())):
            skip += 1
        if skip < len(body):
            self.title = self.top = UNTITLED
            self.level, self.parent, self.line = 1, None, self.first + skip + 1
            self.body = body[skip:]

    def _flush(self) -> None:
        if self.title is not None:
            self.draft.sections.append(Section(title=self.title, level=self.level,
                                               text=_tidy(self.body), line=self.line,
                                               parent=self.parent))


def _tidy(body: list[str]) -> str:
    """Drop trailing spaces and the blank lines around a section's body."""
    stripped = [line.rstrip() for line in body]
    first, last = 0, len(stripped)
    while first < last and not stripped[first]:
        first += 1
    while last > first and not stripped[last - 1]:
        last -= 1
    return "\n".join(stripped[first:last])


def _read_applies(lines: list[str], index: int, draft: Draft) -> int:
    """Read the product lines of the "applies to" box; return the index after it.

    Entries start with ``-`` (or ``*``); a deeper-indented line without one continues
    the previous entry. The box ends at a rule, a heading, or a blank line that is not
    followed by another entry.
    """
    indent = -1
    count = len(lines)
    while index < count:
        line = lines[index]
        text = line.strip()
        if not text:
            following = _next_filled(lines, index + 1)
            if draft.applies_to and (following is None or not (
                    is_rule(following.strip()) or following.strip()[:2] in ("- ", "* "))):
                return index
        elif is_rule(text):
            return index + 1
        elif index + 1 < count and heading_level(line, lines[index + 1]):
            return index
        elif text[:2] in ("- ", "* ") or text in ("-", "*"):
            indent = len(line) - len(line.lstrip())
            if text[2:].strip():
                draft.applies_to.append(text[2:].strip())
        elif draft.applies_to and len(line) - len(line.lstrip()) > indent:
            draft.applies_to[-1] = f"{draft.applies_to[-1]} {text}"
        else:
            indent = len(line) - len(line.lstrip())
            draft.applies_to.append(text)
        index += 1
    return index


def _next_filled(lines: list[str], index: int) -> str | None:
    for line in lines[index:index + 3]:
        if line.strip():
            return line
    return None


def _trailer_follows(lines: list[str], index: int) -> bool:
    """Whether a 70-``=`` rule at ``index - 1`` opens the trailer, not a box in the body."""
    following = _next_filled(lines, index)
    if following is None:
        return not any(line.strip() for line in lines[index:])
    if following.rstrip() == _RULE77:
        return True
    match = _TRAILER_LINE.match(following)
    return match is not None and (
        match.group(1).strip().lower() in _TRAILER_LABELS
        or following[_TRAILER_LABEL_WIDTH:_TRAILER_LABEL_WIDTH + 1] == ":")


def _read_tail(lines: list[str], index: int, draft: Draft) -> None:
    """``Additional query words:`` and leftover ``KBCategory:``/``KBSubcategory:`` lines.

    A line right below one of them continues it; text after a blank line is not
    expected and is skipped (with an issue), up to the trailer or the copyright line.
    """
    target: list[str] | None = None
    reported = False
    for at in range(index, len(lines)):
        line = lines[at]
        tail = _TAIL.match(line)
        if tail:
            is_query = tail.group(1).lower().startswith("additional")
            target = draft.query_words if is_query else draft.category_words
            target.extend(words(tail.group(2)))
            reported = False
        elif not line.strip():
            target = None
        elif line.rstrip() == _RULE77 or line.startswith("Copyright"):
            return
        elif line.rstrip() == _RULE70 and _trailer_follows(lines, at + 1):
            _read_trailer(lines, at + 1, draft)
            return
        elif target is not None:
            target.extend(words(line))
        elif not reported:
            reported = True
            draft.issue(at + 1, "skipped text after the query words")


def _read_trailer(lines: list[str], index: int, draft: Draft) -> None:
    """``Label             : value`` lines up to the first blank line or rule."""
    seen = False
    for at in range(index, len(lines)):
        line = lines[at]
        text = line.strip()
        if not text:
            if seen:
                return
            continue
        if is_rule(text):
            return
        seen = True
        match = _TRAILER_LINE.match(line)
        if match is None:
            draft.issue(at + 1, f"unreadable trailer line {text[:40]!r}")
            continue
        label = match.group(1).strip()
        key = _TRAILER_LABELS.get(label.lower())
        if key is None:
            draft.issue(at + 1, f"unknown trailer label {label!r}")
        else:
            draft.trailer[key] = match.group(2).strip()
