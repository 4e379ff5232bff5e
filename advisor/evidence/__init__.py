"""Evidence: facts read from what the user has: a ``.reg`` export of the
Despooler's key, Despooler logs, and a problem described in their own words."""

from advisor.evidence.collect import (
    Evidence,
    EvidenceItem,
    EvidenceNote,
    parse_evidence,
    read_evidence,
)
from advisor.evidence.description import Proposal, propose_facts, query_terms
from advisor.evidence.reg_reader import parse_reg

__all__ = ["Evidence", "EvidenceItem", "EvidenceNote", "Proposal", "parse_evidence",
           "parse_reg", "propose_facts", "query_terms", "read_evidence"]
