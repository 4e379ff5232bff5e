r"""Registry fixes as files for you to review and apply: a ``.reg`` file that
Windows NT 4.0's Registry Editor imports, and the same change as a ``reg add``
command line. The advisor never changes a registry itself.

>>> value = RegValue(key=r"SOFTWARE\Microsoft\SMS\Components\SMS_Despooler",
...                  value="Use Forced Disconnect", data=1)
>>> print(render_reg([value], header_lines=["Example"]).replace("\r\n", "\n"), end="")
REGEDIT4
<BLANKLINE>
; Example
<BLANKLINE>
[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_Despooler]
"Use Forced Disconnect"=dword:00000001
<BLANKLINE>
>>> print(reg_add_command(value).replace(" /v", "\n    /v"))
reg add "HKLM\SOFTWARE\Microsoft\SMS\Components\SMS_Despooler"
    /v "Use Forced Disconnect" /t REG_DWORD /d 1 /f

The file is in the ``REGEDIT4`` format (ANSI text, CRLF line ends): Windows NT
4.0 reads nothing newer, and later Windows versions still import it. Write it
with :func:`encode_reg`. The header comments (lines starting with ``;``) come
after the ``REGEDIT4`` line, because regedit checks that the first line is the
header; Microsoft's own REGEDIT4 examples for Windows NT 4.0 put comments there.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from advisor.errors import RegFileError
from advisor.facts import DWORD_MAX

__all__ = [
    "REGISTRY_WARNING",
    "RegFileError",
    "RegValue",
    "encode_reg",
    "fix_header",
    "reg_add_command",
    "render_reg",
]

Hive = Literal["HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER", "HKEY_CLASSES_ROOT",
               "HKEY_USERS", "HKEY_CURRENT_CONFIG"]
_SHORT = {"HKEY_LOCAL_MACHINE": "HKLM", "HKEY_CURRENT_USER": "HKCU",
          "HKEY_CLASSES_ROOT": "HKCR", "HKEY_USERS": "HKU", "HKEY_CURRENT_CONFIG": "HKCC"}
# reg.exe reaches only these two root keys on another computer.
_REMOTE = frozenset({"HKEY_LOCAL_MACHINE", "HKEY_USERS"})
# Every character that could end a line, or that a text editor could show as one.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_COMPUTER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")
#: Characters the Windows command prompt treats specially even inside quotes.
_UNQUOTABLE = '"%!'


class RegValue(BaseModel):
    r"""A registry value to write: ``data`` for the REG_DWORD value ``value``
    (``""`` for the key's default value) under ``hive\key``.

    Names with line breaks or other control characters are refused (they could
    smuggle lines into the file), and so are characters Windows ANSI cannot
    hold. Invalid fields raise pydantic's ``ValidationError`` (a ``ValueError``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    hive: Hive = "HKEY_LOCAL_MACHINE"
    key: str = Field(min_length=1, max_length=2048)
    value: str = Field(max_length=255)
    type: Literal["REG_DWORD"] = "REG_DWORD"
    data: int = Field(ge=0, le=DWORD_MAX)

    @field_validator("key")
    @classmethod
    def _check_key(cls, key: str) -> str:
        if any(not part.strip() for part in key.split("\\")):
            raise ValueError("a key path has no empty parts and no leading, trailing or "
                             "doubled backslash")
        if "[" in key or "]" in key:
            raise ValueError("a key path for a .reg file cannot contain [ or ]")
        return _plain(key)

    @field_validator("value")
    @classmethod
    def _check_value(cls, value: str) -> str:
        return _plain(value)

    @property
    def path(self) -> str:
        """The key's full path, as a ``.reg`` file writes it."""
        return f"{self.hive}\\{self.key}"

    @classmethod
    def from_registry(cls, registry: object) -> RegValue:
        """The value an advice action sets: ``registry`` is anything with ``hive``,
        ``key``, ``value``, ``type`` and ``data`` attributes, such as
        :class:`advisor.advice.model.RegistryValue`. Raises :class:`RegFileError` when
        it is not a REG_DWORD value with data to write."""
        fields = {name: getattr(registry, name, None)
                  for name in ("hive", "key", "value", "type", "data")}
        if fields["data"] is None:
            raise RegFileError("this registry action has no data to write: it is a check")
        try:
            return cls.model_validate(fields)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                 for e in exc.errors(include_url=False))
            raise RegFileError(f"cannot write this registry value: {problems}") from None


