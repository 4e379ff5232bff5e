r"""Read Microsoft Knowledge Base articles written in the classic plain-text layout.

One parser reads all three layouts the archive comes in and tells them apart by their
text (never by file name); :attr:`Article.layout` says which it found:

* ``"classic"``: the ftp.microsoft.com dump, which starts with ``DOCUMENT:Q202063
  11-JUN-2002  [sms]`` and five more ``LABEL   :value`` header lines;
* ``"pss"``: the older layout, which starts with the title, then ``PSS ID Number:
  Q140403``, ``Article last modified on 01-30-1996``, a version line and a platform line;
* ``"jeffpar"``: the kbarchive web page, with optional Jekyll front matter, a ``##
  Q128458: title`` heading, ``Article: Q128458`` style header lines and the body indented
  by one tab.

After the header come the "applies to" box, the sections, ``Additional query words:``
and the trailer (``Keywords          : ...`` lines after a line of 70 ``=``).

Sections: a heading underlined with ``=`` is a level-1 section; one underlined with
``-`` is a subheading of the section above it, unless it is an ALL-CAPS standard name
such as ``SYMPTOM``. A section's ``text`` is its own body only (a level-1 section's
text stops at its first subheading), without trailing spaces or blank edge lines.
Text with no heading above it is kept as a level-1 section titled ``(untitled)`` when
the article has no headings or starts with a subheading; before a level-1 heading it
is a notice (such as the registry warning) and is left out.

Ids are kept as the archive numbers them, ``Q`` and five or six digits (``Q10022``,
``Q128458``), in :attr:`Article.id` and in :attr:`Article.references` alike.

Only an article without an id or a title is rejected (:class:`ArticleFormatError`).
Anything else the parser cannot read is skipped and noted in :attr:`Article.issues`.

>>> article = parse_article(
...     "DOCUMENT:Q10022  07-SEP-2001  [sms]\nTITLE   :Example\n\n"
...     "STATUS\n======\n\nSee Q128458.\n")
>>> article.id, article.section("STATUS").text, article.references
('Q10022', 'See Q128458.', ('Q128458',))
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from advisor.articles.body import Draft, heading_level, is_rule, read_body
from advisor.articles.fields import normalise_id, words
from advisor.articles.model import Article
from advisor.errors import ArticleFormatError

__all__ = ["parse_article", "read_article"]

_CLASSIC_START = re.compile(r"DOCUMENT\s*:")
_PSS_ID = re.compile(r"\s*PSS ID Number\s*:\s*(\S+)", re.IGNORECASE)
_PSS_DATE = re.compile(r"Article last modified on\s+(.*)", re.IGNORECASE)
_JEFFPAR_ID = re.compile(r"\t?(?:##\s*Q\d+\s*:|Article\s*:\s*Q\d+)")
_JEFFPAR_HEADING = re.compile(r"##\s*(Q\d+)\s*:\s*(.*)")
_FRONT_TITLE = re.compile(r"title\s*:\s*(.*)")
_RAW_TAG = re.compile(r"\s*\{%-?\s*(?:end)?raw\s*-?%\}\s*")
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z/() ]{0,24}?)\s*:(.*)")
_HEADER_LABELS = {
    "DOCUMENT": "document", "TITLE": "title", "PRODUCT": "product", "PROD/VER": "prod_ver",
    "OPER/SYS": "operating_system", "KEYWORDS": "keywords", "ARTICLE": "id",
    "PRODUCT(S)": "product", "VERSION(S)": "prod_ver", "OPERATING SYSTEM(S)": "operating_system",
    "KEYWORD(S)": "keywords", "LAST MODIFIED": "date",
}
_LABEL_WIDTH = 8  # classic header labels are padded to 8 columns, then ':'
_MAX_HEADER_SCAN = 60  # the id line is always near the top; don't scan whole bodies for it
_LINE_BREAKS = re.compile(r"\r\n?")


def parse_article(text: str, *, path: str | Path | None = None) -> Article:
    """Parse the text of one KB article (any of the three layouts) into an :class:`Article`.

    Line ends may be CRLF, LF or CR; line numbers in the result (section lines and
    issues) count the lines of ``text`` from 1. ``path`` is only used to name the
    source in errors.

    Raises :class:`ArticleFormatError`, naming ``path`` and the line, when the text has no
    article id or no title. Everything else that cannot be read is skipped and recorded
    in :attr:`Article.issues`.
    """
    text = text.removeprefix("\ufeff")
    lines = _LINE_BREAKS.sub("\n", text).split("\n")
    layout, start = _detect_layout(lines)
    if layout is None:
        raise ArticleFormatError(
            "no article id found: expected a 'DOCUMENT:', 'PSS ID Number:' or 'Article:' line",
            path=path, line=1)
    draft = Draft(layout=layout)
    if layout == "classic":
        body = _read_labels(lines, start, draft)
    elif layout == "pss":
        body = _read_pss_header(lines, start, draft)
    else:
        body = _read_jeffpar_header(lines, start, draft)
    read_body(lines, body, draft)
    return _finish(draft, path)


def read_article(path: Path | str) -> Article:
    """Read and parse one article file.

    The bytes are decoded as UTF-8 (a BOM is dropped), else as cp1252, else as
    latin-1. Raises :class:`ArticleFormatError` naming the file when it cannot be read
    or is not an article (no id or no title).
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ArticleFormatError(f"cannot read article: {error.strerror or error}",
                                 path=path) from error
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        # latin-1 maps every byte, so the archive's rare stray bytes still come through.
        text = data.decode("latin-1")
    return parse_article(text, path=path)


