"""The public Python API: its names are pinned, and it is documented."""

from __future__ import annotations

import inspect

import advisor

PUBLIC = {
    "VOCABULARY", "Advice", "Advisor", "AdvisorError", "EngineError", "FactSpec", "Facts",
    "FactsError", "KnowledgeError", "RulePackError", "SessionError", "__version__", "advise",
}


def test_public_names_are_pinned() -> None:
    assert set(advisor.__all__) == PUBLIC
    for name in advisor.__all__:
        assert hasattr(advisor, name), name


def test_public_names_are_documented() -> None:
    for name in advisor.__all__:
        obj = getattr(advisor, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name
            for member_name, member in inspect.getmembers(obj):
                if member_name.startswith("_") or not inspect.isfunction(member):
                    continue
                if member.__module__.startswith("advisor"):
                    assert inspect.getdoc(member), f"{name}.{member_name}"


def test_error_tree() -> None:
    for name in ("EngineError", "FactsError", "KnowledgeError", "RulePackError",
                 "SessionError"):
        assert issubclass(getattr(advisor, name), advisor.AdvisorError)
    assert issubclass(advisor.RulePackError, advisor.KnowledgeError)
    assert issubclass(advisor.FactsError, ValueError)


def test_docstring_examples_run() -> None:
    import doctest

    import advisor.advisor as advisor_module
    import advisor.facts as facts_module

    for module in (advisor, advisor_module, facts_module):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__


def test_readme_python_example_runs() -> None:
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
