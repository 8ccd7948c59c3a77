#!/usr/bin/env python3
"""Independent maker of a synthetic briefing content folder.

Follows only docs/content-format.md (content format, version 1).

It was written from the content contract alone (docs/content-format.md),
independently of benchmarks/make_briefing.py and of the generator, to check the
benchmark targets on a briefing of another shape (`benchmarks/run.py --maker`).

Usage: python3 benchmarks/independent/make.py --articles N --out DIR [--seed S] [--with-index-page]

Writes DIR/content/articles/<source-slug>/<year>/<stem>.md,
DIR/content/facts/actors.yml (a fixed pool of 400 actors),
DIR/content/facts/events/<year>/<month>/<article-id>.yaml (one sidecar per article)
and, with --with-index-page, DIR/content/pages/index.md.  Standard library only; deterministic for a
given (articles, seed): one random.Random, no set iteration, no hash order.
Prints one line of JSON with counts on stdout.
"""

import argparse
import datetime
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from facts import Ids, Y, actors_yaml, build_actors, dq, sq  # noqa: E402
from text import (ACTION_TYPES, ADJ, CITIES, DAY0, FIRST, LANGS, LAST, NDAYS, NOUN,  # noqa: E402
                  OUTLETS, STATUSES, WEEKDAY, add_according, cap, fold, insert_markup,
                  mention_tokens, plain_sentence, quote_inner, quote_sentence,
                  render_paragraph, slugify)

# --------------------------------------------------------------------------
# articles

def lognorm_words(rng):
    while True:
        w = int(rng.lognormvariate(5.45, 0.55))
        if 80 <= w <= 860:
            return w


def weighted_pick(rng, items, cum):
    return rng.choices(items, cum_weights=cum, k=1)[0]


def distinct_zipf(rng, items, cum, k, exclude=()):
    got, seen = [], set(x.id for x in exclude)
    tries = 0
    while len(got) < k and tries < 200:
        a = rng.choices(items, cum_weights=cum, k=1)[0]
        tries += 1
        if a.id not in seen:
            seen.add(a.id)
            got.append(a)
    return got


def make_title(rng, main, other):
    mt = " ".join(mention_tokens(rng, main, True))
    ot = " ".join(mention_tokens(rng, other, True)) if other else "officials"
    base = "%s %s %s %s" % (mt, rng.choice(["accuses", "sanctions", "rejects", "backs",
                                             "warns", "meets", "questions", "detains"]),
                            ot, rng.choice(["over border talks", "on \u2018stalling\u2019",
                                            "after disputed vote", "amid protests",
                                            "in energy row", "as deadline looms",
                                            "\u2013 again", "over 2,000 visas"]))
    r = rng.random()
    if r < 0.15:
        return rng.choice(["Analysis", "Live", "Explainer", "Update"]) + ": " + base
    if r < 0.22:
        return '"We will not retreat," says ' + mt
    if r < 0.27:
        return "\u201c%s %s\u201d \u2014 %s" % (cap(rng.choice(ADJ)), rng.choice(NOUN), mt)
    if r < 0.30:
        return "Issue #%d: %s" % (rng.randint(1, 99), base)
    if r < 0.32:
        return "<i>Breaking</i> %s" % base
    if r < 0.35:
        return "%s \u2014 what *really* happened" % base
    return base


