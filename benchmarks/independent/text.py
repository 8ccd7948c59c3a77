"""Words and sentences for the independent briefing maker (make.py).

Text helpers (ascii folding, slugs, the contract's folding), the word lists and
fixed tables (names, countries, organisations, outlets, prose vocabulary,
markup-looking snippets, action types, the date window) and the prose builders
(clauses, sentences, quotes, paragraphs), which draw from the caller's
random.Random.
"""

import datetime
import re
import unicodedata

# --------------------------------------------------------------------------
# text helpers

_TRANS = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ı": "i", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th",
    "ð": "d",
})


def ascii_fold(s):
    s = s.translate(_TRANS)
    return "".join(c for c in unicodedata.normalize("NFKD", s)
                   if not unicodedata.combining(c))


def slugify(s, maxlen=60):
    s = ascii_fold(s).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    s = s[:maxlen].strip("-")
    return s or "x"


_FOLD_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-",
})
_WS = re.compile(r"\s+")


def fold(s):
    """The contract's folding: white space runs, curly quotes, en/em dashes."""
    return _WS.sub(" ", s.translate(_FOLD_MAP)).strip()


# --------------------------------------------------------------------------
# word lists

FIRST = [
    "Zoë", "José", "Jean-Luc", "Anaïs", "Björn", "Søren", "Łukasz", "Chloé",
    "Renée", "Raúl", "Inês", "François", "Hélène", "María", "Andrés", "Seán",
    "Siobhán", "Noémie", "Joaquín", "Mónica", "Ilse", "Dagný", "Aurélie",
    "Çağla", "Ignacio", "Ana", "Luis", "Peter", "Sarah", "Ahmed", "Fatima",
    "Olena", "Dmytro", "Kwame", "Ngozi", "Hiroshi", "Mei", "Priya", "Arjun",
    "Tomás", "Lucía", "Gaël", "Maëlle", "Jürgen", "Åsa", "Óscar", "Rosa",
    "Edmundo", "Delcy", "Antony", "Janet", "Kamala", "Emmanuel", "Olaf",
    "Nicolás", "Giorgia", "Pedro", "Gabriel", "Isabel", "Darío", "Elżbieta",
]
LAST = [
    "O'Neill", "Ménard", "D'Amico", "Núñez", "Müller", "Ó Briain", "García Márquez",
    "Dąbrowski", "Çelik", "Ørsted", "Le Dû", "N'Diaye", "McAllister", "Al-Rashid",
    "van der Berg", "Nguyễn", "Rodríguez", "González", "Pérez", "López", "Fernández",
    "Smith", "Johnson", "Okafor", "Mensah", "Kovalenko", "Shevchenko", "Tanaka",
    "Sato", "Chen", "Wang", "Sharma", "Patel", "Lefèvre", "Girard", "Dubois",
    "Schäfer", "Björklund", "Håkansson", "Ibáñez", "Castaño", "Peña", "Zúñiga",
    "O'Connor", "D'Souza", "Cabello", "Padrino", "Machado", "Blinken", "Yellen",
    "Haddad", "Karimi", "Åberg", "Nowak", "Wójcik", "Santos", "Araújo",
    "Gonçalves", "Ferreira", "Moreau", "Lambert", "Rossi", "Bianchi", "Esposito",
]
COUNTRIES = [
    "Venezuela", "Colombia", "Brazil", "Perú", "Chile", "Argentina", "México",
    "Cuba", "Nicaragua", "Bolivia", "Ecuador", "Paraguay", "Uruguay", "Panamá",
    "Spain", "France", "Germany", "Italy", "Portugal", "Poland", "Ukraine",
    "Türkiye", "Iran", "Israel", "Egypt", "Nigeria", "Senegal", "Côte d'Ivoire",
    "São Tomé and Príncipe", "Ghana", "Kenya", "India", "China", "Japan",
    "Indonesia", "Canada", "United States", "United Kingdom", "Russia", "Iceland",
]
COUNTRY_ALIASES = {
    "Côte d'Ivoire": ["Ivory Coast", "Cote d'Ivoire"],
    "United States": ["U.S.", "USA", "the United States"],
    "United Kingdom": ["UK", "Britain"],
    "Türkiye": ["Turkey", "Turkiye"],
    "São Tomé and Príncipe": ["Sao Tome and Principe", "São Tomé"],
    "Russia": ["Russian Federation"],
    "China": ["PRC", "People's Republic of China"],
}
ORG_ADJ = ["International", "Global", "Regional", "Pan-American", "Nordic",
           "Inter-American", "Atlantic", "Andean", "Baltic", "Caribbean"]
