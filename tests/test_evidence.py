"""Evidence import: registry exports and Despooler logs to facts, with every
finding traced to its file and line; broken and hostile files give a clear error.

The fixtures in tests/fixtures/evidence are described in the README there.
Golden files (tests/golden/evidence/*.json) hold the expected evidence; run with
UPDATE_GOLDEN=1 to rewrite them after a deliberate change, and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import Advisor, Facts
from advisor.errors import AdvisorError, EvidenceError
from advisor.evidence import Evidence, parse_evidence, parse_reg, read_evidence

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "evidence"
GOLDEN = Path(__file__).resolve().parent / "golden" / "evidence"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
KEY = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_Despooler"


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    # Findings name files as given; relative names keep the golden files portable.
    monkeypatch.chdir(FIXTURES)


def check_golden(name: str, evidence: Evidence) -> None:
    path = GOLDEN / f"{name}.json"
    got = json.dumps(evidence.to_json(), indent=2, ensure_ascii=False) + "\n"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{path.name} differs"


GOOD = ["despooler-on-v5.reg", "despooler-off-nt4.reg", "despooler-typo-utf8.reg",
        "despooler-deleted.reg", "other-key.reg", "hklm-abbreviated.reg",
        "despool-locked.log", "despool-ins.log", "despool-failed.log"]


@pytest.mark.parametrize("name", GOOD)
def test_fixture_evidence_matches_golden(name: str) -> None:
    evidence = read_evidence([name])
    check_golden(name, evidence)
    Facts.parse(evidence.facts())  # always valid facts


def test_several_files_later_wins_and_conflicts_are_noted() -> None:
    evidence = read_evidence(["despooler-off-nt4.reg", "despooler-on-v5.reg",
                              "despool-locked.log", "despool-failed.log"])
    check_golden("combined", evidence)
    assert evidence.facts() == {"file_in_use": True, "distribution_failed": True,
                                "distribution_retrying": True, "use_forced_disconnect": 1,
                                "number_of_retries": 10, "forced_disconnection_delay": 15}
    (conflict,) = [n for n in evidence.notes if n.fact == "use_forced_disconnect"]
    assert "despooler-off-nt4.reg:4 says 0" in conflict.message
    assert "1 from despooler-on-v5.reg:7" in conflict.message
    # absent (None) against a number is a conflict too
    both = read_evidence(["despooler-on-v5.reg", "despooler-off-nt4.reg"])
    assert both.facts()["number_of_retries"] is None
    assert [n.fact for n in both.notes if "disagree" in n.message] == [
        "use_forced_disconnect", "number_of_retries", "forced_disconnection_delay"]


# -- registry exports ----------------------------------------------------------

def test_regedit5_unicode_export() -> None:
    data = (FIXTURES / "despooler-on-v5.reg").read_bytes()
    assert data[:2] == b"\xff\xfe" and b"\r\x00\n\x00" in data  # as regedit 5 writes
    reg = parse_reg(data, "x.reg")
    assert (reg.format, reg.encoding) == ("5.00", "utf-16-le with BOM")
    byname = {e.name: e for e in reg.entries}
    assert byname[""].data == "Despooler settings"
    assert byname["Staging Path"].data == "D:\\SMS\\tmp"  # hex(2), continued line
    assert byname["Last Install Stamp"].type == "REG_QWORD"
    assert byname["Server List"].data == "NTDIST01\x00\x00".encode("utf-16-le")
    assert byname["Forced Disconnection Delay In Minutes"].data == 15
    item = read_evidence(["despooler-on-v5.reg"]).deciding()["number_of_retries"]
    assert (item.value, item.line) == (10, 8)
    assert item.text == '"Number of Retries Before Forced Disconnection"=dword:0000000a'


def test_regedit4_ansi_export() -> None:
    data = (FIXTURES / "despooler-off-nt4.reg").read_bytes()
    assert b"Caf\xe9" in data  # Windows ANSI, not UTF-8
    reg = parse_reg(data)
    assert (reg.format, reg.encoding) == ("REGEDIT4", "cp1252")
    note = next(e for e in reg.entries if e.name == "Package Note")
    assert note.data == 'Caf\u00e9 share \\\\NTDIST01\\SMS_PKGD, see "notes"'
    evidence = read_evidence(["despooler-off-nt4.reg"])
    assert evidence.facts() == {"use_forced_disconnect": 0, "number_of_retries": None,
                                "forced_disconnection_delay": None}
    absent = evidence.deciding()["number_of_retries"]
    assert absent.line == 3 and absent.text == f"[{KEY}]"
    assert "absent" in (absent.note or "") and "12 retries" in (absent.note or "")


def test_misspelt_value_is_not_taken_but_suggested() -> None:
    evidence = read_evidence(["despooler-typo-utf8.reg"])
    assert evidence.facts()["use_forced_disconnect"] is None
    (hint,) = [n for n in evidence.notes if "did you mean" in n.message]
    assert hint.line == 5 and hint.fact == "use_forced_disconnect"
    assert "'Use Forced Disconnect'" in hint.message
    # upper-case value name and lower-case key still count
    assert evidence.facts()["number_of_retries"] == 12


def test_string_and_binary_typed_numbers_are_used_with_a_note() -> None:
    evidence = read_evidence(["despooler-typo-utf8.reg", "despooler-deleted.reg"])
    items = {(i.path, i.fact): i for i in evidence.items}
    string = items["despooler-typo-utf8.reg", "forced_disconnection_delay"]
    assert string.value == 7 and "REG_SZ" in (string.note or "")
    binary = items["despooler-deleted.reg", "forced_disconnection_delay"]
    assert binary.value == 5 and "REG_BINARY" in (binary.note or "")
    dword_in_hex = items["despooler-typo-utf8.reg", "number_of_retries"]
    assert dword_in_hex.value == 12 and dword_in_hex.note is None


def test_deleted_value_counts_as_absent_and_repeats_are_noted() -> None:
    evidence = read_evidence(["despooler-deleted.reg"])
    item = evidence.deciding()["use_forced_disconnect"]
    assert (item.value, item.line) == (None, 5)
    assert any("set again on line 5" in n.message for n in evidence.notes)


def reg(*lines: str, header: str = "REGEDIT4") -> bytes:
    return "".join(f"{line}\r\n" for line in (header, "", *lines)).encode("cp1252")


def test_deleted_key_then_re_added() -> None:
    gone = parse_evidence(reg(f"[-{KEY}]"), "a.reg")
    assert gone.facts() == dict.fromkeys(
        ["use_forced_disconnect", "number_of_retries", "forced_disconnection_delay"])
    back = parse_evidence(reg(f"[{KEY}]", '"Use Forced Disconnect"=dword:00000001',
                              f"[-{KEY}]", f"[{KEY}]",
                              '"Forced Disconnection Delay In Minutes"=dword:00000009'),
                          "b.reg")
    assert back.facts() == {"use_forced_disconnect": None, "number_of_retries": None,
                            "forced_disconnection_delay": 9}


def test_subkeys_and_other_roots_do_not_count() -> None:
    evidence = parse_evidence(reg(f"[{KEY}\\Current History]",
                                  '"Use Forced Disconnect"=dword:00000001'), "a.reg")
    assert evidence.facts() == {}
    other = read_evidence(["other-key.reg"])
    assert other.facts() == {}
    assert any("HKEY_CURRENT_USER" in n.message for n in other.notes)


def test_abbreviated_root_is_a_problem_not_a_fact() -> None:
    evidence = read_evidence(["hklm-abbreviated.reg"])
    assert evidence.facts() == {}
    (problem,) = evidence.problems
    assert problem.line == 3 and "write HKEY_LOCAL_MACHINE" in problem.message


@pytest.mark.parametrize(("line", "problem"), [
    ('"Use Forced Disconnect"="yes"', "cannot read as a number"),
    ('"Use Forced Disconnect"=""', "cannot read as a number"),
    ('"Use Forced Disconnect"="99999999999"', "cannot read as a number"),
    ('"Use Forced Disconnect"=hex:01,00', "cannot read as a number"),
    ('"Use Forced Disconnect"=hex(b):00,00,00,00,01,00,00,00', "more than a DWORD"),
])
def test_unreadable_data_is_a_problem_and_leaves_the_fact_unknown(line: str,
                                                                   problem: str) -> None:
    evidence = parse_evidence(reg(f"[{KEY}]", line), "a.reg")
    assert "use_forced_disconnect" not in evidence.facts()
    assert evidence.facts()["number_of_retries"] is None
    assert problem in evidence.problems[0].message and evidence.problems[0].line == 4


def test_qword_that_fits_is_used_with_a_note() -> None:
    evidence = parse_evidence(reg(f"[{KEY}]", '"Use Forced Disconnect"=hex(b):01,0,0,0,0,0,'
                                  "0,0"), "a.reg")
    item = evidence.deciding()["use_forced_disconnect"]
    assert item.value == 1 and "REG_QWORD" in (item.note or "")


def test_unicode_export_without_bom_and_in_big_endian() -> None:
    text = f"{'Windows Registry Editor Version 5.00'}\r\n\r\n[{KEY}]\r\n" \
           '"Use Forced Disconnect"=dword:00000001\r\n'
    for data in (text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")):
        assert parse_evidence(data, "a.reg").facts()["use_forced_disconnect"] == 1


# -- broken and hostile files -----------------------------------------------

@pytest.mark.parametrize(("name", "line", "message"), [
    ("malformed-dword.reg", 4, "dword data must be exactly 8 hex digits (found 1 character)"),
    ("bad-header.reg", 1, "unknown registry export format"),
    ("cut-off-hex.reg", 5, "no line continues it"),
    ("truncated-utf16.reg", 5, "UTF-16 text is cut off"),
    ("garbage.log", 3, "does not look like a text file"),
])
def test_broken_fixture_files_name_file_and_line(name: str, line: int, message: str) -> None:
    with pytest.raises(EvidenceError) as caught:
        read_evidence(["despool-locked.log", name])
    error = caught.value
    assert (str(error.path), error.line) == (name, line)
    assert message in error.message
    assert str(error).startswith(f"{name}:{line}: ")
    assert isinstance(error, AdvisorError)


def test_truncated_fixture_really_is_cut_off() -> None:
    data = (FIXTURES / "truncated-utf16.reg").read_bytes()
    assert data[:2] == b"\xff\xfe" and len(data) % 2 == 1


@pytest.mark.parametrize(("lines", "line", "message"), [
    (["[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS", "\\Components\\SMS_Despooler]"], 3,
     "must end with ]"),
    (['"Use Forced Disconnect"=dword:00000001'], 3, "before any [key]"),
    ([f"[{KEY}]", '"Use Forced Disconnect"=dword:100000000'], 4, "8 hex digits"),
    ([f"[{KEY}]", '"Use Forced Disconnect"=dword:0000000g'], 4, "8 hex digits"),
    ([f"[{KEY}]", '"Use Forced Disconnect"=dword:'], 4, "8 hex digits"),
    ([f"[{KEY}]", '"Use Forced Disconnect=dword:00000001'], 4, "no closing quote"),
    ([f"[{KEY}]", '"Path"="C:\\temp"'], 4, "unknown escape \\t"),
    ([f"[{KEY}]", '"Path"="open'], 4, "no closing quote"),
    ([f"[{KEY}]", '"Path"="x" trailing'], 4, "after the closing quote"),
    ([f"[{KEY}]", '"Flags"=hex:100'], 4, "2 hex digits"),
    ([f"[{KEY}]", '"Flags"=hex:01,,02'], 4, "2 hex digits"),
    ([f"[{KEY}]", '"Flags"=hex(4):01,00'], 4, "must be 4 bytes"),
    ([f"[{KEY}]", '"Flags"=hex(b):01'], 4, "must be 8 bytes"),
    ([f"[{KEY}]", '"Flags"=hex(123456789):01'], 4, "not a registry type number"),
    ([f"[{KEY}]", '"Flags"=hex(zz):01'], 4, "not a registry type number"),
    ([f"[{KEY}]", '"Flags"=hex:01,\\', ""], 4, "no line continues it"),
    ([f"[{KEY}]", '"Flags"=word:1'], 4, "cannot read the data"),
    ([f"[{KEY}]", '"Flags" dword:00000001'], 4, "expected = after"),
    ([f"[{KEY}]", "Use Forced Disconnect=1"], 4, "cannot read this line"),
    (["[]"], 3, "names no key"),
])
def test_malformed_lines(lines: list[str], line: int, message: str) -> None:
    with pytest.raises(EvidenceError) as caught:
        parse_evidence(reg(*lines), "bad.reg")
    assert caught.value.line == line and message in caught.value.message


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the first line is blank"),
    (b"REGEDIT\r\n\r\nHKEY_CLASSES_ROOT\\x = y\r\n", "Windows 3.1"),
    (b"Windows Registry Editor Version 6.00\r\n", "unknown registry export format"),
    (b"just some notes\r\n", "not a registry export"),
])
def test_reg_files_need_a_known_header(data: bytes, message: str) -> None:
    with pytest.raises(EvidenceError, match=message) as caught:
        parse_evidence(data, "x.reg")
    assert caught.value.line == 1


def test_file_type_is_decided_by_content() -> None:
    export = (FIXTURES / "despooler-on-v5.reg").read_bytes()
    assert parse_evidence(export, "export.txt").sources[0].kind == "reg"
    log = (FIXTURES / "despool-locked.log").read_bytes()
    assert parse_evidence(log, "Despool.log").sources[0].kind == "log"
    with pytest.raises(EvidenceError, match="not a registry export"):
        parse_evidence(log, "Despool.REG")  # the extension is a hint, not an order


def test_kind_insists_on_one_type_of_file() -> None:
    with pytest.raises(EvidenceError, match="not a registry export") as caught:
        read_evidence("despool-locked.log", kind="reg")
    assert caught.value.line == 1
    with pytest.raises(EvidenceError, match="registry export, not a Despooler log"):
        read_evidence(Path("despooler-on-v5.reg"), kind="log")
    assert read_evidence("despooler-on-v5.reg", kind="reg").sources[0].kind == "reg"
    log = (FIXTURES / "despool-locked.log").read_bytes()
    assert parse_evidence(log, "odd.reg", kind="log").facts()["file_in_use"] is True


def test_uploads_are_capped_too() -> None:
    with pytest.raises(EvidenceError, match="only up to 10 bytes"):
        parse_evidence(b"x" * 11, "upload.log", limit=10)


def test_binary_data_and_padding() -> None:
    text = "Win32 Error = 32 on \\\\S\\SMS_PKGD\\A\\X.EXE\r\n"
    with pytest.raises(EvidenceError, match="binary data") as caught:
        parse_evidence(b"line one\r\n" + b"\x00\x01\x02" + text.encode(), "x.log")
    assert caught.value.line == 2
    padded = parse_evidence(text.encode() + b"\x00" * 4096 + b"\x1a", "x.log")
    assert padded.facts() == {"file_in_use": True}
    with pytest.raises(EvidenceError, match="cut off"):
        parse_evidence(b"\xff\xfe" + "ab\U0001f600".encode("utf-16-le")[:-2], "x.log")
    with pytest.raises(EvidenceError, match="UTF-8"):
        parse_evidence(b"\xef\xbb\xbfok\r\n\xc3(", "x.log")


def test_size_cap_refuses_a_two_gigabyte_file_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "Despool.log"
    with big.open("wb") as stream:
        stream.truncate(2 * 1024**3)  # sparse: no disk space used
    with pytest.raises(EvidenceError, match="2,147,483,648 bytes") as caught:
        read_evidence([big])
    assert "10,485,760" in str(caught.value) and str(caught.value.path) == str(big)
    small = tmp_path / "small.log"
    small.write_bytes(b"x" * 101)
    with pytest.raises(EvidenceError, match="only up to 100 bytes"):
        read_evidence([small], limit=100)


def test_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match="no such file"):
        read_evidence([tmp_path / "missing.reg"])
    with pytest.raises(EvidenceError, match="directory"):
        read_evidence([tmp_path])
    with pytest.raises(EvidenceError, match="cannot read it"):
        read_evidence(["bad\x00name.reg"])
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.log"
        os.mkfifo(fifo)
        with pytest.raises(EvidenceError, match="not a regular file"):
            read_evidence([fifo])  # must not block


def test_skip_broken_records_the_error_and_reads_the_rest() -> None:
    evidence = read_evidence(["malformed-dword.reg", "despool-locked.log"],
                             skip_broken=True)
    assert evidence.facts() == {"file_in_use": True, "distribution_retrying": True}
    (problem,) = evidence.problems
    assert str(problem).startswith("malformed-dword.reg:4: not read: dword data")


# -- Despooler logs ------------------------------------------------------------

def log(*lines: str) -> bytes:
    marker = "  $$<SMS_DESPOOLER><Wed Mar 10 11:00:00 1999~><thread=1A4>"
    return "".join(f"{line}{marker}\r\n" for line in lines).encode()


def test_error_32_on_a_package_file() -> None:
    evidence = read_evidence(["despool-locked.log"])
    item = evidence.deciding()["file_in_use"]
    assert (item.value, item.line, item.path) == (True, 4, "despool-locked.log")
    assert "WORDVIEW.EXE failed, Win32 Error = 32" in item.text
    assert "$$<" not in item.text


def test_error_32_on_the_instruction_file_is_not_a_user_holding_files() -> None:
    evidence = read_evidence(["despool-ins.log"])
    assert "file_in_use" not in evidence.facts()
    lines = [n.line for n in evidence.notes if "Q161043" in n.message]
    assert lines == [2, 5]  # line 5 names no file: its neighbours decide


@pytest.mark.parametrize(("line", "in_use"), [
    ("Copy of X:\\T\\SETUP.INS to \\\\S\\SMS_PKGC\\P\\SETUP.INS failed, Win32 Error = 32",
     True),  # an InstallShield script in the package is a package file
    ("Cannot open D:\\SMS\\SITE.SRV\\DESPOOLR.BOX\\RECEIVE\\00000001.SNI, Win32 error: 32",
     False),
    ("update failed, WIN32 ERROR = 32.", True),
    ("update failed, Win32 Error = 320", None),
    ("update failed, Win32 Error = 3", None),
    ("update failed, Win32 Error = 32.5", None),
])
def test_error_32_variants(line: str, in_use: bool | None) -> None:
    evidence = parse_evidence(log(line), "Despool.log")
    assert evidence.facts().get("file_in_use") is (True if in_use else None)
    if in_use is False:
        assert any("Q161043" in n.message for n in evidence.notes)


@pytest.mark.parametrize(("line", "fact"), [
    ("retry count is now 4", "distribution_retrying"),
    ("The number of retries is 7", "distribution_retrying"),
    ("Created a retry instruction for LAB00001", "distribution_retrying"),
    ("retry instruction for LAB00001 was written", "distribution_retrying"),
    ("Install of LAB00001 on NTDIST01 failed permanently", "distribution_failed"),
    ("install request has permanently failed", "distribution_failed"),
    ("no more retries left for LAB00001", "distribution_failed"),
    ("retry limit reached for LAB00001", "distribution_failed"),
    ("LAB00001 marked as failed", "distribution_failed"),
    ("Job status: Failed", "distribution_failed"),
])
def test_retry_and_failure_lines(line: str, fact: str) -> None:
    assert parse_evidence(log(line), "Despool.log").facts() == {fact: True}


@pytest.mark.parametrize("line", [
    "Deleting retry instruction, work is complete",
    "status MIF failed to load",
    "status failed to write",
    "retry count is now 99999999999999999999999",
    "Despooler successfully executed one instruction.",
])
def test_lines_that_prove_nothing(line: str) -> None:
    evidence = parse_evidence(log(line), "Despool.log")
    assert evidence.facts() == {}
    assert any("no facts found" in n.message for n in evidence.notes)


def test_wrapped_paste_and_other_components() -> None:
    evidence = read_evidence(["despool-failed.log"])
    assert "file_in_use" not in evidence.facts()  # that error 32 was the LAN sender's
    assert any("SMS_LAN_SENDER" in n.message for n in evidence.notes)
    failed = evidence.deciding()["distribution_failed"]
    assert failed.line == 4 and failed.text.endswith("permanently, the job is marked failed")
    retry = evidence.deciding()["distribution_retrying"]
    assert retry.line == 1 and "retry count is now 1" in retry.text


def test_a_plain_log_without_markers_reads_line_by_line() -> None:
    data = b"Win32 Error = 32 copying A.EXE\nunrelated\nretry count is now 2\n"
    evidence = parse_evidence(data, "notes.txt")
    assert [(i.fact, i.line) for i in evidence.items] == [
        ("file_in_use", 1), ("distribution_retrying", 3)]


def test_many_findings_are_capped_with_a_note() -> None:
    evidence = parse_evidence(log(*["retry count is now 5"] * 30), "Despool.log")
    assert len(evidence.items) == 20
    assert any("10 more lines" in n.message for n in evidence.notes)


def test_long_lines_are_clipped_in_findings() -> None:
    evidence = parse_evidence(log("x" * 5000 + " Win32 Error = 32 on A.EXE"), "D.log")
    assert len(evidence.items[0].text) <= 240


# -- into the advice -------------------------------------------------------------

def test_evidence_drives_the_advice(advisor: Advisor) -> None:
    evidence = read_evidence(["despooler-typo-utf8.reg", "despool-locked.log"])
    facts = Facts.parse({**evidence.facts(), "sms_version": "2.0",
                         "server_platform": "windows_nt"})
    advice = advisor.advise(facts)
    assert "forced_delivery_off" in [d.id for d in advice.diagnoses]
    # what the user says wins over the evidence
    told = Facts.parse({**evidence.facts(), "file_in_use": False})
    assert told.file_in_use is False


# -- properties ------------------------------------------------------------------

SEED = (FIXTURES / "despooler-off-nt4.reg").read_bytes()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from(["x.reg", "x.log", "x"]))
def test_any_bytes_parse_or_raise_evidence_error(data: bytes, name: str) -> None:
    try:
        result: Any = parse_evidence(data, name)
    except EvidenceError as exc:
        assert str(exc.path) == name
        return
    assert isinstance(result, Evidence)
    Facts.parse(result.facts())


@settings(max_examples=400, deadline=None)
@given(st.integers(0, len(SEED)), st.binary(max_size=12), st.integers(0, 12),
       st.booleans())
def test_damaged_exports_parse_or_raise_evidence_error(at: int, insert: bytes, cut: int,
                                                        wide: bool) -> None:
    data = SEED[:at] + insert + SEED[at + cut:]
    if wide:
        data = b"\xff\xfe" + data.decode("cp1252", errors="replace").encode("utf-16-le")
        data = data[:len(data) - cut]
    for name in ("x.reg", "x.log"):
        try:
            result = parse_evidence(data, name)
        except EvidenceError:
            continue
        Facts.parse(result.facts())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=8))
def test_any_text_log_parses_or_raises_evidence_error(lines: list[str]) -> None:
    data = "\r\n".join(lines).encode("utf-8", errors="surrogatepass")
    try:
        result = parse_evidence(data, "Despool.log")
    except EvidenceError:
        return
    assert all(item.value is True for item in result.items)
