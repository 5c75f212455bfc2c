"""Text from people and files: what may be stored as a one-line name, and how any text is
shown on a terminal so that it can never act on it (JSON keeps the exact text)."""

from __future__ import annotations

import unicodedata

# Bidirectional embeddings, overrides and isolates: they reorder what a terminal shows, so a
# name could pretend to be another. Marks (U+200E, U+200F) are kept: right-to-left names use them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CONTROL_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def has_control(value: str) -> bool:
    """Whether a one-line text holds control characters: C0 and C1 controls, line and paragraph
    separators, lone surrogates, noncharacters, bidi overrides. Emoji sequences are not (their
    joiners, variation selectors and tags are format characters), nor private-use characters
    (icon fonts and some keyboards write them in names) or code points newer than this
    Python's Unicode (this year's emoji)."""
    if value.isprintable():
        return False
    return any(
        c in BIDI_CONTROLS
        or unicodedata.category(c) in _CONTROL_CATEGORIES
        or _noncharacter(ord(c))
        for c in value
    )


def _noncharacter(code: int) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane: never text."""
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


_LINES = frozenset("\n\r\t")


def inert(value: str, *, lines: bool = False) -> str:
    """A text safe to print on a terminal: every control character and escape sequence shown
    as its escape (`\\x1b`, `\\u202e`), never sent as is; newlines and tabs too, unless
    `lines` (a whole file shown on a terminal keeps its lines)."""
    if value.isprintable():
        return value
    shown = []
    for c in value:
        if lines and c in _LINES:
            shown.append(c)
        elif c in BIDI_CONTROLS or unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp"):
            code = ord(c)
            shown.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            shown.append(c)
    return "".join(shown)


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 stop`, `2 stops`, `1,200 contacts`; `many` for a word that does not just add s."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def fold_case(text: str) -> str:
    """Case folded for every language: Unicode's full case folding (`Straße` and `STRASSE`
    alike), and the Turkish and Azerbaijani I as well: dotted `İ` and dotless `ı` fold to
    `i` as `I` does, so `İLKER IŞIK` is İlker Işık and `izmir` is İzmir."""
    folded = text.casefold()
    if "\u0307" in folded or "ı" in folded:
        folded = folded.replace("i\u0307", "i").replace("ı", "i")
    return folded


def tag_key(tag: str) -> str:
    """How tags compare: `#DevRel`, `devrel` and `DEVREL` are one tag (the key is stored)."""
    return fold_case(" ".join(tag.strip().lstrip("#").split()))


def trip_key(name: str) -> str:
    """How trip names compare: case and spacing aside (the key is stored)."""
    return fold_case(" ".join(name.split()))
