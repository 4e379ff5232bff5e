"""How a description is laid out, for the rules of
:mod:`advisor.evidence.description` to read each statement in its place: its
clauses and sentences, the parts of a sentence between commas, yes/no questions
and the replies to them, the steps of a plan, and a thread's replies by others."""

from __future__ import annotations

import bisect
import re

__all__ = ["View"]

_CLAUSE_BREAK = re.compile(r"[.;:!?\n()]|,\s|\s-\s|\b(?:but|because|since|although|though|"
                           r"while|whereas|and|so|yet|however|when|after|until|as)\b",
                           re.IGNORECASE)
_WORD = re.compile(r"\S+")

# A yes/no question asks and states nothing ("Is the job retrying?", "If a file is
# open, will SMS 2.0 disconnect them?"); a why-question ("why is it still
# retrying?", "is that why the job is retrying?") takes its statement as given.
# A speaker named before the words: "gk:", "[09:12] <jtorres>" (a chat log).
_SPEAKER = r"\s*(?:\[[^\]\n]{1,20}\]\s*)?(?:<[\w.\-]{1,20}>\s*:?\s*|[\w.\-]{1,20}\s*:\s*)?"
_YES_NO = re.compile(_SPEAKER + r"(?:[-*>•]\s*)?(?:(?:(?:and|so|but|also|then|ok|okay)\s*,?\s+)?"
                     r"(?:is|are|was|were|will|would|can|could|does|do|did|has|have|had|should|"
                     r"shall|may|might|if)\b(?!\s+(?:that|this|it)\s+(?:why|because)\b)[^?]*|"
                     # an either-or question: "nt or netware dp?"
                     r"[^?\n]{0,40}\bor\b[^?\n]{0,40}|"
                     # a checklist's short question: "Despooler restarted since the failure?"
                     r"(?![\w ]*\b(?:nobody|no\s+one|not|never)\b)"
                     r"[\w ]{0,40}?\b(?:paused|continued|restarted|stopped|installed|applied|"
                     r"failed)\b"
                     r"[^?\n.]{0,40})\?+\s*", re.IGNORECASE)
# A plan's heading ("Plan for Saturday maintenance (MW-0612):", "Next steps:"):
# the steps under it, to the next blank line, are not done yet.
_PLAN = re.compile(r"(?im)^[ \t]*(?:[\w-]+[ \t]+){0,2}?(?:plan|planned|proposed|to[ -]?do|"
                   r"next[ \t]+steps|steps[ \t]+to[ \t]+take|action[ \t]+plan|"
                   r"steps(?![ \t]+(?:taken|done|performed|tried)))\b[^\n]*:[ \t]*$")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# A paragraph that says it is no real system ("a made-up scenario", "homework
# question", "budget request", a page of the internal wiki, "nothing is to be
# changed until ...") states nothing anywhere in it; a sentence that says
# it is not so ("Hypothetically: ...", "Plan for May (not done yet!): ...",
# "nothing decided", "a theoretical question", "nothing configured yet") states
# nothing in it.
_UNREAL = re.compile(r"\b(?:made[- ]up|imaginary|fictional|homework|"
                     r"not\s+(?:a\s+)?real\s+(?:site|server|system|network|customer)|"
                     r"budget\s+request|internal\s+wiki|nothing\s+is\s+to\s+be\s+(?:changed|done|"
                     r"touched)|last\s+edited\s+by|worked\s+example|not\s+(?:their|our|the)\s+"
                     r"(?:actual|real)\s+(?:settings|values|configuration)|just\s+for\s+planning|"
                     r"no\s+decisions?\s+(?:yet|made|taken)|just\s+planning|please\s+fill\s+in|"
                     r"(?m:^[ \t]*template\b)|before\s+we\s+decide\s+anything|please\s+don['’]t\s+"
                     r"change\s+anything|just\s+trying\s+to\s+understand|no\s+problem\s+yet)\b|"
                     r"\[\[[^\]\n]{1,80}\]\]",
                     re.IGNORECASE)
