"""The one place where content text becomes Markdown.

Article text, names, quotes and every other string from content/ are data. They reach a
page only through `md_text` (or `md_inline` for fields that allow inline Markdown), exposed
to templates as the `md` filter and applied by default to every `{{ }}` output. Characters
that mean something to Python-Markdown, its common extensions (tables, attr_list, abbr,
footnotes, def_list, admonition, pymdownx.*) or to Jinja-based plugins are written as
numeric character references: the browser shows the same character, no Markdown processor
reads syntax in it.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# \ ` * _ { } [ ] ( ) # + ! | < > & ~ ^ = : @ $ and the quote characters used by attributes.
_SPECIAL = "\\`*_{}[]()#+!|<>~^=:@$\"'%"
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
_TABLE[ord("&")] = "&amp;"
# Line structure is ours, never the content's: fold every line break to a space.
for _c in "\n\r\t\v\f\u2028\u2029\x85":
    _TABLE[ord(_c)] = " "
# Control characters would be invalid in HTML; drop them.
for _c in range(0x20):
    _TABLE.setdefault(_c, None)
_TABLE[0x7F] = None
# A dot after "www" or inside a bare domain could become a magic link; so could "--8<--".
_TABLE[ord(".")] = "."

_DOTS_RE = re.compile(r"\.(?=\S)")


class Markdown(str):
    """A string that is already safe Markdown (produced by this module or by templates)."""

    __slots__ = ()


def md_text(value: object) -> Markdown:
    """Escape content text for use anywhere inline in a Markdown page."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return Markdown("")
    text = str(value).translate(_TABLE)
    # A dot directly followed by a letter ("example.org", "www.x") is written as a reference so
    # that autolinkers (pymdownx.magiclink) never see a domain name.
    if "." in text:
        text = _DOTS_RE.sub("&#46;", text)
    return Markdown(text)


def safe_url(url: str) -> str:
    """Percent-encode characters that would end a Markdown link destination early."""
    return quote(url, safe="/:?#[]@!$&'*+,;=%-._~")


_INLINE_LINK_RE = re.compile(r"\[([^\[\]\n]{1,500})\]\(([^()\s]{1,2000})\)")
_ALLOWED_TARGET_RE = re.compile(r"(https?://[^\s]+|(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^\s]*)", re.IGNORECASE)
_EMPHASIS_RE = re.compile(r"(\*\*|\*|__|_)([^*_\n]{1,500}?)\1")


def md_inline(value: object) -> Markdown:
    """Escape a field that allows inline Markdown: emphasis and http(s) or relative links
    keep their meaning, everything else (HTML, images, other URL schemes) shows as text."""
    if value is None:
        return Markdown("")
    text = str(value)
    out: list[str] = []
    pos = 0
    for m in _INLINE_LINK_RE.finditer(text):
        out.append(_emphasis(text[pos:m.start()]))
        label, target = m.group(1), m.group(2)
        if _ALLOWED_TARGET_RE.fullmatch(target) and not target.startswith("//"):
            out.append(f"[{_emphasis(label)}]({safe_url(target)})")
        else:
            out.append(md_text(m.group(0)))
        pos = m.end()
    out.append(_emphasis(text[pos:]))
    return Markdown("".join(out))


def _emphasis(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _EMPHASIS_RE.finditer(text):
        out.append(md_text(text[pos:m.start()]))
        marker = m.group(1)
        out.append(f"{'**' if len(marker) == 2 else '*'}{md_text(m.group(2))}{'**' if len(marker) == 2 else '*'}")
        pos = m.end()
    out.append(md_text(text[pos:]))
    return "".join(out)
