"""YAML writing, ids and the actor pool for the independent briefing maker (make.py).

YAML scalar writing without PyYAML (plain, single- and double-quoted, flow or
block lists, folded block scalars; the style drawn from the shared rng), the id
claimer that keeps every id unique and well-formed, and the fixed pool of 400
actors with its facts/actors.yml.
"""

import datetime
import re

from text import (ADJ, CITIES, COUNTRIES, COUNTRY_ALIASES, DAY0, FIRST, GOV_PATTERNS,
                  GOV_SPECIAL, GRP_ADJ, GRP_NOUN, GRP_SPECIAL, LAST, NOUN, ORG_ADJ,
                  ORG_FIELD, ORG_INST, ORG_SPECIAL, ROLES, STOP, ascii_fold, fold, slugify)

ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")

# --------------------------------------------------------------------------
# YAML scalar writing (no PyYAML)

_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
_PLAIN_EXTRA = frozenset(" .'-()/\u2019\u2018")


def plain_ok(s):
    if not s or not s[0].isalpha() or s[-1] == " ":
        return False
    if s.lower() in _RESERVED:
        return False
    for c in s:
        if not (c.isalnum() or c in _PLAIN_EXTRA):
            return False
    return True


def dq(s):
    assert "\n" not in s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sq(s):
    assert "\n" not in s
    return "'" + s.replace("'", "''") + "'"


class Y:
    """Scalar writer; style variety drawn from the shared rng."""

    def __init__(self, rng):
        self.rng = rng

    def s(self, text):
        if plain_ok(text) and self.rng.random() < 0.9:
            return text
        if '"' in text and "'" not in text:
            return sq(text) if self.rng.random() < 0.7 else dq(text)
        return dq(text) if self.rng.random() < 0.6 else sq(text)

    def date(self, d, quoted_p=0.15):
        iso = d if isinstance(d, str) else d.isoformat()
        r = self.rng.random()
        if r < quoted_p / 2:
            return sq(iso)
        if r < quoted_p:
            return dq(iso)
        return iso

    def refs(self, ids, indent):
        """A list of ids: flow or block style."""
        if self.rng.random() < 0.8:
            return " [" + ", ".join(ids) + "]"
        pad = " " * indent
        return "".join("\n" + pad + "- " + i for i in ids)

    def folded(self, text, indent, width=64):
        """`>-` block scalar, wrapped; folds back to `text` exactly."""
        words = text.split(" ")
        lines, cur = [], ""
        for w in words:
            if cur and len(cur) + 1 + len(w) > width:
                lines.append(cur)
                cur = w
            else:
                cur = w if not cur else cur + " " + w
        lines.append(cur)
        pad = " " * indent
        return " >-" + "".join("\n" + pad + ln for ln in lines)


# --------------------------------------------------------------------------
# ids

class Ids:
    def __init__(self):
        self.used = set()

    def claim(self, base, maxlen=90):
        base = slugify(base, maxlen)
        cand, k = base, 2
        while cand in self.used:
            cand = "%s-%d" % (base, k)
            k += 1
        assert ID_RE.match(cand) and len(cand) <= 100, cand
        self.used.add(cand)
        return cand


# --------------------------------------------------------------------------
# actors

class Actor:
    __slots__ = ("id", "name", "type", "aliases", "description", "country",
                 "wikidata", "affiliations")

    def __init__(self, name, typ):
        self.name = name
        self.type = typ
        self.id = None
        self.aliases = []
        self.description = None
        self.country = None
        self.wikidata = None
        self.affiliations = []


def acronym(name):
    parts = [p for p in re.split(r"[ \-]+", name) if p and p not in STOP]
    letters = "".join(p[0] for p in parts if p[0].isalpha()).upper()
    return letters if len(letters) >= 2 else None


def akey(s):
    """Loose key for comparing names the way a matcher might: no accents, no case."""
    return " " + re.sub(r"[^a-z0-9]+", " ", ascii_fold(fold(s)).lower()).strip() + " "


