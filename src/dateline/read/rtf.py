"""RTF → plain text, for the exports databases hand out as ``.rtf`` (Nexis Uni, Factiva).

Only what a reader needs: the document's text with its paragraph and line breaks
(``\\par``, ``\\line``, ``\\page`` …), tabs and table cells as spaces, characters from
``\\'hh`` escapes (in the document's ANSI code page, ``\\ansicpgN``) and ``\\uN``
Unicode (skipping the ``\\ucN`` fallback characters after it).  Destinations that are not
text — font and colour tables, style sheets, document info, pictures, objects, page
headers and footers, field instructions, ``{\\*\\…}`` groups — are left out; a field's
result (``\\fldrslt``, the text of a hyperlink) is kept.

One pass over one tokenizing regular expression: linear in the input, no backtracking.
"""

from __future__ import annotations

import re

__all__ = ["is_rtf", "rtf_to_text"]

_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word with optional parameter
    r"|\\'([0-9a-fA-F]{2})"  # hex-escaped byte
    r"|\\([^a-zA-Z'])"  # control symbol
    r"|([{}])"  # group
    r"|[\r\n]+"  # source line breaks: not text
    r"|([^\\{}\r\n]+)"  # text
)
# Destinations whose content is not the document's text.
_SKIP = frozenset(
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "headerl",
        "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "fldinst",
        "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "themedata",
        "colorschememapping", "datastore", "latentstyles", "pgdsctbl", "nonshppict",
        "bkmkstart", "bkmkend", "filetbl", "revtbl", "mmathpr", "wgrffmtfilter", "xe", "tc",
        "shpinst", "sp", "sn", "sv", "falt", "panose", "fname", "userprops", "docvar",
    }
)  # fmt: skip
_BREAKS = {"par": "\n", "line": "\n", "sect": "\n\n", "page": "\n\n", "row": "\n", "pard": ""}
_SPACES = {"tab": "\t", "cell": " ", "emspace": " ", "enspace": " ", "qmspace": " "}
_CHARS = {
    "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’",
    "ldblquote": "“", "rdblquote": "”", "~": "\u00a0", "-": "", "_": "-",
}  # fmt: skip


def is_rtf(text: str) -> bool:
    return text.lstrip()[:5] == "{\\rtf"


def rtf_to_text(rtf: str) -> str:
    """The text of an RTF document (see the module docstring for what is kept)."""
    out: list[str] = []
    pending: list[int] = []  # bytes of \'hh escapes not yet decoded
    codepage = "cp1252"
    uc = 1  # fallback characters after \uN
    skip_chars = 0
    stack: list[tuple[bool, int]] = []  # (skipping, uc) of the enclosing groups
    skipping = False
    star = False  # the group opened with \*: an ignorable destination

    def flush() -> None:
        if pending:
            if not skipping:
                out.append(bytes(pending).decode(codepage, errors="replace"))
            pending.clear()

    for m in _TOKEN.finditer(rtf):
        word, param, hexbyte, symbol, brace, text = m.groups()
        if hexbyte is not None:
            if skip_chars:
                skip_chars -= 1
            else:
                pending.append(int(hexbyte, 16))
            continue
        flush()
        if brace == "{":
            stack.append((skipping, uc))
            star = False
        elif brace == "}":
            skipping, uc = stack.pop() if stack else (False, 1)
            skip_chars = 0
        elif word is not None:
            w = word.lower()
            if star:  # {\*\destination …}: skip it (a field result is not starred)
                skipping, star = True, False
            if w in _SKIP:
                skipping = True
            elif skipping:
                pass
            elif w == "ansicpg" and param:
                codepage = f"cp{int(param)}"
                try:
                    b"".decode(codepage)
                except LookupError:
                    codepage = "cp1252"
            elif w == "uc" and param is not None:
                uc = max(0, int(param))
            elif w == "u" and param is not None:
                code = int(param)
                out.append(chr(code + 65536 if code < 0 else code))
                skip_chars = uc
            elif w in _BREAKS:
                out.append(_BREAKS[w])
            elif w in _SPACES:
                out.append(_SPACES[w])
            elif w in _CHARS:
                out.append(_CHARS[w])
        elif symbol is not None:
            if symbol == "*":
                star = True
            elif skipping:
                pass
            elif symbol in "\\{}":
                if skip_chars:
                    skip_chars -= 1
                else:
                    out.append(symbol)
            elif symbol in _CHARS:
                out.append(_CHARS[symbol])
            elif symbol in "\r\n":
                out.append("\n")  # "\<newline>" is \par
        elif text is not None and not skipping:
            if skip_chars:
                cut = min(skip_chars, len(text))
                text, skip_chars = text[cut:], skip_chars - cut
            out.append(text)
    flush()
    return "".join(out)
