"""The one declaration of every input field, and what is derived from it.

Each record type of the content format is a dataclass in `model.py` whose input fields are
declared with `fact(...)`. The validator (`validate.py`), the JSON Schema (`schema.py`) and
the field reference in the docs all read these declarations, so a field is described once.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 100
# The id an id-format message suggests, at its end: link.py changes it when a record has it.
ID_HINT = re.compile(r"like '([a-z0-9]+(?:-[a-z0-9]+)*)'$")
WIKIDATA_RE = re.compile(r"Q[1-9][0-9]*")
# A BCP 47 language tag, in shape (tags are case-insensitive: EN, en-us; private use: x-...):
# the contract states no format, so only what no tag can look like is refused ("English").
# (No inline flags: the JSON Schema takes this pattern too, and ECMA-262 has none.)
LANGUAGE_RE = re.compile(r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*|[xXiI](?:-[a-zA-Z0-9]{1,8})+")
# ASCII digits only (`\d` would take any script's, which int() reads): so dates as written
# sort as dates do (link.by_date compares the text), and read the same everywhere.
FULL_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
PARTIAL_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
URL_RE = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)

# Kinds of value a field can hold. Scalars are always read from the YAML text as written,
# never through YAML 1.1's implicit typing, so `No`, `on` and `Yes` stay strings.
SCALAR_KINDS = {
    "id", "text", "markdown", "slug", "choice", "date", "partial-date", "count", "url",
    "wikidata", "language", "ref",
}
LIST_KINDS = {"refs", "texts", "records"}


@dataclass(frozen=True)
class Spec:
    """How one input field is read, checked, documented and exported."""

    kind: str
    doc: str
    required: bool = False
    ref: str | None = None  # the kind of record a reference names: actor, country, article, action
    choices: tuple[str, ...] = ()
    item: type | None = None  # the record type of a `records` list
    min_items: int = 0
    example: Any = None


def fact(
    kind: str,
    doc: str,
    *,
    required: bool = False,
    ref: str | None = None,
    choices: tuple[str, ...] = (),
    item: type | None = None,
    min_items: int = 0,
    example: Any = None,
) -> Any:
    """Declare an input field of a record dataclass (see model.py)."""
    assert kind in SCALAR_KINDS | LIST_KINDS, kind
    spec = Spec(kind, doc, required, ref, choices, item, min_items, example)
    metadata = {"spec": spec}
    if required:
        return dataclasses.field(metadata=metadata)
    if kind in LIST_KINDS:
        return dataclasses.field(default_factory=list, metadata=metadata)
    return dataclasses.field(default=None, metadata=metadata)


def input_fields(record_type: type) -> dict[str, Spec]:
    """The declared input fields of a record type, in declaration order."""
    return {
        f.name: f.metadata["spec"]
        for f in dataclasses.fields(record_type)
        if "spec" in f.metadata
    }


# --- scalar checks -------------------------------------------------------------------------
# Each takes the scalar text and returns (value, None) or (None, (rule, message)).

Check = Callable[[str, Spec], "tuple[Any, tuple[str, str] | None]"]


def _check_id(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    if not SLUG_RE.fullmatch(text):
        return None, ("id-format", f"id '{text}' is not a lowercase slug: use a-z, 0-9 and single "
                      f"hyphens, like '{slugify(text) or 'my-id'}'")
    if len(text) > ID_MAX_LENGTH:
        return None, ("id-format", f"id is {len(text)} characters long; at most {ID_MAX_LENGTH} are allowed")
    return sys.intern(text), None


def _check_text(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    if not text.strip():
        return None, ("value-empty", "text is empty: write the text or remove the field")
    # Composed form (NFC), like article bodies: a name pasted with decomposed accents
    # (macOS) must still match the article's text.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, None


def _check_slug(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    if not SLUG_RE.fullmatch(text):
        return None, ("value-slug", f"'{text}' is not a lowercase slug: write it like "
                      f"'{slugify(text) or 'sanction'}'")
    return sys.intern(text), None


def _check_choice(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    if text not in spec.choices:
        hint = closest(text, spec.choices)
        extra = f" (did you mean '{hint}'?)" if hint else ""
        return None, ("value-choice", f"'{text}' is not one of {', '.join(spec.choices)}{extra}")
    return text, None


def parse_date(text: str, partial: bool) -> str | None:
    """Return the ISO text of a real calendar date (or YYYY / YYYY-MM if partial), else None."""
    m = (PARTIAL_DATE_RE if partial else FULL_DATE_RE).fullmatch(text)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return text


def _check_date(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    partial = spec.kind == "partial-date"
    if parse_date(text, partial) is not None:
        return text, None
    form = "YYYY-MM-DD, YYYY-MM or YYYY" if partial else "YYYY-MM-DD"
    if FULL_DATE_RE.fullmatch(text) or (partial and PARTIAL_DATE_RE.fullmatch(text)):
        return None, ("date-invalid", f"'{text}' is not a real calendar date")
    if PARTIAL_DATE_RE.fullmatch(text):
        if parse_date(text, True) is None:
            return None, ("date-invalid", f"'{text}' is not a real calendar date")
        return None, ("date-invalid", f"'{text}' is a partial date; this field needs a full date ({form})")
    return None, ("date-invalid", f"'{text}' is not a date: write {form}")


def _check_count(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    if re.fullmatch(r"[0-9]{19,}", text):  # digits, but past what a count of people can be
        return None, ("value-count", f"'{text[:30]}{'...' if len(text) > 30 else ''}' is too large: a count has "
                      "at most 18 digits")
    if not re.fullmatch(r"[0-9]{1,18}", text):
        return None, ("value-count", f"'{text}' is not a non-negative whole number (write it with digits "
                      "only, like 2000)")
    return int(text), None


def _check_url(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    if not URL_RE.fullmatch(text):
        return None, ("url-invalid", f"'{text}' is not an absolute http:// or https:// address")
    return text, None


def _check_wikidata(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    if not WIKIDATA_RE.fullmatch(text):
        return None, ("value-wikidata", f"'{text}' is not a Wikidata item id: write Q and digits, like Q57413")
    return text, None


def _check_language(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    if not LANGUAGE_RE.fullmatch(text):
        hint = f" (did you mean '{text.replace('_', '-')}'?)" if LANGUAGE_RE.fullmatch(text.replace("_", "-")) else ""
        return None, ("value-language", f"'{text}' is not a language tag like 'en', 'es' or 'pt-BR'{hint}")
    return text, None


def _check_ref(text: str, spec: Spec) -> tuple[Any, tuple[str, str] | None]:
    # Whether it names an existing record is decided later, once everything is loaded.
    # Interned, as ids are: an id is a dict key thousands of times over (every link to an
    # actor), and the look-up of an interned key finds the key itself, without comparing the
    # texts of two strings held far apart in memory (benchmarks/third: dict.get cost 2x
    # per call at 10,000 articles what it cost at 1,000, in a profile).
    return sys.intern(text), None


SCALAR_CHECKS: dict[str, Check] = {
    "id": _check_id,
    "text": _check_text,
    "markdown": _check_text,
    "slug": _check_slug,
    "choice": _check_choice,
    "date": _check_date,
    "partial-date": _check_date,
    "count": _check_count,
    "url": _check_url,
    "wikidata": _check_wikidata,
    "language": _check_language,
    "ref": _check_ref,
}


def slugify(text: str) -> str:
    from .textmatch import fold_accents

    return "-".join(re.findall(r"[a-z0-9]+", fold_accents(text).lower()))[:ID_MAX_LENGTH].rstrip("-")


def closest(word: str, candidates: Any) -> str | None:
    """The candidate a typo most likely meant (for "did you mean")."""
    import difflib

    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None