_UNREAL_SENTENCE = re.compile(r"\b(?:hypothetical(?:ly)?|theoretical(?:ly)?|theory\s+question|"
                              r"have\s*n['’]t\s+decided|haven['’]t\s+decided|"
                              # an action item: "4. Actions: DR to set the value at BRS"
                              r"actions?\s*:|action\s+items?\s*:|"
                              r"nothing\s+(?:is\s+|was\s+|has\s+been\s+)?(?:decided|done|"
                              r"configured|set\s+up)(?:\s+yet)?|"
                              r"not\s+(?:done|configured|set\s+up)\s+yet|not\s+yet\s+done|"
                              r"(?:is|are)\s+booked\s+for)\b",
                              re.IGNORECASE)

# "Reply from the original poster", "Posted by: kees": who wrote the post.
_BY = r"(?:posted\s+by|(?:reply|answer|response)\s+(?:from|by))"
_NAME = r"(?:the\s+)?(?P<{}>original\s+poster|same\s+poster|[\w.\-]{{1,30}})"
_POST = re.compile(r"(?im)^[ \t]*(?:(?:original\s+post|post|reply|answer|response)\s*"
                   r"\((?P<a>[^)\n]{1,40})\)|(?P<b>[\w.\-]{1,30})\s+wrote|"
                   + _BY + r":?\s+" + _NAME.format("c") + "|"
                   # a question and its answers: "Q:", "A (moderator):"
                   r"(?P<d>[qa]|op)(?:\s*\([^)\n]{1,40}\))?)\s*:")

# "Posted by: kees", "Reply by: mvp_rhodes" on a line of their own.
_POST_BY = re.compile(r"(?im)^[ \t]*" + _BY + r"\s*:\s*" + _NAME.format("e") + r"[ \t]*$")

# Sites named by code with their part in the distribution: "central site CTR",
# "KIEV (the child site)", "PRI sends the package to SEC", "goes from CHI to PHX".
_CODE = r"[A-Z][A-Z0-9]{1,7}"
_SENDS = r"(?i:central|parent|sending|source|hub|headquarters)"
_GETS = r"(?i:child|receiving|target|destination|secondary)"
_NAMED_SENDING = re.compile(
    rf"\b{_SENDS}\s+(?i:site)\s+(?P<a>{_CODE})\b|"
    rf"\b(?i:sender)\s+(?:(?i:site)\s+)?(?P<g>{_CODE})\b|"
    # "from head office (site HQ1) to Bristol (site BR2)"
    rf"\b(?i:from)\s+[\w ]{{1,30}}?\s+\((?i:site\s+)?(?P<h>{_CODE})\)\s+(?i:to)\b|"
    rf"\b(?P<b>{_CODE})\s+\((?i:the\s+)?{_SENDS}\b|"
    rf"\b(?P<c>{_CODE})\b(?:\s+\([^()\n]{{0,40}}\))?\s+(?i:sends)\b|"
    rf"\b(?P<e>{_CODE})\s+(?i:is\s+where\s+(?:everything|the\s+packages?|it|they)\s+(?:is|are)\s+"
    rf"sent\s+from)\b|"
    rf"\b(?i:from)\s+(?P<d>{_CODE})\s+(?i:to)\s+{_CODE}\b|"
    # "HAM gets its packages from the central site FRA"
    rf"\b(?i:receives|gets)\s+[^.\n]{{0,60}}?\b(?i:from)\s+(?i:the\s+)?(?:{_SENDS}\s+"
    rf"(?i:site\s+)?)?(?P<f>{_CODE})\b")
