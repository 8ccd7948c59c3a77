"""What a page's templates are: where the built-in ones live, a hash of the whole set (a
page rendered with other templates is not kept: pagecache.py), and which context names a
template and those it includes use (render.py gives a page's fingerprint only the shared
values its template may read)."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import jinja2
from jinja2 import meta

from .cache import code_fingerprint


def builtin_templates() -> Path:
    """The default templates: the repository's `templates/` folder in a source checkout, the
    installed `generator.templates` package data otherwise (see pyproject.toml)."""
    source = Path(__file__).resolve().parent.parent / "templates"
    if (source / "home.md.j2").is_file():
        return source
    return Path(str(resources.files("generator.templates")))


def template_salt(env: jinja2.Environment, override_dir: Path | None, directory_urls: bool) -> bytes:
    """What every page depends on besides the model: the template files, the code, the URLs."""
    h = hashlib.sha256(f"{code_fingerprint()}|{directory_urls}".encode())
    for folder in (override_dir, builtin_templates()):
        if folder is not None and folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def template_source(env: jinja2.Environment, name: str) -> tuple[str, str | None]:
    """A template's source and file, as the environment's loaders find it."""
    source, filename, _ = env.loader.get_source(env, name) if env.loader else ("", None, None)
    return source, filename


def names_used(env: jinja2.Environment, name: str, seen: set[str]) -> set[str] | None:
    """The context names a template and the templates it includes use; None if one of them
    includes a template chosen at run time (then it may use any)."""
    source, filename = template_source(env, name)
    try:
        tree = env.parse(source, name, filename)
        names = set(meta.find_undeclared_variables(tree))
    except jinja2.TemplateSyntaxError as exc:
        # Jinja's look-up compiles the template under the name "<introspection>": a problem
        # found there (an unknown filter) is this template's, at its file.
        exc.name, exc.filename = name, filename
        raise
    for ref in meta.find_referenced_templates(tree):
        if ref is None:
            return None
        if ref not in seen:
            seen.add(ref)
            more = names_used(env, ref, seen)
            if more is None:
                return None
            names |= more
    return names
