"""The public Python API: its names are pinned, and it is documented."""

from __future__ import annotations

import inspect

import advisor

PUBLIC = {
    "VOCABULARY", "Advice", "Advisor", "AdvisorError", "Answer", "EngineError",
    "EvidenceError", "FactSpec", "Facts", "FactsError", "FileError", "KnowledgeError",
    "Question", "RulePackError", "Session", "SessionError", "__version__", "advise",
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
    for name in ("EngineError", "EvidenceError", "FactsError", "FileError", "KnowledgeError",
                 "RulePackError", "SessionError"):
        assert issubclass(getattr(advisor, name), advisor.AdvisorError)
    assert issubclass(advisor.RulePackError, advisor.KnowledgeError)
    assert issubclass(advisor.FactsError, ValueError)


def test_readme_python_example_runs() -> None:
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_one_advisor_shared_by_threads() -> None:
    # Sessions and one-shot advice from 8 threads on one Advisor: each thread
    # gets the answers for its own facts.
    import threading

    shared = advisor.Advisor()
    cases = [({"sms_version": v, "server_platform": p, "file_in_use": True},
              {"1.1": "sms1x_stops_at_locked_file", "2.0": "netware_no_forced_disconnect"}[v]
              if p == "netware" or v == "1.1" else None)
             for v in ("1.1", "2.0") for p in ("windows_nt", "netware")]
    failures: list[str] = []

    def work(n: int) -> None:
        for i in range(120):
            facts, wanted = cases[(n + i) % len(cases)]
            session = shared.session()
            for fact, value in facts.items():
                session.answer(fact, value)
            one_shot = shared.advise(facts)
            ids = {d.id for d in session.advice().confirmed()}
            if ids != {d.id for d in one_shot.confirmed()} or (wanted and wanted not in ids):
                failures.append(f"{facts}: {ids}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    shared.close()
    assert not failures, failures[:3]