def build_actors(rng, ids):
    actors = []
    names = {}  # loose key of every name and alias -> owner, to keep them unambiguous
    keys = []   # (loose key, owner, is_alias)

    def add(name, typ):
        k = akey(name)
        if k in names:
            return None
        a = Actor(name, typ)
        names[k] = a
        keys.append((k, a, False))
        actors.append(a)
        return a

    countries = [add(c, "country") for c in COUNTRIES]
    persons = []
    while len(persons) < 220:
        a = add(rng.choice(FIRST) + " " + rng.choice(LAST), "person")
        if a:
            persons.append(a)
    govs = [add(g, "government") for g in GOV_SPECIAL]
    while len(govs) < 45:
        c = rng.choice(COUNTRIES)
        a = add(rng.choice(GOV_PATTERNS).format(c=c), "government")
        if a:
            a.country = c
            govs.append(a)
    orgs = [add(o, "organization") for o in ORG_SPECIAL]
    while len(orgs) < 60:
        a = add("%s %s %s" % (rng.choice(ORG_ADJ), rng.choice(ORG_FIELD),
                              rng.choice(ORG_INST)), "organization")
        if a:
            orgs.append(a)
    groups = [add(g, "group") for g in GRP_SPECIAL]
    while len(groups) < 35:
        a = add("%s %s" % (rng.choice(GRP_ADJ), rng.choice(GRP_NOUN)), "group")
        if a:
            groups.append(a)
    assert len(actors) == 400

    for a in actors:
        a.id = ids.claim(a.name)
    by_name = {a.name: a for a in actors}

    def try_alias(a, al):
        if not al or al == a.name or al in a.aliases or len(a.aliases) >= 4:
            return
        k = akey(al)
        if k.strip() == "":
            return
        own = names.get(k)
        if own is not None and own is not a:
            return
        # an alias must not stand inside another actor's name or alias, nor contain one
        for ok, owner, is_alias in keys:
            if owner is a:
                continue
            if k in ok or (is_alias and ok in k):
                return
        if own is None:
            names[k] = a
            keys.append((k, a, True))
        a.aliases.append(al)

    # aliases: 0-4 each
    for a in actors:
        want = rng.choice([0, 0, 1, 1, 2, 2, 3, 4])
        if want == 0:
            continue
        cands = []
        if a.type == "person":
            first, last = a.name.split(" ", 1)
            cands = [last, ascii_fold(a.name), first[0] + ". " + last,
                     ascii_fold(last), a.name.replace("'", "\u2019")]
        elif a.type == "country":
            cands = list(COUNTRY_ALIASES.get(a.name, [])) + [ascii_fold(a.name)]
        else:
            cands = [acronym(a.name), ascii_fold(a.name), "the " + a.name]
        for al in cands:
            if len(a.aliases) >= want:
                break
            try_alias(a, al)

    country_ids = [c.id for c in countries]
    memberable = govs + orgs + groups
    wd_numbers = rng.sample(range(1000, 99999999), 400)
    for i, a in enumerate(actors):
        if rng.random() < 0.45:
            a.wikidata = "Q%d" % wd_numbers[i]
        if a.type == "government" and a.country:
            a.country = by_name[a.country].id
        elif a.type != "country" and rng.random() < 0.65:
            a.country = rng.choice(country_ids)
        elif a.type == "government":
            a.country = None
        if rng.random() < 0.35:
            a.description = describe(rng, a)
        if a.type in ("person", "group") and rng.random() < 0.6 or \
                a.type == "organization" and rng.random() < 0.25:
            for _ in range(rng.randint(1, 3)):
                m = rng.choice(memberable)
                if m is a or any(f["actor"] == m.id for f in a.affiliations):
                    continue
                aff = {"actor": m.id}
                if rng.random() < 0.8:
                    aff["role"] = rng.choice(ROLES)
                if rng.random() < 0.7:
                    since = DAY0 - datetime.timedelta(days=rng.randint(30, 9000))
                    aff["since"] = since
                    r = rng.random()
                    if r < 0.35:
                        aff["until"] = None
                    elif r < 0.6:
                        aff["until"] = since + datetime.timedelta(days=rng.randint(1, 4000))
                a.affiliations.append(aff)
    return actors


def describe(rng, a):
    kind = {"person": "Public figure", "organization": "Organisation",
            "government": "Government body", "country": "Country",
            "group": "Political group"}[a.type]
    r = rng.random()
    if r < 0.3:
        return "%s often cited in *%s* coverage." % (kind, rng.choice(NOUN))
    if r < 0.55:
        return "%s known by the code `%s-%d`; see **reports**." % (
            kind, slugify(a.name, 12), rng.randint(1, 99))
    if r < 0.75:
        return "%s: active since %d, based in %s." % (kind, rng.randint(1950, 2020),
                                                     rng.choice(CITIES))
    return "%s involved in the %s %s." % (kind, rng.choice(ADJ), rng.choice(NOUN))


def actors_yaml(rng, actors, y):
    out = ["# Fixed pool of actors for the independent benchmark.\n", "actors:\n"]
    for a in actors:
        out.append("  - id: %s\n" % a.id)
        out.append("    name: %s\n" % y.s(a.name))
        out.append("    type: %s\n" % a.type)
        if a.aliases:
            if rng.random() < 0.6:
                out.append("    aliases: [%s]\n" % ", ".join(y.s(x) for x in a.aliases))
            else:
                out.append("    aliases:\n")
                for x in a.aliases:
                    out.append("      - %s\n" % y.s(x))
        if a.wikidata:
            out.append("    wikidata: %s\n" % a.wikidata)
        if a.description:
            out.append("    description: %s\n" % y.s(a.description))
        if a.country:
            out.append("    country: %s\n" % a.country)
        if a.affiliations:
            out.append("    affiliations:\n")
            for f in a.affiliations:
                out.append("      - actor: %s\n" % f["actor"])
                if "role" in f:
                    out.append("        role: %s\n" % y.s(f["role"]))
                if "since" in f:
                    out.append("        since: %s\n" % y.date(f["since"], 0.4))
                if "until" in f:
                    u = f["until"]
                    out.append("        until: %s\n" % ("null" if u is None else y.date(u, 0.4)))
    return "".join(out)
