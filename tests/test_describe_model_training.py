"""The shipped describe model is what bench/train_describe_model.py learns from the
labelled sets and the test table as they are. Needs scikit-learn (which the
advisor[semantic] extra brings); skipped without it, unless ADVISOR_REQUIRE_SEMANTIC
is set (as .ci/run's semantic leg does), where it fails instead."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "advisor" / "evidence" / "describe_model.json"


def _trainer() -> ModuleType:
    if importlib.util.find_spec("sklearn") is None:
        if os.environ.get("ADVISOR_REQUIRE_SEMANTIC"):
            pytest.fail("scikit-learn is not installed")
        pytest.skip("scikit-learn is not installed (pip install scikit-learn)")
    spec = importlib.util.spec_from_file_location("train_describe_model",
                                                  ROOT / "bench" / "train_describe_model.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_is_what_the_training_script_learns() -> None:
    trainer = _trainer()
    cases, names = trainer.labelled(set(trainer.UNSEEN))
    learned = trainer.train(cases)
    shipped = json.loads(SHIPPED.read_text("utf-8"))
    # A labelled set or a row of the test table added since: train again
    # (python bench/train_describe_model.py), after measuring the old model on it.
    assert shipped["sets"] == names
    assert shipped["trained_on"] == learned["trained_on"] == len(cases)
    assert set(shipped["idf"]) == set(learned["idf"])
    for fact, part in learned["facts"].items():
        mine = shipped["facts"][fact]
        assert mine["classes"] == part["classes"], fact
        assert set(mine["weights"]) == set(part["weights"]), fact
        for feature, row in part["weights"].items():
            assert all(math.isclose(a, b, abs_tol=1e-3)
                       for a, b in zip(row, mine["weights"][feature], strict=True)), feature
    assert set(learned["facts"]) == set(shipped["facts"])