ORG_FIELD = ["Energy", "Monetary", "Human Rights", "Press Freedom",
             "Election Observation", "Development", "Trade", "Maritime", "Health",
             "Mining", "Refugee", "Cyber Security"]
ORG_INST = ["Agency", "Fund", "Council", "Institute", "Forum", "Commission",
            "Bank", "Foundation", "Watch", "Network"]
ORG_SPECIAL = ["Médecins du Monde", "Reporters sans frontières",
               "Banco Central de Reserva", "Petróleos Nacionales",
               "Société Générale d'Énergie", "O'Brien & Partners",
               "Amnesty Watch", "Fundación Libertad", "Bürgerrechte e.V.",
               "Observatoire des Élections"]
GOV_SPECIAL = ["Ministry of Defence", "Ministère des Armées", "Élysée Palace",
               "Palacio de Miraflores", "Bundesregierung"]
GOV_PATTERNS = ["Government of {c}", "Ministry of Foreign Affairs of {c}",
                "{c} Treasury Department", "Office of the President of {c}",
                "Ministry of the Interior of {c}", "{c} State Department"]
GRP_ADJ = ["National", "Popular", "People's", "Democratic", "Revolutionary",
           "Patriotic", "Civic", "United", "Free", "Workers'"]
GRP_NOUN = ["Front", "Alliance", "Movement", "Union", "Coalition", "Brigade",
            "Committee", "Bloc", "Assembly", "Party"]
GRP_SPECIAL = ["Movimiento 28 de Julio", "Les Gilets Verts", "Comité de Défense",
               "Coalition for a Free Press", "Colectivo Bolívar"]
STOP = {"of", "for", "the", "and", "de", "du", "des", "la", "le", "les", "a",
        "sans", "&", "e.V."}

ROLES = ["President", "Minister", "Deputy Minister", "Spokesperson", "Director",
         "Chair", "Secretary-General", "Ambassador", "Adviser", "Member",
         "Chief of Staff", "Commander", "Treasurer", "Founder"]

OUTLETS = [
    ("Voice of America", "www.voanews.com"), ("Reuters", "www.reuters.com"),
    ("Le Monde", "www.lemonde.fr"), ("El País", "elpais.com"),
    ("Público", "www.publico.pt"), ("Al Jazeera", "www.aljazeera.com"),
    ("The Kyiv Independent", "kyivindependent.com"),
    ("O'Reilly Gazette", "oreilly-gazette.example.org"),
    ("Süddeutsche Zeitung", "www.sueddeutsche.de"),
    ("Associated Press", "apnews.com"), ("BBC News", "www.bbc.co.uk"),
    ("Efecto Cocuyo", "efectococuyo.com"), ("La Nación", "www.lanacion.com.ar"),
    ("The Guardian", "www.theguardian.com"), ("Folha de S.Paulo", "www1.folha.uol.com.br"),
    ("Deutsche Welle", "www.dw.com"), ("France 24", "www.france24.com"),
    ("Agence France-Presse", "www.afp.com"), ("NHK World", "www3.nhk.or.jp"),
    ("Dagens Nyheter", "www.dn.se"), ("Gazeta Wyborcza", "wyborcza.pl"),
    ("The Hindu", "www.thehindu.com"), ("Premium Times", "www.premiumtimesng.com"),
    ("Radio Canada International", "www.rcinet.ca"),
    ("Tal Cual", "talcualdigital.com"),
]

ADJ = ["new", "senior", "national", "fresh", "widespread", "illegitimate",
       "democratic", "official", "former", "current", "regional", "economic",
       "military", "diplomatic", "legal", "public", "private", "recent",
       "strong", "limited", "broad", "tough", "quiet", "urgent", "contested",
       "electoral", "international", "local", "heavy", "brief", "formal"]
