"""Links in actor descriptions, checked where they are written.

A description allows inline Markdown: emphasis and http(s) or relative links (escape.md_inline);
anything else that looks like a link is shown as text. Two mistakes used to pass `briefing
check` and surface only later, or never:

- a relative link to no page: `mkdocs build --strict` then fails naming the generated page
  (`actors/index.md`), not the facts file. Every page that shows a description sits in the
  `actors/` folder (the actor's page, `actors/<id>.md`, and the actors index,
  `actors/index.md`), so a relative link means one thing and is checked here against the
  pages the site will have. A link to `#anchor` alone is refused: it would point into each of
  those two pages, which have different anchors.
- a link written in a form md_inline keeps as text (a title, `HTTPS://`, `mailto:`, `<url>`):
  the page shows the raw Markdown. That is a warning, saying how to write it.

Anchors on generated pages are checked where they are known without rendering (an article's
paragraphs, `#p-3`); a heading's anchor depends on the templates (a project may override them)
and on the relations, and is left to MkDocs' own anchor validation. Pages that exist only for
long lists (`timeline/years/`, an actor's pages by year) are not checked either.

Cost: one `in` test per description without `](` or `<`; the rest only for those that link.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from .articletext import paragraph_anchor
# The patterns md_inline renders with: what is checked here is exactly what becomes a link.
from .escape import _ALLOWED_TARGET_RE, _INLINE_LINK_RE
from .fields import closest
from .model import Actor, Briefing
from .pages import ENTITY_FOLDERS, generated_paths, home_path
from .problems import Problems
from .sitesearch import SEARCH_PAGE

FOLDER = "actors"  # where every page that shows a description is (see the module doc)
SHOWN_ON = "the actor's page and the actors index"
_KIND_OF_FOLDER = {folder: kind for kind, folder in ENTITY_FOLDERS.items()}
# Pages that exist only when a list is long (views.py): not worth predicting here.
_LONG_LIST_FOLDERS = ("timeline/years/", "timeline/types/", "articles/years/")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_PARAGRAPH_RE = re.compile(r"p-([0-9]{1,9})")
_TITLE_RE = re.compile(r"\s[\"'(]")  # `(address "title")`
_SHOWN = 80  # characters of a link quoted in a message


def _quoted(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


class _SitePages:
    """Which files the site will have, told from the records alone (`briefing check` renders
    nothing): True, False, or None where it cannot be told without rendering."""

    def __init__(self, briefing: Briefing) -> None:
        self.b = briefing
        self.hand_written = {page.path for page in briefing.pages}  # published at the site's root
        self.fixed = generated_paths(home_path(self.hand_written))
        self.types: set[str] | None = None  # action types, gathered when a link needs them

    def exists(self, path: str) -> bool | None:
        if path in self.hand_written or path in self.fixed:
            return True
        if path == SEARCH_PAGE or path.startswith(_LONG_LIST_FOLDERS):
            return None  # made only with `pagefind: true`, or for long lists
        folder, _, rest = path.partition("/")
        name, slash, _ = rest.partition("/")
        if folder in _KIND_OF_FOLDER:
            records = getattr(self.b, folder)  # the Briefing's tables are named as the folders
            if slash:  # an actor's pages by year, under actors/<id>/
                return None if folder == FOLDER and name in records else False
            stem = name.removesuffix(".md")
            return name.endswith(".md") and ("index" if stem == "_index" else stem) in records
        if folder == "timeline" and not slash and name.endswith(".md"):
            if self.types is None:
                self.types = {action.type for action in self.b.actions.values()}
            stem = name.removesuffix(".md")
            return ("index" if stem == "_index" else stem) in self.types
        return False

    def hint(self, path: str) -> str:
        """A page close to a missing one, as a link from the actors folder, or ''."""
        folder, _, name = path.partition("/")
        pool = getattr(self.b, folder) if folder in _KIND_OF_FOLDER and "/" not in name else None
        if pool is not None:
            found = closest(name.removesuffix(".md"), pool)
            target = f"{folder}/{found}.md" if found else ""
        else:
            target = closest(path, sorted(self.hand_written)) or ""
        return f" (did you mean '{posixpath.relpath(target, FOLDER)}'?)" if target else ""


class _DescriptionLinks:
    def __init__(self, problems: Problems, briefing: Briefing) -> None:
        self.problems = problems
        self.b = briefing
        self.pages: _SitePages | None = None

    def check(self, actor: Actor) -> None:
        text = actor.description
        assert text is not None
        pos = 0
        for m in _INLINE_LINK_RE.finditer(text):  # as md_inline walks it
            self.leftovers(actor, text[pos:m.start()])
            link, target = m.group(0), m.group(2)
            if not _ALLOWED_TARGET_RE.fullmatch(target) or target.startswith("//"):
                self.as_text(actor, link, _why_text(target))
            elif m.start() and text[m.start() - 1] == "!":
                self.warn(actor, f"description: image '!{_quoted(link)}' is not shown: a description shows no "
                          "images, so the '!' is shown as text before a link to the image; remove the '!'")
            elif not target.startswith(("http://", "https://")):
                problem = self.relative(actor, target)
                if problem:
                    self.broken(actor, link, problem)
            pos = m.end()
        self.leftovers(actor, text[pos:])

    def leftovers(self, actor: Actor, text: str) -> None:
        """Link-like text between the links md_inline keeps: all of it is shown as written."""
        at = text.find("](")
        while at >= 0:
            start = max(text.rfind("[", 0, at), 0)
            close = _closing(text, at + 2)
            end = close + 1 if close >= 0 else min(len(text), at + _SHOWN)
            self.as_text(actor, text[start:end], _why_not_link(text[at + 2:close if close >= 0 else end]))
            at = text.find("](", end)
        if "<" in text:
            for m in _AUTOLINK_RE.finditer(text):
                inside = m.group(0)[1:-1]
                scheme = _SCHEME_RE.match(inside)
                if scheme is None or scheme.group(1).lower() == "mailto":
                    why = "e-mail links are not kept: write the address as plain text, without '<' and '>'"
                elif scheme.group(1).lower() not in ("http", "https"):
                    why = f"only http(s) and relative links are kept, not '{scheme.group(1)}:'"
                else:
                    why = f"write it as [text]({_quoted(inside.replace(scheme.group(1), scheme.group(1).lower(), 1))})"
                self.as_text(actor, m.group(0), why)

    def relative(self, actor: Actor, target: str) -> str:
        """What is wrong with a relative link, or ''."""
        path, _, fragment = target.partition("#")
        path = path.partition("?")[0]
        if not path:
            return (f"points into whichever page shows the description ({SHOWN_ON} both do), which have "
                    f"different anchors: link to a page, such as '{actor.id}.md{'#' + fragment if fragment else ''}'")
        if path.startswith("/"):
            return ("is an absolute path, which works only when the site is at the root of its server and is not "
                    f"checked by MkDocs: write it relative to the {FOLDER}/ folder, '..{path}'")
        resolved = posixpath.normpath(posixpath.join(FOLDER, unquote(path)))
        if resolved == ".." or resolved.startswith("../"):
            return (f"leads outside the site: links in a description are read from the {FOLDER}/ folder, so "
                    "one '../' reaches the site's root")
        if self.pages is None:
            self.pages = _SitePages(self.b)
        pages = self.pages
        if not posixpath.splitext(resolved)[1]:  # a page's address rather than its file
            guess = next((p for p in (resolved + ".md", resolved + "/index.md") if pages.exists(p)), "")
            instead = f"'{posixpath.relpath(guess, FOLDER)}'" if guess else "the page's .md file"
            return f"names a folder or an address, which MkDocs does not resolve: link to {instead}"
        found = pages.exists(resolved)
        if found is False:
            return (f"leads to '{resolved}', which is no page of the site{pages.hint(resolved)}: links in a "
                    f"description are read from the {FOLDER}/ folder, where {SHOWN_ON} are: write "
                    "'<actor-id>.md', '../actions/<id>.md', '../articles/<id>.md' or '../<page>.md' for a page "
                    "of content/pages")
        if found and fragment and resolved.startswith("articles/"):
            anchor = _PARAGRAPH_RE.fullmatch(fragment)
            article_id = resolved.removeprefix("articles/").removesuffix(".md")
            article_id = "index" if article_id == "_index" else article_id
            links = self.b.article_links.get(article_id)
            count = len(links.paragraphs) if links is not None else 0
            if anchor and links is not None and not 1 <= int(anchor.group(1)) <= count:
                fix = (f"use one of {paragraph_anchor(1)} to {paragraph_anchor(count)}" if count else
                       "link to the article without an anchor")
                return f"points to paragraph {int(anchor.group(1))} of article '{article_id}', which has {count}: {fix}"
        return ""

    def broken(self, actor: Actor, link: str, problem: str) -> None:
        origin = actor.origin
        assert origin is not None
        self.problems.add(origin.path, *origin.of("description"), "link-broken",
                          f"description: link '{_quoted(link)}' {problem}")

    def as_text(self, actor: Actor, link: str, why: str) -> None:
        self.warn(actor, f"description: '{_quoted(link)}' is shown as text, not as a link: {why}")

    def warn(self, actor: Actor, message: str) -> None:
        origin = actor.origin
        assert origin is not None
        self.problems.warn(origin.path, *origin.of("description"), "link-as-text", message)


def _why_text(target: str) -> str:
    """Why md_inline keeps `[text](target)` as text, and how to write it."""
    if target.startswith("//"):
        return f"an address needs its scheme: write 'https:{_quoted(target)}'"
    scheme = _SCHEME_RE.match(target)
    name = scheme.group(1) if scheme else ""
    if name.lower() in ("http", "https") and name != name.lower():
        return f"write the scheme in lower case, '{name.lower()}:'"
    if name.lower() == "mailto":
        return "e-mail links are not kept: write the address as plain text"
    if name and name.lower() not in ("http", "https"):
        return f"only http(s) and relative links are kept, not '{name}:'"
    return ("the address holds characters a link may not hold here (a backslash, a space, an '&' outside "
            "a query, or a host with other characters than letters, digits, '.' and '-'): percent-encode them")


def _closing(text: str, start: int) -> int:
    """The index of the ')' that closes a '(' just before `start` (one level of nested
    parentheses, as in 'wiki/A_(b)'), or -1 within the line."""
    depth = 1
    for index in range(start, min(len(text), start + 2000)):
        char = text[index]
        if char == "\n":
            break
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return index
    return -1


def _why_not_link(inside: str) -> str:
    """Why `[text](inside)` is not read as a link at all."""
    scheme = _SCHEME_RE.match(inside)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return _why_text(inside)
    if inside.startswith("<"):
        return "write the address without '<' and '>': [text](https://example.org/page)"
    if _TITLE_RE.search(inside):
        return "link titles are not kept: write [text](address) with the address alone"
    if "(" in inside or ")" in inside:
        return "an address may not hold '(' or ')': write them as %28 and %29"
    if any(c.isspace() for c in inside):
        return "an address may not hold spaces: write them as %20"
    return "write it as [text](address), all on one line, with no '[' or ']' in the text"


def check_description_links(problems: Problems, briefing: Briefing) -> None:
    checker = _DescriptionLinks(problems, briefing)
    for actor in briefing.actors.values():
        text = actor.description
        if text and ("](" in text or "<" in text):
            checker.check(actor)
