"""Stage 3, link: resolve every reference, check facts against articles, derive relations once.

Everything has been loaded before this runs (the mkdocs build.py rule: gather all data, then
resolve). Reverse relations are computed here, in one pass over the facts, the way
followthemoney derives reverse properties: templates never search the model.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import chain
from typing import Any

from .desclinks import check_description_links
from .factchecks import check_facts, unreferenced_actors, warn_unused
from .fields import ID_HINT, ID_MAX_LENGTH, closest
from .mentions import MentionMatcher
from .model import Action, Actor, ActorLinks, Article, ArticleLinks, Briefing, Mention, Origin, Quote, QuoteSpan
from .problems import Problem, Problems
from .textmemo import TextMemo, mention_counts, paragraphs_of
from .textmatch import FoldedText, find_whole, fold_quote_text, is_whole, quote_view
from .validate import Records, body_print

Record = Actor | Action | Quote | Article
RELATED_LIMIT = 10


@lru_cache(maxsize=65536)  # a pure function of a few thousand distinct dates, called per record per sort
def date_key(value: str | None) -> tuple[int, int, int]:
    """Sort key for full and partial dates: 2024 < 2024-07 < 2024-07-01 < 2024-08."""
    if not value:
        return (0, 0, 0)
    parts = [int(p) for p in value.split("-")] + [0, 0]
    return (parts[0], parts[1], parts[2])


# The record fields this stage may set after validation (a quote's date from its article), on
# a copy of the record. Everything else is as its file says, which lets the page cache trust a
# fingerprint taken when the file was parsed (pagecache.py); a test checks that link changes
# nothing in the records themselves.
LINK_SETS = {"quote": ("date",)}


def _copied(record: Quote) -> Quote:
    """A shallow copy of a record, as copy.copy makes it, without its trip through
    __reduce_ex__ (most quotes of a briefing may take their article's date: 21,000 copies,
    a tenth of a second at 10,000 articles of one test shape)."""
    clone = object.__new__(type(record))
    clone.__dict__.update(record.__dict__)
    return clone


def _kind_name(kind: str) -> str:
    return {"actor": "an actor", "action": "an action", "quote": "a quote", "article": "an article"}[kind]


def top_related(counts: dict[str, int], name_of: Callable[[str], str],
                limit: int = RELATED_LIMIT) -> list[tuple[str, int]]:
    """The `limit` actors sharing the most facts with one, as (id, count): most first, then by
    name (case folded) and id. Only the counts that can make the first `limit` are ranked by
    name: a busy actor shares facts with thousands, and sorting them all (a name look-up each)
    grew faster than the briefing (3.2 million pairs at 10,000 articles against 180,000 at
    1,000, in a shape whose actors grow with the articles)."""
    candidates: Iterable[tuple[str, int]] = counts.items()
    if len(counts) > limit:
        least = heapq.nlargest(limit, counts.values())[-1]
        candidates = [item for item in candidates if item[1] >= least]
    return sorted(candidates, key=lambda item: (-item[1], name_of(item[0]).casefold(), item[0]))[:limit]


class _Linker:
    def __init__(self, records: Records, problems: Problems, memo: TextMemo | None = None) -> None:
        self.records = records
        self.problems = problems
        self.memo = memo if memo is not None else TextMemo()
        self.paragraph_starts: dict[str, list[int]] = {}
        self.briefing = Briefing()
        self.body_hashes = self.briefing.body_hashes  # filled as texts are searched (every article's)
        # Without a memo from the build cache nothing is remembered between builds, so bodies
        # need no hash: a text search is keyed by the article's id (cheaper by 54 MB of hashing).
        self.hash_bodies = memo is not None
        self.kind_of: dict[str, str] = {}  # id -> the first kind registered with it
        self.tables: dict[str, dict[str, Record]] = {}  # kind -> the briefing's records of that kind, by id
        # Ids that records of more than one kind use (kinds in registration order), and the
        # references that resolved to each of those records (see report_shared_ids).
        self.shared: dict[str, list[str]] = {}
        self.shared_refs: Counter[tuple[str, str]] = Counter()

    def error(self, origin: Origin | None, field: str, rule: str, message: str) -> None:
        assert origin is not None
        line, col = origin.of(field) if field else (origin.line, origin.column)
        self.problems.add(origin.path, line, col, rule, message)

    # --- ids --------------------------------------------------------------------------------

    def register_ids(self) -> None:
        """Each record into the table of its kind. A second record of the same kind and id is
        reported and dropped (a reference could not tell the two apart). Records of different
        kinds sharing an id are all kept, since references are typed (a `by:` looks for an
        actor): the id is reported once, in `report_shared_ids`, and nothing cascades."""
        b = self.briefing
        groups: list[tuple[str, list, dict]] = [
            ("article", self.records.articles, b.articles),
            ("actor", self.records.actors, b.actors),
            ("action", self.records.actions, b.actions),
            ("quote", self.records.quotes, b.quotes),
        ]
        for kind, items, target in groups:
            self.tables[kind] = target
            for record in items:
                kept = target.get(record.id)
                if kept is not None:
                    self.report_duplicate(record, kind, kept, kind, 0, "or remove one of the two")
                    continue
                target[record.id] = record
                first = self.kind_of.setdefault(record.id, kind)
                if first != kind:
                    self.shared.setdefault(record.id, [first]).append(kind)
        b.pages = list(self.records.pages)

    def report_duplicate(self, record: Record, kind: str, other: Record, other_kind: str, other_refs: int,
                         alternative: str = "") -> None:
        """The id-duplicate error, on `record` (at its `id:`, or at the top of an article whose
        id is its file name), saying where `other` is and how to fix this one."""
        origin, other_origin = record.origin, other.origin
        assert origin is not None and other_origin is not None
        named = "id" in other_origin.fields
        where = f"{other_origin.path}:{other_origin.of('id')[0]}" if named else f"{other_origin.path} (its file name)"
        why = f", which {other_refs} reference{'s' if other_refs != 1 else ''} name" if other_refs else ""
        if kind != "article":
            fix = f"give this {kind} another id" + (f", {alternative}" if alternative else "")
        elif "id" in origin.fields:
            fix = "change this article's 'id:'"
        else:
            fix = "this article's id is its file name: rename the file, or give it another 'id:' in its front matter"
        line, col = origin.of("id") if "id" in origin.fields else (1, 1)
        self.problems.add(origin.path, line, col, "id-duplicate",
                          f"id '{record.id}' is already used by {_kind_name(other_kind)} at {where}{why}: "
                          f"ids must be unique across articles, actors, actions and quotes; {fix}")

    def report_shared_ids(self) -> None:
        """One error for each record whose id another kind also uses (after check_refs, which
        counted the references to each): the record that more references name keeps the id
        without complaint, as renaming the other touches fewer places (a new article named
        like a busy actor is the one reported); on a tie, the earlier kind in the order
        articles, actors, actions, quotes keeps it."""
        for record_id, kinds in sorted(self.shared.items()):
            ranked = sorted(kinds, key=lambda kind: -self.shared_refs[(record_id, kind)])  # stable: ties keep order
            keeper = ranked[0]
            for kind in ranked[1:]:
                self.report_duplicate(self.tables[kind][record_id], kind, self.tables[keeper][record_id], keeper,
                                      self.shared_refs[(record_id, keeper)])

    def free_id_hints(self) -> None:
        """An id-format error suggests the bad id as a slug (fields.py). Where a record has that
        id already, or an earlier such error suggests it, the first free `slug-2`, `slug-3`...
        instead: taking the hint must not lead to an id-duplicate error."""
        taken: set[str] | None = None  # made only if there is such an error

        def free(problem: Problem) -> str | None:
            nonlocal taken
            found = ID_HINT.search(problem.message)
            if found is None:
                return None
            if taken is None:
                taken = set(self.kind_of) | self.records.salvaged_ids
            hint = found[1]
            n = 1
            while hint in taken:
                n += 1
                hint = f"{found[1][:ID_MAX_LENGTH - len(str(n)) - 1].rstrip('-')}-{n}"
            taken.add(hint)
            return problem.message[:found.start(1)] + hint + problem.message[found.end(1):] if n > 1 else None

        self.problems.revise("id-format", free)

    # --- references -------------------------------------------------------------------------

    def check_ref(self, origin: Origin | None, field: str, value: str, want: str) -> bool:
        expected = "actor" if want == "country" else want
        table = self.tables[expected]
        record = table.get(value)
        if record is not None:
            if self.shared and value in self.shared:
                self.shared_refs[(value, expected)] += 1
            if want == "country" and record.type != "country":
                self.error(origin, field, "ref-wrong-kind",
                           f"country: '{value}' is an actor of type {record.type}; "
                           "it must name an actor of type country")
                return False
            return True
        kind = self.kind_of.get(value)
        if kind is None and value in self.records.salvaged_ids:
            return False  # defined in a file that could not be read: that error is reported
        if kind is None:
            pool = [i for i, r in table.items() if want != "country" or r.type == "country"]
            hint = closest(value, pool)
            extra = f" (did you mean '{hint}'?)" if hint else ""
            self.error(origin, field, "ref-unknown", f"{field.split('[')[0]}: no {expected} has the id '{value}'{extra}")
            return False
        self.error(origin, field, "ref-wrong-kind",
                   f"{field.split('[')[0]}: '{value}' is {_kind_name(kind)}, but {_kind_name(expected)} is needed here")
        return False

    def check_refs(self) -> None:
        b = self.briefing
        actors, articles, actions, shared = self.tables["actor"], self.tables["article"], self.tables["action"], self.shared
        # A reference to a record of its kind, with an id no other kind uses, needs nothing
        # more: only the others go through check_ref (and have their field named, `by[2]`;
        # formatting that for each of 250,000 valid references was most of this loop).
        for actor in b.actors.values():
            if actor.country:
                self.check_ref(actor.origin, "country", actor.country, "country")
            for aff in actor.affiliations:
                self.check_ref(aff.origin, "actor", aff.actor, "actor")
        for action in b.actions.values():
            for i, ref in enumerate(action.by):
                if ref not in actors or ref in shared:
                    self.check_ref(action.origin, f"by[{i}]", ref, "actor")
            for i, ref in enumerate(action.targets):
                if ref not in actors or ref in shared:
                    self.check_ref(action.origin, f"targets[{i}]", ref, "actor")
            for source in action.sources:
                if source.article not in articles or source.article in shared:
                    self.check_ref(source.origin, "article", source.article, "article")
        for quote in b.quotes.values():
            if quote.speaker and (quote.speaker not in actors or quote.speaker in shared):
                self.check_ref(quote.origin, "speaker", quote.speaker, "actor")
            if quote.source and (quote.source not in articles or quote.source in shared):
                self.check_ref(quote.origin, "source", quote.source, "article")
            for i, ref in enumerate(quote.about):
                if ref not in actors or ref in shared:
                    self.check_ref(quote.origin, f"about[{i}]", ref, "actor")
            if quote.action and (quote.action not in actions or quote.action in shared):
                self.check_ref(quote.origin, "action", quote.action, "action")

    # --- articles, quotes and evidence --------------------------------------------------------

    def index_articles(self) -> None:
        """Each article's paragraphs (its body comes normalised from validate.py), remembered
        by the hash of the body when there is a memo to keep."""
        memo = self.memo if self.hash_bodies else None
        article_links = self.briefing.article_links
        for article in self.briefing.articles.values():
            links = article_links[article.id] = ArticleLinks()
            if memo is None:
                links.paragraphs = paragraphs_of(article.body)
                continue
            body_hash = self.body_hash(article)
            known = memo.paragraphs.get(body_hash)
            if known is None:
                known = paragraphs_of(article.body)
            links.paragraphs = memo.used_paragraphs[body_hash] = known

    def locate(self, article: Article, offset: int) -> tuple[int, int]:
        """(paragraph number from 1, file line) of a body offset."""
        starts = self.paragraph_starts.get(article.id)
        if starts is None:
            starts = self.paragraph_starts[article.id] = [p[0] for p in self.briefing.article_links[article.id].paragraphs]
        paragraph = max(1, bisect.bisect_right(starts, offset))
        return paragraph, article.body_line + article.body.count("\n", 0, offset)

    def find_in_article(self, article: Article, view: str, folded: dict[str, FoldedText], text: str,
                        origin: Origin | None, field: str, rule: str, what: str) -> QuoteSpan | None:
        needle = fold_quote_text(text)
        # Fast path: in the body with each white space character as one space (one character
        # for one), a needle with single spaces is found where the text is spaced normally.
        at = find_whole(view, needle) if needle else -1
        found = (at, at + len(needle)) if at >= 0 else None
        if needle and (found is None or not is_whole(view, at, needle)):
            # The contract's full rule (any run of white space is one space), built once. It
            # finds all the fast path finds and more: maybe the quote as whole words.
            if article.id not in folded:
                folded[article.id] = FoldedText.of(article.body)
            found = folded[article.id].find(needle) or found
        if found is None:
            message = f"{what} does not occur in article '{article.id}'"
            # The slow, friendly part runs only for a quote that failed.
            near = folded[article.id].closest_passage(needle) if article.id in folded else None
            if near is not None:
                offset, passage = near
                _, line = self.locate(article, offset)
                message += f"; did you mean: '{passage}' (line {line})"
            self.error(origin, field, rule, message + " (compared after folding spaces, curly quotes and dashes; case matters)")
            return None
        paragraph, line = self.locate(article, found[0])
        return QuoteSpan(found[0], found[1], paragraph, line)

    def check_texts(self) -> None:
        """Quotes and evidence against their articles, one article at a time: each body is
        folded once, for all the texts that cite it, and dropped after."""
        b = self.briefing
        articles, quotes = b.articles, b.quotes
        # Per article: (text, a quote's?, the key of its span in the article's links, origin)
        # of each quote citing it, then of each evidence: 55,000 texts at 10,000 articles, most
        # found in the memo, so this loop is kept to what a remembered text needs.
        work: dict[str, list[tuple[str, bool, Any, Origin | None]]] = defaultdict(list)
        for quote_id, quote in list(quotes.items()):
            cited = quote.source
            if cited in articles:
                if not quote.date:
                    # A copy, not the record: a record is as its file says, and it may be held
                    # for the next build (the build cache's memory under `mkdocs serve`).
                    quote = quotes[quote_id] = _copied(quote)
                    quote.date = articles[cited].date
                if quote.text:
                    work[cited].append((quote.text, True, quote_id, quote.origin))
        for action in b.actions.values():
            for index, source in enumerate(action.sources):
                if source.evidence and source.article in articles:
                    work[source.article].append((source.evidence, False, (action.id, index), source.origin))
        remembered, used = self.memo.spans.get, self.memo.used_spans
        for article_id in sorted(work):
            article = articles[article_id]
            body_hash, body_line = self.body_hash(article), article.body_line
            view: str | None = None  # the folded body, made only if a text is not remembered
            folded: dict[str, FoldedText] = {}
            links = b.article_links[article_id]
            for text, is_quote, key, origin in work[article_id]:
                memo_key = (body_hash, text)
                known = remembered(memo_key)
                if known is not None:
                    span: QuoteSpan | None = QuoteSpan(known[0], known[1], known[2], body_line + known[3])
                else:
                    if view is None:
                        view = quote_view(article.body)
                    span = (self.find_in_article(article, view, folded, text, origin, "text", "quote-not-in-source",
                                                 "quote text") if is_quote else
                            self.find_in_article(article, view, folded, text, origin, "evidence",
                                                 "evidence-not-in-source", "evidence"))
                    if span is None:
                        continue
                    known = (span.start, span.end, span.paragraph, span.line - body_line)
                used[memo_key] = known  # the same tuple when remembered: saving compares identity
                if is_quote:
                    links.quote_spans[key] = [span]
                else:
                    links.evidence[key] = span

    def body_hash(self, article: Article) -> str:
        """What the text memo keys an article's body by: the hash validate.py made of it (kept
        in the cache with the record), else one made now; without the cache, its id (see
        __init__)."""
        found = self.body_hashes.get(article.id)
        if found is None:
            if not self.hash_bodies:
                return article.id
            found = self.body_hashes[article.id] = article.__dict__.get("body_print") or body_print(article.body)
        return found

    # --- reverse relations ------------------------------------------------------------------

    def derive(self) -> None:
        b = self.briefing
        links = {actor_id: ActorLinks() for actor_id in sorted(b.actors)}
        b.actor_links = links
        # The facts of more than one actor each actor is in (as its distinct known actors,
        # in the fact's order): who shares facts with whom is counted from them per actor
        # after the loops, in C (a Counter of the actors of its facts), not pair by pair in
        # Python. Where facts name many actors (benchmarks/independent: 510,000 pairs from
        # 46,000 facts of 2 to 11 actors) this stage took 0.91 s instead of 1.01 s (medians
        # of 7 runs alternated in one process).
        facts_of: dict[str, list[list[str]]] = defaultdict(list)
        # Each actor's id as its record has it. A reference read from the build cache is a copy
        # of its own (each cached file unpickles its strings apart): counted as keys, 4.5
        # million pairs of copies scattered in memory took 4.3 s on benchmarks/third at 10,000
        # articles, against 1.7 s with one string per actor.
        own_id = {actor_id: actor_id for actor_id in links}.get

        def related(ids: list[str]) -> None:
            # Distinct known actors, in the fact's order.
            known = [i for i in map(own_id, dict.fromkeys(ids)) if i is not None]
            if len(known) > 1:
                for actor_id in known:
                    facts_of[actor_id].append(known)

        get = links.get

        def credit(refs: list[str], field: str, record_id: str) -> None:
            """The record on the list `field` of each known actor of `refs`, once each. One
            actor on a side of a fact, mostly: a list of one is not made distinct (a dict each)."""
            for ref in refs if len(refs) < 2 else dict.fromkeys(refs):
                found = get(ref)
                if found is not None:
                    getattr(found, field).append(record_id)

        # A fact of one actor relates no one (50,000 facts at 10,000 articles).
        article_links = b.article_links
        actions = sorted(b.actions.values(), key=by_date)
        b.action_order = [action.id for action in actions]
        for action in actions:
            action_id = action.id
            by, targets = action.by, action.targets
            credit(by, "actions_by", action_id)
            credit(targets, "actions_targeting", action_id)
            if len(by) + len(targets) > 1:
                related(by + targets)
            for source in action.sources:
                cited = article_links.get(source.article)
                if cited is not None and action_id not in cited.actions:
                    cited.actions.append(action_id)
        quotes = sorted(b.quotes.values(), key=by_date)
        b.quote_order = [quote.id for quote in quotes]
        for quote in quotes:
            quote_id = quote.id
            speaker, about = quote.speaker, quote.about
            found = get(speaker)  # None (no speaker) is no actor's id
            if found is not None:
                found.quotes_by.append(quote_id)
            credit(about, "quotes_about", quote_id)
            if about:
                related([speaker, *about])
            cited = article_links.get(quote.source)
            if cited is not None:
                cited.quotes.append(quote_id)
            if quote.action in b.actions:
                b.action_quotes.setdefault(quote.action, []).append(quote_id)
        for actor in b.actors.values():
            for aff in actor.affiliations:
                if aff.actor in links:
                    links[actor.id].affiliated_with.append(aff)
                    links[aff.actor].members.append((actor.id, aff))
                    related([actor.id, aff.actor])
            if actor.country in links:
                links[actor.country].country_of.append(actor.id)
        for actor_links in links.values():
            if len(actor_links.country_of) > 1:
                actor_links.country_of.sort(key=lambda i: (b.actors[i].name.casefold(), i))
            if len(actor_links.members) > 1:
                actor_links.members.sort(key=lambda m: (b.actors[m[0]].name.casefold(), m[0]))
        def name_of(actor_id: str) -> str:
            return b.actors[actor_id].name

        for actor_id, facts in facts_of.items():
            counts = Counter(chain.from_iterable(facts))
            del counts[actor_id]  # in each of its facts
            links[actor_id].related = top_related(counts, name_of)

    def find_mentions(self, only_for: set[str] | None = None) -> None:
        """Every article's mentions of actors. `only_for` (`briefing check`, where mentions
        matter only for `actor-unused`): the actors in no fact. An article is then searched in
        full only where one of their names occurs, which a regex of their names alone finds
        (none, mostly: the pass is skipped). It finds a name wherever the full search would
        credit it, so the same actors are found mentioned. (benchmarks/third at 10,000 articles:
        `briefing check` took 16.8 s searching all 195 MB of articles, 11.6 s with this.)"""
        b = self.briefing
        matcher = MentionMatcher.for_actors(list(b.actors.values()))
        for text, kept, other in matcher.ambiguous:
            origin = b.actors[other].origin
            assert origin is not None
            self.problems.warn(origin.path, origin.line, origin.column, "alias-ambiguous",
                               f"'{text}' is also a name or alias of '{kept}'; mentions go to '{kept}'")
        for owner, alias, other in matcher.aliases_inside_names(list(b.actors.values())):
            origin = b.actors[owner].origin
            assert origin is not None
            index = b.actors[owner].aliases.index(alias) if alias in b.actors[owner].aliases else 0
            self.problems.warn(origin.path, *origin.of(f"aliases[{index}]"), "alias-inside-name",
                               f"alias '{alias}' of '{owner}' also stands inside a name of '{other}' "
                               f"('{b.actors[other].name}'): a short mention of '{other}' would count for '{owner}'")
        per_actor: dict[str, list[tuple[str, int]]] = defaultdict(list)
        names = hashlib.sha1(repr(sorted(matcher.owners.items())).encode("utf-8", "surrogatepass")).hexdigest()
        memo = self.memo
        first_pass = matcher.only(only_for) if only_for is not None else None
        for article in sorted(b.articles.values(), key=lambda a: (a.date, a.id), reverse=True):
            links = b.article_links[article.id]
            if self.hash_bodies:  # a memo to use and to fill for the build cache
                key = (names, self.body_hash(article))
                known = memo.mentions.get(key)
                if known is None and first_pass is not None and not first_pass.occurs_in(article.body):
                    continue
                if known is not None:
                    links.mentions = [Mention(actor, start, end) for actor, start, end in known[0]]
                    links.mention_counts = known[1]
                else:
                    links.mentions = matcher.find(article.body)
                    links.mention_counts = mention_counts(links.mentions)
                    known = ([(m.actor, m.start, m.end) for m in links.mentions], links.mention_counts)
                memo.used_mentions[key] = known
            elif first_pass is not None and not first_pass.occurs_in(article.body):
                continue
            else:
                links.mentions = matcher.find(article.body)
                links.mention_counts = mention_counts(links.mentions)
            for actor_id, count in links.mention_counts:
                per_actor[actor_id].append((article.id, count))
        for actor_id, found in per_actor.items():
            actor_links = b.actor_links.setdefault(actor_id, ActorLinks())  # all there after derive
            actor_links.mentioned_in = sorted(found, key=lambda item: -item[1])
            actor_links.mention_total = sum(count for _, count in found)


def link(records: Records, problems: Problems, memo: TextMemo | None = None, *,
         relations: bool = True) -> Briefing:
    """The linked briefing. `memo` (from the build cache) spares searching article texts again.
    Without `relations` (`briefing check`) the reverse relations that only pages show (who
    did what, related actors, what cites an article) are not derived: the same problems are
    found, about half a second sooner at 10,000 articles."""
    linker = _Linker(records, problems, memo)
    linker.register_ids()
    linker.free_id_hints()
    linker.check_refs()
    linker.report_shared_ids()
    check_facts(problems, linker.briefing.actors.values(), linker.briefing.actions.values(),
                linker.briefing.quotes.values())
    linker.index_articles()
    check_description_links(problems, linker.briefing)  # after index_articles: links to `#p-3` are checked
    linker.check_texts()
    if relations:
        linker.derive()
        linker.find_mentions()
    else:
        linker.find_mentions(only_for=unreferenced_actors(linker.briefing))
    warn_unused(problems, linker.briefing, derived=relations)
    return linker.briefing


def by_date(record: Action | Quote) -> tuple[str, str]:
    """The sort key of actions and quotes in time: date, then id. A valid date's text sorts as
    date_key does (YYYY, YYYY-MM, YYYY-MM-DD in ASCII digits: fields.py; a prefix first), and
    compares without being parsed: 50,000 records sorted at each build."""
    return (record.date or "", record.id)


def in_date_order(briefing: Briefing) -> tuple[list[Action], list[Quote]]:
    """All actions and all quotes, each oldest first (by_date): as derive ordered them, or
    sorted now for a briefing linked without the relations."""
    if len(briefing.action_order) == len(briefing.actions) and len(briefing.quote_order) == len(briefing.quotes):
        return ([briefing.actions[i] for i in briefing.action_order],
                [briefing.quotes[i] for i in briefing.quote_order])
    return sorted(briefing.actions.values(), key=by_date), sorted(briefing.quotes.values(), key=by_date)