def _plain(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError("line breaks and other control characters are not allowed")
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        raise ValueError("only characters of Windows ANSI (cp1252) can be written to a "
                         "REGEDIT4 file") from None
    return text


#: The registry warning, in our words (the articles open their registry steps
#: with one).
REGISTRY_WARNING = (
    "Changing the registry wrongly can leave Windows NT or SMS unable to work, and "
    "the only way back may be to reinstall. Back up the registry (at least this key) "
    "before you import this file, and import it only where it applies.")
def fix_header(citations: Iterable[tuple[str, str]], *, applies_to: str, follow_up: str,
               warning: str = REGISTRY_WARNING, notes: Sequence[str] = (),
               width: int = 76) -> list[str]:
    """The standard comment lines heading a fix, for ``render_reg(header_lines=)``:
    the registry ``warning``, what the fix ``applies_to``, any ``notes``, the
    ``follow_up`` step after importing it, and the articles cited, given as
    ``(article id, section)`` pairs. Lines are wrapped to fit ``width`` columns
    with the ``"; "`` before them."""
    sections: dict[str, list[str]] = {}
    for article, section in citations:
        cited = sections.setdefault(article, [])
        if section not in cited:
            cited.append(section)
    if not sections:
        raise RegFileError("a fix must cite at least one article")
    articles = "; ".join(f"{article} ({', '.join(cited)})" if cited else article
                         for article, cited in sections.items())
    paragraphs = [f"WARNING: {warning}", f"Applies to: {applies_to}", *notes,
                  f"After importing: {follow_up}", f"Articles: {articles}"]
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines:
            lines.append("")
        lines += textwrap.wrap(" ".join(paragraph.split()), max(width - 2, 20),
                               break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def render_reg(values: Iterable[RegValue], *, header_lines: Sequence[str] = ()) -> str:
    """The ``REGEDIT4`` file that sets ``values``, with CRLF line ends: the
    header line, a blank line, ``header_lines`` as ``;`` comments, then one
    ``[key]`` block per key (in the order first given), each followed by a blank
    line. Comment text is made safe: line breaks start new comment lines, other
    control characters become spaces, and characters ANSI cannot hold become
    ``?``. Raises :class:`RegFileError` for no values or a value given twice."""
    blocks: dict[str, tuple[str, list[RegValue]]] = {}
    seen: set[tuple[str, str]] = set()
    for value in values:
        # Registry names ignore case, so two spellings are one value.
        ident = (value.path.casefold(), value.value.casefold())
        if ident in seen:
            raise RegFileError(f"{value.value!r} under {value.path} is given twice")
        seen.add(ident)
        blocks.setdefault(ident[0], (value.path, []))[1].append(value)
    if not blocks:
        raise RegFileError("there are no registry values to write")
    lines = ["REGEDIT4", ""]
    comments = _comments(header_lines)
    if comments:
        lines += [*comments, ""]
    for path, group in blocks.values():
        lines.append(f"[{path}]")
        lines += [f"{_reg_name(v.value)}=dword:{v.data:08x}" for v in group]
        lines.append("")
    return "".join(line + "\r\n" for line in lines)


def encode_reg(text: str) -> bytes:
    """The bytes of a ``.reg`` file from :func:`render_reg`, in Windows ANSI
    (cp1252), as Windows NT 4.0's regedit reads them."""
    return text.encode("cp1252")


def _comments(header_lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    for line in header_lines:
        for part in line.splitlines() or [""]:
            part = _CONTROL.sub(" ", part).rstrip()
            part = part.encode("cp1252", errors="replace").decode("cp1252")
            out.append(f"; {part}" if part else ";")
    return out


def _reg_name(name: str) -> str:
    if not name:
        return "@"
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def reg_add_command(value: RegValue, *, computer: str | None = None) -> str:
    r"""The ``reg add`` command line that sets ``value``, for the Windows command
    prompt; on ``computer`` (a computer name, for example the site server) when
    given, which reg.exe allows for HKEY_LOCAL_MACHINE and HKEY_USERS only.

    This ``reg add`` syntax is that of the reg.exe in Windows XP and later (and in
    the Windows 2000 Support Tools); Windows NT 4.0 has no such reg.exe, so run it
    from a newer computer with ``computer`` set, or import the ``.reg`` file.
    Raises :class:`RegFileError` for a name the command prompt cannot take safely
    in quotes (one holding ``"``, ``%`` or ``!``): use the ``.reg`` file then.
    """
    key = f"{_SHORT[value.hive]}\\{value.key}"
    if computer is not None:
        name = computer.removeprefix("\\\\")
        if not _COMPUTER.fullmatch(name):
            raise RegFileError(f"{computer!r} is not a computer name")
        if value.hive not in _REMOTE:
            raise RegFileError(f"reg.exe cannot change {value.hive} on another computer")
        key = f"\\\\{name}\\{key}"
    name_arg = "/ve" if not value.value else f"/v {_quote(value.value)}"
    return f"reg add {_quote(key)} {name_arg} /t REG_DWORD /d {value.data} /f"


def _quote(text: str) -> str:
    bad = sorted(set(_UNQUOTABLE) & set(text))
    if bad:
        raise RegFileError(
            f"{text!r} contains {' '.join(bad)}, which the command prompt does not take "
            "safely inside quotes; import the .reg file instead")
    # Backslashes before the closing quote would escape it for reg.exe's
    # argument parser; doubling them keeps them literal.
    trailing = len(text) - len(text.rstrip("\\"))
    return '"' + text + "\\" * trailing + '"'
