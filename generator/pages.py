"""Where every page lives. URLs are stable and come from ids: `actors/<id>/` and so on."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

ENTITY_FOLDERS = {"actor": "actors", "action": "actions", "quote": "quotes", "article": "articles"}
HOME = "index.md"
# The generated home page's place when the curator writes their own home page
# (content/pages/index.md or README.md): the site's root is theirs, published as it is.
OVERVIEW = "overview.md"
TIMELINE = "timeline.md"
INDEXES = {kind: f"{folder}/index.md" for kind, folder in ENTITY_FOLDERS.items()}
NAV_TITLES = [("Home", HOME), ("Actors", INDEXES["actor"]), ("Actions", INDEXES["action"]),
              ("Quotes", INDEXES["quote"]), ("Articles", INDEXES["article"]), ("Timeline", TIMELINE)]


def _page_name(slug: str) -> str:
    """A slug's file name in its folder. 'index' is a valid id and action type, but
    `actors/index.md` is the actors index (MkDocs publishes it at `/actors/`): that one gets
    '_index', a name no slug can take ('_' is not in one)."""
    return "_index" if slug == "index" else slug


def entity_path(kind: str, entity_id: str) -> str:
    # Ids are validated slugs ([a-z0-9-], no dots or slashes), so this cannot leave its folder;
    # the check guards against a caller that skipped validation (a regex: this runs per link).
    if not _SLUG.fullmatch(entity_id):
        raise ValueError(f"not an id: {entity_id!r}")
    return f"{ENTITY_FOLDERS[kind]}/{_page_name(entity_id)}.md"


def timeline_type_path(action_type: str) -> str:
    """The timeline of one action type: a page per type, so filtering works without JavaScript."""
    if not _SLUG.fullmatch(action_type):
        raise ValueError(f"not a type: {action_type!r}")
    return f"timeline/{_page_name(action_type)}.md"


def timeline_year_path(year: int) -> str:
    """One year of a long timeline (see views.YEAR_PAGES_OVER). In a folder of its own, so no
    action type's page (`timeline/<type>.md`) can take its URL."""
    if not isinstance(year, int) or not 0 <= year <= 9999:
        raise ValueError(f"not a year: {year!r}")
    return f"timeline/years/{year:04d}.md"


def timeline_type_year_path(action_type: str, year: int) -> str:
    """One year of a long type timeline (see views.TYPE_YEAR_PAGES_OVER). Under `timeline/types/`,
    so that neither a type named `years` nor one named `types` can take another page's URL."""
    name = timeline_type_path(action_type).removeprefix("timeline/").removesuffix(".md")  # validated, `_index`
    return f"timeline/types/{name}/{timeline_year_path(year).rpartition('/')[2]}"


def timeline_month_path(year: int, month: int) -> str:
    """One month of a long year (month 0: the entries dated only to the year)."""
    if not isinstance(month, int) or not 0 <= month <= 12:
        raise ValueError(f"not a month: {month!r}")
    return timeline_year_path(year)[:-3] + f"/{month:02d}.md"


def timeline_day_path(year: int, month: int, day: int) -> str:
    """One day of a long month (day 0: the entries dated only to the month)."""
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"not a month: {month!r}")
    if not isinstance(day, int) or not 0 <= day <= 31:
        raise ValueError(f"not a day: {day!r}")
    return timeline_month_path(year, month)[:-3] + f"/{day:02d}.md"


def home_path(hand_written: Iterable[str]) -> str:
    """Where the generated home page goes: the site's root, unless a hand-written page is
    published there; then `overview.md`."""
    return OVERVIEW if any(page_url(path) == "" for path in hand_written) else HOME


def nav_titles(hand_written: Iterable[str]) -> list[tuple[str, str]]:
    """The site's nav before the hand-written pages: Home (a hand-written home page when there
    is one, then the generated overview), the indexes and the timeline."""
    own_home = [path for path in hand_written if page_url(path) == ""]
    if not own_home:
        return NAV_TITLES
    return [("Home", min(own_home)), ("Overview", OVERVIEW), *NAV_TITLES[1:]]


