"""DOCX → plain text, for exports databases hand out as Word files (Nexis Uni's default).

The text of ``word/document.xml``, one line per paragraph (``<w:p>``), with tabs and
line breaks; page headers and footers live in other parts of the package and are left
out.  The package is read with a bound on how much it may inflate to (a zip bomb is
refused as too large), and the XML is scanned with one regular expression (linear, no
entity expansion: only the five XML entities and character references are decoded).
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from ..errors import BinaryInput, TooLarge

__all__ = ["is_docx", "docx_to_text"]

_PART = "word/document.xml"
_TOKEN = re.compile(
    r"<w:t(?:\s[^<>]*)?>([^<]*)</w:t>"  # text run
    r"|<w:(tab|br|cr)\b[^<>]*/>"  # tab, line break
    r"|</w:p>"  # end of paragraph
    r"|<w:p\b[^<>]*/>"  # empty paragraph
)


def is_docx(data: bytes) -> bool:
    """A zip package holding a Word document part."""
    return data[:4] == b"PK\x03\x04" and (b"word/" in data[:65536] or _PART.encode() in data[-65536:])


def docx_to_text(data: bytes, *, max_bytes: int, path: str | None = None) -> str:
    """The document's paragraphs as lines; refuses a package that is not a Word file or
    whose document part inflates beyond ``max_bytes``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo(_PART)
            if info.file_size > max_bytes:
                raise TooLarge(
                    f"the Word document inflates to {info.file_size} bytes; raise DATELINE_MAX_BYTES",
                    path=path,
                )
            with package.open(info) as part:
                xml = part.read(max_bytes + 1)
    except (zipfile.BadZipFile, KeyError) as err:
        raise BinaryInput(f"a zip file that is not a Word document ({err})", path=path) from None
    if len(xml) > max_bytes:
        raise TooLarge(f"the Word document is over {max_bytes} bytes; raise DATELINE_MAX_BYTES", path=path)
    out: list[str] = []
    for m in _TOKEN.finditer(xml.decode("utf-8", errors="replace")):
        text, control = m.groups()
        if text is not None:
            out.append(html.unescape(text))
        elif control == "tab":
            out.append("\t")
        elif control in ("br", "cr"):
            out.append("\n")
        else:
            out.append("\n")
    return "".join(out)
