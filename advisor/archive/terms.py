"""What the archive indexes of an article, and what it searches for in a query.

Both sides go through the same FTS5 tokenizer, so this module only decides what
text goes into which column (:func:`index_columns`) and which phrases a query
asks for (:func:`parse_query`). Products and versions become marker tokens in
the ``extra`` column, so that "sms 1.2" in a query weighs for the articles whose
product is Systems Management Server and whose versions include 1.2, and
:func:`product_keys` answers ``--product sms``.

>>> query = parse_query("SMS 1.2 despooler won't copy Y/N prompt, see q128458")
>>> query.ids, query.products, query.versions
((128458,), ('sms',), ('1.2',))
>>> query.phrases
('sms', '1 2', 'despooler', 'copy', 'y n', 'prompt')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["COLUMNS", "COMPOUNDS", "PRODUCTS", "SYNONYMS", "Query", "index_columns",
           "marker_terms", "parse_query", "product_keys", "query_groups", "resolve_product",
           "synonyms"]

#: The indexed columns, in order (their BM25 weights are in the store).
COLUMNS = ("title", "symptoms", "cause", "fix", "body", "keywords", "extra")

#: Product key -> (how a query names it, text of the PRODUCT field it covers).
PRODUCTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sms": (("sms", "systems management server", "smsinst"),
            ("systems management server",)),
    "winnt": (("nt", "winnt", "windows nt", "nt4", "nt351", "nt 4.0", "nt 3.51"),
              ("windows nt",)),
    "win95": (("win95", "windows 95", "win 95", "w95", "win98", "windows 98"),
              ("windows 95",)),
    "win3": (("win31", "win3", "windows 3.1", "windows 3.x", "win 3.1", "windows 3.0"),
             ("windows 3.x",)),
    "wfw": (("wfw", "wfwg", "windows for workgroups"), ("windows for workgroups",)),
    "exchange": (("exchange", "exchange server"), ("exchange",)),
    "sql": (("sql", "sql server", "mssql"), ("sql server",)),
    "word": (("word 97", "word97", "wd97", "winword", "word for windows"), ("word",)),
    "powerpoint": (("powerpoint", "ppt"), ("powerpoint",)),
    "iis": (("iis", "internet information server"), ("internet information server",)),
    "foxpro": (("foxpro", "vfp", "visual foxpro"), ("foxpro",)),
    "vb": (("vb", "vb4", "vb5", "vb6", "visual basic"), ("visual basic",)),
    "dos": (("dos", "ms-dos", "msdos"), ("disk operating system",)),
    "sna": (("sna", "sna server"), ("sna server",)),
    "mail": (("ms mail", "msmail", "microsoft mail"), ("mail for",)),
    "access": (("access 97", "access 2.0", "ms access", "microsoft access"), ("access",)),
    "c": (("visual c++", "vc++", "msvc", "c compiler"), ("c compiler", "visual c")),
}
_ALIASES = {alias: key for key, (aliases, _) in PRODUCTS.items() for alias in aliases}
_LONGEST_ALIAS = max(len(alias.split()) for alias in _ALIASES)

_MARK_PRODUCT, _MARK_VERSION = "zzp", "zzv"
_TOKEN = re.compile(r"\S+")
_PARTS = re.compile(r"[^\W_]+")
_ID = re.compile(r"q(\d{5,6})")
_ID_WORDS = frozenset({"kb", "q", "article", "id"})
_VERSION = re.compile(r"\d{1,2}\.\d{1,2}[a-z]?")
_CONTRACTIONS = {
    "wont": "will not", "cant": "cannot", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
    "couldnt": "could not", "wouldnt": "would not", "shouldnt": "should not",
    "aint": "is not", "im": "i am", "ive": "i have", "its": "it is", "thats": "that is",
    "theres": "there is",
}
# Words that say nothing about a problem. A fixed list, not a share of the
# archive: "file", "nt" and "2.0" separate near duplicates and stay.
_FILLER_WORDS = """
a about after again all also am an and any are as at be because been before being
but by can could did do does doing down during each either even ever every few
for from further get gets getting got had has have having he her here hers him his
how however i if in into is it itself just keep keeps kept me might more most
much must my myself need needs no nor not now of off on once one only or other our
ours out over own please same says said see seems she should since so some still
such than that the their theirs them then there these they this those though
through to too under until up us very was we were what whatever when where whether
which while who whom why will with within without would yet you your yours
anyone someone somebody something anything everything nothing
"""
_FILLER = frozenset(_FILLER_WORDS.split())


# The archive's words for what users call otherwise: each query word also asks
# for these (the words of the articles' own vocabulary, not tuned per query).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "netware": ("nw", "novell"), "novell": ("netware",), "nw": ("netware",),
    "folder": ("directory",), "folders": ("directories",), "directory": ("folder",),
    "dp": ("distribution point",), "hang": ("stops responding",),
    "hangs": ("stops responding",), "hung": ("stops responding",),
    "freezes": ("stops responding",), "frozen": ("stops responding",),
    "gpf": ("general protection fault",), "bsod": ("stop",),
    "crash": ("access violation",), "crashes": ("access violation",),
    "win95": ("windows 95",), "win98": ("windows 98",), "winnt": ("windows nt",),
}

#: Product abbreviations that users and the archive's own titles run together
#: with a version ("iis4", "vb5", "fp97", "sql7"): such a token also asks for
#: the product's name followed by the number, as article text spells it.
COMPOUNDS: dict[str, str] = {
    "iis": "iis", "vb": "visual basic", "vc": "visual c", "fp": "frontpage",
    "sql": "sql server", "nt": "nt", "ie": "internet explorer", "xl": "excel",
    "wd": "word", "word": "word", "office": "office", "acc": "access",
    "access": "access", "ol": "outlook", "outlook": "outlook", "ppt": "powerpoint",
    "vfp": "visual foxpro", "exchange": "exchange", "sms": "sms", "excel": "excel",
    "msie": "internet explorer", "sp": "service pack",
}
#: Of :data:`COMPOUNDS`, those whose number is no product version.
_NOT_VERSIONS = frozenset({"sp"})
_COMPOUND = re.compile(r"([a-z]+)(\d{1,2})")


def synonyms(phrase: str) -> tuple[str, ...]:
    """The phrases a query phrase also asks for: its :data:`SYNONYMS`, and for a
    product abbreviation run together with a version (:data:`COMPOUNDS`) the two
    apart and the product's name with the number (``iis4``: ``iis 4``,
    ``internet information server 4``)."""
    found = SYNONYMS.get(phrase)
    if found is not None:
        return found
    compound = _COMPOUND.fullmatch(phrase)
    if compound is None or compound.group(1) not in COMPOUNDS:
        return ()
    letters, number = compound.groups()
    return tuple(dict.fromkeys((f"{letters} {number}",
                                f"{COMPOUNDS[letters]} {number}")))


def _compound_version(token: str) -> str | None:
    """The version a compound token names: ``vb5`` is 5.0 (``fp97`` names none
    the archive writes as a version)."""
    compound = _COMPOUND.fullmatch(token)
    if (compound is None or compound.group(1) not in COMPOUNDS
            or compound.group(1) in _NOT_VERSIONS or len(compound.group(2)) > 1):
        return None
    return f"{compound.group(2)}.0"


@dataclass(frozen=True)
class Query:
    """A query as the store searches it: article numbers named in it (``ids``), its
    phrases (each one word, or words that were one token such as ``y n`` for
    ``Y/N``), and the products and versions it names."""

    ids: tuple[int, ...]
    phrases: tuple[str, ...]
    products: tuple[str, ...]
    versions: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.ids or self.phrases or self.products or self.versions)


def parse_query(text: str) -> Query:
    """Read a free-text query: expand contractions (``won't``, ``wont``), drop filler
    words, keep codes and hex (``0x0000001E``, ``0157:BFF9A25B``) whole as phrases,
    and pick out article ids (``Q202063``, ``q202063``; a bare ``202063`` when it is
    the whole query or follows ``kb``/``article``), products and versions."""
    raw = [token.casefold().strip(".,;:!?()[]{}\"'`") for token in _TOKEN.findall(text)]
    raw = [token.replace("\u2019", "'") for token in raw if token]
    ids: list[int] = []
    products: list[str] = []
    versions: list[str] = []
    phrases: list[str] = []
    words: list[str] = []
    for index, token in enumerate(raw):
        if (match := _ID.fullmatch(token)) or (token.isdigit() and 5 <= len(token) <= 6 and (
                len(raw) == 1 or (index and raw[index - 1] in _ID_WORDS))):
            ids.append(int(match.group(1) if match else token))
            continue
        if _VERSION.fullmatch(token):
            versions.append(token)
        elif version := _compound_version(token):
            versions.append(version)
        plain = token.replace("'", "")
        expanded = _CONTRACTIONS.get(plain)
        words.extend(expanded.split() if expanded else [token])
    products = _products(words)
    for token in words:
        parts = _PARTS.findall(token)
        if not parts:
            continue
        if len(parts) == 1 and (parts[0] in _FILLER or parts[0] in _ID_WORDS):
            continue
        phrases.append(" ".join(parts))
        phrases.extend(synonyms(phrases[-1]))
    return Query(tuple(dict.fromkeys(ids)), tuple(dict.fromkeys(phrases)),
                 tuple(dict.fromkeys(products)), tuple(dict.fromkeys(versions)))


def _products(words: list[str]) -> list[str]:
    found = []
    for size in range(_LONGEST_ALIAS, 0, -1):
        for start in range(len(words) - size + 1):
            key = _ALIASES.get(" ".join(words[start:start + size]))
            if key is None and size == 1 and (compound := _COMPOUND.fullmatch(words[start])):
                letters = compound.group(1)
                key = _ALIASES.get(letters) or _ALIASES.get(COMPOUNDS.get(letters, ""))
            if key is not None:
                found.append(key)
    return found


def resolve_product(text: str) -> str | None:
    """The product key a name or alias stands for (``sms``, ``Windows NT``,
    ``Systems Management Server``), or ``None``."""
    name = " ".join(text.casefold().split())
    if name in PRODUCTS:
        return name
    if name in _ALIASES:
        return _ALIASES[name]
    name = name.removeprefix("microsoft ")
    for key, (_, covered) in PRODUCTS.items():
        if any(name == text or name in text.split(" for ")[0] for text in covered):
            return key
    return None


def product_keys(product: str | None) -> tuple[str, ...]:
    """The product keys an article's PRODUCT field falls under."""
    name = (product or "").casefold()
    return tuple(key for key, (_, covered) in PRODUCTS.items()
                 if any(text in name for text in covered))


def marker_terms(query: Query) -> list[str]:
    """The marker tokens of the query's products and versions."""
    return ([_MARK_PRODUCT + key.replace("+", "") for key in query.products]
            + [_version_marker(version) for version in query.versions])


def _version_marker(version: str) -> str:
    return _MARK_VERSION + version.replace(".", "x")


_SYMPTOMS = frozenset({"symptoms", "symptom", "summary", "introduction"})
_CAUSE = frozenset({"cause", "causes"})
_FIX = frozenset({"resolution", "resolutions", "workaround", "workarounds", "status"})


def index_columns(article: Mapping[str, Any]) -> tuple[str, ...]:
    """The text of an article (the JSON of an :class:`~advisor.articles.Article`) for
    each of :data:`COLUMNS`."""
    columns: dict[str, list[str]] = {name: [] for name in COLUMNS}
    columns["title"].append(article["title"])
    for section in article.get("sections", ()):
        top = (section.get("parent") or section["title"]).casefold()
        column = ("symptoms" if top in _SYMPTOMS else "cause" if top in _CAUSE
                  else "fix" if top in _FIX else "body")
        if section["level"] == 2:
            columns[column].append(section["title"])
        columns[column].append(section["text"])
    columns["keywords"].extend((*article.get("keywords", ()), *article.get("technology", ()),
                                *article.get("query_words", ())))
    versions = {match.group(0) for version in article.get("versions", ())
                for match in _VERSION.finditer(version)}
    product = article.get("product")
    columns["extra"].extend((product or "", article.get("component") or "",
                             *(_MARK_PRODUCT + key for key in product_keys(product)),
                             *sorted(_version_marker(v) for v in versions)))
    return tuple("\n".join(part for part in columns[name] if part) for name in COLUMNS)


def query_groups(query: Query, corrections: Mapping[str, str] | None = None
                 ) -> list[list[str]]:
    """The FTS5 phrases of a query, grouped: each of its phrases anywhere, with the
    synonyms it brought (:data:`~advisor.archive.terms.SYNONYMS`) and the word
    meant where it was misspelt (``corrections``, see
    :mod:`~advisor.archive.spelling`) in its group; its product and version markers
    in the ``extra`` column, each a group of its own."""
    groups: list[list[str]] = []
    placed: set[str] = set()
    fixes = corrections or {}
    for phrase in query.phrases:
        if phrase in placed:
            continue
        group = [phrase, *(name for name in synonyms(phrase)
                           if name in query.phrases and name not in placed)]
        if (meant := fixes.get(phrase)) is not None and meant not in query.phrases:
            group.append(meant)
        placed.update(group)
        groups.append([f'"{name}"' for name in group])
    groups += [[f'extra : "{marker}"'] for marker in marker_terms(query)]
    return groups