def articles_year_path(year: int) -> str:
    """The articles of one year, when the articles index is long (views.YEAR_PAGES_OVER)."""
    if not isinstance(year, int) or not 0 <= year <= 9999:
        raise ValueError(f"not a year: {year!r}")
    return f"articles/years/{year:04d}.md"


def actor_period_path(actor_id: str, year: int, month: int | None = None) -> str:
    """One year (or month; 0: dated only to the year) of a long actor page's lists, in the
    actor's own folder: `actors/<id>/2024.md`, `actors/<id>/2024/07.md`."""
    if not isinstance(year, int) or not 0 <= year <= 9999:
        raise ValueError(f"not a year: {year!r}")
    if month is not None and (not isinstance(month, int) or not 0 <= month <= 12):
        raise ValueError(f"not a month: {month!r}")
    folder = entity_path("actor", actor_id)[:-3]
    return f"{folder}/{year:04d}.md" if month is None else f"{folder}/{year:04d}/{month:02d}.md"


def generated_paths(home: str = HOME) -> set[str]:
    """Fixed paths that hand-written pages must not take."""
    return {home, TIMELINE, *INDEXES.values()}


def page_url(path: str) -> str:
    """The URL folder MkDocs gives a Markdown page (`a/b.md`, `a/b/index.md` and
    `a/b/README.md` all become `a/b/`), lower-cased because sites are often served from
    case-insensitive file systems. Other files keep their path."""
    path = unicodedata.normalize("NFC", path).casefold()  # café.md in NFC and NFD is one page
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    head, _, name = stem.rpartition("/")
    if name in ("index", "readme"):
        stem = head
    return (stem + "/").lstrip("/") if stem else ""


def reserved_url(url: str, home: str = HOME, ids: dict[str, "Collection[str]"] | None = None,
                 action_types: "Collection[str]" = ()) -> bool:
    """Whether a hand-written page's URL is a generated page's, with the generated home page at
    `home` (see home_path). `ids` by kind ('actor', ...) and `action_types` (sets or dicts: looked
    up, not scanned; this runs for every hand-written page of every build) name the records of
    this briefing: their pages (and a long actor's period pages, under its own folder) are
    taken; other names in the entity folders are free. The folders for long lists
    (`timeline/years/`, `timeline/types/`, `articles/years/`) are taken whole."""
    if url in {page_url(p) for p in generated_paths(home)} or \
            url.startswith(("timeline/years/", "timeline/types/", "articles/years/")):
        return True
    folder, _, rest = url.partition("/")
    name = rest.split("/", 1)[0]
    if not name:
        return False
    # The slug whose page this name would be (see _page_name: no slug's page is named 'index').
    slug = "index" if name == "_index" else None if name == "index" else name
    kinds = {folder_: kind for kind, folder_ in ENTITY_FOLDERS.items()}
    if folder in kinds:
        taken = slug in (ids or {}).get(kinds[folder], ())
        return taken and (rest == name + "/" or kinds[folder] == "actor")
    if folder == "timeline":
        return rest == name + "/" and slug in action_types
    return False


def html_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a generated Markdown page, relative to the site root."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem if directory_urls else stem + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def relative_html_url(here: str, target: str, directory_urls: bool = True) -> str:
    """A link from page `here` to page `target` (both Markdown paths) as it must appear in raw
    HTML, which MkDocs does not rewrite the way it rewrites Markdown links."""
    from posixpath import relpath

    start = html_url(here, directory_urls)
    start_dir = start if start.endswith("/") or not start else start.rsplit("/", 1)[0] + "/" if "/" in start else ""
    end = html_url(target, directory_urls)
    rel = relpath(end or ".", start_dir or ".")
    if end.endswith("/") or not end:
        rel = "./" if rel == "." else rel + "/"
    return rel
