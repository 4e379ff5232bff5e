"""Choosing the evaluator: by argument, option and environment, with reasons;
the Python evaluator wherever the Rete engine cannot run."""

from __future__ import annotations

import io
import json

import pytest

import advisor.inference as inference
from advisor import Advisor
from advisor.cli.main import main
from advisor.errors import UsageError
from advisor.inference import ENVIRONMENT, choose_evaluator, rete_available

FACTS = {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True,
         "use_forced_disconnect": 0}


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT, raising=False)


def _no_rete(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inference, "rete_available",
                        lambda: (False, "durable-rules is not installed (test)"))


def test_default_is_rete_where_it_imports_else_python(monkeypatch: pytest.MonkeyPatch) -> None:
    choice = choose_evaluator()
    assert choice.name == ("rete" if rete_available()[0] else "python")
    _no_rete(monkeypatch)
    choice = choose_evaluator()
    assert choice.name == "python"
    assert "unavailable" in choice.reason and "(test)" in choice.reason


def test_argument_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT, "python")
    assert choose_evaluator() == inference.EvaluatorChoice(
        "python", f"chosen by ${ENVIRONMENT}")
    if rete_available()[0]:
        assert choose_evaluator("rete").name == "rete"


@pytest.mark.parametrize(("name", "source"), [("pyhton", "caller"), ("RETE", "caller")])
def test_unknown_names_are_refused_with_a_hint(name: str, source: str) -> None:
    with pytest.raises(UsageError, match=f"unknown evaluator '{name}'.*use one of: rete, python"):
        choose_evaluator(name)


def test_rete_asked_for_where_it_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_rete(monkeypatch)
    with pytest.raises(UsageError, match=r"Rete evaluator .* cannot run here: .*\(test\)"):
        choose_evaluator("rete")
    monkeypatch.setenv(ENVIRONMENT, "rete")
    with pytest.raises(UsageError, match=rf"\${ENVIRONMENT}"):
        Advisor()


def test_both_evaluators_advise_alike() -> None:
    names = ["python", "rete"] if rete_available()[0] else ["python"]
    advices = {}
    for name in names:
        with Advisor(evaluator=name) as adv:
            assert adv.evaluator == name
            advices[name] = adv.advise(FACTS).model_dump(mode="json")
    assert len({json.dumps(a, sort_keys=True) for a in advices.values()}) == 1
    assert "forced_delivery_off" in {d["id"] for d in advices["python"]["diagnoses"]}


def test_cli_version_names_the_evaluator_and_why(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["--version"]) == 0
    line = capsys.readouterr().out
    assert line.startswith("advisor ") and "Python 3." in line
    assert f"{choose_evaluator().name} evaluator, {choose_evaluator().reason}" in line
    assert main(["--evaluator", "python", "--version"]) == 0
    assert "python evaluator, chosen by the caller" in capsys.readouterr().out
    _no_rete(monkeypatch)
    assert main(["--version"]) == 0
    assert "python evaluator, the Rete engine is unavailable" in capsys.readouterr().out


def test_cli_evaluator_option_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = []
    for argv in (["advise", "--json", "--evaluator", "python"], ["advise", "--json"]):
        out = io.StringIO()
        assert main(argv, stdout=out, stdin=io.StringIO(json.dumps(FACTS))) == 0
        outputs.append(json.loads(out.getvalue()))
    assert outputs[0] == outputs[1]
    monkeypatch.setenv(ENVIRONMENT, "nope")
    err = io.StringIO()
    assert main(["advise"], stdout=io.StringIO(), stderr=err,
                stdin=io.StringIO(json.dumps(FACTS))) == 2
    assert "unknown evaluator 'nope'" in err.getvalue()


def test_doctor_reports_and_compares(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    assert main(["doctor"], stdout=out, stdin=io.StringIO()) == 0
    text = out.getvalue()
    assert f"evaluator: {choose_evaluator().name} (" in text
    if rete_available()[0]:
        assert "Rete engine (durable-rules): available" in text
        assert "through rete and python: the same advice" in text
    _no_rete(monkeypatch)
    out = io.StringIO()
    assert main(["doctor"], stdout=out, stdin=io.StringIO()) == 0
    assert "Rete engine (durable-rules): unavailable: durable-rules is not installed (test)" \
        in out.getvalue()
    assert "advised by python (no other evaluator here" in out.getvalue()
