"""Tests for advisor.articles.parser: one fixture per layout variant, plus edge cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.articles import Article, parse_article, read_article
from advisor.errors import ArticleFormatError

FIXTURES = Path(__file__).parent / "fixtures" / "articles"

SMS = "Microsoft Systems Management Server"

# Fields every fixture shares unless its entry says otherwise.
DEFAULTS: dict[str, Any] = {
    "date": None, "category": "sms", "product": SMS, "platform": None, "versions": (),
    "operating_system": None, "keywords": (), "applies_to": (), "technology": (),
    "component": None, "hardware": (), "issue_type": None, "solution_type": None,
    "query_words": (), "references": (), "layout": "classic", "issues": (),
}

# fixture -> (fields that differ from DEFAULTS, sections as (title, level, line, parent))
EXPECTED: dict[str, tuple[dict[str, Any], list[tuple[str, int, int, str | None]]]] = {
    "classic_sections.txt": (
        {
            "id": "Q900101", "title": "SMS: Inventory Agent Skips Drives Mapped After Logon",
            "date": dt.date(2001, 3, 14), "platform": "winnt", "versions": ("1.2", "2.0"),
            "keywords": ("kbsms200", "kbInventory", "kbbug"),
            "applies_to": (f"{SMS} versions 1.2, 2.0",
                           "Microsoft Windows NT Server version 4.0"),
            "technology": ("kbSMSSearch", "kbSMS120", "kbSMS200"),
            "component": "SystemManagement", "hardware": ("ALPHA", "x86"),
            "issue_type": "kbbug", "solution_type": "kbfix",
            "query_words": ("prodsms", "inventory", "drives"),
            "references": ("Q900102", "Q900103"),
        },
        [("SYMPTOMS", 1, 16, None), ("CAUSE", 1, 22, None), ("STATUS", 1, 28, None),
         ("MORE INFORMATION", 1, 34, None),
         ("Checking the Scan Schedule", 2, 39, "MORE INFORMATION")],
    ),
    "classic_dash_symptom.txt": (
        {
            "id": "Q900102", "title": "SMS Sender Gives Up on Busy Distribution Shares",
            "date": dt.date(2002, 2, 2), "platform": "winnt", "versions": ("1.1",),
            "keywords": ("kbnetwork", "smssender"), "applies_to": (f"{SMS} version 1.1",),
            "technology": ("kbSMSSearch", "kbSMS110"), "query_words": ("prodsms", "sms"),
        },
        [("SYMPTOM", 1, 16, None), ("STATUS", 1, 22, None), ("MORE INFORMATION", 1, 27, None),
         ("Calculating the Retry Window", 2, 32, "MORE INFORMATION")],
    ),
    "double_colon.txt": (
        {
            "id": "Q900103", "title": "SMS: Retry Counter Advances Twice per Attempt",
            "date": dt.date(2001, 7, 31), "versions": ("1.2 SP1", "1.2 SP2"),
            "keywords": ("kbDespooler", "smsdespooler"), "applies_to": (f"{SMS} version 1.2",),
            "technology": ("kbSMSSearch", "kbSMS120SP2", "kbSMS120SP1"),
            "issue_type": "kbbug", "solution_type": "kbfix", "query_words": ("prodsms",),
            "references": ("Q900101",),
        },
        [("SYMPTOMS", 1, 15, None), ("RESOLUTION", 1, 20, None)],
    ),
    "bare_prodver.txt": (
        {
            "id": "Q900104", "title": "Site Setup Asks for the Same Disk Twice",
            "date": dt.date(1998, 1, 5), "versions": ("1.10",), "operating_system": "WINDOWS",
            "keywords": ("kbsetup",), "applies_to": (f"{SMS} version 1.1",),
            "technology": ("kbSMSSearch", "kbSMS110"), "query_words": ("setup", "disk"),
        },
        [("SUMMARY", 1, 15, None)],
    ),
    "runtogether_keywords.txt": (
        {
            "id": "Q900105",
            "title": "SMS: Despooler Empties a Package Folder While Files Are Open",
            "date": dt.date(2001, 7, 31), "platform": "winnt", "versions": ("1.2",),
            "keywords": ("kbDespooler", "smsdespooler", "kbbuglist"),
            "applies_to": (f"{SMS} version 1.2",), "technology": ("kbSMSSearch", "kbSMS120"),
            "hardware": ("ALPHA", "x86"), "issue_type": "kbbug", "solution_type": "kbfix",
            "query_words": ("prodsms",),
        },
        [("SYMPTOMS", 1, 15, None), ("WORKAROUND", 1, 20, None)],
    ),
    "no_trailer.txt": (
        {
            "id": "Q900106", "title": "SMS: Remote Control Agent Listens on Two Ports",
            "date": dt.date(2002, 6, 11), "platform": "winnt", "versions": ("2.0",),
            # No trailer: the header tokens are split at the inner "kb" and deduplicated.
            "keywords": ("kbsms", "kbSMS200", "kbbug"), "applies_to": (f"{SMS} version 2.0",),
            "query_words": ("sms20", "remote"),
        },
        [("SUMMARY", 1, 15, None), ("MORE INFORMATION", 1, 20, None)],
    ),
    "kbcategory.txt": (
        {
            "id": "Q900107", "title": "Package Command Line Is Cut at 128 Characters",
            "date": dt.date(1994, 11, 3), "keywords": ("kbnetwork", "kbtshoot", "smsdist"),
            "query_words": ("1.10", "commandline"),
        },
        [("SUMMARY", 1, 8, None)],
    ),
    "pss.txt": (
        {
            "id": "Q900108", "title": "Package Share Permissions Reset After Each Update",
            "date": dt.date(1995, 11, 2), "category": None, "product": None,
            "platform": "WINDOWS", "versions": ("1.10",), "keywords": ("kbsetup", "smsdist"),
            "applies_to": (f"{SMS} version 1.1",), "query_words": ("1.10", "share"),
            "references": ("Q900101",), "layout": "pss",
        },
        [("SUMMARY", 1, 17, None), ("MORE INFORMATION", 1, 23, None)],
    ),
    "jeffpar.md": (
        {
            "id": "Q900109", "title": 'SMS: Client Setup Stops at "Reading Files"',
            "date": dt.date(2001, 8, 21), "category": None, "platform": "winnt",
            "versions": ("1.2",), "keywords": ("kbClient", "smsclient", "kbbuglist"),
            "applies_to": (f"{SMS} version 1.2",), "technology": ("kbSMSSearch", "kbSMS120"),
            "issue_type": "kbprb", "query_words": ("prodsms", "client"), "layout": "jeffpar",
        },
        [("SYMPTOMS", 1, 25, None), ("MORE INFORMATION", 1, 30, None),
         ("Steps to Reproduce", 2, 33, "MORE INFORMATION")],
    ),
    "weird.txt": (
        {
            "id": "Q900111", "title": "SMS: Sender Log Fills With Unreadable Entries",
            "platform": "winnt", "versions": ("2.0",), "keywords": ("kbsms200",),
            "applies_to": (f"{SMS} version 2.0",), "query_words": ("sender", "log"),
            "references": ("Q12345",),
            "issues": ((1, "unreadable date '31-FEB-2001'"),
                       (7, "unknown header label 'REVIEWER'"),
                       (25, "unknown trailer label 'Reviewed by'"),
                       (26, "unreadable trailer line 'this line has no label'")),
        },
        [("(untitled)", 1, 16, None)],
    ),
}


def _fields(article: Article) -> dict[str, Any]:
    data = article.model_dump(exclude={"sections", "issues"})
    data["issues"] = tuple((issue.line, issue.message) for issue in article.issues)
    return data


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_fields(name: str) -> None:
    changed, sections = EXPECTED[name]
    article = read_article(FIXTURES / name)
    assert _fields(article) == {**DEFAULTS, **changed}
    assert [(s.title, s.level, s.line, s.parent) for s in article.sections] == sections


def test_every_fixture_has_an_expectation() -> None:
    names = {path.name for path in FIXTURES.iterdir()}
    assert names == set(EXPECTED) | {"no_title.txt"}


def test_section_text_is_the_body_without_heading_or_blank_edges() -> None:
    article = read_article(FIXTURES / "classic_sections.txt")
    symptoms = article.section("SYMPTOMS")
    assert symptoms is not None
    assert symptoms.text == (
        "The inventory agent reports no data for network drives that a user maps\n"
        "after the agent has already started its scan.")
    sub = article.section("MORE INFORMATION/Checking the Scan Schedule")
    assert sub is not None
    # The indented table rule stays in the text; it is not a heading.
    assert sub.text.splitlines()[2:4] == ["   Frequency    Meaning", "   ---------    -------"]
    assert sub.text.endswith("is not listed twice.")
    more = article.section("MORE INFORMATION")
    assert more is not None
    assert more.text == "The agent reads its schedule from the site server."


def test_jeffpar_body_loses_one_tab_and_keeps_its_own_indentation() -> None:
    article = read_article(FIXTURES / "jeffpar.md")
    steps = article.section("MORE INFORMATION/Steps to Reproduce")
    assert steps is not None
    assert steps.text == "1. Start client setup from the logon script.\n\n  The window stays open."


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("name", ["classic_sections.txt", "pss.txt", "jeffpar.md"])
def test_line_ends_do_not_matter(tmp_path: Path, name: str, newline: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    converted = tmp_path / name
    converted.write_bytes(text.replace("\n", newline).encode("utf-8"))
    assert read_article(converted) == read_article(FIXTURES / name)


def test_missing_title_names_file_and_line() -> None:
    path = FIXTURES / "no_title.txt"
    with pytest.raises(ArticleFormatError) as caught:
        read_article(path)
    assert caught.value.path == path
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{path}:2: ")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("", 1),
        ("Just some text\nwith no header at all.\n", 1),
        ("DOCUMENT:X12  01-JAN-2000  [sms]\nTITLE   :Has a title\n", 1),
        ("Title only\n\nPSS ID Number: Q1234567\n", 3),
        ("PSS ID Number: Q123456\n", 1),
        ("---\nlayout: page\n---\n\nno heading here\n", 1),
    ],
)
def test_no_id_or_title_raises(text: str, line: int) -> None:
    with pytest.raises(ArticleFormatError) as caught:
        parse_article(text, path="some/article.txt")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"some/article.txt:{line}: ")


def test_five_digit_ids_are_kept_as_the_archive_numbers_them() -> None:
    article = parse_article("DOCUMENT:Q10022  07-SEP-2001  [word]\nTITLE   :A short one\n")
    assert article.id == "Q10022"
    assert article.issues[-1].message == "no sections found"


def test_truncated_header_prod_ver_yields_to_the_trailer() -> None:
    text = (
        "DOCUMENT:Q900120  01-JAN-2001  [sms]\nTITLE   :T\nPROD/VER:MS-DOS:6.0; WINDOWS:3.\n"
        "\nSUMMARY\n=======\n\nBody.\n\n" + "=" * 70 + "\n"
        "Version           : MS-DOS:6.0; WINDOWS:3.1,3.11\n"
    )
    article = parse_article(text)
    assert article.platform == "MS-DOS; WINDOWS"
    assert article.versions == ("6.0", "3.1", "3.11")


def test_a_box_of_equals_signs_inside_the_body_is_not_the_trailer() -> None:
    rule = "=" * 70
    text = (
        "DOCUMENT:Q900121  01-JAN-2001  [sms]\nTITLE   :T\n\nSUMMARY\n=======\n\n"
        f"Before the box.\n\n{rule}\n\n   A boxed note\n\n{rule}\n\nAfter the box.\n\n"
        f"{rule}\nKeywords          : kbone kbtwo\n"
    )
    article = parse_article(text)
    summary = article.section("SUMMARY")
    assert summary is not None
    assert summary.text.endswith("After the box.")
    assert article.keywords == ("kbone", "kbtwo")


def test_read_article_decodes_cp1252_and_drops_a_bom(tmp_path: Path) -> None:
    text = "DOCUMENT:Q900122  01-JAN-2001  [sms]\nTITLE   :The \u201cquoted\u201d caf\u00e9\n"
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(text.encode("cp1252"))
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_article(legacy).title == "The \u201cquoted\u201d caf\u00e9"
    assert read_article(with_bom).title == "The \u201cquoted\u201d caf\u00e9"
    assert read_article(with_bom).id == "Q900122"


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(ArticleFormatError) as caught:
        read_article(missing)
    assert caught.value.path == missing
    assert str(caught.value).startswith(str(missing))


_FIXTURE_LINES = sorted({
    line
    for path in FIXTURES.iterdir()
    for line in path.read_text(encoding="utf-8").splitlines()
})


def _parses_or_rejects(text: str) -> None:
    try:
        article = parse_article(text)
    except ArticleFormatError:
        return
    assert isinstance(article, Article)
    assert all(section.title for section in article.sections)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_article_format_error(text: str) -> None:
    _parses_or_rejects(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(_FIXTURE_LINES), st.text(max_size=30)), max_size=60),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_shuffled_article_lines_parse_or_raise_article_format_error(
    lines: list[str], newline: str
) -> None:
    _parses_or_rejects(newline.join(lines))
