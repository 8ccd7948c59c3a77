"""The briefing as plain data: records as declared, then every relation resolved once.

Input fields are declared here with `fact(...)` (see fields.py): that single declaration
drives validation, the JSON Schema and the docs. Derived data (reverse relations, mentions)
lives in separate `*Links` records filled by link.py, so templates only format, never compute.
Everything is plain, serialisable data: ids refer to records, no presentation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .fields import fact

ACTOR_TYPES = ("person", "organization", "government", "country", "group")
ACTION_STATUSES = ("confirmed", "claimed", "disputed", "planned")


class Origin:
    """Where a record was written: file (relative to the project), line and column from 1,
    plus the position of each field (`name`, or `name[i]` for list items).

    Not a dataclass, for the build cache: every record has one or more, and their positions
    were a dict of tuples each, half the time of unpickling the parsed facts (0.54 s of it at
    10,000 articles). They are pickled as one string, read back into a dict only when asked
    for (`fields`, `of`): a rebuild needs a position only to report a problem."""

    __slots__ = ("path", "line", "column", "_fields", "_packed")

    def __init__(self, path: str, line: int, column: int, fields: dict[str, tuple[int, int]] | None = None,
                 packed: str | None = None) -> None:
        self.path, self.line, self.column = path, line, column
        self._fields = fields if fields is not None or packed is not None else {}
        self._packed = packed  # "name\tline\tcolumn" lines: set only until `fields` is read

    @property
    def fields(self) -> dict[str, tuple[int, int]]:
        if self._fields is None:
            assert self._packed is not None
            self._fields = {name: (int(line), int(column)) for name, line, column in
                            (entry.split("\t") for entry in self._packed.split("\n") if entry)}
            self._packed = None  # the dict may be changed now: never pickle a stale string
        return self._fields

    def of(self, name: str) -> tuple[int, int]:
        fields = self.fields
        return fields.get(name) or fields.get(name.split("[")[0]) or (self.line, self.column)

    def __reduce__(self) -> tuple:
        # Field names are a record's declared names and `name[i]`: never a tab or a newline.
        packed = self._packed if self._fields is None else "\n".join(
            f"{name}\t{line}\t{column}" for name, (line, column) in self._fields.items())
        return (Origin, (self.path, self.line, self.column, None, packed))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Origin):
            return NotImplemented
        return (self.path, self.line, self.column, self.fields) == (other.path, other.line, other.column, other.fields)

    __hash__ = None  # type: ignore[assignment]  # as the dataclass it was: mutable, compared by value

    def __repr__(self) -> str:  # the dataclass repr it had (the page cache fingerprints it)
        return f"Origin(path={self.path!r}, line={self.line!r}, column={self.column!r}, fields={self.fields!r})"


@dataclass(kw_only=True)
class Affiliation:
    actor: str = fact("ref", "The actor (organisation, government, group) this actor belongs to.",
                      required=True, ref="actor", example="venezuelan-government")
    role: str | None = fact("text", "The role held, such as President.", example="President")
    since: str | None = fact("date", "Start date, YYYY-MM-DD.", example="2013-04-19")
    until: str | None = fact("date", "End date, YYYY-MM-DD.")
    origin: Origin | None = field(default=None, repr=False)  # not in repr: pagecache fingerprints


@dataclass(kw_only=True)
class Actor:
    id: str = fact("id", "Unique id: a lowercase slug.", required=True, example="nicolas-maduro")
    name: str = fact("text", "The name as it should be shown.", required=True, example="Nicolás Maduro")
    type: str = fact("choice", "What kind of actor this is.", required=True, choices=ACTOR_TYPES)
    aliases: list[str] = fact("texts", "Other spellings found in articles; each is matched in article text.")
    description: str | None = fact("markdown", "One or two sentences; inline Markdown allowed.")
    country: str | None = fact("ref", "Id of an actor of type country.", ref="country")
    wikidata: str | None = fact("wikidata", "Wikidata item id: Q and digits.", example="Q57413")
    affiliations: list[Affiliation] = fact("records", "Organisations, governments or groups it belongs to.",
                                           item=Affiliation)
    origin: Origin | None = field(default=None, repr=False)  # not in repr: pagecache fingerprints


@dataclass(kw_only=True)
class Source:
    article: str = fact("ref", "Id of the article that reports the action.", required=True, ref="article")
    evidence: str | None = fact("text", "Words of the article that support the action; must occur in it.")
    origin: Origin | None = field(default=None, repr=False)  # not in repr: pagecache fingerprints


@dataclass(kw_only=True)
class Action:
    id: str = fact("id", "Unique id: a lowercase slug.", required=True)
    date: str = fact("partial-date", "When it happened: YYYY-MM-DD, YYYY-MM or YYYY.", required=True)
    type: str = fact("slug", "A lowercase slug from a free vocabulary: sanction, claim, arrest-warrant...",
                     required=True, example="sanction")
    by: list[str] = fact("refs", "The actor id(s) who acted: one id or a list.", required=True, ref="actor")
    targets: list[str] = fact("refs", "The actor id(s) acted upon.", ref="actor")
    count: int | None = fact("count", "How many people or entities it affects.")
    summary: str = fact("text", "One sentence saying what happened.", required=True)
    status: str | None = fact("choice", "How certain it is.", choices=ACTION_STATUSES)
    sources: list[Source] = fact("records", "The articles that report it (at least one).", required=True,
                                 item=Source, min_items=1)
    origin: Origin | None = field(default=None, repr=False)  # not in repr: pagecache fingerprints


@dataclass(kw_only=True)
class Quote:
    id: str = fact("id", "Unique id: a lowercase slug.", required=True)
    speaker: str = fact("ref", "Id of the actor who said it.", required=True, ref="actor")
    text: str = fact("text", "The words as quoted; must occur in the source article.", required=True)
    source: str = fact("ref", "Id of the article where the words stand.", required=True, ref="article")
    date: str | None = fact("date", "When it was said; defaults to the source article's date.")
    about: list[str] = fact("refs", "Ids of the actors it is about.", ref="actor")
    action: str | None = fact("ref", "Id of the action the quote speaks to.", ref="action")
    context: str | None = fact("text", "When, where or how it was said.")
    origin: Origin | None = field(default=None, repr=False)  # not in repr: pagecache fingerprints


@dataclass(kw_only=True)
class Article:
    """An article: its front matter fields are declared here; the body follows the front matter."""

    title: str = fact("text", "The headline.", required=True)
    date: str = fact("date", "Publication date, YYYY-MM-DD.", required=True)
    source: str = fact("text", "The outlet that published it.", required=True, example="Voice of America")
    id: str | None = fact("id", "Unique id; defaults to the file name without .md.")
    url: str | None = fact("url", "The address of the original, http(s) only.")
    author: str | None = fact("text", "Who wrote it.")
    language: str | None = fact("language", "Language code; defaults to en.", example="en")
    body: str = field(default="", repr=False)  # fingerprinted apart from the front matter (pagecache)
    body_line: int = 1  # the file line where the body starts, for positions inside the text
    origin: Origin | None = field(default=None, repr=False)  # not in repr: pagecache fingerprints

    # Pickled (the build cache) with the body as UTF-8 bytes. Pickling a str keeps a UTF-8 copy
    # of it inside the str for as long as it lives; the bodies live through the whole build,
    # so a cold build would carry 54 MB of copies at 10,000 articles (measured: 31 MiB more at
    # its peak).
    def __getstate__(self) -> dict:
        return {**self.__dict__, "body": self.body.encode("utf-8", "surrogatepass")}

    def __setstate__(self, state: dict) -> None:
        body = state.get("body")
        if isinstance(body, bytes):
            state = {**state, "body": body.decode("utf-8", "surrogatepass")}
        self.__dict__.update(state)


@dataclass
class Page:
    """A hand-written Markdown page, published as it is."""

    path: str  # relative to content/pages, '/'-separated
    source: str  # absolute path of the file


# --- derived relations (filled by link.py) ----------------------------------------------------


@dataclass(slots=True)  # 60,000 of them at 10,000 articles, made at every build: no dict each
class Mention:
    actor: str
    start: int  # offsets into the article body
    end: int


@dataclass(slots=True)
class QuoteSpan:
    """Where a curated quote (or evidence) stands in its article body."""

    start: int
    end: int
    paragraph: int  # 1-based paragraph number, the anchor `p-N` of the article page
    line: int  # the file line, for diagnostics


@dataclass
class ActorLinks:
    actions_by: list[str] = field(default_factory=list)
    actions_targeting: list[str] = field(default_factory=list)
    quotes_by: list[str] = field(default_factory=list)
    quotes_about: list[str] = field(default_factory=list)
    affiliated_with: list[Affiliation] = field(default_factory=list)  # the actor's own affiliations
    members: list[tuple[str, Affiliation]] = field(default_factory=list)  # (member id, affiliation)
    country_of: list[str] = field(default_factory=list)  # actors whose country this is
    mentioned_in: list[tuple[str, int]] = field(default_factory=list)  # (article id, count)
    mention_total: int = 0
    related: list[tuple[str, int]] = field(default_factory=list)  # (actor id, shared facts)


@dataclass
class ArticleLinks:
    actions: list[str] = field(default_factory=list)  # actions citing it
    quotes: list[str] = field(default_factory=list)  # quotes taken from it
    mentions: list[Mention] = field(default_factory=list)
    mention_counts: list[tuple[str, int]] = field(default_factory=list)  # (actor id, count)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # (start, end) offsets
    quote_spans: dict[str, list[QuoteSpan]] = field(default_factory=dict)  # quote id -> spans
    evidence: dict[tuple[str, int], QuoteSpan] = field(default_factory=dict)  # (action id, source index)


@dataclass
class Briefing:
    actors: dict[str, Actor] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    actor_links: dict[str, ActorLinks] = field(default_factory=dict)
    article_links: dict[str, ArticleLinks] = field(default_factory=dict)
    action_quotes: dict[str, list[str]] = field(default_factory=dict)  # action id -> quote ids
    # Action and quote ids oldest first (partial dates first in their year or month, then by
    # id): the order derive goes through them in, which the pages' orderings start from.
    action_order: list[str] = field(default_factory=list)
    quote_order: list[str] = field(default_factory=list)
    # Article id -> SHA-1 (hex) of its body (made by validate.print_records, kept in the cache):
    # the key of the build cache's text searches, and the body's fingerprint for the page
    # cache. Empty without the build cache, which is the only user of either.
    body_hashes: dict[str, str] = field(default_factory=dict)
