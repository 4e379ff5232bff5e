"""Registry fix artifacts: the REGEDIT4 file (golden, byte for byte), its
escaping, the reg add command line, and the round trip through the parser."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from advisor import advise
from advisor.advice import RegistryValue
from advisor.errors import AdvisorError, RegFileError
from advisor.evidence import parse_reg
from advisor.facts import DWORD_MAX
from advisor.knowledge import load_knowledge
from advisor.output import (
    REGISTRY_WARNING,
    NoRegistryFix,
    RegValue,
    encode_reg,
    fix_header,
    reg_add_command,
    registry_export,
    render_reg,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
DESPOOLER = r"SOFTWARE\Microsoft\SMS\Components\SMS_Despooler"
#: Set UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change.
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


#: The fix the advice gives when forced delivery is off.
USE_FORCED_DISCONNECT = RegValue(key=DESPOOLER, value="Use Forced Disconnect", data=1)
#: The article sections that fix rests on.
CITATIONS = {("Q202063", "WORKAROUND"),
             ("Q128458", "MORE INFORMATION/Setting forced delivery"),
             ("Q128458", "MORE INFORMATION/Where forced delivery applies")}
FORCED_OFF = {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True,
              "use_forced_disconnect": 0}


def standard_header() -> list[str]:
    return fix_header(sorted(CITATIONS, reverse=True), applies_to="Windows NT servers.",
                      follow_up="pause and continue SMS_DESPOOLER.",
                      notes=["REG_DWORD is assumed."])


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs; UPDATE_GOLDEN=1 rewrites it"


def test_forced_disconnect_file_matches_golden_byte_for_byte() -> None:
    # The file exported from the advice, its header built from the rule pack.

    export = registry_export(load_knowledge(), advise(FORCED_OFF))
    check_golden("use-forced-disconnect.reg", export.encoded())
    assert export.commands == (
        'reg add "HKLM\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_Despooler" '
        '/v "Use Forced Disconnect" /t REG_DWORD /d 1 /f',)


@pytest.mark.parametrize("facts", [
    {"sms_version": "2.0", "server_platform": "netware", "file_in_use": True},
    {"sms_version": "1.1", "server_platform": "windows_nt", "file_in_use": True},
    {**FORCED_OFF, "use_forced_disconnect": 1},
    {**FORCED_OFF, "job_type": "system"},
])
def test_no_export_where_the_fix_does_not_apply(facts: dict[str, object]) -> None:

    outcome = registry_export(load_knowledge(), advise(facts))
    assert isinstance(outcome, NoRegistryFix)
    assert outcome.reasons


def test_file_layout_is_what_nt4_regedit_reads() -> None:
    text = render_reg([USE_FORCED_DISCONNECT], header_lines=standard_header())
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    lines = text.split("\r\n")
    assert lines[0] == "REGEDIT4"
    assert lines[1] == ""
    assert text.endswith('"Use Forced Disconnect"=dword:00000001\r\n\r\n')
    key = rf"[HKEY_LOCAL_MACHINE\{DESPOOLER}]"
    assert lines.index(key) == lines.index('"Use Forced Disconnect"=dword:00000001') - 1
    header = lines[2:lines.index(key) - 1]
    assert header and all(line.startswith(";") for line in header)
    assert lines[lines.index(key) - 1] == ""
    assert all(len(line) <= 76 for line in header)


def test_header_carries_warning_scope_follow_up_and_articles() -> None:

    text = registry_export(load_knowledge(), advise(FORCED_OFF)).text
    comments = " ".join(line.lstrip("; ") for line in text.split("\r\n")
                        if line.startswith(";"))
    assert "WARNING: Changing the registry wrongly" in comments
    assert "Windows NT distribution servers only" in comments
    assert "SMS 1.2 or later" in comments
    assert "the site that receives the package" in comments
    assert "pause the SMS_DESPOOLER component and then continue it" in comments
    assert "Q202063 (WORKAROUND); Q128458 (MORE INFORMATION/Setting forced delivery, " \
        "MORE INFORMATION/Where forced delivery applies)" in comments
    assert "REG_DWORD is assumed" in comments


def test_fix_header_groups_and_deduplicates_citations_and_wraps() -> None:
    lines = fix_header([("Q1", "A"), ("Q2", "B"), ("Q1", "C"), ("Q1", "A")],
                       applies_to="x " * 80, follow_up="go", warning="careful", width=40)
    assert lines[0] == "WARNING: careful"
    assert lines[-1] == "Articles: Q1 (A, C); Q2 (B)"
    assert "After importing: go" in lines
    assert all(len(line) <= 38 for line in lines)
    with pytest.raises(RegFileError, match="cite at least one article"):
        fix_header([], applies_to="a", follow_up="b")


def test_dword_is_eight_lowercase_hex_digits_and_keys_group_in_order() -> None:
    values = [RegValue(key="A", value="one", data=0xABCDEF),
              RegValue(key="B", value="two", data=0),
              RegValue(key="a", value="three", data=DWORD_MAX)]
    text = render_reg(values)
    assert text == ("REGEDIT4\r\n\r\n"
                    "[HKEY_LOCAL_MACHINE\\A]\r\n"
                    '"one"=dword:00abcdef\r\n'
                    '"three"=dword:ffffffff\r\n\r\n'
                    "[HKEY_LOCAL_MACHINE\\B]\r\n"
                    '"two"=dword:00000000\r\n\r\n')


def test_names_are_escaped_and_the_default_value_is_at() -> None:
    values = [RegValue(key=DESPOOLER, value='say "hi" C:\\dir\\', data=1),
              RegValue(key=DESPOOLER, value="", data=2)]
    text = render_reg(values)
    assert '"say \\"hi\\" C:\\\\dir\\\\"=dword:00000001\r\n' in text
    assert "@=dword:00000002\r\n" in text
    parsed = parse_reg(encode_reg(text))
    assert [(e.name, e.data) for e in parsed.entries] == [('say "hi" C:\\dir\\', 1), ("", 2)]


@pytest.mark.parametrize("evil", [
    "line one\r\n[HKEY_LOCAL_MACHINE\\Evil]\r\n\"Bad\"=dword:00000001",
    "cr\r[HKEY_LOCAL_MACHINE\\Evil]",
    "lf\n\"Bad\"=dword:00000001",
    "unicode\u2028[HKEY_LOCAL_MACHINE\\Evil]\u2029\"Bad\"=dword:00000001",
    "nel\x85[HKEY_LOCAL_MACHINE\\Evil]\x0b\"Bad\"=-\x0c@=\"x\"",
    "nul\x00[HKEY_LOCAL_MACHINE\\Evil] tab\there",
])
def test_header_text_cannot_inject_lines(evil: str) -> None:
    text = render_reg([USE_FORCED_DISCONNECT], header_lines=["safe", evil])
    body = text.split("\r\n")
    key_at = body.index(rf"[HKEY_LOCAL_MACHINE\{DESPOOLER}]")
    assert all(line.startswith(";") for line in body[2:key_at - 1])
    assert all(ch >= " " for ch in text.replace("\r\n", ""))
    parsed = parse_reg(encode_reg(text))
    assert [k.path for k in parsed.keys] == [USE_FORCED_DISCONNECT.path]
    assert [(e.name, e.data) for e in parsed.entries] == [("Use Forced Disconnect", 1)]


def test_line_breaks_in_header_text_start_new_comment_lines() -> None:
    text = render_reg([USE_FORCED_DISCONNECT], header_lines=["one\r\ntwo\nthree", ""])
    assert text.startswith("REGEDIT4\r\n\r\n; one\r\n; two\r\n; three\r\n;\r\n\r\n[")


def test_comment_characters_ansi_cannot_hold_become_question_marks() -> None:
    text = render_reg([USE_FORCED_DISCONNECT], header_lines=["caf\u00e9 \u2603 \U0001f600"])
    assert "; caf\u00e9 ? ?\r\n" in text
    assert b"caf\xe9 ? ?" in encode_reg(text)


@pytest.mark.parametrize(("field", "bad"), [
    ("value", "Use\r\nForced"),
    ("value", "tab\tname"),
    ("value", "snow\u2603man"),
    ("value", "x" * 256),
    ("key", "SOFTWARE\\\\SMS"),
    ("key", "\\SOFTWARE\\SMS"),
    ("key", "SOFTWARE\\SMS\\"),
    ("key", "SOFTWARE\\SMS]\r\n[HKEY_LOCAL_MACHINE\\Evil"),
    ("key", "SOFTWARE\\[SMS]"),
    ("key", ""),
    ("key", "SOFTWARE\\ \\SMS"),
    ("data", -1),
    ("data", DWORD_MAX + 1),
    ("data", True),
    ("data", "1"),
    ("type", "REG_SZ"),
    ("hive", "HKLM"),
])
def test_bad_registry_values_are_refused(field: str, bad: Any) -> None:
    fields: dict[str, Any] = {"key": DESPOOLER, "value": "Use Forced Disconnect", "data": 1}
    fields[field] = bad
    with pytest.raises(ValidationError):
        RegValue(**fields)


def test_nothing_to_write_and_duplicates_are_errors() -> None:
    with pytest.raises(RegFileError, match="no registry values"):
        render_reg([])
    twice = [USE_FORCED_DISCONNECT,
             RegValue(key=DESPOOLER.upper(), value="use forced disconnect", data=0)]
    with pytest.raises(RegFileError, match="given twice"):
        render_reg(twice)
    assert issubclass(RegFileError, AdvisorError)


def test_reg_add_command() -> None:
    assert reg_add_command(USE_FORCED_DISCONNECT) == (
        f'reg add "HKLM\\{DESPOOLER}" /v "Use Forced Disconnect" /t REG_DWORD /d 1 /f')
    remote = reg_add_command(RegValue(key=DESPOOLER, value="Forced Disconnection Delay In "
                                      "Minutes", data=4294967295), computer="\\\\SITESRV1")
    assert remote == (f'reg add "\\\\SITESRV1\\HKLM\\{DESPOOLER}" /v "Forced Disconnection '
                      'Delay In Minutes" /t REG_DWORD /d 4294967295 /f')
    default = reg_add_command(RegValue(hive="HKEY_CURRENT_USER", key="Software\\X", value="",
                                       data=3))
    assert default == 'reg add "HKCU\\Software\\X" /ve /t REG_DWORD /d 3 /f'


def test_reg_add_keeps_a_trailing_backslash_literal() -> None:
    # reg.exe reads \" as a quote, so a backslash before the closing quote doubles.
    command = reg_add_command(RegValue(key=DESPOOLER, value="dir\\", data=1))
    assert '/v "dir\\\\" /t' in command


@pytest.mark.parametrize("name", ['say "hi"', "100%", "50%PATH%", "wow!"])
def test_reg_add_refuses_what_the_command_prompt_cannot_quote(name: str) -> None:
    with pytest.raises(RegFileError, match=r"import the \.reg file instead"):
        reg_add_command(RegValue(key=DESPOOLER, value=name, data=1))
    render_reg([RegValue(key=DESPOOLER, value=name, data=1)])  # the .reg file can


def test_reg_add_remote_limits() -> None:
    with pytest.raises(RegFileError, match="not a computer name"):
        reg_add_command(USE_FORCED_DISCONNECT, computer="SRV1 & del *")
    with pytest.raises(RegFileError, match="another computer"):
        reg_add_command(RegValue(hive="HKEY_CURRENT_USER", key="S", value="v", data=1),
                        computer="SRV1")


def test_the_advice_registry_action_is_this_fix() -> None:
    advice = advise(FORCED_OFF)
    (action,) = [a for a in advice.actions if a.kind == "registry"]
    assert RegValue.from_registry(action.registry) == USE_FORCED_DISCONNECT
    cited = {(c.article, c.section) for c in action.citations}
    assert cited == CITATIONS


def test_from_registry_refuses_checks_and_bad_values() -> None:
    check = RegistryValue(hive="HKEY_LOCAL_MACHINE", key=DESPOOLER, value="v",
                          type="REG_DWORD", data=None)
    with pytest.raises(RegFileError, match="no data"):
        RegValue.from_registry(check)
    wrong = RegistryValue(hive="HKEY_LOCAL_MACHINE", key=DESPOOLER, value="v",
                          type="REG_SZ", data=1)
    with pytest.raises(RegFileError, match="type"):
        RegValue.from_registry(wrong)


def test_warning_is_our_own_words() -> None:
    # The articles' warning paragraph is theirs; ours must not repeat it.
    article = (Path(__file__).resolve().parents[1] / "kb" / "Q202063.txt").read_text()
    assert REGISTRY_WARNING[:40] not in article


# -- round trip ---------------------------------------------------------------

ANSI = st.characters(codec="cp1252", exclude_categories=("Cc",))
PART = st.text(ANSI, min_size=1, max_size=12).filter(
    lambda s: s.strip() and "\\" not in s and "[" not in s and "]" not in s)
VALUES = st.builds(
    RegValue,
    hive=st.sampled_from(["HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER", "HKEY_USERS"]),
    key=st.lists(PART, min_size=1, max_size=4).map("\\".join),
    value=st.text(ANSI, max_size=20),
    data=st.integers(0, DWORD_MAX))


def unique(values: list[RegValue]) -> list[RegValue]:
    seen: dict[tuple[str, str], RegValue] = {}
    for v in values:
        seen.setdefault((v.path.casefold(), v.value.casefold()), v)
    return list(seen.values())


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=6).map(unique),
       st.lists(st.text(max_size=40), max_size=4))
def test_render_reg_round_trips_through_the_parser(values: list[RegValue],
                                                   header: list[str]) -> None:
    text = render_reg(values, header_lines=header)
    parsed = parse_reg(encode_reg(text), "fix.reg")
    assert parsed.format == "REGEDIT4"
    assert not parsed.problems
    got = [(e.key.path, e.name, e.type, e.data) for e in parsed.entries]
    written = sorted(values, key=lambda v: [w.path.casefold() for w in values].index(
        v.path.casefold()))
    assert got == [(v.path, v.value, "REG_DWORD", v.data) for v in written]