_NAMED_TARGET = re.compile(
    rf"\b{_GETS}\s+(?i:primary\s+|secondary\s+)?(?i:site\s+)?(?P<a>{_CODE})\b|"
    rf"\)\s+(?i:to)\s+[\w ]{{1,30}}?\s+\((?i:site\s+)?(?P<i>{_CODE})\)|"
    rf"\b(?P<b>{_CODE})\s+\((?i:the\s+)?{_GETS}\b|"
    rf"\b(?i:sends)\s+(?:(?i:the\s+)?(?i:packages?|jobs?|it)\s+)?(?i:to)\s+(?i:the\s+)?"
    rf"(?i:primary\s+|secondary\s+)?(?:{_GETS}\s+(?i:site\s+)?)?(?P<c>{_CODE})\b|"
    rf"\b(?i:from)\s+{_CODE}\s+(?i:to)\s+(?P<d>{_CODE})\b|"
    # "GLA is the receiving site", "site WN, which receives the package"
    rf"\b(?P<e>{_CODE})\s+(?i:is\s+the\s+(?:receiving|target|destination)\s+site)\b|"
    rf"\b(?i:site)\s+(?P<f>{_CODE}),?\s+(?i:which|that)\s+(?i:receives|gets)\b|"
    # "GLASRV, the site server of GLA, which is the receiving site"
    rf"\b(?P<h>{_CODE}),?\s+(?i:which|that)\s+(?i:is\s+the\s+(?:receiving|target|destination)\s+"
    rf"site)\b|"
    # "Site SOU receives the weekly antivirus package", "WAR (own site server
    # WARSRV) receives them"
    rf"\b(?P<g>{_CODE})\b(?:\s+\([^()\n]{{0,40}}\))?\s+(?i:receives|gets)\s+(?i:them|it|the|its|"
    rf"all|every|our|packages?|jobs?)\b")

# A heading that names the poster without a name: "Reply (same poster, later):".
_SELF = re.compile(r"\b(?:same\s+poster|original\s+poster|op|me|myself)\b", re.IGNORECASE)
# Words before a thread's first heading that make them a post of their own.
_LEAD_WORDS = 25

# The reply to a question, on the next line of a chat or the next sentence:
# "[10:05] bob: yep, did that", "No."
# (After the question's own extra marks: "... change?? / Me: no not yet".)
_REPLY = re.compile(r"[?!]*" + _SPEAKER + r"(?:(?P<yes>yes|yep|"
                    r"yeah|yup|correct|sure|indeed|affirmative)|not\s+yet|no|nope|nah|negative)\b",
                    re.IGNORECASE)

# An ellipsis ("0000A1B2.INS ... Open failed") leaves the sentence going.
_SENTENCE_BREAK = re.compile(r"(?<!\.)[.!?](?!\.)(?=\s|$)|[;\n]")
_PIECE_BREAK = re.compile(r"[.;,\n]")


