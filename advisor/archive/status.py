"""Fix status of any archive article, read from its STATUS section and trailer.

:func:`article_status` reads what an article says about a fix into an
:class:`~advisor.archive.model.ArchiveStatus`, the model of the rule packs' status (``solution``,
``confirmed_in``, ``fixed_in``) plus ``fixed_in_kind`` and where it came from.
:func:`has_fix` says whether a given product version carries the fix.

>>> from advisor.articles import parse_article
>>> article = parse_article(
...     "DOCUMENT:Q184489  31-JUL-2001  [sms]\\nTITLE   :Example\\n\\nSTATUS\\n======\\n\\n"
...     "Microsoft has confirmed this to be a problem in Systems Management Server "
...     "version 1.2. This problem has been corrected in the latest U.S. service pack "
...     "for Systems Management Server version 1.2.\\n")
>>> status = article_status(article)
>>> status.solution, status.confirmed_in, status.fixed_in_kind
('fixed', ('Systems Management Server 1.2',), 'latest_service_pack')
>>> status.fixed_in
'latest Systems Management Server 1.2 service pack'
>>> has_fix(status, "1.1"), has_fix(status, "1.2"), has_fix(status, "2.0")
(False, None, True)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from advisor.archive.model import ArchiveStatus, FixedInKind, Solution

if TYPE_CHECKING:
    from advisor.articles import Article

__all__ = ["ArchiveStatus", "article_status", "has_fix", "pack_status"]

_SPACE = re.compile(r"\s+")
# "was first corrected in", "has been fixed in", "is fixed in", "has been resolved in"
_FIXED = re.compile(
    r"\b(?:was|were|is|are|has been|have been|had been)\s+(?:first\s+|also\s+)?"
    r"(?:corrected|fixed|resolved)\s+(?:on\s+[A-Z][a-z]+\s+\d{1,2},\s*\d{4},?\s*)?"
    r"(?:in|with)\s+(?P<release>.+?)(?=(?<!\bU\.S)\.(?:\s|$)|;|\(|$)", re.IGNORECASE)
# "SMS 1.2 corrects it": the release is the subject.
_CORRECTS = re.compile(r"(?:^|(?<=\.\s))(?P<release>[A-Z][\w.+/ ]{1,60}?)\s+(?:corrects|fixes|"
                       r"resolves)\s+(?:it|this|the\s+(?:problem|issue|bug))\b")
_INCLUDED = re.compile(r"\b(?:feature|fix) is included in\s+(?P<release>.+?)"
                       r"(?=\.(?:\s|$)|;|$)", re.IGNORECASE)
_NO_LONGER = re.compile(r"\b(?:no longer occurs|does not occur)\s+in\s+(?P<release>.+?)"
                        r"(?=\.(?:\s|$)|;|$)", re.IGNORECASE)
_HOTFIX = re.compile(r"\b(?:supported fix is (?:now )?available|contact microsoft "
                     r"(?:technical|product) support (?:services )?to obtain (?:the|this) "
                     r"(?:following )?fix)", re.IGNORECASE)
# The words each fix pattern needs, looked for (as plain substrings of the text in
# lower case, which is far quicker than any of the patterns) before it runs.
_NEEDS = {"fixed": ("corrected", "fixed", "resolved"), "included": ("is included in",),
          "corrects": ("corrects", "fixes", "resolves"),
          "no_longer": ("no longer occurs", "does not occur")}
_BY_DESIGN = re.compile(r"\bby design\b|\bdesign change", re.IGNORECASE)
_PENDING = re.compile(r"\bresearching\b|\bfix (?:to this problem )?is in development",
                      re.IGNORECASE)
_NO_RESOLUTION = re.compile(r"\b(?:currently )?no (?:resolution|fix) (?:is available |"
                            r"for this (?:issue|problem) )?", re.IGNORECASE)
_CONFIRMED = re.compile(
    r"\bconfirmed (?:this|that this|the) (?:to be |is )?(?:a |an )?(?:problem|bug|issue)\s+"
    r"(?:in|with)\s+(?P<what>.+?)(?=\.(?:\s|$)|\s+and (?:is|has been|was) |;|$)",
    re.IGNORECASE)
_LISTED = re.compile(r"(?:products?|clients?)\s+(?:that are\s+)?listed", re.IGNORECASE)
_TRAILER = {"kbfix": "fixed", "kbnofix": "no_fix", "kbpending": "pending"}
_VERSION = re.compile(r"\d+(?:\.\d+)*[a-z]?\b")
_SP = re.compile(r"\b(?:service pack|sp)\s*(\d+)[a-z]?", re.IGNORECASE)
_LATEST = re.compile(
    r"^(?:the\s+)?latest\s+(?P<before>.*?)\s*(?:US\s+)?service packs?"
    r"(?:\s+for\s+(?P<after>.*))?$", re.IGNORECASE)
_NOISE = re.compile(r"\bMicrosoft\s+|\bUS\s+|\bU\.S\.(?:\s+|$)|\bversions?\s+(?=\d)|,")
# "the version of Analyze that ships with Visual SourceSafe 6.0": the release is
# what it ships with.
_SHIPS_WITH = re.compile(r"\b(?:that|which)\s+(?:ships|shipped|comes|came)\s+with\s+(.+)",
                         re.IGNORECASE)
# "3.2 of Mail for Windows", "the 1992 edition of Bookshelf": product first.
_OF_PRODUCT = re.compile(r"^(?P<what>\d[\w.]*(?:\s+edition)?)\s+of\s+(?P<product>.+)$",
                         re.IGNORECASE)
# "Service Pack 4 for Visual Basic": product first.
_SP_FOR = re.compile(r"^(?P<sp>service pack\s+\d+[a-z]?)\s+for\s+(?P<product>.+)$",
                     re.IGNORECASE)
# Short names the articles use for a release, written out.
_SHORT_NAMES = ((re.compile(r"\bMDAC\b"), "Data Access Components"),
                (re.compile(r"\bSR-?(\d)\b"), r"Service Release \1"))


def article_status(article: Article) -> ArchiveStatus:
    """Read the fix status of ``article`` from its STATUS section (and the sections
    under it) and its ``Solution Type`` trailer line.

    The text decides; the trailer only where the text says nothing about a fix.
    """
    text = _status_text(article)
    confirmed = _confirmed(text, article)
    trailer = _trailer_solution(article.solution_type)
    release = _release(text)
    if release is None and (body := _body_text(article)):
        release = _release(body)
    if release is not None:
        fixed_in, kind = _fixed_in(release[0], release[1], text, article.versions)
        return ArchiveStatus(solution="fixed", confirmed_in=confirmed, fixed_in=fixed_in,
                             fixed_in_kind=kind, source="text")
    if _HOTFIX.search(text):
        return ArchiveStatus(solution="fixed", confirmed_in=confirmed,
                             fixed_in_kind="hotfix", source="text")
    if _BY_DESIGN.search(text):
        return ArchiveStatus(solution="by_design", confirmed_in=confirmed, source="text")
    if _PENDING.search(text):
        return ArchiveStatus(solution="pending", confirmed_in=confirmed, source="text")
    if _NO_RESOLUTION.search(text) and "resolution" in text.casefold():
        return ArchiveStatus(solution="no_fix", confirmed_in=confirmed, source="text")
    if trailer is not None:
        return ArchiveStatus(solution=trailer, confirmed_in=confirmed, source="trailer")
    if confirmed:
        return ArchiveStatus(solution="no_fix", confirmed_in=confirmed, source="text")
    return ArchiveStatus(solution="unknown")


#: The product of every rule pack (the packs name versions only).
PACK_PRODUCT = "Systems Management Server"
_PACK_SOLUTIONS: dict[str, Solution] = {"fixed": "fixed", "no_fix": "no_fix",
                                        "pending": "pending", "by_design": "by_design"}


def pack_status(status: Mapping[str, Any], read: ArchiveStatus | None = None
                ) -> ArchiveStatus:
    """The archive's reading of a rule pack's ``status:`` block (see rules/README.md),
    so that a bundled article shows in the archive the status its advice shows.
    ``read`` is what the article's own text says (:func:`article_status`): where it
    says the fix is in "the latest service pack", that is kept as its label.

    >>> s = pack_status({"confirmed_in": ["1.2"], "fixed_in": "1.2", "fixed_in_sp": 3,
    ...                  "solution": "fixed"})
    >>> s.confirmed_in, s.fixed_in, s.fixed_in_kind, has_fix(s, "1.2 SP2")
    (('Systems Management Server 1.2',), 'Systems Management Server 1.2 Service Pack 3', \
'service_pack', False)
    >>> pack_status({"confirmed_in": ["1.2"], "solution": "not_stated"}).solution
    'unknown'
    """
    confirmed = tuple(f"{PACK_PRODUCT} {v}" for v in status.get("confirmed_in") or ())
    solution = _PACK_SOLUTIONS.get(str(status.get("solution")), "unknown")
    release, sp = status.get("fixed_in"), status.get("fixed_in_sp")
    if solution != "fixed" or release is None:
        return ArchiveStatus(solution=solution, confirmed_in=confirmed, source="pack")
    if (read is not None and read.solution == "fixed"
            and read.fixed_in_kind == "latest_service_pack"):
        # The pack knows which service pack that was (from the fix lists).
        latest = f"{read.fixed_in} (Service Pack {sp})" if sp else read.fixed_in
        return ArchiveStatus(solution="fixed", confirmed_in=confirmed, fixed_in=latest,
                             fixed_in_kind="latest_service_pack", source="pack")
    fixed_in = f"{PACK_PRODUCT} {release}" + (f" Service Pack {sp}" if sp else "")
    return ArchiveStatus(solution="fixed", confirmed_in=confirmed, fixed_in=fixed_in,
                         fixed_in_kind="service_pack" if sp else "version", source="pack")


def has_fix(status: ArchiveStatus, version: str) -> bool | None:
    """Whether a product at ``version`` (``"1.2"``, ``"1.2 SP4"``, ``"4.0 Service Pack
    3"``) has the fix: ``True``, ``False``, or ``None`` when the article does not say
    enough (no fix, a fix "in the latest service pack" of that very version, or a
    hotfix)."""
    if status.solution != "fixed" or status.fixed_in is None:
        return None
    user = _version_key(version)
    fixed = _version_key(status.fixed_in)
    if user is None or fixed is None:
        return None
    (user_version, user_sp), (fixed_version, fixed_sp) = user, fixed
    if status.fixed_in_kind == "later_version":
        return None if fixed_version == () else user_version >= fixed_version
    if status.fixed_in_kind == "latest_service_pack":
        if user_version > fixed_version:
            return True
        if user_version < fixed_version:
            return False
        # "The latest service pack" says which one only where it is named beside it.
        return user_sp >= fixed_sp if fixed_sp else None
    if user_version != fixed_version:
        return user_version > fixed_version
    return user_sp >= fixed_sp


def _version_key(text: str) -> tuple[tuple[int, ...], int] | None:
    match = _VERSION.search(text)
    if match is None:
        return None
    number = tuple(int(part) for part in re.findall(r"\d+", match.group(0)))
    sp = _SP.search(text)
    return number, int(sp.group(1)) if sp else 0


def _status_text(article: Article) -> str:
    parts = [section.text for section in article.sections
             if section.title.casefold() == "status" or
             (section.parent or "").casefold() == "status"]
    # "U.S." would end a sentence for the patterns.
    return " ".join(" ".join(parts).split()).replace("U.S.", "US")


def _body_text(article: Article) -> str:
    # Some articles (SNA Server's, often) say where the fix is outside STATUS.
    parts = [section.text for section in article.sections
             if section.title.casefold() != "status" and
             (section.parent or "").casefold() != "status"]
    return " ".join(" ".join(parts).split()).replace("U.S.", "US")


def _trailer_solution(value: str | None) -> Literal["fixed", "no_fix", "pending"] | None:
    # A trailer with several types (rare) counts as its first.
    for word in (value or "").casefold().split():
        if word in _TRAILER:
            return _TRAILER[word]  # type: ignore[return-value]
    return None


def _release(text: str) -> tuple[str, bool] | None:
    """The release phrase of the first fix sentence, and whether it is a "no longer
    occurs in" sentence."""
    lower = text.casefold()
    has = {name: any(word in lower for word in words) for name, words in _NEEDS.items()}
    if not any(has.values()):
        return None
    found: list[tuple[int, str, bool]] = []
    if has["fixed"]:
        found += [(m.start(), m.group("release"), False) for m in _FIXED.finditer(text)]
    if has["included"]:
        found += [(m.start(), m.group("release"), False) for m in _INCLUDED.finditer(text)]
    if has["corrects"]:
        found += [(m.start(), m.group("release"), False) for m in _CORRECTS.finditer(text)
                  if re.search(r"\d", m.group("release"))
                  and not m.group("release").casefold().startswith(("a ", "this "))
                  and (not m.group("release").casefold().startswith("the ")
                       or m.group("release").casefold().startswith("the latest "))]
    if has["no_longer"]:
        found += [(m.start(), m.group("release"), True) for m in _NO_LONGER.finditer(text)]
    if not found:
        return None
    _, release, later = min(found)
    return release, later


def _confirmed(text: str, article: Article) -> tuple[str, ...]:
    found = []
    for match in _CONFIRMED.finditer(text):
        what = match.group("what").strip()
        if _LISTED.search(what):
            listed = ", ".join(article.versions)
            what = " ".join(part for part in (_clean(article.product or ""), listed) if part)
        else:
            what = _clean(what)
        if what:
            found.append(what)
    return tuple(dict.fromkeys(found))


def _clean(text: str) -> str:
    text = _NOISE.sub(" ", text).removeprefix("the ")
    return _SPACE.sub(" ", text).strip(" .")


def _fixed_in(release: str, later: bool, text: str,
              versions: tuple[str, ...] = ()) -> tuple[str, FixedInKind]:
    release = release.strip()
    if (included := re.search(r"\bincluded with\s+(.*)", release, re.IGNORECASE)):
        release = included.group(1)
    if (ships := _SHIPS_WITH.search(release)):
        release = ships.group(1)
    # Stop at the next release or clause; keep ", Terminal Server Edition",
    # ", Service Release 1" and ", 2.11 U.S. Service Pack", which belong to the name.
    release = re.split(r"\s+and\s+(?!(?:4\.0|3\.0)\s+U\.S\.)|,\s+(?!Terminal Server|"
                       r"Service Release|32-bit|version|\d[\d.]*\s+(?:U\.?S\.?\s+)?Service Pack)"
                       r"|\s+with\s+(?!new\b)|\.\s", release)[0]
    for short, long in _SHORT_NAMES:
        release = short.sub(long, release)
    if later:
        return _clean(release), "later_version"
    latest = _LATEST.match(release)
    if latest:
        product = _clean(latest.group("after") or latest.group("before") or "")
        product = re.sub(r"\s+for Windows NT\b", "", product, flags=re.IGNORECASE)
        if not _VERSION.search(product):
            product = _with_version(product, text)
        return f"latest {product} service pack".replace("  ", " "), "latest_service_pack"
    cleaned = _clean(release)
    if (of := _OF_PRODUCT.match(cleaned)):
        cleaned = f"{of.group('product')} {of.group('what')}"
    elif (sp_for := _SP_FOR.match(cleaned)):
        product = sp_for.group("product")
        if not _VERSION.search(product):
            product = f"{product} {_one_version(versions)}".strip()
        cleaned = f"{product} {sp_for.group('sp')}"
    if not re.match(r"[A-Za-z]", cleaned):
        # "fixed in version 3.2": the product is the confirmed one, without its version.
        product = _VERSION.split(_confirmed_product(text))[0].strip()
        cleaned = f"{product} {cleaned}".strip()
    elif cleaned.casefold().startswith(("service pack", "sp ")):
        cleaned = f"{_confirmed_product(text)} {cleaned}".strip()
    cleaned = re.sub(r"(Service Pack \d+)\.0\b", r"\1", cleaned)
    kind: FixedInKind = "service_pack" if re.search(
        r"service (?:pack|release)|\bSP\d", cleaned, re.IGNORECASE) else "version"
    return cleaned, kind


def _one_version(versions: tuple[str, ...]) -> str:
    """The release the article's PROD/VER names, when it names exactly one (its
    service packs aside): "6.0" for "6.0, 6.0 SP3, 6.0 SP4"."""
    found = {match.group(0) for version in versions
             if (match := _VERSION.match(_SP.sub("", version).strip()))}
    return found.pop() if len(found) == 1 else ""


def _confirmed_product(text: str) -> str:
    """The product and version of the first "confirmed ... in" phrase, for a fix
    sentence that names only a version or a service pack."""
    match = _CONFIRMED.search(text)
    if match is None:
        return ""
    what = match.group("what")
    of = re.match(r"versions?\s+[\d.,a-z\s]*?\bof\s+(.*)", what, re.IGNORECASE)
    if of:
        return _clean(of.group(1))
    return _clean(what)


def _with_version(product: str, text: str) -> str:
    confirmed = _confirmed_product(text)
    if confirmed and _VERSION.search(confirmed):
        return confirmed
    return product
