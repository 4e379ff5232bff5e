"""A second, learned reader of problem descriptions, for what the rules miss.

The rules of :mod:`advisor.evidence.description` read a phrasing only once
someone wrote it down; each new writer brings phrasings nobody did. This reader
is a linear model per yes/no and choice fact (softmax regression over the words
and word pairs of the text, negated words marked), learned from the hand-labelled
descriptions of ``bench/describe_cases*.yaml`` and the test table by
``bench/train_describe_model.py``, and shipped as ``describe_model.json``.

It proposes a value only for a fact the rules found nothing for at all (a fact
they read and left in doubt stays in doubt), and only when the model gives one
value at least :data:`THRESHOLD` of its probability. It also leaves in doubt a
value the rules read that the model finds most unlikely (see :data:`VETO`). The
words it shows are the sentence around the word or pair that weighed most for
that value. Numbers (registry values, durations, service packs) are never
guessed: they are read, or they are not proposed.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from advisor.errors import KnowledgeError
from advisor.facts import VOCABULARY, FactValue

__all__ = ["THRESHOLD", "VETO", "Guess", "Reading", "features", "guesses", "load_model", "read",
           "tokens", "unlikely"]

#: The least probability the model must give a value for it to be proposed
#: (chosen on hold-out sets 23 and 24 with the model trained without them).
THRESHOLD = 0.6
#: A value the rules read is left in doubt when the model gives it less than
#: ``1 - VETO`` of its probability (chosen on hold-out sets 23 to 26, the model
#: trained without them: precision rose 0.02 to 0.04, recall fell 0 to 0.02).
VETO = 0.95
_MODEL = Path(__file__).with_name("describe_model.json")
_WORD = re.compile(r"[A-Za-z0-9'’]+")
# Between two words, any of these ends the clause: a negation reaches no further.
_CLAUSE = re.compile(r"[.;:!?\n,()]")
_NEGATION = re.compile(r"no|not|never|nobody|none|nothing|without|cannot|neither|nor|\w+n't")
_SENTENCE_END = ".;!?\n"
_LONGEST = 160
# A word, its first character and the character after it.
Token = tuple[str, int, int]
Guess = tuple[str, FactValue, int, int]


def tokens(text: str) -> list[tuple[Token, bool]]:
    """The words of ``text``, lower case, those after a negation in the same clause
    marked ``not_``, each with its span and whether a clause starts before it."""
    found: list[tuple[Token, bool]] = []
    negated, last = False, 0
    for match in _WORD.finditer(text):
        boundary = bool(_CLAUSE.search(text, last, match.start())) or not found
        if boundary:
            negated = False
        word = match.group().lower().replace("’", "'").strip("'")
        last = match.end()
        if not word:
            continue
        if _NEGATION.fullmatch(word):
            negated = True
            found.append(((word, match.start(), match.end()), boundary))
            continue
        found.append(((f"not_{word}" if negated else word, match.start(), match.end()),
                      boundary))
    return found


def features(text: str) -> dict[str, tuple[int, int, int]]:
    """Each word and each pair of words in one clause of ``text``: how often it
    occurs, and the span of its first occurrence."""
    spans: dict[str, tuple[int, int]] = {}
    counts: Counter[str] = Counter()
    words = tokens(text)
    for index, ((word, start, end), boundary) in enumerate(words):
        counts[word] += 1
        spans.setdefault(word, (start, end))
        if index and not boundary:
            (before, first, _), _ = words[index - 1]
            pair = f"{before} {word}"
            counts[pair] += 1
            spans.setdefault(pair, (first, end))
    return {feature: (count, *spans[feature]) for feature, count in counts.items()}


@cache
def _model() -> dict[str, Any]:
    return load_model(_MODEL)


def load_model(path: Path) -> dict[str, Any]:
    """The model in ``path``, checked against the vocabulary: every fact a yes/no or
    choice fact, every value one it allows, "not stated" (``null``) among them once,
    a weight per value for each feature, each feature with its idf. Raises
    :class:`~advisor.errors.KnowledgeError` naming the file and what is wrong (a
    model learned before the vocabulary changed could otherwise propose a value the
    vocabulary no longer has)."""
    try:
        model = json.loads(path.read_text("utf-8"))
        idf, facts = model["idf"], model["facts"]
        for fact, part in facts.items():
            spec = VOCABULARY.get(fact)
            if spec is None or spec.kind not in ("bool", "choice"):
                raise ValueError(f"fact {fact!r} is not a yes/no or choice fact")
            classes = part["classes"]
            allowed = (True, False) if spec.kind == "bool" else spec.choices
            wrong = [v for v in classes if v is not None and
                     (type(v) is not type(allowed[0]) or v not in allowed)]
            if wrong or classes.count(None) != 1 or len(part["bias"]) != len(classes):
                raise ValueError(f"fact {fact!r}: values {classes!r} are not those of "
                                 "the vocabulary with null once")
            for feature, row in part["weights"].items():
                if len(row) != len(classes) or feature not in idf:
                    raise ValueError(f"fact {fact!r}: feature {feature!r} has "
                                     f"{len(row)} weights for {len(classes)} values or no idf")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise KnowledgeError(f"not a usable describe model: {error}", path=path) from None
    checked: dict[str, Any] = model
    return checked


@dataclass(frozen=True)
class Reading:
    """What the model makes of one fact in a text: the probability of each value
    (``None`` standing for "not stated"), and the sentence that weighed most for
    the likeliest value, at ``text[start:end]``."""

    values: tuple[FactValue | None, ...]
    shares: tuple[float, ...]
    start: int
    end: int

    @property
    def best(self) -> FactValue | None:
        """The likeliest value."""
        return self.values[max(range(len(self.values)), key=self.shares.__getitem__)]

    def share(self, value: FactValue) -> float | None:
        """The probability of ``value``, or ``None`` when the model never saw it."""
        for known, share in zip(self.values, self.shares, strict=True):
            if known is not None and type(known) is type(value) and known == value:
                return share
        return None


def read(text: str) -> dict[str, Reading]:
    """The model's reading of every fact it knows in ``text``."""
    model = _model()
    idf: dict[str, float] = model["idf"]
    present = {feature: found for feature, found in features(text).items() if feature in idf}
    weights = {feature: (1.0 + math.log(count)) * idf[feature]
               for feature, (count, _, _) in present.items()}
    norm = math.sqrt(sum(value * value for value in weights.values())) or 1.0
    readings = {}
    for fact, part in model["facts"].items():
        classes: list[FactValue | None] = part["classes"]
        logits = list(part["bias"])
        table: dict[str, list[float]] = part["weights"]
        for feature, weight in weights.items():
            row = table.get(feature)
            if row is not None:
                for slot, part_weight in enumerate(row):
                    logits[slot] += weight / norm * part_weight
        top = max(logits)
        shares = [math.exp(logit - top) for logit in logits]
        total = sum(shares)
        best = max(range(len(classes)), key=lambda slot: shares[slot])
        none = classes.index(None)
        # The words: the feature that moved this value most above "not stated".
        lead = max((feature for feature in weights if feature in table),
                   key=lambda f: weights[f] * (table[f][best] - table[f][none]), default=None)
        start, end = _sentence(text, *present[lead][1:]) if lead is not None else (0, 0)
        readings[fact] = Reading(tuple(classes), tuple(share / total for share in shares),
                                 start, end)
    return readings


