"""vCard content lines (RFC 6350 §3.3, RFC 2426, and vCard 2.1 as phones and Outlook write it),
read here rather than by vobject: vobject cuts FN, NOTE and TITLE at the first unescaped comma,
refuses a `PROFILE:VCard` line, and cannot read 2.1's quoted-printable soft line breaks.

A line is `[group.]NAME *(;PARAM) : VALUE`. Long lines are folded (a line starting with a space
or tab continues the one before); a quoted-printable value continues after a line ending in
`=`. Parameters are `KEY=value,value` (values may be quoted) or, in 2.1, bare (`TEL;CELL;HOME`).
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_QP_HEAD_RE = re.compile(r"^[^:]*;(?:ENCODING=)?QUOTED-PRINTABLE[;:]", re.IGNORECASE)
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
# Lines a quoted-printable soft break never swallows: a broken value ends at the card's end.
_STRUCTURE = frozenset({"BEGIN:VCARD", "END:VCARD"})
# Bare 2.1 parameters that say how the value is encoded rather than what kind it is.
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}


@dataclass
class Line:
    """One property of a card, its value decoded from quoted-printable but not unescaped."""

    number: int
    name: str
    value: str
    params: dict[str, list[str]] = field(default_factory=dict)
    group: str | None = None
    binary: bool = False  # a base64 value (a photo): not kept

    def param(self, *names: str) -> str | None:
        """The first value of the first parameter named (any case)."""
        for name in names:
            values = self.params.get(name.upper())
            if values:
                return values[0]
        return None

    def types(self) -> set[str]:
        """TYPE values, lower case (`type=HOME,pref`, `TYPE=cell`, 2.1's bare `CELL`)."""
        return {t.lower() for value in self.params.get("TYPE", []) for t in value.split(",")}

    @property
    def text(self) -> str:
        """The value as text: escapes undone (`\\,` `\\;` `\\n`, and Apple's `\\:`)."""
        return unescape(self.value)

    def components(self) -> list[str]:
        """A structured value's parts (N, ADR, ORG), split at unescaped semicolons."""
        return [unescape(part) for part in split_unescaped(self.value, ";")]

    def items(self) -> list[str]:
        """A list value's items (CATEGORIES, NICKNAME), split at unescaped commas."""
        return [unescape(part) for part in split_unescaped(self.value, ",")]


def unescape(value: str) -> str:
    """vCard's text escapes undone: `\\n` and `\\N` are line breaks, any other escaped
    character is itself."""
    return _ESCAPE_RE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_unescaped(value: str, separator: str) -> list[str]:
    """A value split at separators that no backslash escapes."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def physical_lines(text: str) -> list[str]:
    """A text's lines, whatever their ends (CRLF, LF or CR); never split at the other
    characters str.splitlines breaks at, which may stand inside a note."""
    return _LINE_BREAK_RE.split(text)


def logical_lines(lines: list[str], first: int = 1) -> Iterator[tuple[int, str]]:
    """Folded lines joined again, with the number of the line each starts on."""
    current: str | None = None
    start = first
    soft = False
    for number, line in enumerate(lines, start=first):
        if current is not None and line[:1] in (" ", "\t"):
            current += line[1:]
            continue
        if current is not None and soft and line.strip().upper() not in _STRUCTURE:
            current = current[:-1] + line
            soft = current.endswith("=")
            continue
        if current is not None:
            yield start, current
        current, start = line, number
        soft = bool(_QP_HEAD_RE.match(line)) and line.endswith("=")
    if current is not None:
        yield start, current


def parse_line(number: int, text: str) -> Line | None:
    """One content line taken apart; None for a line that is not one (no colon)."""
    split = _unquoted_index(text, ":")
    if split < 0:
        return None
    head, value = text[:split], text[split + 1 :]
    parts = _split_unquoted(head, ";")
    name = parts[0].strip()
    group = None
    if "." in name:
        group, _, name = name.rpartition(".")
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, equals, raw = part.partition("=")
        if not equals:  # vCard 2.1: TEL;CELL;HOME, NOTE;QUOTED-PRINTABLE
            bare = key.strip().upper()
            params.setdefault("ENCODING" if bare in _ENCODINGS else "TYPE", []).append(bare)
            continue
        values = [v.strip().strip('"') for v in _split_unquoted(raw, ",")]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    line = Line(number, name.upper(), value, params, group or None)
    encoding = (line.param("ENCODING") or "").upper()
    if encoding == "QUOTED-PRINTABLE":
        line.value = _quoted_printable(value, line.param("CHARSET"))
    elif encoding in ("BASE64", "B") or (line.param("VALUE") or "").lower() == "binary":
        line.value, line.binary = "", True
    elif line.param("CHARSET"):
        line.value = _in_charset(value, line.param("CHARSET") or "")
    return line


def _in_charset(value: str, charset: str) -> str:
    """A value written as raw bytes in its CHARSET (vCard 2.1 from Japanese, Chinese and
    Russian phones: SHIFT_JIS, ISO-2022-JP, EUC-JP, GB2312, Big5, KOI8-R), which the file's
    reading decoded one byte per character (or as Windows-1252): its bytes read again."""
    if value.isascii() and "\x1b" not in value:
        return value  # nothing that needs the charset (ISO-2022-JP shifts with ESC)
    for single in ("latin-1", "cp1252"):
        try:
            raw = value.encode(single)
        except UnicodeEncodeError:
            continue
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return value


def _quoted_printable(value: str, charset: str | None) -> str:
    # A writer may leave 8-bit characters unencoded in the value: they are in its charset.
    try:
        raw = value.encode(charset or "utf-8")
    except (LookupError, UnicodeEncodeError):
        raw = value.encode("utf-8", "surrogateescape")
    data = quopri.decodestring(raw)
    for encoding in (charset or "utf-8", "utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _unquoted_index(text: str, char: str) -> int:
    quoted = False
    for index, current in enumerate(text):
        if current == '"':
            quoted = not quoted
        elif current == char and not quoted:
            return index
    return -1


def _split_unquoted(text: str, char: str) -> list[str]:
    parts, start, quoted = [], 0, False
    for index, current in enumerate(text):
        if current == '"':
            quoted = not quoted
        elif current == char and not quoted:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts
