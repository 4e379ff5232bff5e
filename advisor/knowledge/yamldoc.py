"""YAML documents that remember where each value came from.

PyYAML gives plain Python data and forgets line numbers; rule-pack errors must
name the file and line. :func:`load_yaml` returns the data together with a map
from each key path to its 1-based line, and refuses what PyYAML would silently
accept: duplicate keys, several documents, non-string keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from advisor.errors import KnowledgeError

__all__ = ["YamlDoc", "load_yaml"]

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDoc:
    """Parsed YAML ``data`` and the ``lines`` of its keys and list items."""

    path: Path
    data: object
    lines: dict[Path_, int]

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of the deepest known prefix of ``loc`` (a key path)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


def load_yaml(path: Path, text: str | None = None) -> YamlDoc:
    """Read one YAML document from ``path`` (or from ``text``, naming ``path``).

    Raises :class:`~advisor.errors.KnowledgeError` naming the file and line for
    unreadable files, syntax errors, duplicate keys and extra documents.
    """
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"cannot read: {exc}", path=path) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise KnowledgeError("the file is empty", path=path, line=1)
        lines: dict[Path_, int] = {(): node.start_mark.line + 1}
        _check(node, (), lines, path)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise KnowledgeError(f"YAML syntax: {problem}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"YAML: {exc}", path=path) from None
    finally:
        loader.dispose()
    return YamlDoc(path, data, lines)


def _check(node: yaml.Node, at: Path_, lines: dict[Path_, int], path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (
                    "tag:yaml.org,2002:str", "tag:yaml.org,2002:null",
                    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                    "tag:yaml.org,2002:float"):
                raise KnowledgeError("keys must be plain words", path=path, line=line)
            key = key_node.value
            if key in seen:
                raise KnowledgeError(f"duplicate key {key!r} (first on line {seen[key]})",
                                     path=path, line=line)
            seen[key] = line
            lines[at + (key,)] = line
            _check(value_node, at + (key,), lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[at + (index,)] = item.start_mark.line + 1
            _check(item, at + (index,), lines, path)
