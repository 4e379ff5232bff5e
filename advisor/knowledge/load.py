"""Loading the knowledge base: articles from ``kb/`` and rule packs from ``rules/``.

:func:`load_knowledge` reads both directories, validates every pack against the
fact vocabulary and the articles (facts and values exist, cited articles and
sections exist, ids are unique, every reference resolves) and resolves the packs
into a :class:`~advisor.knowledge.model.Knowledge`. Any problem stops the load
with a :class:`~advisor.errors.RulePackError` that lists all of them, each with
its file, line and rule.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from advisor.articles import Article, read_article
from advisor.errors import KnowledgeError, RulePackError
from advisor.knowledge.model import Knowledge
from advisor.knowledge.resolve import resolve
from advisor.knowledge.schema import PackSpec, load_pack
from advisor.knowledge.yamldoc import YamlDoc

__all__ = ["bundled_dirs", "load_knowledge"]


def load_knowledge(kb_dir: Path | None = None, rules_dir: Path | None = None) -> Knowledge:
    """Load ``kb_dir`` (``*.txt`` articles) and ``rules_dir`` (``*.yaml`` packs);
    the bundled ones by default. Raises :class:`~advisor.errors.KnowledgeError`
    (a :class:`~advisor.errors.RulePackError` for pack problems) naming file and
    line."""
    default_kb, default_rules = bundled_dirs()
    kb_dir = Path(kb_dir) if kb_dir is not None else default_kb
    rules_dir = Path(rules_dir) if rules_dir is not None else default_rules
    articles = _load_articles(kb_dir)
    packs: list[tuple[PackSpec, YamlDoc]] = []
    problems: list[KnowledgeError] = []
    pack_paths = sorted(rules_dir.glob("*.yaml")) if rules_dir.is_dir() else []
    if not pack_paths:
        raise KnowledgeError("no rule packs (*.yaml) found", path=rules_dir)
    for path in pack_paths:
        try:
            packs.append(load_pack(path))
        except RulePackError as exc:
            problems.extend(exc.problems)
        except KnowledgeError as exc:
            problems.append(exc)
    if problems:
        raise RulePackError(problems)
    return resolve(articles, packs, tuple(sorted(kb_dir.glob("*.txt"))) + tuple(pack_paths))


def bundled_dirs() -> tuple[Path, Path]:
    """Where the bundled ``kb/`` and ``rules/`` are: inside the installed package,
    or at the top of a source checkout when running from one."""
    package = Path(str(resources.files("advisor")))
    for base in (package, package.parent):
        if (base / "kb").is_dir() and (base / "rules").is_dir():
            return base / "kb", base / "rules"
    raise KnowledgeError("the bundled kb/ and rules/ directories are missing; "
                         "reinstall the package", path=package)


def _load_articles(kb_dir: Path) -> dict[str, Article]:
    if not kb_dir.is_dir():
        raise KnowledgeError("not a directory", path=kb_dir)
    articles: dict[str, Article] = {}
    for path in sorted(kb_dir.glob("*.txt")):
        article = read_article(path)
        if article.id in articles:
            raise KnowledgeError(f"article {article.id} appears twice", path=path, line=1)
        if path.stem.upper() != article.id:
            raise KnowledgeError(f"the file of {article.id} must be named {article.id}.txt",
                                 path=path, line=1)
        articles[article.id] = article
    return articles