def pick_date_near(rng, d, back):
    return d - datetime.timedelta(days=rng.randint(0, back))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--with-index-page", action="store_true",
                    help="also write content/pages/index.md (the project's checker "
                         "rejects it: page-collision; see disputes/)")
    args = ap.parse_args()
    N = max(0, args.articles)
    rng = random.Random(args.seed)
    y = Y(rng)
    ids = Ids()

    content = os.path.join(args.out, "content")
    if os.path.isdir(content):
        shutil.rmtree(content)
    os.makedirs(content)
    stats = {"files": 0, "bytes": 0}
    made_dirs = {}

    def write(rel, text):
        path = os.path.join(content, rel)
        d = os.path.dirname(path)
        if d not in made_dirs:
            os.makedirs(d, exist_ok=True)
            made_dirs[d] = True
        data = text.encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        stats["files"] += 1
        stats["bytes"] += len(data)

    actors = build_actors(rng, ids)
    write("facts/actors.yml", actors_yaml(rng, actors, y))

    # Zipf popularity over a random ranking
    pop = list(actors)
    rng.shuffle(pop)
    cum, t = [], 0.0
    for r in range(len(pop)):
        t += 1.0 / (r + 1) ** 1.05
        cum.append(t)
    persons = [a for a in pop if a.type == "person"]
    pcum, t = [], 0.0
    for r in range(len(persons)):
        t += 1.0 / (r + 1) ** 1.05
        pcum.append(t)

    # dates: 3-year window, with news spikes so many articles share a day
    hot = [rng.randrange(NDAYS) for _ in range(45)]
    dates = []
    for _ in range(N):
        k = rng.choice(hot) if rng.random() < 0.45 else rng.randrange(NDAYS)
        dates.append(DAY0 + datetime.timedelta(days=k))
    dates.sort()

    outlets = [(name, dom, slugify(name)) for name, dom in OUTLETS]
    out_cum, t = [], 0.0
    for r in range(len(outlets)):
        t += 1.0 / (r + 1) ** 0.7
        out_cum.append(t)

    earlier = []  # (article id, [evidence candidates]) in date order
    n_actions = n_quotes = 0
    total_words = 0

    for ai in range(N):
        d = dates[ai]
        oname, odom, oslug = weighted_pick(rng, outlets, out_cum)
        W = lognorm_words(rng)
        P = max(3, min(12, int(round(W / 45.0 + rng.uniform(-1.5, 1.5)))))
        M = rng.randint(8, 15)
        Q = rng.choices(range(7), weights=[6, 11, 17, 22, 19, 13, 12])[0]
        Q = min(Q, W // 35)
        if rng.random() < 0.04:
            A = 0
        else:
            A = rng.choices(range(1, 7), weights=[30, 25, 20, 12, 8, 5])[0]

        mentioned = rng.choices(pop, cum_weights=cum, k=M)
        distinct = []
        seen = set()
        for a in mentioned:
            if a.id not in seen:
                seen.add(a.id)
                distinct.append(a)
        dpersons = [a for a in distinct if a.type == "person"]

        # quotes
        qspecs = []
        qbudget = int(0.6 * W)
        used_q = 0
        for qi in range(Q):
            if dpersons and rng.random() < 0.75:
                sp = rng.choice(dpersons)
            elif rng.random() < 0.8:
                sp = rng.choice(distinct)
            else:
                sp = weighted_pick(rng, persons, pcum)
            about = []
            na = rng.choices(range(5), weights=[25, 35, 20, 12, 8])[0]
            for _ in range(na):
                c = rng.choice(distinct) if rng.random() < 0.7 else weighted_pick(rng, pop, cum)
                if c is not sp and all(c is not x for x in about):
                    about.append(c)
            in_text = [x for x in about if rng.random() < 0.4][:2]
            qlen = rng.randint(10, 60)
            left = max(10, (qbudget - used_q) // max(1, Q - qi))
            qlen = max(10, min(qlen, left))
            inner = quote_inner(rng, qlen, in_text)
            sent, inner = quote_sentence(rng, sp, inner)
            used_q += len(sent.toks)
            qspecs.append((sp, about, inner, sent))

        sents = [q[3] for q in qspecs]
        nquote_sents = len(sents)
        count = sum(len(s.toks) for s in sents)
        # remaining mentions spread over the plain sentences to come
        seen_first = {}
        for q in qspecs:
            seen_first[q[0].id] = True
        rest = mentioned[:max(0, M - nquote_sents)]
        est = max(P - nquote_sents, (W - count) // 17, 1)
        alloc = {}
        for a in rest:
            alloc.setdefault(rng.randrange(est), []).append(a)
        k = 0
        while count < W or len(sents) < P:
            ms = []
            for a in alloc.pop(k, []):
                ms.append(mention_tokens(rng, a, a.id not in seen_first))
                seen_first[a.id] = True
            s = plain_sentence(rng, rng.randint(7, 24), ms)
            sents.append(s)
            count += len(s.toks)
            k += 1
        plain_idx = list(range(nquote_sents, len(sents)))
        for kk in sorted(alloc):
            for a in alloc[kk]:
                add_according(rng, sents[rng.choice(plain_idx)],
                              mention_tokens(rng, a, a.id not in seen_first))
                seen_first[a.id] = True
        # markup-looking text
        for i in plain_idx:
            if rng.random() < 0.12:
                insert_markup(rng, sents[i])
        rng.shuffle(sents)
        # split into P paragraphs
        cuts = sorted(rng.sample(range(1, len(sents)), P - 1))
        paras, prev = [], 0
        for c in cuts + [len(sents)]:
            paras.append(sents[prev:c])
            prev = c
        rendered, para_toks = [], []
        for p in paras:
            text, toks = render_paragraph(rng, p)
            rendered.append(text)
            para_toks.append(toks)
        body = "\n\n".join(rendered) + "\n"
        total_words += len(body.split())

        # evidence candidates (folded spans of whole tokens)
        ev = []
        for _ in range(4):
            toks = para_toks[rng.randrange(len(para_toks))]
            L = rng.randint(3, 12)
            if len(toks) <= L:
                span = toks
            else:
                st = rng.randrange(len(toks) - L)
                span = toks[st:st + L]
            ev.append(fold(" ".join(span)))

        # front matter
        main_actor = mentioned[0]
        other = distinct[1] if len(distinct) > 1 else None
        title = make_title(rng, main_actor, other)
        stem = ids.claim(slugify(title, 50) + "-" + d.strftime("%m%d"), 70)
        if rng.random() < 0.5:
            aid = ids.claim("%s-%s-%d" % (oslug[:12], d.isoformat(), rng.randint(1, 999)), 70)
        else:
            aid = stem
        fm = ["---\n"]
        fields = [("title", y.s(title)), ("date", y.date(d, 0.1)), ("source", y.s(oname))]
        if aid != stem:
            fields.insert(rng.randint(0, 3), ("id", aid))
        if rng.random() < 0.4:
            url = "https://%s/%d/%02d/%s" % (odom, d.year, d.month, stem)
            r = rng.random()
            if r < 0.1:
                url += "?utm_source=rss&id=%d" % rng.randint(1, 99999)
                url = y.s(url) if rng.random() < 0.5 else url
            elif r < 0.15:
                url = dq(url + "#top")
            elif r < 0.2:
                url = url.replace("https://", "http://")
            fields.append(("url", url))
        if rng.random() < 0.3:
            fields.append(("author", y.s(rng.choice(FIRST) + " " + rng.choice(LAST))))
        if rng.random() < 0.2:
            fields.append(("language", rng.choice(LANGS)))
        for k, v in fields:
            fm.append("%s: %s\n" % (k, v))
        fm.append("---\n")
        write("articles/%s/%d/%s.md" % (oslug, d.year, stem), "".join(fm) + body)

        # actions
        act_lines = []
        act_ids = []
        for k in range(A):
            atype, verb = rng.choice(ACTION_TYPES)
            nb = rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
            by = distinct_zipf(rng, distinct, _cum_for(distinct), nb) if rng.random() < 0.8 \
                else distinct_zipf(rng, pop, cum, nb)
            nt = rng.choices(range(9), weights=[12, 30, 20, 12, 8, 6, 5, 4, 3])[0]
            targets = distinct_zipf(rng, pop, cum, nt, exclude=by)
            ad = pick_date_near(rng, d, 20)
            r = rng.random()
            if r < 0.8:
                date_s = y.date(ad)
            elif r < 0.92:
                ym = "%04d-%02d" % (ad.year, ad.month)
                date_s = ym if rng.random() < 0.6 else sq(ym)
            else:
                r = rng.random()
                # quoted: a bare 2024 is a YAML integer, neither a YAML date nor a string
                date_s = sq(str(ad.year)) if r < 0.5 else dq(str(ad.year))
            act_id = ids.claim("%s-%s-%s" % (by[0].id[:30], atype, ad.isoformat()))
            act_ids.append(act_id)
            L = ["  - id: %s\n" % act_id, "    date: %s\n" % date_s,
                 "    type: %s\n" % atype]
            if nb == 1 and rng.random() < 0.6:
                L.append("    by: %s\n" % by[0].id)
            else:
                L.append("    by:%s\n" % y.refs([b.id for b in by], 6))
            if targets:
                L.append("    targets:%s\n" % y.refs([x.id for x in targets], 6))
            elif rng.random() < 0.1:
                L.append("    targets: []\n")
            if rng.random() < 0.3:
                L.append("    count: %d\n" % rng.randint(1, 2500))
            tname = targets[0].name if targets else "the " + rng.choice(NOUN)
            summ = "%s %s %s" % (by[0].name, verb, tname)
            r = rng.random()
            if r < 0.1:
                summ += ": a *first* step"
            elif r < 0.15:
                summ += " \u2014 \u201creluctantly\u201d"
            elif r < 0.2:
                summ += " (see `%s`)" % atype
            summ += "."
            L.append("    summary: %s\n" % y.s(summ))
            if rng.random() < 0.4:
                L.append("    status: %s\n" % rng.choice(STATUSES))
            L.append("    sources:\n")
            srcs = [(aid, ev)]
            ns = rng.choices([1, 2, 3], weights=[65, 25, 10])[0]
            for _ in range(ns - 1):
                if earlier:
                    lo = max(0, len(earlier) - 400)
                    e = earlier[rng.randrange(lo, len(earlier))]
                    if all(e[0] != s[0] for s in srcs):
                        srcs.append(e)
            for sid, cands in srcs:
                L.append("      - article: %s\n" % sid)
                if rng.random() < 0.6:
                    evt = rng.choice(cands)
                    if len(evt) > 40 and rng.random() < 0.1:
                        L.append("        evidence:%s\n" % y.folded(evt, 10, 30))
                    else:
                        L.append("        evidence: %s\n" % y.s(evt))
            act_lines.append("".join(L))
        n_actions += A

        q_lines = []
        for sp, about, inner, _sent in qspecs:
            text = fold(" ".join(inner))
            w = text.split(" ")
            qid = ids.claim("%s-%s" % (sp.id[:40], "-".join(w[:4])))
            L = ["  - id: %s\n" % qid, "    speaker: %s\n" % sp.id]
            if len(text) > 70 and rng.random() < 0.35:
                L.append("    text:%s\n" % y.folded(text, 6, rng.randint(40, 75)))
            else:
                L.append("    text: %s\n" % y.s(text))
            L.append("    source: %s\n" % aid)
            if rng.random() < 0.3:
                L.append("    date: %s\n" % y.date(pick_date_near(rng, d, 3), 0.3))
            if about:
                L.append("    about:%s\n" % y.refs([x.id for x in about], 6))
            if act_ids and rng.random() < 0.4:
                L.append("    action: %s\n" % rng.choice(act_ids))
            if rng.random() < 0.25:
                ctx = rng.choice([
                    "Speaking to reporters in %s on %s." % (rng.choice(CITIES), rng.choice(WEEKDAY)),
                    "Statement issued on the day of the decision.",
                    "Interview: broadcast live, later edited.",
                    "Posted on social media; \u201cdeleted\u201d hours later.",
                    "Remarks at a *closed-door* briefing.",
                ])
                L.append("    context: %s\n" % y.s(ctx))
            q_lines.append("".join(L))
        n_quotes += len(qspecs)

        blocks = []
        if act_lines:
            blocks.append("actions:\n" + "".join(act_lines))
        elif not q_lines or rng.random() < 0.5:
            blocks.append("actions: []\n")
        if q_lines:
            blocks.append("quotes:\n" + "".join(q_lines))
        elif act_lines and rng.random() < 0.3:
            blocks.append("quotes: []\n")
        if len(blocks) == 2 and rng.random() < 0.1:
            blocks.reverse()
        header = "# Facts from %s (%s)\n" % (aid, d.isoformat())
        write("facts/events/%d/%02d/%s.yaml" % (d.year, d.month, aid), header + "".join(blocks))
        earlier.append((aid, ev))

    if args.with_index_page:
        write("pages/index.md",
              "# Independent benchmark briefing\n\n"
              "A synthetic briefing of %d articles made by `make_indep.py` (seed %d).\n\n"
              "Everything here is invented: names, outlets and events.\n" % (N, args.seed))

    print(json.dumps({
        "articles": N,
        "actors": len(actors),
        "actions": n_actions,
        "quotes": n_quotes,
        "files": stats["files"],
        "facts_files": N + 1,
        "bytes": stats["bytes"],
        "words_per_article": round(total_words / N, 1) if N else 0,
    }))


_cum_cache = {}


def _cum_for(items):
    """Zipf-ish weights by position for a small list (first = most popular)."""
    n = len(items)
    c = _cum_cache.get(n)
    if c is None:
        c, t = [], 0.0
        for r in range(n):
            t += 1.0 / (r + 1)
            c.append(t)
        _cum_cache[n] = c
    return c


if __name__ == "__main__":
    main()