def guesses(readings: dict[str, Reading], skip: set[str]) -> list[Guess]:
    """``(fact, value, start, end)`` for each fact not in ``skip`` that the model
    gives one value with at least :data:`THRESHOLD` of its probability (never the
    value "not stated"), ``text[start:end]`` being the sentence around the words
    that weighed most (or those words, when the sentence is long)."""
    found: list[Guess] = []
    for fact, reading in readings.items():
        value = reading.best
        if fact not in skip and value is not None and reading.end > reading.start and \
                max(reading.shares) >= THRESHOLD:
            found.append((fact, value, reading.start, reading.end))
    return found


def unlikely(readings: dict[str, Reading], values: dict[str, FactValue]) -> set[str]:
    """The facts of ``values`` (as the rules read them) whose value the model gives
    less than ``1 - VETO`` of its probability: a reading to leave in doubt."""
    doubtful = set()
    for fact, value in values.items():
        share = readings[fact].share(value) if fact in readings else None
        if share is not None and share < 1.0 - VETO:
            doubtful.add(fact)
    return doubtful


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    # A model weighs the whole text, so one word is thin evidence to show: the
    # sentence around it, unless that is too long to read at a glance.
    left = max(text.rfind(mark, 0, start) for mark in _SENTENCE_END) + 1
    ends = [found for mark in _SENTENCE_END if (found := text.find(mark, end)) >= 0]
    right = min(ends, default=len(text))
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return (left, right) if right - left <= _LONGEST else (start, end)
