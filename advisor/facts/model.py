"""The bundled vocabulary and the public :class:`Facts` model built from it.

The fact names and values are a public contract shared by the command line, the
Python API, the HTTP API and the interactive session. They are declared as data,
in the bundled ``rules/facts.yaml`` and the ``facts:`` sections of the bundled
packs, and :class:`Facts` is built from those declarations when this module is
imported. Every fact may be left out: a fact that is not given is *unknown*, and
the advice says which unknown facts could still change it.

A few facts have a meaningful ``null``: ``use_forced_disconnect`` is ``None`` when
the ``Use Forced Disconnect`` registry value does not exist (which leaves forced
delivery off), and so on for the two companion values. For every other fact
``None`` means the same as leaving it out.

:data:`VOCABULARY` describes each fact for people and programs: its question, its
allowed answers and a help text. A knowledge base loaded from other directories
has its own vocabulary and model (``Knowledge.vocabulary``, ``Knowledge.facts``).
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from advisor.errors import FactsError, KnowledgeError
from advisor.facts.base import FactsBase, build_model, unknown_fact
from advisor.facts.spec import DWORD_MAX, FactDecl, FactSpec, FactValue

__all__ = ["DWORD_MAX", "VOCABULARY", "FactSpec", "FactValue", "Facts", "bundled_rules_dir",
           "fact_spec", "vocabulary_sources"]

#: The file of the shared fact declarations, in a rules directory.
FACTS_FILE = "facts.yaml"


def bundled_rules_dir() -> Path:
    """The bundled ``rules/``: inside the installed package, or at the top of a
    source checkout when running from one."""
    package = Path(str(resources.files("advisor")))
    for base in (package, package.parent):
        if (base / "rules").is_dir() and (base / "kb").is_dir():
            return base / "rules"
    raise KnowledgeError("the bundled kb/ and rules/ directories are missing; "
                         "reinstall the package", path=package)


def vocabulary_sources(rules_dir: Path) -> Iterator[Path]:
    """The files whose declarations make a rules directory's vocabulary, in
    order: its ``facts.yaml`` (the bundled one when it has none), then its packs."""
    own = rules_dir / FACTS_FILE
    yield own if own.is_file() else bundled_rules_dir() / FACTS_FILE
    yield from (p for p in sorted(rules_dir.glob("*.yaml")) if p.name != FACTS_FILE)


def _bundled() -> dict[str, FactSpec]:
    # The knowledge loader validates these same files with line numbers; here
    # they only need reading (a broken bundled file fails the package's tests).
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    specs: dict[str, FactSpec] = {}
    rules_dir = bundled_rules_dir()
    for path in vocabulary_sources(rules_dir):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        article = None if path.name == FACTS_FILE else path.stem
        for raw in (data or {}).get("facts", []) if isinstance(data, dict) else []:
            try:
                decl = FactDecl.model_validate(raw)
            except ValidationError as exc:
                raise KnowledgeError(f"bad fact declaration: {exc.errors()[0]['msg']}",
                                     path=path) from None
            specs.setdefault(decl.name, decl.spec(article))
    return specs


#: Every fact of the bundled knowledge, by name, in declaration order.
VOCABULARY: Mapping[str, FactSpec] = types.MappingProxyType(_bundled())

if TYPE_CHECKING:
    class Facts(FactsBase):
        """What is known about one distribution problem (see :class:`FactsBase`)."""
else:
    Facts = build_model(VOCABULARY, "Facts", __name__)
    Facts.__doc__ = """What is known about one distribution problem. Leave out what you don't know.

    >>> Facts(sms_version="2.0", server_platform="netware", file_in_use=True)
    Facts(sms_version='2.0', server_platform='netware', file_in_use=True)

    Use :meth:`parse` for untrusted input (a JSON object): it raises
    :class:`~advisor.errors.FactsError` naming each bad field. The fields are
    the facts of :data:`VOCABULARY`.
    """


def fact_spec(name: str, vocabulary: Mapping[str, FactSpec] = VOCABULARY) -> FactSpec:
    """The :class:`FactSpec` of fact ``name``; raises :class:`FactsError` with a
    "did you mean" for an unknown name."""
    try:
        return vocabulary[name]
    except (KeyError, TypeError):
        raise FactsError([unknown_fact(vocabulary, str(name))]) from None
