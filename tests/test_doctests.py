"""Every module's docstring examples run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import advisor

MODULES = sorted(m.name for m in pkgutil.walk_packages(advisor.__path__, "advisor.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"


def test_examples_exist_across_the_pipeline() -> None:
    # Not every module needs examples, but the public entry points must have some.
    attempted = {name: doctest.testmod(importlib.import_module(name)).attempted
                 for name in ("advisor", "advisor.api", "advisor.facts.model",
                              "advisor.articles.parser", "advisor.output.reg_writer")}
    assert all(attempted.values()), attempted
