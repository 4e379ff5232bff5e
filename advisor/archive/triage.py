"""From a problem told in the user's own words to the rule-driven questions.

:func:`triage` searches the knowledge base store for the articles that match a
description, proposes the facts the description states (each with the words
that suggested it, for the user to confirm), and says which candidate articles
have rules (the session continues with questions) and, for the best ones that
do not, what they say: symptoms, workaround or resolution, and status.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from advisor.archive.model import SearchHit
from advisor.archive.store import KBStore
from advisor.errors import UsageError

if TYPE_CHECKING:
    from advisor.articles import Article
    from advisor.evidence import Proposal
    from advisor.knowledge import Knowledge

__all__ = ["ArticleBrief", "Triage", "brief", "triage"]

#: How many candidate articles a description shows.
CANDIDATES = 5
#: Longest section excerpt in a brief, in characters.
EXCERPT = 600
#: A candidate scoring below this share of the best one is noise, not shown.
NOISE = 0.05
#: An article with rules leads into the questions only when it scores at
#: least this share of the best candidate; a distant match does not.
CLOSE = 0.3


@dataclass(frozen=True)
class ArticleBrief:
    """What an article without rules can still tell: its symptoms, its
    workaround or resolution, and its status."""

    id: str
    title: str
    issue_type: str | None
    solution_type: str | None
    sections: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        """The brief as JSON."""
        return {"id": self.id, "title": self.title, "issue_type": self.issue_type,
                "solution_type": self.solution_type, "sections": self.sections}


@dataclass(frozen=True)
class Triage:
    """The candidates for a description, the facts it states, and what to do
    next: ``has_rules`` when the session can continue with rule-driven
    questions; ``briefs`` of the best candidates that have no rules."""

    text: str
    candidates: list[SearchHit]
    ruled: list[str]
    proposals: list[Proposal]
    briefs: list[ArticleBrief] = field(default_factory=list)

    @property
    def has_rules(self) -> bool:
        """Whether a candidate article has rules, so questions can follow."""
        return bool(self.ruled)

    def to_json(self) -> dict[str, Any]:
        """The triage as JSON."""
        return {"text": self.text,
                "candidates": [dict(h.to_json(), has_rules=h.id in self.ruled)
                               for h in self.candidates],
                "proposals": [p.to_json() for p in self.proposals],
                "has_rules": self.has_rules, "briefs": [b.to_json() for b in self.briefs]}


def triage(knowledge: Knowledge, store: KBStore, text: str, *,
           answered: Collection[str] = ()) -> Triage:
    """Read ``text``: search ``store`` and propose facts (leaving out facts in
    ``answered``, which the user already gave). A text with nothing to go on
    gives an empty triage."""
    # The evidence layer is loaded here, not with the archive: a search needs none.
    from advisor.evidence import propose_facts

    if not text.strip():
        return Triage(text, [], [], [])
    ruled_articles = {r.article for r in knowledge.rules}
    try:
        hits = store.search(text, limit=CANDIDATES)
    except UsageError:
        hits = []  # only common words: the proposals may still carry it
    if hits:
        best = hits[0].score
        hits = [h for h in hits if h.score >= NOISE * best]
    proposals = [p for p in propose_facts(text) if p.fact not in answered]
    ruled = [h.id for h in hits if h.id in ruled_articles and h.score >= CLOSE * hits[0].score]
    briefs = [] if ruled else [brief(store.get(h.id)) for h in hits[:2]]
    return Triage(text, hits, ruled, proposals, briefs)


def brief(article: Article) -> ArticleBrief:
    """The symptoms, workaround or resolution, and status of ``article``."""
    wanted = ("SYMPTOMS", "SYMPTOM", "SUMMARY", "CAUSE", "WORKAROUND", "RESOLUTION", "STATUS")
    sections: dict[str, str] = {}
    for section in article.sections:
        if section.level == 1 and section.title.upper() in wanted and section.text:
            text = " ".join(section.text.split())
            sections[section.title] = (text if len(text) <= EXCERPT
                                       else text[:EXCERPT].rsplit(" ", 1)[0] + " ...")
    return ArticleBrief(article.id, article.title, article.issue_type,
                        article.solution_type, sections)