def _detect_layout(lines: list[str]) -> tuple[str | None, int]:
    """Return the layout and the index of the line its header starts at."""
    if lines and lines[0].strip() == "---":
        return "jeffpar", 0
    for index, line in enumerate(lines[:_MAX_HEADER_SCAN]):
        if _CLASSIC_START.match(line):
            return "classic", index
        if _PSS_ID.match(line):
            return "pss", index
        if _JEFFPAR_ID.match(line):
            return "jeffpar", index
    return None, 0


def _store_header(draft: Draft, key: str, value: str, line: int) -> None:
    value = value.strip()
    if key == "document":
        _read_document_line(draft, value, line)
    elif key == "id":
        draft.set_id(value, line)
    elif key == "title":
        draft.title_line = line
        draft.title = value or None
    elif key == "date":
        draft.set_date(value, line)
    elif key == "keywords":
        draft.header_keywords = value
    elif key == "product":
        draft.product = value or None
    elif key == "prod_ver":
        draft.prod_ver = value
    else:
        draft.operating_system = value or None


def _read_document_line(draft: Draft, value: str, line: int) -> None:
    """``Q202063  11-JUN-2002  [sms]``: the id, the date and the category tag."""
    tokens = value.split()
    if not tokens:
        draft.id_line = line
        return
    draft.set_id(tokens[0], line)
    dated = False
    for token in tokens[1:]:
        if token.startswith("[") and token.endswith("]") and draft.category is None:
            draft.category = token[1:-1].strip() or None
        elif not dated:
            dated = True
            draft.set_date(token, line)
        else:
            draft.issue(line, f"unexpected text {token!r} on the DOCUMENT line")


def _read_labels(lines: list[str], start: int, draft: Draft) -> int:
    """Read ``LABEL: value`` header lines from ``start``; return where the body starts.

    The header ends at the first blank line after a label, or at a line that is no
    header label (then that line belongs to the body).
    """
    seen = False
    index = start
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            if seen:
                return index
            continue
        if line.startswith("##") and (heading := _JEFFPAR_HEADING.match(line)):
            draft.set_id(heading.group(1), index + 1)
            if draft.title is None:
                draft.title = heading.group(2).strip() or None
                draft.title_line = index + 1
            continue
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            return index
        label = match.group(1).strip().upper()
        key = _HEADER_LABELS.get(label)
        if key is None:
            if seen and draft.layout == "classic" and line[_LABEL_WIDTH:_LABEL_WIDTH + 1] == ":":
                draft.issue(index + 1, f"unknown header label {label!r}")
                continue
            return index
        seen = True
        _store_header(draft, key, match.group(2), index + 1)
    return len(lines) if seen else index


def _read_jeffpar_header(lines: list[str], start: int, draft: Draft) -> int:
    """Undo the web page wrapping in place (line numbers stay), then read the header."""
    first = start
    if start == 0 and lines[0].strip() == "---":
        for index in range(1, min(len(lines), _MAX_HEADER_SCAN)):
            line = lines[index]
            if line.strip() == "---":
                first = index + 1
                break
            if (match := _FRONT_TITLE.match(line)) and draft.title is None:
                _read_front_title(draft, match.group(1), index + 1)
    for index in range(first, len(lines)):
        line = lines[index]
        if line.startswith("\t"):
            line = lines[index] = line[1:]
        if line.startswith("{%") and _RAW_TAG.fullmatch(line):
            lines[index] = ""
    return _read_labels(lines, first, draft)


def _read_front_title(draft: Draft, value: str, line: int) -> None:
    """``"Q128458: SMS Despooler ..."``: YAML quoting around an id and a title."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].replace('\\"', '"')
    ident, colon, title = value.partition(":")
    if colon and normalise_id(ident):
        draft.set_id(ident, line)
        value = title
    draft.title = value.strip() or None
    draft.title_line = line


def _read_pss_header(lines: list[str], start: int, draft: Draft) -> int:
    """Read the PSS header; return where the body starts.

    The title is above ``PSS ID Number:``; below it come the date, then bare version,
    platform and keywords lines up to the "applies to" box, a rule or the first heading.
    """
    above = next((index for index in range(start) if lines[index].strip()), None)
    draft.title_line = start + 1 if above is None else above + 1
    draft.title = None if above is None else lines[above].strip()
    match = _PSS_ID.match(lines[start])
    draft.set_id(match.group(1) if match else "", start + 1)
    bare: list[str] = []
    index = start + 1
    while index < len(lines):
        line = lines[index]
        text = line.strip()
        if text:
            if (is_rule(text) or text.lower().startswith("the information in this article")
                    or (index + 1 < len(lines) and heading_level(line, lines[index + 1]))):
                break
            if date := _PSS_DATE.match(text):
                draft.set_date(date.group(1), index + 1)
            elif len(bare) == 3:
                break
            else:
                bare.append(text)
        index += 1
    if bare:
        draft.versions = words(bare[0])
    if len(bare) > 1:
        draft.platform = bare[1]
    if len(bare) > 2:
        draft.header_keywords = bare[2]
    return index


def _finish(draft: Draft, path: str | Path | None) -> Article:
    if draft.id is None:
        raise ArticleFormatError(draft.bad_id or "no article id found", path=path,
                                 line=draft.id_line)
    if not draft.title:
        raise ArticleFormatError("no title found", path=path,
                                 line=draft.title_line or draft.id_line + 1)
    try:
        return draft.build(draft.id, draft.title)
    except ValidationError as error:
        # Values come from text we checked, so this means a parser bug; still name the file.
        raise ArticleFormatError(f"article does not validate: {error}", path=path,
                                 line=draft.id_line) from error

