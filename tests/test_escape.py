"""Content text is data: md_text shows it as written through Python-Markdown and the usual
extensions; md_inline keeps emphasis and http(s)/relative links only."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from generator.escape import Markdown, md_inline, md_text

EXTENSIONS = [
    "tables", "attr_list", "md_in_html", "abbr", "def_list", "footnotes", "admonition",
    "pymdownx.snippets", "pymdownx.magiclink", "pymdownx.emoji", "pymdownx.mark", "pymdownx.tilde",
    "pymdownx.caret", "pymdownx.keys", "pymdownx.betterem", "pymdownx.superfences", "pymdownx.tasklist",
]

# Any of these in the HTML means some syntax in the payload was interpreted.
FORBIDDEN = ("<script", "<img", "href", "<em", "<strong", "<mark", "<del", "<ins", "<sup", "<sub",
             "<kbd", "<code", "<pre", "<h1", "<h2", "<blockquote", "<ul", "<ol", "<li", "<table",
             "<div", "<hr", "<abbr", "<dl", "<input", "<!--", "<span", "<a ")


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def visible(rendered: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[ref]: http://x",
    "{{ 7*7 }}",
    "{% raw %}",
    "a | b | c",
    "| a |\n|---|\n| b |",
    "*emphasis*",
    "**strong** and __strong__ and _em_",
    '--8<-- "/etc/passwd"',
    "www.example.com",
    "http://example.com/path",
    "<https://example.org>",
    "foo@example.com",
    "@user",
    ":smile:",
    "#123",
    "user/repo#123",
    "==mark==",
    "~~del~~",
    "^^ins^^",
    "H~2~O and x^2^",
    "++ctrl+alt+del++",
    "# Heading",
    "> quoted",
    "!!! note",
    "```\ncode\n```",
    "`code`",
    "Term\n: definition",
    "*[HTML]: Hyper Text",
    "[^1] and [^1]: note",
    "x{: .cls onclick=alert(1)}",
    '<div markdown="1">*x*</div>',
    "<!-- comment -->",
    "&lt;script&gt; &amp; &#60;",
    "a\\*b\\_c",
    "'single' \"double\"",
    "$x$ 100% {x}",
    "line one\nline two\r\nline three",
    "1) first",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_text_shows_payload_as_text(payload):
    escaped = md_text(payload)
    assert isinstance(escaped, Markdown)
    rendered = to_html(escaped)
    for tag in FORBIDDEN:
        assert tag not in rendered, rendered
    assert visible(rendered) == " ".join(payload.split()), rendered


# Markdown block syntax only counts at the start of a line; a page template may place a field
# there (`{{ actor.description | md_inline }}` alone on a line, `> {{ quote.text }}`).
LINE_START_PAYLOADS = [
    pytest.param("- item", id="bullet"),
    pytest.param("1. item", id="ordered"),
    pytest.param("2024. A year to remember", id="year-then-dot"),
    pytest.param("- [ ] task", id="task"),
    pytest.param("---", id="rule"),
    pytest.param("    indented code", id="indented-code"),
]


@pytest.mark.parametrize("payload", LINE_START_PAYLOADS)
def test_md_text_at_line_start_stays_text(payload):
    rendered = to_html(md_text(payload))
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    assert visible(rendered) == " ".join(payload.split())


def test_md_text_exact_output():
    assert md_text("<b>x</b> [y](z)") == "&#60;b&#62;x&#60;/b&#62; &#91;y&#93;&#40;z&#41;"
    assert md_text("www.example.com") == "www&#46;example&#46;com"
    assert md_text("a\nb\tc\x00d") == "a b cd"
    assert md_text(None) == ""
    assert md_text(42) == "&#52;2"  # a digit that starts a line could start a list


def test_md_text_leaves_safe_markdown_alone():
    safe = Markdown("*already safe*")
    assert md_text(safe) is safe


def test_md_text_line_breaks_fold():
    # Line structure belongs to the template: a field never starts a new block.
    assert "\n" not in md_text("a\n\n# b\r\nc\u2028d")


# --- md_inline ------------------------------------------------------------------------------

def test_md_inline_keeps_emphasis():
    rendered = to_html(md_inline("*emphasis* and **strong**"))
    assert rendered == "<p><em>emphasis</em> and <strong>strong</strong></p>"


def test_md_inline_underscore_emphasis():
    assert md_inline("_em_ and __strong__") == "*em* and **strong**"


def test_md_inline_keeps_https_link():
    rendered = to_html(md_inline("see [the site](https://example.org/a?b=1&c=2) now"))
    assert rendered == '<p>see <a href="https://example.org/a?b=1&amp;c=2">the site</a> now</p>'


def test_md_inline_keeps_relative_link_and_fragment():
    assert to_html(md_inline("[rel](../actors/x.md)")) == '<p><a href="../actors/x.md">rel</a></p>'
    assert to_html(md_inline("[a](#frag)")) == '<p><a href="#frag">a</a></p>'


def test_md_inline_emphasis_inside_link_label():
    assert to_html(md_inline("[*e*](https://e.org)")) == '<p><a href="https://e.org"><em>e</em></a></p>'


@pytest.mark.parametrize("payload", [
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x](vbscript:msgbox)",
    "[x](data:text/html,hi)",
    "[x](//evil.example)",
    "[x](mailto:a@b.c)",
])
def test_md_inline_other_schemes_become_text(payload):
    rendered = to_html(md_inline(payload))
    assert "href" not in rendered and "<a" not in rendered, rendered
    assert visible(rendered) == payload


@pytest.mark.parametrize("payload", [
    "[x](&#106;avascript:alert&#40;1&#41;)",
    "[x](&#x6A;avascript:alert&#x28;1&#x29;)",
    "[x](javascript&colon;alert&#40;1&#41;)",
])
def test_md_inline_entity_encoded_scheme_is_not_a_link(payload):
    rendered = to_html(md_inline(payload))
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert not any(html.unescape(h).lower().replace("\t", "").startswith(("javascript", "vbscript", "data"))
                   for h in hrefs), rendered


@pytest.mark.parametrize("payload", [
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }} ==mark== :smile:",
])
def test_md_inline_html_becomes_text(payload):
    rendered = to_html(md_inline(payload))
    for tag in FORBIDDEN:
        assert tag not in rendered, rendered
    assert visible(rendered) == payload


def test_md_inline_image_is_not_embedded():
    rendered = to_html(md_inline("![img](https://x.example/y.png)"))
    assert "<img" not in rendered
    assert visible(rendered) == "!img"


def test_md_inline_none():
    assert md_inline(None) == ""
