"""Invariants of the advice over arbitrary facts (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import FACTS

from advisor import Advice, Advisor, advise


@settings(max_examples=400, deadline=None)
@given(FACTS)
def test_registry_fix_never_where_it_cannot_apply(facts: dict[str, Any]) -> None:
    advice = advise(facts)
    kinds = {a.kind for a in advice.actions}
    if facts.get("server_platform") == "netware" or facts.get("sms_version") in ("1.0", "1.1"):
        assert "registry" not in kinds
    if "registry" in kinds:
        assert facts.get("server_platform") == "windows_nt"
        assert facts.get("sms_version") in ("1.2", "2.0")
        assert facts.get("file_in_use") is True
        assert facts.get("job_type") not in ("remove_package_from_server", "system")
    if "upgrade" in kinds:
        assert facts.get("server_platform") == "windows_nt"
        assert facts.get("sms_version") in ("1.0", "1.1")


@settings(max_examples=400, deadline=None)
@given(FACTS)
def test_advice_is_consistent(facts: dict[str, Any]) -> None:
    advice = advise(facts)
    if not advice.covered:
        # Never guess: no article, no diagnosis and no step.
        assert advice.diagnoses == () and advice.actions == () and advice.status == ()
    assert advice.complete == (advice.questions == ())
    assert advice.facts == facts
    for q in advice.questions:
        assert q.fact not in facts
    for d in advice.diagnoses:
        assert (d.certainty == "possible") == bool(d.pending)
        # What would settle a possible diagnosis is unknown, and asked about.
        assert set(d.pending) <= {q.fact for q in advice.questions}
        assert not set(d.pending) & set(facts)
    if facts.get("file_in_use") is False:
        assert not advice.covered
    # A step is only given when a rule fired for it.
    fired = {a for step in advice.trace for a in step.actions}
    assert {a.id for a in advice.actions} == fired


@settings(max_examples=200, deadline=None)
@given(FACTS)
def test_advice_round_trips_through_json(python_advisor: Advisor, facts: dict[str, Any]) -> None:
    advice = advise(facts)
    again = Advice.model_validate_json(advice.model_dump_json())
    assert again == advice
    # The same advice from an advisor whose caches are cold and whose evaluator
    # is the other one: nothing depends on what was asked before.
    assert python_advisor.advise(facts) == advice


@settings(max_examples=200, deadline=None)
@given(FACTS, st.data())
def test_skipped_facts_are_not_asked_again(advisor: Advisor, facts: dict[str, Any],
                                           data: st.DataObject) -> None:
    adv = advisor
    open_facts = [q.fact for q in adv.advise(facts).questions]
    if not open_facts:
        return
    skipped = data.draw(st.sets(st.sampled_from(open_facts), min_size=1))
    advice = adv.advise(facts, skipped=skipped)
    assert not skipped & {q.fact for q in advice.questions}