class View:
    """A text with its clause breaks, sentence breaks and word starts found once,
    so that reading each match's clause costs a lookup rather than a scan."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
        self.break_starts = [start for start, _ in self.breaks]
        self.break_ends = [end for _, end in self.breaks]
        self.sentence_ends = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
        self.word_starts = [m.start() for m in _WORD.finditer(text)]
        self._sides: tuple[set[str], set[str]] | None = None
        self.plans = [(m.end(), end.start() if (end := _PARAGRAPH.search(text, m.end()))
                       else len(text)) for m in _PLAN.finditer(text)]
        starts = [0, *(m.end() for m in _PARAGRAPH.finditer(text))]
        ends = [*(m.start() for m in _PARAGRAPH.finditer(text)), len(text)]
        self.plans += [(first, last) for first, last in zip(starts, ends, strict=True)
                       if _UNREAL.search(text, first, last)]
        self.plans += [self.span(m.start(), m.end()) for m in _UNREAL_SENTENCE.finditer(text)]
        posts = sorted([(m.start(), (m["a"] or m["b"] or m["c"] or m["d"]).strip().casefold())
                        for m in _POST.finditer(text)] +
                       [(m.start(), m["e"].strip().casefold()) for m in _POST_BY.finditer(text)])
        # Replies by others in a thread speak of their own systems, not the poster's.
        # A post before the first heading (a subject and a message, then "Reply
        # from gk:") is the poster's, and every heading after it another's.
        poster = posts[0][1] if posts and len(text[:posts[0][0]].split()) < _LEAD_WORDS else None
        self.replies = [(start, posts[i + 1][0] if i + 1 < len(posts) else len(text))
                        for i, (start, name) in enumerate(posts)
                        if name != poster and not _SELF.search(name)]

    def named_side(self, part: str) -> str:
        """``"target"`` or ``"sending"`` when ``part`` names, by its code, only a site
        the text says receives the package or only one it says sends it; else ``""``."""
        if self._sides is None:
            sending = {code for m in _NAMED_SENDING.finditer(self.text)
                       for code in m.groups() if code}
            target = {code for m in _NAMED_TARGET.finditer(self.text)
                      for code in m.groups() if code}
            self._sides = (sending - target, target - sending)
        sending, target = self._sides
        words = set(re.findall(r"\b[A-Z][A-Z0-9]{1,9}\b", part))
        # A server is often named after its site: SOUSRV01 is a server of SOU.
        named = {code for code in target | sending for word in words
                 if word == code or (len(code) >= 3 and word.startswith(code))}
        if named & target and not named & sending:
            return "target"
        if named & sending and not named & target:
            return "sending"
        return ""

    def others(self, start: int) -> bool:
        """Whether ``start`` is in a thread's reply by someone other than the poster."""
        return any(first <= start < last for first, last in self.replies)

    def planned(self, start: int) -> bool:
        """Whether ``start`` is in the steps of a plan ("Plan for Saturday:" and the
        lines up to the next blank line) or in a paragraph that says it is not real."""
        return any(first <= start < last for first, last in self.plans)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """From the end of the last break that ends before ``start`` to the start
        of the first break that starts at or after ``end``."""
        before = bisect.bisect_right(self.break_ends, start)
        after = bisect.bisect_left(self.break_starts, end)
        return (self.break_ends[before - 1] if before else 0,
                self.breaks[after][0] if after < len(self.breaks) else len(self.text))

    def question(self, start: int, end: int) -> tuple[bool, bool | None]:
        """Whether ``text[start:end]`` is in a yes/no question, and the answer the
        next line or sentence gives it ("yep", "no"), if any."""
        before = bisect.bisect_right(self.sentence_ends, start)
        after = bisect.bisect_left(self.sentence_ends, end)
        first = self.sentence_ends[before - 1] if before else 0
        last = self.sentence_ends[after] if after < len(self.sentence_ends) else len(self.text)
        if not _YES_NO.fullmatch(self.text, first, last):
            return False, None
        reply = _REPLY.match(self.text, last)
        return True, None if reply is None else reply["yes"] is not None

    def part(self, start: int, end: int) -> str:
        """The part of a sentence around ``text[start:end]``, between commas,
        semicolons and full stops."""
        text = self.text
        opened, closed = text.rfind("(", max(0, start - 200), start), text.find(")", end, end + 200)
        if opened >= 0 and closed >= 0 and ")" not in text[opened:start] \
                and "(" not in text[end:closed]:
            return text[opened + 1:closed]  # "DEPOT (child site, SMS 1.2 SP3)"
        first = max((m.end() for m in _PIECE_BREAK.finditer(text, max(0, start - 200), start)),
                    default=max(0, start - 200))
        last = _PIECE_BREAK.search(text, end)
        return text[first:last.start() if last else len(text)]

    def sentence_before(self, start: int) -> str:
        """The sentence around ``start``, up to ``start``."""
        before = bisect.bisect_right(self.sentence_ends, start)
        return self.text[self.sentence_ends[before - 1] if before else 0:start]

    def sentence(self, start: int, end: int) -> str:
        """The sentence (or sentences) around ``text[start:end]``."""
        first, last = self.span(start, end)
        return self.text[first:last]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where the sentence (or sentences) around ``text[start:end]`` begins and ends."""
        before = bisect.bisect_right(self.sentence_ends, start)
        after = bisect.bisect_left(self.sentence_ends, end)
        return (self.sentence_ends[before - 1] if before else 0,
                self.sentence_ends[after] if after < len(self.sentence_ends) else len(self.text))

