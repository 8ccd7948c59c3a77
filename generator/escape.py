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

import html
import json
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

# One pass: a regex finds the characters to replace (scanned in C) and only those call back.
# (`str.translate` with this table looks up every character of the text in a dict: measured
# at a quarter of the render time of a large briefing.)
_REPLACEMENTS = {chr(code): value or "" for code, value in _TABLE.items() if value != chr(code)}
_REPLACEMENTS["."] = "&#46;"
# A dot directly followed by a letter ("example.org", "www.x") is written as a reference so
# that autolinkers (pymdownx.magiclink) never see a domain name.
_SPECIAL_RE = re.compile(
    "[" + "".join(re.escape(c) for c in sorted(set(_REPLACEMENTS) - {"."})) + r"]|\.(?=\S)"
)


def _replace(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


class Markdown(str):
    """A string that is already safe Markdown (produced by this module or by templates)."""

    __slots__ = ()


def _escape(text: str) -> str:
    return _SPECIAL_RE.sub(_replace, text)


_BLOCK_START = frozenset("-+=#>0123456789")


def _guard_block_start(text: str) -> str:
    """Templates may put a value at the start of a line (`> {{ quote.text }}`, a description
    paragraph): there "- ", "1. ", "2024. ", "---" or an indent would start a list, a rule or
    a code block. Leading spaces are dropped and a first character that could start a block
    is written as a reference."""
    text = text.lstrip(" ")
    if text and text[0] in _BLOCK_START:
        return f"&#{ord(text[0])};{text[1:]}"
    return text


def md_span(text: str) -> Markdown:
    """Escape a piece of text that goes in the middle of a line (inside a link text, between
    two mentions): like md_text, but its spaces and first character are kept as they are."""
    return Markdown(_escape(text))


def md_text(value: object) -> Markdown:
    """Escape content text for use anywhere in a Markdown page, inline or at a line start."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return Markdown("")
    return Markdown(_guard_block_start(_escape(str(value))))


def safe_url(url: str) -> Markdown:
    """A validated http(s) URL as a Markdown link destination: characters that would end the
    destination early, or mean something to Markdown, are percent-encoded."""
    return Markdown(quote(url, safe="/:?#@!$&'*+,;=%-._~"))


_INLINE_LINK_RE = re.compile(r"\[([^\[\]\n]{1,500})\]\(([^()\s]{1,2000})\)")
# Targets: http(s) URLs or relative paths, made only of characters that cannot hide a scheme
# from this check and reveal it to a browser (no '&' character references, no backslashes,
# no controls). Anything else stays text.
_TARGET_CHARS = r"(?:[A-Za-z0-9._~!$'*+,;=:@/?#%-]|&(?=[A-Za-z0-9_.-]*=))"  # '&' only as in "?a=1&b=2"
_ALLOWED_TARGET_RE = re.compile(
    rf"(https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#]{_TARGET_CHARS}*)?"
    rf"|(?![A-Za-z][A-Za-z0-9+.-]*:){_TARGET_CHARS}*)"
)
# Emphasis as CommonMark reads it: the text inside starts and ends with a non-space, so
# "* not a list*" is not emphasis (and stays text, never a list item).
_EMPHASIS_RE = re.compile(r"(\*\*|\*|__|_)(?=\S)([^*_\n]{0,499}?\S)\1")


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
            out.append(_escape(m.group(0)))
        pos = m.end()
    out.append(_emphasis(text[pos:]))
    return Markdown(_guard_block_start("".join(out)))


def _emphasis(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _EMPHASIS_RE.finditer(text):
        out.append(_escape(text[pos:m.start()]))
        marker = "**" if len(m.group(1)) == 2 else "*"
        out.append(f"{marker}{_escape(m.group(2))}{marker}")
        pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def with_title_meta(text: str) -> bytes:
    """The page as UTF-8, with front matter giving its title, HTML-escaped. MkDocs takes a
    page's title from its h1 as plain text, and themes print it unescaped (Material:
    `page.title | striptags` in <title>), so a name like '</title><script>' would become markup
    in the page head. A `title` in the page's meta is used instead, and this one is escaped.

    UTF-8 because pages are kept until they are written (unless written as they render, see
    write.FreshTree), and written as UTF-8: as `str` nearly every page holds a
    character beyond Latin-1 ('—'), which makes Python store all of it at 2 bytes a character
    (2.8 GB for the 1.4 GB of pages at 10,000 articles of the third benchmark shape). And no
    copy of the whole text is made to find the title: a busy actor's page is up to a megabyte,
    and each fresh copy is memory the process must be given again."""
    start = 0
    for _ in range(30):  # the h1 is near the top: the first 30 lines are looked at
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.startswith("# "):
            plain = html.unescape(line[2:].strip())
            front = f"---\ntitle: {json.dumps(html.escape(plain), ensure_ascii=False)}\n---\n\n"
            return b"".join((front.encode("utf-8"), text.encode("utf-8")))
        if end < 0:
            break
        start = end + 1
    return text.encode("utf-8")