NOUN = ["government", "election", "official", "sanction", "statement", "law",
        "court", "police", "minister", "opposition", "vote", "country", "region",
        "report", "decision", "agreement", "border", "protest", "economy",
        "sector", "ministry", "council", "process", "campaign", "deal", "policy",
        "warrant", "power", "result", "observer", "party", "leader", "week",
        "crisis", "measure", "envoy", "talk", "budget", "mission", "network"]
NOUNS = ["officials", "sanctions", "elections", "protesters", "leaders",
         "reporters", "observers", "countries", "measures", "restrictions",
         "talks", "forces", "assets", "voters", "people", "detentions",
         "ministers", "companies", "rights", "parties", "diplomats", "results"]
VERB = ["said", "announced", "imposed", "rejected", "confirmed", "denied",
        "claimed", "warned", "argued", "accused", "signed", "blocked",
        "approved", "launched", "suspended", "ordered", "extended", "demanded",
        "condemned", "welcomed", "expected", "reported", "described", "promised"]
ADV = ["quickly", "again", "publicly", "quietly", "formally", "repeatedly",
       "reportedly", "already", "later", "still", "also", "now", "once more"]
PREP = ["in", "on", "after", "before", "during", "against", "for", "with",
        "under", "over", "across", "without", "despite", "toward"]
CONJ = ["and", "but", "while", "as", "because", "although", "so", "after", "and then"]
NEG = ["didn\u2019t", "won\u2019t", "hasn\u2019t", "wouldn\u2019t", "couldn\u2019t"]
APOS_DET = ["the country\u2019s", "the government\u2019s", "the officials\u2019",
            "the region\u2019s", "last week\u2019s", "the ministry\u2019s", "the party\u2019s"]
APOS = ["country\u2019s", "government\u2019s", "didn\u2019t", "won\u2019t",
        "officials\u2019", "it\u2019s", "wasn\u2019t", "they\u2019re",
        "Venezuela\u2019s", "week\u2019s", "doesn\u2019t", "we\u2019ll"]
WEEKDAY = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
           "Sunday"]
CITIES = ["Caracas", "Bogotá", "Brasília", "Washington", "Brussels", "Genève",
          "Kyiv", "Lagos", "Nairobi", "São Paulo", "Montréal", "Reykjavík",
          "Kraków", "Zürich", "Istanbul", "Tōkyō"]

# markup-looking text that must be shown as text; (tokens, line-start chance)
MARKUP = [
    (["*not", "emphasis*"], 0.0),
    (["<b>tag</b>"], 0.2),
    (["[x](y)"], 0.0),
    (["#", "not", "a", "heading"], 0.5),
    (["##", "still", "not", "a", "heading"], 0.6),
    (["<script>alert(1)</script>"], 0.3),
    (["`code`"], 0.0),
    (["_underscored_", "words"], 0.0),
    (["&amp;", "&lt;b&gt;"], 0.0),
    (["<!--", "not", "a", "comment", "-->"], 0.3),
    (["1.", "not", "a", "list"], 0.7),
    ([">", "not", "a", "blockquote"], 0.7),
    (["-", "not", "a", "bullet"], 0.7),
    (["{{", "not.a.variable", "}}"], 0.0),
    (["<img", "src=x", "onerror=alert(2)>"], 0.2),
    (["**bold?**", "no"], 0.0),
    (["|", "a", "|", "b", "|"], 0.4),
]

ACTION_TYPES = [
    ("sanction", "imposed sanctions on"), ("visa-restriction", "restricted visas for"),
    ("arrest-warrant", "issued an arrest warrant for"), ("claim", "made a claim about"),
    ("statement", "issued a statement on"), ("detention", "detained"),
    ("release", "released"), ("asset-freeze", "froze the assets of"),
    ("travel-ban", "imposed a travel ban on"), ("indictment", "indicted"),
    ("protest", "protested against"), ("deployment", "deployed forces near"),
    ("negotiation", "opened talks with"), ("agreement", "signed an agreement with"),
    ("withdrawal", "withdrew from talks with"), ("recognition", "recognised"),
    ("expulsion", "expelled diplomats of"), ("raid", "raided offices of"),
    ("investigation", "opened an investigation into"), ("appointment", "appointed"),
    ("resignation", "resigned from a post linked to"), ("strike", "called a strike against"),
    ("ceasefire", "agreed a ceasefire with"), ("referendum", "called a referendum over"),
    ("extradition-request", "requested the extradition of"),
    ("election-observation", "sent observers to monitor"),
]
STATUSES = ["confirmed", "claimed", "disputed", "planned"]
LANGS = ["en", "en", "en", "en", "fr", "es", "pt", "de", "en-GB"]

