"""Which site a value of a description is of: the values the text gives for the
site that receives the package, and whether Use Forced Disconnect is on there (see
:func:`advisor.evidence.description.propose_facts`)."""

from __future__ import annotations

import re

from advisor.evidence.describe_view import View
from advisor.facts import FactValue

__all__ = ["Candidate", "by_site"]

Candidate = tuple[int, str, FactValue, int, int]  # rank, fact, value, start, end


def by_site(values: dict[str, Candidate], found: dict[str, list[Candidate]],
            view: View) -> None:
    """Settle ``values`` (fact -> chosen candidate) by site: a value given for two
    sites is the receiving site's, one set only on the sending site is dropped, and
    Use Forced Disconnect on in words naming the receiving site says it is on there."""
    _to_target_site(values, found, view)
    _by_site(values, found, view)
    _named_on_target(values, view)
    _only_on_sending(values, found, view)


# Values that differ between sites, and how a part of a sentence names the site
# that receives the package or the one that sends it.
_PER_SITE = ("sms_version", "service_pack", "use_forced_disconnect", "number_of_retries",
             "forced_disconnection_delay", "response_setting")
_TARGET_SIDE = re.compile(r"\b(?:receiving|target|destination|child|secondary|receiver)\b|"
                          r"\bsite\s+that\s+(?:receives|gets)\b|\breceives\s+(?:it|the\s+package)\b|"
                          r"\b(?:is\s+sent|goes(?:\s+down)?)\s+to\b", re.IGNORECASE)
_SENDING_SIDE = re.compile(r"\b(?:sending|source|central|parent|headquarters|hq|sender)\b|"
                           r"\b(?:site\s+that\s+)?sends\b", re.IGNORECASE)


def _to_target_site(values: dict[str, Candidate], found: dict[str, list[Candidate]],
                    view: View) -> None:
    """A value the text gives differently for two sites ("UFD = 1 on the sending
    site, UFD = 0 on the receiving site") is the receiving site's."""
    for fact in _PER_SITE:
        if fact not in found or (fact in values and fact != "use_forced_disconnect"):
            continue
        top = max(c[0] for c in found[fact])
        target, other = set(), set()
        chosen, only = None, True
        for candidate in (c for c in found[fact] if c[0] == top):
            part = view.part(candidate[3], candidate[4])
            sentence = view.sentence(candidate[3], candidate[4])
            side = view.named_side(part) or _side(part)
            if not side and not (_TARGET_SIDE.search(part) or _SENDING_SIDE.search(part)):
                side = _side(_nearest_side(view.sentence_before(candidate[3]))) or \
                    view.named_side(sentence)
            if not side and (heading := _heading(view, candidate[3])):
                side = view.named_side(heading) or _side(heading)
            if side == "target":
                target.add(repr(candidate[2]))
                chosen = chosen or candidate
            elif side == "sending":
                other.add(repr(candidate[2]))
                only = only and bool(_ONLY.search(sentence))
        if fact in values:
            if other and not target and only:
                # "set only on CTR", a site the text says sends the package.
                del values[fact]
            continue
        if chosen is not None and len(target) == 1 and not target & other:
            values[fact] = chosen


_ONLY = re.compile(r"\bonly\b", re.IGNORECASE)


def _side(part: str) -> str:
    """Which site ``part`` names by its part, if only one: "target" or "sending"."""
    target, sending = _TARGET_SIDE.search(part), _SENDING_SIDE.search(part)
    return "target" if target and not sending else "sending" if sending and not target else ""


def _nearest_side(before: str) -> str:
    """The last words naming a side of the sentence before a value, if any ("the
    child site, which is the one receiving this package, is still SMS 1.2")."""
    sides = [*_TARGET_SIDE.finditer(before), *_SENDING_SIDE.finditer(before)]
    return max(sides, key=lambda m: m.end()).group() if sides else ""


def _by_site(values: dict[str, Candidate], found: dict[str, list[Candidate]],
             view: View) -> None:
    """Use Forced Disconnect is the value on the site that receives the package: one
    said to be set only on the sending site is not it, and a value of 0 (or none)
    on the receiving site is not the value being "on" there."""
    elsewhere = values.get("value_on_target_site")
    if elsewhere is not None and elsewhere[2] is False and "use_forced_disconnect" in values:
        sentence = view.sentence(elsewhere[3], elsewhere[4])
        if all(c[2] is not None and view.sentence(c[3], c[4]) == sentence
               for c in found["use_forced_disconnect"]):
            del values["use_forced_disconnect"]
    ufd = values.get("use_forced_disconnect")
    if ufd is not None and ufd[2] in (0, None) and elsewhere is not None and elsewhere[2] is True:
        del values["value_on_target_site"]


# The heading of a listing: a line ending in a colon, or naming the machine a
# regedt32 window shows ("HKEY_LOCAL_MACHINE on LYOSMS (site LYO, receives it)").
_HEADING = re.compile(r"(?m)^(?:[^\n]*:[ \t]*|[ \t]*HKEY_LOCAL_MACHINE\s+on\s[^\n]*)$")


def _heading(view: View, start: int) -> str:
    """The last sentence of the last heading in the 400 characters before ``start``."""
    # Lines before the one ``start`` is on ("... next month: Use Forced Disconnect
    # = 1" is no heading of its own value).
    line = view.text.rfind("\n", 0, start) + 1
    headings = list(_HEADING.finditer(view.text, max(0, start - 400), line))
    return re.split(r"[.!?]\s", headings[-1].group())[-1] if headings else ""


def _named_on_target(values: dict[str, Candidate], view: View) -> None:
    """Use Forced Disconnect on (non-zero) in words, or under a listing's heading,
    that name by its code only the site the text says receives the package ("On
    PAR's site server it is 2", "regedt32 on MIA's site server:") is on the target
    site."""
    ufd = values.get("use_forced_disconnect")
    if ufd is None or "value_on_target_site" in values or not ufd[2]:
        return
    start, end = ufd[3], ufd[4]
    heading = _heading(view, start)
    if any(view.named_side(place) == "target" for place in
           (view.part(start, end), view.sentence(start, end))) or \
            (view.named_side(heading) or _side(heading)) == "target":
        values["value_on_target_site"] = (ufd[0], "value_on_target_site", True, start, end)


def _only_on_sending(values: dict[str, Candidate], found: dict[str, list[Candidate]],
                     view: View) -> None:
    """Use Forced Disconnect turned on only on a server of the site the text says
    sends the package ("I put Use Forced Disconnect = 1 on CTRSRV only", or on CTR
    while the receiving site has no such value) is not on the target site."""
    if "value_on_target_site" in values:
        return
    chosen = values.get("use_forced_disconnect")
    absent = chosen is not None and chosen[2] is None
    for candidate in found.get("use_forced_disconnect", ()):
        if not candidate[2]:
            continue
        part = view.part(candidate[3], candidate[4])
        side = view.named_side(part) or _side(view.sentence(candidate[3], candidate[4]))
        if side == "sending" and (absent or _ONLY.search(part)):
            values["value_on_target_site"] = (candidate[0], "value_on_target_site", False,
                                              candidate[3], candidate[4])
            return
