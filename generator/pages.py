"""Where every page lives. URLs are stable and come from ids: `actors/<id>/` and so on."""

from __future__ import annotations

ENTITY_FOLDERS = {"actor": "actors", "action": "actions", "quote": "quotes", "article": "articles"}
HOME = "index.md"
TIMELINE = "timeline.md"
INDEXES = {kind: f"{folder}/index.md" for kind, folder in ENTITY_FOLDERS.items()}
NAV_TITLES = [("Home", HOME), ("Actors", INDEXES["actor"]), ("Actions", INDEXES["action"]),
              ("Quotes", INDEXES["quote"]), ("Articles", INDEXES["article"]), ("Timeline", TIMELINE)]


def entity_path(kind: str, entity_id: str) -> str:
    # Ids are validated slugs ([a-z0-9-], no dots or slashes), so this cannot leave its folder;
    # the assertion guards against a caller that skipped validation.
    assert entity_id and all(c.isascii() and (c.isalnum() or c == "-") for c in entity_id), entity_id
    return f"{ENTITY_FOLDERS[kind]}/{entity_id}.md"


def generated_paths() -> set[str]:
    """Fixed paths that hand-written pages must not take."""
    return {HOME, TIMELINE, *INDEXES.values()}