DAY0 = datetime.date(2022, 1, 1)
NDAYS = (datetime.date(2024, 12, 31) - DAY0).days + 1


# --------------------------------------------------------------------------
# prose

def subject(rng):
    r = rng.random()
    if r < 0.45:
        t = ["the"] + ([rng.choice(ADJ)] if rng.random() < 0.5 else []) + [rng.choice(NOUN)]
    elif r < 0.65:
        t = [rng.choice(NOUNS)]
    elif r < 0.78:
        t = [rng.choice(APOS_DET), rng.choice(NOUN)]
    elif r < 0.88:
        t = rng.choice(["21", "180", "about 2,000", "15", "nearly 40", "dozens of"]).split(" ") \
            + [rng.choice(NOUNS)]
    else:
        t = [rng.choice(["it", "they", "we", "he", "she"])]
    return t


def obj(rng):
    r = rng.random()
    if r < 0.5:
        return ["the"] + ([rng.choice(ADJ)] if rng.random() < 0.4 else []) + [rng.choice(NOUN)]
    if r < 0.65:
        return [rng.choice(NOUNS)]
    if r < 0.75:
        return ["the", "\u2018" + rng.choice(ADJ) + "\u2019", rng.choice(NOUN)]
    if r < 0.87:
        return [rng.choice(APOS_DET), rng.choice(NOUNS)]
    return rng.choice(["21", "180", "2,000", "15", "three"]).split(" ") + [rng.choice(NOUNS)]


def tail(rng):
    r = rng.random()
    if r < 0.25:
        return [rng.choice(PREP), "the", rng.choice(NOUN)]
    if r < 0.40:
        return ["on", rng.choice(WEEKDAY)]
    if r < 0.52:
        return ["in"] + rng.choice(CITIES).split(" ")
    if r < 0.60:
        y1 = rng.randint(1998, 2021)
        return ["from", "%d\u2013%d" % (y1, y1 + rng.randint(1, 3))]
    if r < 0.68:
        return [rng.choice(PREP), rng.choice(APOS_DET), rng.choice(NOUN)]
    return []


def clause(rng, subj=None, objm=None):
    t = list(subj) if subj else subject(rng)
    r = rng.random()
    if r < 0.2:
        t.append(rng.choice(ADV))
    elif r < 0.3:
        t.append(rng.choice(NEG))
    t.append(rng.choice(VERB))
    t.extend(objm if objm else obj(rng))
    t.extend(tail(rng))
    return t


def words(rng, n, mentions=()):
    """Clauses joined by commas, conjunctions and dashes; mentions as subjects/objects."""
    toks = []
    queue = list(mentions)
    while len(toks) < n or queue:
        subj = objm = None
        if queue:
            if rng.random() < 0.7:
                subj = queue.pop(0)
            else:
                objm = queue.pop(0)
                if rng.random() < 0.25 and objm[-1][-1].isalpha():
                    objm = objm[:-1] + [objm[-1] + "\u2019s", rng.choice(NOUN)]
        c = clause(rng, subj, objm)
        if toks:
            r = rng.random()
            if r < 0.55:
                toks[-1] += ","
                toks.extend(rng.choice(CONJ).split(" "))
            elif r < 0.75:
                toks.append(rng.choice(["\u2014", "\u2013"]))
                toks.extend(rng.choice(CONJ).split(" "))
            elif r < 0.85:
                toks[-1] += ";"
            else:
                toks.extend(rng.choice(CONJ).split(" "))
        toks.extend(c)
    return [w for t in toks for w in t.split(" ")]


def cap(tok):
    if tok and tok[0].islower():
        return tok[0].upper() + tok[1:]
    return tok


