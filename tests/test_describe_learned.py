"""The learned reader of descriptions (advisor.evidence.learned) and its model file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.errors import KnowledgeError
from advisor.evidence import learned, propose_facts
from advisor.evidence.learned import Reading, features, guesses, load_model, read, tokens, unlikely
from advisor.facts import VOCABULARY

SHIPPED = Path(learned.__file__).with_name("describe_model.json")


def words(text: str) -> list[str]:
    return [word for (word, _, _), _ in tokens(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("no files are open", ["no", "not_files", "not_are", "not_open"]),
    # a negation reaches the end of its clause, no further
    ("nobody is connected, the job failed", ["nobody", "not_is", "not_connected", "the",
                                            "job", "failed"]),
    ("it isn't retrying. It failed", ["it", "isn't", "not_retrying", "it", "failed"]),
    ("it isn’t retrying", ["it", "isn't", "not_retrying"]),
    ("Use Forced Disconnect=1", ["use", "forced", "disconnect", "1"]),
    ("", []),
])
def test_tokens_mark_negated_words_within_their_clause(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_features_are_words_and_pairs_within_a_clause_with_first_spans() -> None:
    text = "The job failed. Job failed again, job"
    found = features(text)
    assert found["job"] == (3, 4, 7)
    assert found["job failed"] == (2, 4, 14)
    assert text[4:14] == "job failed"
    # no pair across a clause's end
    assert "failed job" not in found
    assert "again job" not in found


def test_the_shipped_model_fits_the_vocabulary() -> None:
    model = load_model(SHIPPED)
    assert set(model["facts"]) <= {name for name, spec in VOCABULARY.items()
                                   if spec.kind in ("bool", "choice")}
    assert "use_forced_disconnect" not in model["facts"]  # numbers are read, never guessed
    assert model["sets"], "the model says what it was trained on"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_guesses_are_values_the_vocabulary_allows_with_spans_in_the_text(text: str) -> None:
    started = time.perf_counter()
    found = guesses(read(text), set())
    assert time.perf_counter() - started < 5  # only a hang fails
    assert len({fact for fact, _, _, _ in found}) == len(found)
    for fact, value, start, end in found:
        assert VOCABULARY[fact].kind in ("bool", "choice")
        spec = VOCABULARY[fact]
        assert isinstance(value, bool) if spec.kind == "bool" else value in spec.choices
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip()


def test_guesses_leave_alone_the_facts_asked_to_skip() -> None:
    text = "we gave the Everyone group rights on the share ourselves"
    assert "permissions_set_by_hand" in {fact for fact, *_ in guesses(read(text), set())}
    assert "permissions_set_by_hand" not in {fact for fact, *_ in guesses(
        read(text), {"permissions_set_by_hand"})}


def test_the_threshold_holds_back_uncertain_guesses(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "we gave the Everyone group rights on the share ourselves"
    assert guesses(read(text), set())
    monkeypatch.setattr(learned, "THRESHOLD", 1.01)
    assert guesses(read(text), set()) == []


def _reading(**shares: float) -> Reading:
    values = {"yes": True, "no": False, "none": None, "nt": "windows_nt", "nw": "netware"}
    return Reading(tuple(values[k] for k in shares), tuple(shares.values()), 0, 4)


def test_a_guess_is_the_likeliest_value_never_not_stated() -> None:
    readings = {"file_in_use": _reading(no=0.1, none=0.2, yes=0.7),
                "distribution_failed": _reading(no=0.05, none=0.9, yes=0.05),
                "server_platform": _reading(none=0.45, nt=0.55)}
    assert guesses(readings, set()) == [("file_in_use", True, 0, 4)]


def test_a_reading_the_model_finds_most_unlikely_is_left_in_doubt() -> None:
    readings = {"file_in_use": _reading(no=0.01, none=0.02, yes=0.97),
                "server_platform": _reading(none=0.5, nt=0.5)}
    assert unlikely(readings, {"file_in_use": False}) == {"file_in_use"}
    assert unlikely(readings, {"file_in_use": True}) == set()
    # a value the model never saw, or a fact it does not know, it cannot judge
    assert unlikely(readings, {"server_platform": "netware"}) == set()
    assert unlikely(readings, {"service_pack": 3}) == set()
    # True is not the choice value 1, nor "windows_nt" a yes
    assert unlikely({"file_in_use": _reading(no=0.99, none=0.005, yes=0.005)},
                    {"file_in_use": 1}) == set()


def test_propose_facts_leaves_in_doubt_what_the_model_finds_unlikely() -> None:
    # a plan names NetWare servers, but nothing of the one that receives the package
    text = ("Next quarter we're going to move to SMS 2.0 and retire the last two NetWare "
            "servers. After that we'll look at turning on forced delivery and maybe set the "
            "delay to 15 minutes.")
    assert {p.fact for p in propose_facts(text, learned=False)} == {"server_platform"}
    assert propose_facts(text) == []


def test_propose_facts_takes_a_guess_only_where_the_rules_read_nothing() -> None:
    text = "we gave the Everyone group rights on the share ourselves"
    with_model = {p.fact: p for p in propose_facts(text)}
    assert "permissions_set_by_hand" not in {p.fact for p in propose_facts(text, learned=False)}
    guess = with_model["permissions_set_by_hand"]
    assert guess.value is True and text[guess.start:guess.end] == guess.words
    # the rules read this fact and found two values that disagree: it stays in doubt
    doubt = "the job failed. the job did not fail"
    assert "distribution_failed" not in {p.fact for p in propose_facts(doubt)}


def _model_file(tmp_path: Path, change: dict[str, object]) -> Path:
    model = json.loads(SHIPPED.read_text("utf-8"))
    fact = next(iter(model["facts"]))
    model["facts"][fact].update(change)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), "utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    ({"classes": [None, "maybe"]}, "are not those of the vocabulary"),
    ({"classes": [True, False]}, "with null once"),
    ({"bias": [0.0]}, "are not those of the vocabulary"),
    ({"weights": {"no such word": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]}}, "no idf"),
])
def test_a_model_that_does_not_fit_the_vocabulary_is_refused(
        tmp_path: Path, change: dict[str, object], message: str) -> None:
    path = _model_file(tmp_path, change)
    with pytest.raises(KnowledgeError, match=message) as caught:
        load_model(path)
    assert caught.value.path == path


@pytest.mark.parametrize("content", ["", "{", "[]", '{"idf": {}, "facts": {"no_such_fact": {}}}'])
def test_a_damaged_model_file_is_refused_with_its_name(tmp_path: Path, content: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, "utf-8")
    with pytest.raises(KnowledgeError, match="not a usable describe model") as caught:
        load_model(path)
    assert str(caught.value).startswith(str(path))


def test_a_fact_the_rules_read_as_hedged_is_not_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever the model would say of the version, the rules read it in a made-up
    # scenario and leave it in doubt, and so does the learned reader.
    import advisor.evidence.description as description

    sure = {"sms_version": Reading(("2.0", None), (0.99, 0.01), 0, 5)}
    monkeypatch.setattr(description, "read", lambda text: sure)
    text = ("Homework question: a site runs SMS 2.0 with Response set to Slow and 12 "
            "retries. (A made-up scenario.)")
    assert propose_facts(text) == []
    assert [(p.fact, p.value) for p in propose_facts("Hello there")] == [("sms_version", "2.0")]
