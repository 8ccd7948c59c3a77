"""What each page shows: the list of pages to render and the orderings and groupings they
share, computed once per build from the model. Plain data; templates only format it."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import Any

from .link import by_date, date_key, in_date_order
from .model import ACTOR_TYPES, Action, Briefing, Quote
from .pages import (INDEXES, TIMELINE, actor_period_path, articles_year_path, entity_path, home_path, timeline_day_path,
                    timeline_month_path, timeline_type_path, timeline_type_year_path, timeline_year_path)
from .textmatch import fold_accents

# English month names, fixed: `calendar.month_name` follows the locale (and calls strftime).
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

class Timeline(list):  # list[tuple[int, list[tuple[int, list[tuple[str, Any]]]]]]
    """Entries by year, then month: [(year, [(month, [(kind, record), ...]), ...]), ...]. A type
    of its own so that the page cache can fingerprint it flat (pagecache.Tracker._shape)."""

# A timeline with more entries than this becomes a page per year (a year with more, a page per
# month; a month with more than DAY_PAGES_OVER, a page per day), and the actions index lists
# years and types instead of every action: 30,000 actions on one page make 12 MB of Markdown
# that no browser shows well, and editing one action would redraw all of it.
YEAR_PAGES_OVER = 2000
DAY_PAGES_OVER = 2000  # a month of 3,416 entries, in one test shape at 10,000 articles: 1.3 MB


def build_timeline(actions: list[Action], quotes: list[Quote]) -> Timeline:
    """Entries grouped by year, then month, oldest first. A date known only to the year sorts
    first in its year (month 0, "sometime in 2024"), one known to the month first in it. On
    a day, actions come before quotes, each kind by id."""
    return _timeline(sorted(actions, key=by_date), sorted(quotes, key=by_date))


def _timeline(actions: list[Action], quotes: list[Quote]) -> Timeline:
    """build_timeline of actions and quotes already each in by_date order (link.in_date_order):
    sorted by date and kind only, which keeps each kind's ties in id order (a stable sort,
    merging two sorted runs), without a key function call per entry (0.14 s at 10,000
    articles of one test shape)."""
    entries: list[tuple[tuple[int, int, int], str, Any]] = [(date_key(a.date), "action", a) for a in actions]
    entries += [(date_key(q.date), "quote", q) for q in quotes if q.date]
    entries.sort(key=itemgetter(0, 1))
    timeline = Timeline()
    for key, kind, item in entries:
        if not timeline or timeline[-1][0] != key[0]:
            timeline.append((key[0], []))
        months = timeline[-1][1]
        if not months or months[-1][0] != key[1]:
            months.append((key[1], []))
        months[-1][1].append((kind, item))
    return timeline


# What a timeline page's template reads besides the timeline itself, for the plain page; each
# kind of timeline page (a type's, a year's, a month's, the list of years) sets its own.
_TIMELINE_PAGE: dict[str, Any] = {"action_type": None, "year": None, "month": None, "day": None, "years": None,
                                  "months": None, "days": None, "before": None, "after": None}


def _counts(entries: list[tuple[str, Any]]) -> tuple[int, int]:
    actions = sum(kind == "action" for kind, _ in entries)
    return actions, len(entries) - actions


def year_counts(timeline: Timeline) -> list[tuple[int, int, int]]:
    """(year, actions, quotes) for each year of a timeline, oldest first."""
    return [(year, *_counts([e for _, entries in months for e in entries])) for year, months in timeline]


# A type's timeline with more entries than this becomes a page per year (a year stays one page,
# however long): the busiest type of a 10,000-article briefing made a 1.1 MB page, which any
# edit of one of its actions redrew.
TYPE_YEAR_PAGES_OVER = 2000


def _type_timeline_jobs(action_type: str, of_type: Timeline) -> list[tuple[str, str, dict[str, Any]]]:
    """A type's timeline page; when long (see TYPE_YEAR_PAGES_OVER) it lists the years, and each
    year gets a page linking the years either side."""
    page = {**_TIMELINE_PAGE, "action_type": action_type}
    if sum(len(entries) for _, months in of_type for _, entries in months) <= TYPE_YEAR_PAGES_OVER:
        return [(timeline_type_path(action_type), "timeline", {**page, "timeline": of_type})]
    jobs = [(timeline_type_path(action_type), "timeline", {**page, "timeline": Timeline(), "years": year_counts(of_type)})]
    for i, (year, months) in enumerate(of_type):
        jobs.append((timeline_type_year_path(action_type, year), "timeline",
                     {**page, "year": year, "timeline": Timeline([(year, months)]),
                      "before": (of_type[i - 1][0], None) if i else None,
                      "after": (of_type[i + 1][0], None) if i + 1 < len(of_type) else None}))
    return jobs


def _timeline_jobs(b: Briefing, timeline: Timeline) -> list[tuple[str, str, dict[str, Any]]]:
    """The timeline page; when it is long (see YEAR_PAGES_OVER) a page per year, and a page per
    month for a year that is long itself; then the actions index, which lists years and types
    instead of every action in that case. `before`/`after`: (year, month or None) of the pages
    either side, for links."""
    plain = _TIMELINE_PAGE
    if sum(len(entries) for _, months in timeline for _, entries in months) <= YEAR_PAGES_OVER:
        return [(TIMELINE, "timeline", plain), (INDEXES["action"], "actions_index", {"years": None, "types": None})]
    years = year_counts(timeline)
    types: dict[str, int] = {}
    for action in b.actions.values():
        types[action.type] = types.get(action.type, 0) + 1
    jobs = [(TIMELINE, "timeline", {**plain, "timeline": Timeline(), "years": years}),
            (INDEXES["action"], "actions_index", {"years": years, "types": sorted(types.items())})]
    for i, (year, months) in enumerate(timeline):
        sides = {"before": (timeline[i - 1][0], None) if i else None,
                 "after": (timeline[i + 1][0], None) if i + 1 < len(timeline) else None}
        if sum(len(entries) for _, entries in months) <= YEAR_PAGES_OVER:
            jobs.append((timeline_year_path(year), "timeline",
                         {**plain, **sides, "year": year, "timeline": Timeline([(year, months)])}))
            continue
        jobs.append((timeline_year_path(year), "timeline",
                     {**plain, **sides, "year": year, "timeline": Timeline(),
                      "months": [(month, *_counts(entries)) for month, entries in months]}))
        for j, (month, entries) in enumerate(months):
            sides = {"before": (year, months[j - 1][0]) if j else None,
                     "after": (year, months[j + 1][0]) if j + 1 < len(months) else None}
            if len(entries) <= DAY_PAGES_OVER or month == 0:
                jobs.append((timeline_month_path(year, month), "timeline",
                             {**plain, **sides, "year": year, "month": month,
                              "timeline": Timeline([(year, [(month, entries)])])}))
                continue
            days = [(day, list(of_day)) for day, of_day in groupby(entries, key=lambda e: date_key(e[1].date)[2])]
            jobs.append((timeline_month_path(year, month), "timeline",
                         {**plain, **sides, "year": year, "month": month, "timeline": Timeline(),
                          "days": [(day, *_counts(of_day)) for day, of_day in days]}))
            for k, (day, of_day) in enumerate(days):
                jobs.append((timeline_day_path(year, month, day), "timeline",
                             {**plain, "year": year, "month": month, "day": day,
                              "timeline": Timeline([(year, [(month, of_day)])]),
                              "before": days[k - 1][0] if k else None,
                              "after": days[k + 1][0] if k + 1 < len(days) else None}))
    return jobs


# An actor page whose lists (actions by and on it, quotes by and about it, articles that mention
# it) hold more entries than this shows the newest few of each and a table of years, and each
# year gets a page of its own (a long year, a page per month). In a briefing where one actor is
# in most facts its page would otherwise hold megabytes (8.8 MB at 10,000 articles in one test
# shape), which no browser shows well, and an edit to any of its facts would redraw all of it.
ACTOR_PAGES_OVER = 2000
ACTOR_LATEST = 20  # entries of each list a long actor's own page still shows
ACTOR_LISTS = ("actions_by", "actions_targeting", "quotes_by", "quotes_about", "mentioned_in")

_PERIOD_PAGE: dict[str, Any] = {"year": None, "month": None, "months": None, "before": None, "after": None}

Lists = dict[str, list[Any]]  # one list of ActorLinks' ACTOR_LISTS, each in its own order
Period = tuple[int, int]  # (year, month); month 0: dated only to the year


def _list_counts(lists: Lists) -> tuple[int, ...]:
    return tuple(len(lists[name]) for name in ACTOR_LISTS)


class _Periods(dict):
    """Record id -> 'YYYY-MM' or 'YYYY' (its date's first 7 characters; validated dates), filled
    as asked. These sort as the periods do (a year alone before its months)."""

    def __init__(self, b: Briefing) -> None:
        super().__init__()
        self.b = b

    def __missing__(self, record_id: str) -> str:
        b = self.b
        record = b.actions.get(record_id) or b.quotes.get(record_id) or b.articles[record_id]
        period = self[record_id] = (record.date or "0000")[:7]
        return period


def _period(text: str) -> Period:
    return (int(text[:4]), int(text[5:7]) if len(text) > 4 else 0)


def _actor_periods(b: Briefing, actor_id: str, when: _Periods) -> dict[Period, Lists]:
    """The actor's lists split by the year and month of each entry's date (an article's for
    the articles that mention it), each in the order of the whole list, periods oldest first.
    `when` is shared by all actors (ids are unique across kinds)."""
    rel = b.actor_links[actor_id]
    periods: dict[str, Lists] = {}
    for name in ACTOR_LISTS:
        entries = getattr(rel, name)
        # The first four lists are in date order, so each period is one run (groupby, in C);
        # the articles are in mention order and come one by one.
        runs = groupby(entries, key=when.__getitem__) if name != "mentioned_in" else \
            ((when[entry[0]], (entry,)) for entry in entries)
        for period, run in runs:
            lists = periods.get(period)
            if lists is None:
                lists = periods[period] = {n: [] for n in ACTOR_LISTS}
            lists[name].extend(run)
    return {_period(text): periods[text] for text in sorted(periods)}


def _actor_jobs(b: Briefing, actor_id: str, when: _Periods) -> list[tuple[str, str, dict[str, Any]]]:
    """The actor's page; when its lists are long (see ACTOR_PAGES_OVER), also a page per year
    and, for a long year, a page per month. `periods` on the actor's page: (year, counts of
    each list) oldest first; `before`/`after` on a period page: the periods either side."""
    actor, rel = b.actors[actor_id], b.actor_links[actor_id]
    path = entity_path("actor", actor_id)
    if sum(len(getattr(rel, name)) for name in ACTOR_LISTS) <= ACTOR_PAGES_OVER:
        return [(path, "actor", {"actor": actor, "rel": rel, "periods": None, "latest": ACTOR_LATEST})]
    by_month = _actor_periods(b, actor_id, when)
    years: dict[int, dict[int, Lists]] = {}
    for (year, month), lists in by_month.items():
        years.setdefault(year, {})[month] = lists
    counts = [(year, *map(sum, zip(*(_list_counts(lists) for lists in months.values()))))
              for year, months in years.items()]
    jobs = [(path, "actor", {"actor": actor, "rel": rel, "periods": counts, "latest": ACTOR_LATEST})]
    order = list(years)
    rank = {e[0]: n for n, e in enumerate(rel.mentioned_in)}  # the whole list's order: most mentions first
    for i, (year, months) in enumerate(years.items()):
        sides = {"before": (order[i - 1], None) if i else None,
                 "after": (order[i + 1], None) if i + 1 < len(order) else None}
        whole = {name: [e for lists in months.values() for e in lists[name]] for name in ACTOR_LISTS}
        whole["mentioned_in"].sort(key=lambda e: rank[e[0]])
        if sum(_list_counts(whole)) <= ACTOR_PAGES_OVER:
            jobs.append((actor_period_path(actor_id, year), "actor_period",
                         {"actor": actor, **_PERIOD_PAGE, **sides, "year": year, "lists": whole}))
            continue
        jobs.append((actor_period_path(actor_id, year), "actor_period",
                     {"actor": actor, **_PERIOD_PAGE, **sides, "year": year, "lists": None,
                      "months": [(month, *_list_counts(lists)) for month, lists in months.items()]}))
        month_order = list(months)
        for j, (month, lists) in enumerate(months.items()):
            jobs.append((actor_period_path(actor_id, year, month), "actor_period",
                         {"actor": actor, **_PERIOD_PAGE, "year": year, "month": month, "lists": lists,
                          "before": (year, month_order[j - 1]) if j else None,
                          "after": (year, month_order[j + 1]) if j + 1 < len(month_order) else None}))
    return jobs


def timelines_by_type(b: Briefing, timeline: Timeline) -> dict[str, Timeline]:
    """Each action type's timeline: its actions and the dated quotes on them, in the order of
    the whole timeline (the same sort key), taken from it in one pass instead of sorted again.
    The entries are the whole timeline's own (kind, record) pairs (pagecache.py makes the bytes
    of each pair once)."""
    out: dict[str, Timeline] = {}
    for year, months in timeline:
        for month, entries in months:
            for entry in entries:
                kind, item = entry
                if kind == "action":
                    action_type = item.type
                elif item.action in b.actions:
                    action_type = b.actions[item.action].type
                else:
                    continue
                of_type = out.get(action_type)
                if of_type is None:
                    of_type = out[action_type] = Timeline()
                if not of_type or of_type[-1][0] != year:
                    of_type.append((year, []))
                its_months = of_type[-1][1]
                if not its_months or its_months[-1][0] != month:
                    its_months.append((month, []))
                its_months[-1][1].append(entry)
    return out


def _quotes_index_job(b: Briefing) -> tuple[str, str, dict[str, Any]]:
    """The quotes index; when long (see YEAR_PAGES_OVER), the speakers with their counts instead
    of every quote (each speaker's page lists theirs): 30,000 quotes made a 9 MB index that every
    quote edit redrew."""
    if len(b.quotes) <= YEAR_PAGES_OVER:
        return (INDEXES["quote"], "quotes_index", {"speakers": None})
    counts: dict[str, int] = {}
    for quote in b.quotes.values():
        counts[quote.speaker] = counts.get(quote.speaker, 0) + 1
    speakers = sorted(counts.items(), key=lambda item: (b.actors[item[0]].name.casefold(), item[0]))
    return (INDEXES["quote"], "quotes_index", {"speakers": speakers})


def _articles_index_jobs(b: Briefing) -> list[tuple[str, str, dict[str, Any]]]:
    """The articles index; when long (see YEAR_PAGES_OVER), the years with their counts and a
    page per year, newest first, each linking the years either side."""
    plain: dict[str, Any] = {"years": None, "year": None, "articles": None, "before": None, "after": None}
    if len(b.articles) <= YEAR_PAGES_OVER:
        return [(INDEXES["article"], "articles_index", plain)]
    by_year: dict[int, list[Any]] = {}
    for article in sorted(b.articles.values(), key=lambda a: (a.date, a.id), reverse=True):
        by_year.setdefault(date_key(article.date)[0], []).append(article)
    years = list(by_year)  # newest first
    jobs = [(INDEXES["article"], "articles_index", {**plain, "years": [(y, len(by_year[y])) for y in years]})]
    for i, year in enumerate(years):
        jobs.append((articles_year_path(year), "articles_index",
                     {**plain, "year": year, "articles": by_year[year],
                      "before": years[i + 1] if i + 1 < len(years) else None, "after": years[i - 1] if i else None}))
    return jobs


def timeline_jobs(b: Briefing, timeline: Timeline) -> list[tuple[str, str, dict[str, Any]]]:
    """The jobs of page_jobs whose template is the timeline's, made as page_jobs makes them: a
    rebuild's worker fingerprints their page values (printsahead.py)."""
    long_lists = _timeline_jobs(b, timeline)
    jobs = [long_lists[0], *long_lists[2:]]
    for action_type, of_type in sorted(timelines_by_type(b, timeline).items()):
        jobs += _type_timeline_jobs(action_type, of_type)
    return jobs


def page_jobs(b: Briefing, timeline: Timeline) -> list[tuple[str, str, dict[str, Any]]]:
    """(output path, template key, page-specific context) for every page, in a fixed order.
    `timeline` is the whole briefing's (shared_context's)."""
    long_lists = _timeline_jobs(b, timeline)
    jobs: list[tuple[str, str, dict[str, Any]]] = [
        (home_path(page.path for page in b.pages), "home", {}),
        (INDEXES["actor"], "actors_index", {}),
        long_lists[1],
        _quotes_index_job(b),
        *_articles_index_jobs(b),
        long_lists[0],
        *long_lists[2:],
    ]
    for action_type, of_type in sorted(timelines_by_type(b, timeline).items()):
        jobs += _type_timeline_jobs(action_type, of_type)
    when = _Periods(b)
    for actor_id in sorted(b.actors):
        jobs += _actor_jobs(b, actor_id, when)
    for action_id in sorted(b.actions):
        jobs.append((entity_path("action", action_id), "action", {"action": b.actions[action_id]}))
    for quote_id in sorted(b.quotes):
        jobs.append((entity_path("quote", quote_id), "quote", {"quote": b.quotes[quote_id]}))
    for article_id in sorted(b.articles):
        jobs.append((entity_path("article", article_id), "article",
                     {"article": b.articles[article_id], "rel": b.article_links[article_id]}))
    return jobs


def search_spellings(names: list[str]) -> list[str]:
    """Accent-free spellings of names that have accents, so that site search finds
    "Edmundo González" for "Gonzalez" (lunr-based MkDocs and Material search do not fold
    accents: mkdocs#2128, material#1603)."""
    seen = set(names)
    out = []
    for name in names:
        folded = fold_accents(name)
        if folded not in seen:
            seen.add(folded)
            out.append(folded)
    return out


def shared_context(b: Briefing) -> dict[str, Any]:
    """Orderings several pages use, computed once per build."""
    actions_oldest, quotes_oldest = in_date_order(b)
    # Reversed, not sorted again: no two actions (or quotes) share a sort key, as ids differ.
    actions_newest, quotes_newest = actions_oldest[::-1], quotes_oldest[::-1]
    articles_newest = sorted(b.articles.values(), key=lambda a: (a.date, a.id), reverse=True)
    actors_by_type = {t: sorted((a for a in b.actors.values() if a.type == t), key=lambda a: (a.name.casefold(), a.id))
                      for t in ACTOR_TYPES}
    most_mentioned = sorted((a for a in b.actor_links if b.actor_links[a].mention_total),
                            key=lambda a: (-b.actor_links[a].mention_total, b.actors[a].name.casefold(), a))
    figures = sorted((a for a in b.actions.values() if a.count is not None),
                     key=lambda a: (-(a.count or 0), a.id))
    action_types = sorted({a.type for a in b.actions.values()})
    return {
        "b": b, "actions_newest": actions_newest, "quotes_newest": quotes_newest,
        "articles_newest": articles_newest, "actors_by_type": actors_by_type,
        "most_mentioned": most_mentioned, "figures": figures, "action_types": action_types,
        "timeline": _timeline(actions_oldest, quotes_oldest),
        "month_name": MONTHS, "actor_types": ACTOR_TYPES,
        "timeline_type_path": timeline_type_path, "timeline_year_path": timeline_year_path,
        "timeline_type_year_path": timeline_type_year_path,
        "timeline_month_path": timeline_month_path, "timeline_day_path": timeline_day_path,
        "actor_period_path": actor_period_path,
        "articles_year_path": articles_year_path,
        "entity_path": entity_path,
        "search_spellings": search_spellings,
    }