def mention_tokens(rng, a, first, possessive=False):
    if first or not a.aliases or rng.random() < 0.4:
        text = a.name
    else:
        text = rng.choice(a.aliases)
    if "'" in text and rng.random() < 0.5:
        text = text.replace("'", "\u2019")
    toks = text.split(" ")
    if possessive and rng.random() < 0.3 and toks[-1][-1].isalpha():
        toks[-1] += "\u2019s"
    return toks


class Sent:
    __slots__ = ("toks", "force")

    def __init__(self, toks, force=()):
        self.toks = toks
        self.force = list(force)  # token indices that must start a line


def plain_sentence(rng, n, mentions=()):
    toks = words(rng, max(3, n), mentions)
    toks[0] = cap(toks[0])
    end = "." if rng.random() < 0.94 else "?"
    toks[-1] = toks[-1].rstrip(",;")
    toks[-1] += end
    return Sent(toks)


def add_according(rng, sent, mtoks):
    last = sent.toks[-1]
    sent.toks[-1] = last[:-1] + ","
    sent.toks.extend(["according", "to"] + mtoks)
    sent.toks[-1] += last[-1]


def insert_markup(rng, sent):
    toks, ls = rng.choice(MARKUP)
    # at a clause boundary (after a comma or semicolon), else at the sentence start
    cands = [i + 1 for i in range(len(sent.toks) - 1) if sent.toks[i][-1] in ",;"]
    pos = rng.choice(cands) if cands else 0
    sent.toks[pos:pos] = list(toks)
    sent.force = [i + len(toks) if i >= pos else i for i in sent.force]
    if rng.random() < ls:
        sent.force.append(pos)


def quote_inner(rng, qlen, about_actors):
    ms = [mention_tokens(rng, a, False, possessive=False) for a in about_actors]
    toks = words(rng, max(10, qlen), ms)
    toks = toks[:60]
    toks[0] = cap(toks[0])
    toks[-1] = toks[-1].rstrip(",;")
    return toks


def quote_sentence(rng, speaker, inner):
    """Returns Sent and the tokens whose join is the quote text."""
    sp = mention_tokens(rng, speaker, rng.random() < 0.5)
    form = rng.random()
    inner = list(inner)
    if form < 0.45:
        inner[-1] += "."
        qt = ["\u201c" + inner[0]] + inner[1:-1] + [inner[-1] + "\u201d"] if len(inner) > 1 \
            else ["\u201c" + inner[0] + "\u201d"]
        verb = rng.choice(["said", "told reporters", "added", "warned", "insisted"])
        lead = sp + verb.split(" ") + (["that"] if rng.random() < 0.3 else [])
        if lead[-1] in ("said", "added", "warned", "insisted") and rng.random() < 0.5:
            lead[-1] += ":"
        lead[0] = cap(lead[0])
        return Sent(lead + qt), inner
    if form < 0.8:
        qt = ["\u201c" + inner[0]] + inner[1:-1] + [inner[-1] + ",\u201d"] if len(inner) > 1 \
            else ["\u201c" + inner[0] + ",\u201d"]
        tail = [rng.choice(["said", "wrote", "argued"])] + sp
        tail[-1] += "."
        return Sent(qt + tail), inner
    # mid-sentence quote
    lead = ["According", "to"] + sp
    lead[-1] += ","
    lead += ["the", rng.choice(NOUN), "was"]
    qt = ["\u201c" + inner[0]] + inner[1:-1] + [inner[-1] + "\u201d."] if len(inner) > 1 \
        else ["\u201c" + inner[0] + "\u201d."]
    return Sent(lead + qt), inner


def render_paragraph(rng, sents):
    toks, force = [], set()
    for s in sents:
        base = len(toks)
        for i in s.force:
            force.add(base + i)
        toks.extend(s.toks)
    wrap = rng.random() < 0.6
    width = rng.randint(55, 95)
    lines, cur, curlen = [], [], 0
    for i, t in enumerate(toks):
        if cur and ((i in force) or (wrap and curlen + 1 + len(t) > width)):
            lines.append(" ".join(cur))
            cur, curlen = [], 0
        cur.append(t)
        curlen += len(t) + (1 if len(cur) > 1 else 0)
    if cur:
        lines.append(" ".join(cur))
    return "\n".join(lines), toks
