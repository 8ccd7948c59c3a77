"""A deterministic synthetic briefing for benchmarks.

    python benchmarks/make_briefing.py --articles 1000 --out /tmp/bench/n1000 [--seed 1] [--theme material]

writes OUT/content/{articles,facts,pages} and OUT/mkdocs.yml. The same arguments always give
the same bytes (one `random.Random(seed)`, no set or hash ordering anywhere). The briefing is
valid under content format v1: `briefing check --project OUT` reports 0 errors and 0 warnings.

Proportions, per article on average (see `Shape` below):
- about 480 words of prose in 6 to 11 paragraphs, with curly quotes and apostrophes, dashes,
  figures, parentheses and accented names and places, like wire copy;
- about 6 to 7 actor mentions (names or aliases of 3 to 5 actors, chosen with a long-tailed
  popularity so that a few actors are everywhere and most appear a handful of times);
- 3 actions (2 to 4), each with evidence: a substring of the article; one action in ten
  cites a second, earlier article;
- 2 quotes (1 to 3), whose text stands verbatim in the article (between curly quotes there,
  straight ones in the YAML, which the contract folds).
Actors: 0.3 per article (300 at 1,000 articles, 3,000 at 10,000), at least 12, at most
20,000: people (60%), organizations, groups, governments and countries (a fixed list).
Facts are spread over nested folders so that no file is large (`--layout monthly`, the
default): facts/actors/<type>/<letter>.yaml, facts/actions/<year>/<month>.yaml,
facts/quotes/<year>/<month>.yaml; or kept in one file per kind (`--layout one-file`, as the
sample briefing does): facts/actors.yaml, facts/actions.yaml, facts/quotes.yaml (at 10,000
articles the actions file is 11.8 MB). `--shape` changes the proportions (see SHAPES).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parent.parent

# --- vocabulary ------------------------------------------------------------------------------

FIRST_NAMES = (
    "José María Ana Luis Carlos Lucía Sofía Andrés Martín Jorge Camila Valentina Diego Javier "
    "Nicolás Sebastián Tomás Inés Raúl Óscar Héctor Mónica Verónica Ramón Adrián Joaquín Iván "
    "Beatriz Patricia Fernando Gabriela Ricardo Elena Pablo Manuel Rocío Ángel Julián Cristina "
    "Ólafur Søren Zoë François Hélène Jürgen Mehmet Ayşe Łukasz Małgorzata Dmitri Olga Chiara "
    "Matteo Giulia Aoife Siobhán Kwame Amara Nkechi Thandiwe Priya Arjun Ravi Mei Hiroshi Yuki "
    "Samuel Grace Daniel Sarah David Emily Michael Laura James Anna Peter Claire Thomas Helen "
    "Antoine Benoît Joëlle Renée Björn Åsa Mikael Ingrid Noémie Zsófia Dávid Tomáš Jiří Petra"
).split()

SURNAMES = (
    "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores "
    "Rivera Gómez Díaz Cruz Morales Reyes Gutiérrez Ortiz Jiménez Ruiz Álvarez Castillo Romero "
    "Vásquez Chávez Mendoza Herrera Medina Aguilar Vargas Castro Guzmán Muñoz Rojas Núñez Peña "
    "Cabello Padrino Saab Arreaza Ochoa Lozada Briceño Quintero Salazar Carreño Villalobos "
    "Müller Schäfer Köhler Weiß Dubois Lefèvre Moreau Girard Rousseau Fontaine Mercier Bernard "
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Conti De Luca "
    "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Jensen Hansen Nielsen Jónsson Guðmundsdóttir "
    "Yılmaz Kaya Demir Çelik Şahin Öztürk Okafor Mensah Nkosi Diallo Traoré Ndiaye Banda "
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Jackson Martin Lee Thompson White Harris Clark Lewis Walker Hall Allen Young King "
    "Novák Dvořák Horváth Szabó Nagy Tóth Kovács Popescu Ionescu Petrović Jovanović Nikolić "
    "O'Brien O'Connor MacLeod Fitzgerald Kelly Murphy Byrne Walsh Ryan Doyle"
).split()

COUNTRIES = [  # (name, adjective)
    ("Venezuela", "Venezuelan"), ("Colombia", "Colombian"), ("Brazil", "Brazilian"),
    ("Argentina", "Argentine"), ("Chile", "Chilean"), ("Peru", "Peruvian"), ("Ecuador", "Ecuadorian"),
    ("Bolivia", "Bolivian"), ("Paraguay", "Paraguayan"), ("Uruguay", "Uruguayan"), ("Mexico", "Mexican"),
    ("Guatemala", "Guatemalan"), ("Honduras", "Honduran"), ("Nicaragua", "Nicaraguan"),
    ("El Salvador", "Salvadoran"), ("Costa Rica", "Costa Rican"), ("Panama", "Panamanian"),
    ("Cuba", "Cuban"), ("Haiti", "Haitian"), ("Dominican Republic", "Dominican"),
    ("United States", "American"), ("Canada", "Canadian"), ("Spain", "Spanish"), ("France", "French"),
    ("Germany", "German"), ("Italy", "Italian"), ("Portugal", "Portuguese"), ("Poland", "Polish"),
    ("Türkiye", "Turkish"), ("Iceland", "Icelandic"), ("Denmark", "Danish"), ("Norway", "Norwegian"),
    ("Côte d'Ivoire", "Ivorian"), ("São Tomé and Príncipe", "Santomean"), ("Curaçao", "Curaçaoan"),
    ("Nigeria", "Nigerian"), ("Ghana", "Ghanaian"), ("South Africa", "South African"),
    ("Russia", "Russian"), ("China", "Chinese"), ("Iran", "Iranian"), ("India", "Indian"),
]

INSTITUTIONS = [
    "Ministry of Defense", "Ministry of Finance", "Ministry of Foreign Affairs", "Ministry of the Interior",
    "Ministry of Justice", "Central Bank", "National Guard", "National Police", "Supreme Court",
    "National Electoral Council", "Attorney General's Office", "Intelligence Service", "National Assembly",
    "Armed Forces", "Customs Service", "State Oil Company", "Human Rights Commission", "Ombudsman's Office",
    "Election Observation Mission", "Chamber of Commerce", "Journalists' Union", "Bar Association",
    "Federation of Students", "Workers' Confederation", "Bishops' Conference", "Red Cross Society",
]
GROUP_ADJ = ["Democratic", "Popular", "National", "Civic", "Patriotic", "Progressive", "United",
             "Revolutionary", "Independent", "Liberal", "Socialist", "Green", "Free", "New"]
GROUP_NOUN = ["Movement", "Front", "Alliance", "Coalition", "Platform", "Union", "Party", "Bloc",
              "Network", "Collective", "Assembly", "Council"]
GROUP_OF = ["Change", "Justice", "Liberty", "Renewal", "Unity", "Dignity", "Progress", "Hope",
            "Reform", "Solidarity", "the Homeland", "Workers", "Students", "Victims", "Mothers"]

ROLES = ["Minister", "Deputy Minister", "Director", "Spokesperson", "Commander", "General", "Judge",
         "President", "Vice President", "Governor", "Adviser", "Secretary General", "Ambassador",
         "Chief Prosecutor", "Chair", "Senator", "Deputy", "Coordinator", "Treasurer"]

OUTLETS = ["Voice of America", "Reuters", "Associated Press", "Agence France-Presse", "El País",
           "Efecto Cocuyo", "El Nacional", "Folha de S.Paulo", "La Nación", "Deutsche Welle",
           "BBC Mundo", "The Guardian", "Le Monde", "Tal Cual", "Runrunes", "Crónica Uno"]
AUTHORS_EXTRA = ["Staff", "Wire desk", "Correspondents"]

CITIES = ["Caracas", "Bogotá", "Asunción", "São Paulo", "Brasília", "Mérida", "Maracaibo", "Quito",
          "Medellín", "Córdoba", "Zürich", "Genève", "Málaga", "Cúcuta", "Valparaíso", "Washington",
          "Madrid", "Paris", "Lima", "Santiago", "La Paz", "Montevideo", "Managua", "Havana"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

ADJ = ("new former senior regional national economic political electoral military judicial "
       "independent official international local public private urgent widespread alleged "
       "disputed preliminary final broad limited renewed strict temporary humanitarian legal "
       "administrative financial civilian diplomatic key recent growing").split()
NOUN = ("government election report decision measure agreement investigation statement vote "
        "crisis process policy budget court ruling meeting proposal protest campaign program "
        "deal law commission committee plan talks dispute border economy market sector mission "
        "inquiry hearing audit review sanction embargo transition dialogue negotiation").split()
PLURAL = ("officials observers lawmakers analysts diplomats voters workers residents prosecutors "
          "judges soldiers protesters journalists students companies banks families detainees "
          "candidates activists ministers governors experts investors farmers migrants").split()
VERB_PAST = ("announced rejected approved delayed criticized questioned welcomed described "
             "reviewed extended suspended expanded challenged supported confirmed denied "
             "postponed outlined defended condemned backed examined documented reported").split()
VERB_INF = ("review reconsider expand suspend investigate support challenge postpone finance "
            "monitor restore negotiate publish defend reform limit strengthen replace").split()
SAY = ["said", "told reporters", "said in a statement", "wrote on social media", "said on", "added"]
SOURCES_PHRASE = ["officials familiar with the matter", "a government spokesperson", "local media",
                  "two people briefed on the talks", "court documents", "a report seen by reporters",
                  "preliminary figures", "the opposition", "international observers"]
TIME_PHRASE = ["on {weekday}", "last week", "earlier this month", "in {month}", "this year",
               "since the {month} election", "over the weekend", "in recent days", "late on {weekday}"]

HEADLINE = {"sanction": "sanctions", "visa-restriction": "restricts visas for", "arrest-warrant":
            "seeks arrest of", "statement": "criticizes", "meeting": "meets", "agreement": "signs deal with",
            "investigation": "investigates", "detention": "detains supporters of", "accusation":
            "accuses", "claim": "claims victory over", "funding": "funds", "protest": "protests against",
            "appointment": "names envoy to", "recognition": "recognizes", "expulsion": "expels diplomats of"}
ACTION_TYPES = [  # (type, evidence phrase with {target}, summary verb, takes a count, weight)
    ("sanction", "imposed sanctions on {target}", "Imposed sanctions on", True, 10),
    ("visa-restriction", "announced visa restrictions against {target}", "Announced visa restrictions against", True, 4),
    ("arrest-warrant", "issued an arrest warrant for {target}", "Issued an arrest warrant for", False, 4),
    ("statement", "issued a statement criticizing {target}", "Issued a statement criticizing", False, 12),
    ("meeting", "met with {target}", "Met with", False, 10),
    ("agreement", "signed an agreement with {target}", "Signed an agreement with", False, 5),
    ("investigation", "opened an investigation into {target}", "Opened an investigation into", False, 6),
    ("detention", "detained {count} supporters of {target}", "Detained supporters of", True, 5),
    ("accusation", "accused {target} of electoral fraud", "Accused of electoral fraud:", False, 8),
    ("claim", "claimed victory over {target}", "Claimed victory over", False, 3),
    ("funding", "announced {amount} in funding for {target}", "Announced funding for", False, 4),
    ("protest", "organized protests against {target}", "Organized protests against", True, 6),
    ("appointment", "appointed a new envoy to {target}", "Appointed a new envoy to", False, 3),
    ("recognition", "formally recognized {target}", "Formally recognized", False, 2),
    ("expulsion", "expelled diplomats of {target}", "Expelled diplomats of", True, 2),
]
STATUSES = ["confirmed", "confirmed", "confirmed", "claimed", "disputed", "planned"]
QUOTE_OPEN = ["We will not accept", "This is a clear violation of", "Nobody should be surprised by",
              "We are deeply concerned about", "There is no justification for", "We welcome",
              "History will judge", "The people have spoken about", "It is time to end",
              "We call on the authorities to respect", "We have evidence of", "We will continue to fight",
              "Our position has not changed on", "I have said many times that we reject",
              "The world is watching", "No one is above the law, including", "We remain committed to",
              "They are trying to hide", "This government will defend", "What we need now is",
              "It would be a mistake to ignore", "Let me be clear about", "We never agreed to",
              "Ordinary people are paying for", "I am proud of", "There will be consequences for"]

_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "ð": "d", "Ð": "D",
                           "ı": "i", "æ": "ae", "Æ": "AE", "þ": "th", "’": "'"})


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text).lower()))


# --- YAML output -----------------------------------------------------------------------------

_PLAIN_OK = re.compile(r"[A-Za-z\u00c0-\u024f][^:#\n\"'{}\[\],&*!|>%@`]*[^:\s]|[A-Za-z]")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def ys(text: str) -> str:
    """A YAML scalar for text: plain when it is safe, else double-quoted (JSON is valid YAML)."""
    if _PLAIN_OK.fullmatch(text) and text.lower() not in _RESERVED and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def folded_block(text: str, indent: str, width: int = 72) -> str:
    """A `>-` block scalar: the words wrapped at `width`, which YAML folds back into one line."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "".join(f"{indent}{item}\n" for item in lines).rstrip("\n")


# --- model ----------------------------------------------------------------------------------


@dataclass
class Actor:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    country: str | None = None
    wikidata: str | None = None
    affiliations: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (actor, role, since)
    mention_forms: list[str] = field(default_factory=list)  # how articles write it


@dataclass
class Action:
    id: str
    date: str
    type: str
    by: list[str]
    targets: list[str]
    count: int | None
    summary: str
    status: str | None
    sources: list[tuple[str, str | None]]  # (article id, evidence)


@dataclass
class Quote:
    id: str
    speaker: str
    text: str
    source: str
    about: list[str]
    action: str | None
    context: str | None
    date: str | None = None
    speaker_actor: Actor | None = None


@dataclass
class Shape:
    actors_per_article: float = 0.3
    min_actors: int = 12
    max_actors: int = 20_000
    first_day: date = date(2019, 1, 1)
    days: int = 6 * 365
    extra_paragraphs: int = 0  # filler paragraphs added to each article (4 to 6 sentences each)


# Other shapes, to see that no ratio depends on the standard proportions (`--shape`).
SHAPES = {
    "standard": Shape(),
    "long-articles": Shape(extra_paragraphs=12),  # about 3x the words, the same facts
    "many-actors": Shape(actors_per_article=2.0),  # 2,000 actors at 1,000 articles, 20,000 at 10,000
}


class Maker:
    def __init__(self, articles: int, seed: int, shape: Shape | None = None) -> None:
        self.n = articles
        self.rng = Random(seed)
        self.extra_rng = Random(seed + 1_000_003)
        self.shape = shape or Shape()
        self.used_ids: set[str] = set()
        self.actors: list[Actor] = []
        self.actions: list[Action] = []
        self.quotes: list[Quote] = []
        self.articles: list[tuple[str, str, str]] = []  # (id, date, file text)
        self.stats = {"words": 0, "mentions": 0}

    def unique(self, base: str) -> str:
        base = base[:80].strip("-") or "x"
        candidate, n = base, 1
        while candidate in self.used_ids:
            n += 1
            candidate = f"{base}-{n}"
        self.used_ids.add(candidate)
        return candidate

    # --- actors -------------------------------------------------------------------------------

    def make_actors(self) -> None:
        rng = self.rng
        total = max(self.shape.min_actors, min(self.shape.max_actors, round(self.n * self.shape.actors_per_article)))
        n_countries = min(len(COUNTRIES), max(3, total // 8))
        rest = total - n_countries
        n_gov = min(n_countries, max(1, rest // 12))
        n_groups = max(1, rest * 15 // 100)
        n_orgs = max(1, rest * 20 // 100)
        n_people = max(1, rest - n_gov - n_groups - n_orgs)
        countries = []
        for name, adj in COUNTRIES[:n_countries]:
            actor = Actor(self.unique(slugify(name)), name, "country", mention_forms=[name])
            if rng.random() < 0.5:
                actor.wikidata = f"Q{rng.randint(100, 99999)}"
            countries.append((actor, adj))
        self.actors += [a for a, _ in countries]
        governments = []
        for actor_c, adj in countries[:n_gov]:
            name = f"Government of {actor_c.name}"
            actor = Actor(self.unique(slugify(name)), name, "government", aliases=[f"{adj} government"],
                          country=actor_c.id, mention_forms=[name, f"{adj} government"])
            governments.append(actor)
        self.actors += governments
        taken: set[str] = {fold(a.name) for a in self.actors}
        orgs: list[Actor] = []
        combos = [(c, a, inst) for (c, a), inst in itertools.product(countries, INSTITUTIONS)]
        rng.shuffle(combos)
        acronyms: dict[str, int] = {}
        for actor_c, adj, inst in combos[:n_orgs]:
            name = f"{adj} {inst}"
            taken.add(fold(name))
            actor = Actor(self.unique(slugify(name)), name, "organization", country=actor_c.id,
                          mention_forms=[name])
            acro = "".join(w[0] for w in re.findall(r"[A-Z]\w*", fold(name)))
            acronyms[acro] = acronyms.get(acro, 0) + 1
            actor.aliases = [acro]
            if rng.random() < 0.4:
                actor.description = f"{inst} of {actor_c.name}."
            orgs.append(actor)
        for actor in orgs:  # an acronym two organisations share would be ambiguous: drop it
            if acronyms[actor.aliases[0]] > 1 or len(actor.aliases[0]) < 3:
                actor.aliases = []
            else:
                actor.mention_forms.append(actor.aliases[0])
        self.actors += orgs
        groups = []
        for _ in range(n_groups * 20):
            if len(groups) >= n_groups:
                break
            name = f"{rng.choice(GROUP_ADJ)} {rng.choice(GROUP_NOUN)} for {rng.choice(GROUP_OF)}"
            if fold(name) in taken:
                continue
            taken.add(fold(name))
            actor = Actor(self.unique(slugify(name)), name, "group", mention_forms=[name])
            if rng.random() < 0.3:
                actor.description = f"A *{rng.choice(['civic', 'political', 'armed', 'student'])}* group."
            groups.append(actor)
        self.actors += groups
        people = []
        for _ in range(n_people * 50):
            if len(people) >= n_people:
                break
            first = rng.choice(FIRST_NAMES)
            last = rng.choice(SURNAMES)
            if rng.random() < 0.25:
                last = f"{last} {rng.choice(SURNAMES)}"
            name = f"{first} {last}"
            if fold(name) in taken or rng.random() < 0.0:
                continue
            taken.add(fold(name))
            people.append(Actor("", name, "person", mention_forms=[name]))
        # A surname alone is an alias only when no other name starts or ends with it.
        edges: dict[tuple[str, ...], int] = {}
        for actor in self.actors + people:
            words = tuple(re.findall(r"\w+", fold(actor.name)))
            for k in range(1, len(words) + 1):
                edges[words[:k]] = edges.get(words[:k], 0) + 1
                edges[words[-k:]] = edges.get(words[-k:], 0) + 1
        affiliable = governments + orgs + groups
        for actor in people:
            actor.id = self.unique(slugify(actor.name))
            surname = actor.name.split(" ", 1)[1]
            ascii_name = fold(actor.name)
            if ascii_name != actor.name and edges.get(tuple(re.findall(r"\w+", ascii_name)), 0) == 2:
                actor.aliases.append(ascii_name)  # (2: the name is its own prefix and suffix)
            if edges.get(tuple(re.findall(r"\w+", fold(surname))), 0) == 1 and rng.random() < 0.7:
                actor.aliases.append(surname)
                actor.mention_forms.append(surname)
            actor.country = rng.choice(countries)[0].id
            if rng.random() < 0.3:
                actor.wikidata = f"Q{rng.randint(1000, 9_999_999)}"
            if affiliable and rng.random() < 0.6:
                since = self.random_date() if rng.random() < 0.4 else None
                actor.affiliations.append((rng.choice(affiliable).id, rng.choice(ROLES), since))
            if rng.random() < 0.5:
                role = actor.affiliations[0][1] if actor.affiliations else rng.choice(ROLES)
                actor.description = f"{role}; named in reports from {rng.choice(CITIES)}."
        self.actors += people
        rng.shuffle(self.actors)
        # Long-tailed popularity: weight 1/(rank+1)^0.9.
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(self.actors))]
        self.cum_weights = list(itertools.accumulate(weights))
        self.people = [a for a in self.actors if a.type == "person"]

    def random_date(self) -> str:
        day = self.shape.first_day + timedelta(days=self.rng.randrange(self.shape.days))
        return day.isoformat()

    # --- prose ---------------------------------------------------------------------------------

    def fill(self, text: str) -> str:
        rng = self.rng
        return text.format(weekday=rng.choice(WEEKDAYS), month=rng.choice(MONTHS))

    def number(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.3:
            return f"{rng.randint(2, 99)}"
        if kind < 0.5:
            return f"{rng.randint(1, 60)},{rng.randint(0, 999):03d}"
        if kind < 0.7:
            return f"{rng.randint(3, 95)}%"
        if kind < 0.85:
            return f"${rng.randint(1, 9)}.{rng.randint(1, 9)} million"
        return f"{rng.randint(2, 40)} percent"

    @staticmethod
    def a(word: str) -> str:
        return f"an {word}" if word[0] in "aeiou" else f"a {word}"

    @staticmethod
    def plural(word: str) -> str:
        return word[:-1] + "ies" if word.endswith("y") else word + "es" if word.endswith(("s", "sh", "ch")) else word + "s"

    def sentence(self) -> str:
        rng = self.rng
        c = rng.choice
        form = rng.randrange(8)
        if form == 0:
            s = f"The {c(ADJ)} {c(NOUN)} {c(VERB_PAST)} the {c(NOUN)} of {c(PLURAL)} in {c(CITIES)} {self.fill(c(TIME_PHRASE))}"
        elif form == 1:
            s = f"{c(PLURAL).capitalize()} said the {c(NOUN)} would {c(VERB_INF)} the {c(ADJ)} {c(NOUN)} {self.fill(c(TIME_PHRASE))}"
        elif form == 2:
            s = f"According to {c(SOURCES_PHRASE)}, about {self.number()} {c(PLURAL)} {c(VERB_PAST)} the {c(NOUN)}"
        elif form == 3:
            s = (f"The {c(NOUN)} comes after {self.a(c(ADJ))} {c(NOUN)} in {c(MONTHS)}, when {c(PLURAL)} in "
                 f"{c(CITIES)} {c(VERB_PAST)} the {c(ADJ)} {c(NOUN)}")
        elif form == 4:
            s = (f"It was not clear whether the {c(NOUN)} would {c(VERB_INF)} the {c(NOUN)} — a question "
                 f"{c(PLURAL)} have raised {self.fill(c(TIME_PHRASE))}")
        elif form == 5:
            s = (f"The country’s {c(ADJ)} {c(NOUN)} ({c(ADJ)} since {rng.randint(1998, 2023)}) "
                 f"{c(VERB_PAST)} {self.number()} of the {c(PLURAL)}’ {self.plural(c(NOUN))}")
        elif form == 6:
            s = (f"In {c(CITIES)}, {c(PLURAL)} {c(VERB_PAST)} {self.a(c(ADJ))} {c(NOUN)} and called for "
                 f"{self.a(c(ADJ))} {c(NOUN)}; {c(PLURAL)} {c(VERB_PAST)} it {self.fill(c(TIME_PHRASE))}")
        else:
            s = (f"Critics {c(VERB_PAST)} what they called a “{c(ADJ)} {c(NOUN)}”, while {c(PLURAL)} "
                 f"{c(VERB_PAST)} the {c(NOUN)} and the {c(NOUN)}")
        return s + "."

    def filler(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def mention(self, actor: Actor) -> str:
        self.stats["mentions"] += 1
        forms = actor.mention_forms
        return forms[0] if len(forms) == 1 or self.rng.random() < 0.6 else self.rng.choice(forms[1:])

    def quote_text(self) -> str:
        rng = self.rng
        c = rng.choice
        text = f"{c(QUOTE_OPEN)} the {c(ADJ)} {c(NOUN)} of the {c(NOUN)}"
        if rng.random() < 0.6:
            text += f", and {c(PLURAL)} in {c(CITIES)} {c(['know', 'say', 'agree', 'insist'])} that the {c(NOUN)} will {c(VERB_INF)} the {c(ADJ)} {c(NOUN)}"
        if rng.random() < 0.3:
            text += f" — the {c(NOUN)}’s {c(NOUN)} cannot wait"
        return text

    # --- articles, actions, quotes -------------------------------------------------------------

    def make_article(self, index: int) -> None:
        rng = self.rng
        day = self.random_date()
        n_actors = len(self.actors)
        cast_ids: list[Actor] = []
        # Round-robin guarantees every actor appears somewhere; popularity picks the rest.
        # Actors of one article: 2 to 4 (2.9 on average).
        for actor in [self.actors[index % n_actors], *rng.choices(self.actors, cum_weights=self.cum_weights, k=3)]:
            if actor not in cast_ids:
                cast_ids.append(actor)
        rng.shuffle(cast_ids)
        cast = cast_ids
        n_actions = rng.choices((2, 3, 4), weights=(1, 2, 1))[0]
        n_quotes = rng.choices((1, 2, 3), weights=(1, 2, 1))[0]
        title_type = ACTION_TYPES[rng.randrange(len(ACTION_TYPES))]
        lead_by, lead_target = cast[0], cast[1 % len(cast)]
        title = f"{lead_by.name} {HEADLINE[title_type[0]]} {lead_target.name}"
        article_id = self.unique(slugify(title)[:70].rstrip("-"))
        paragraphs: list[str] = []
        actions: list[Action] = []
        weights = [t[4] for t in ACTION_TYPES]
        for k in range(n_actions):
            kind, phrase, summary_verb, counted, _ = rng.choices(ACTION_TYPES, weights=weights)[0] if k else title_type
            by = cast[k % len(cast)]
            target = cast[(k + 1) % len(cast)]
            count = rng.randint(2, 400) if counted and rng.random() < 0.7 else None
            has_target = k == 0 or rng.random() < 0.65
            if has_target:
                target_text = self.mention(target)
                if count is not None and kind != "detention":
                    target_text = f"{count} officials linked to {target_text}"
            else:  # no actor acted upon: the object is a thing
                target_text = f"the {rng.choice(PLURAL)} of the {rng.choice(NOUN)}"
            evidence = phrase.format(target=target_text, count=count or rng.randint(2, 90),
                                     amount=f"${rng.randint(2, 900)} million")
            when = self.fill(rng.choice(["on {weekday}", "in {month}", "last week", "this week", "earlier this year"]))
            if k and rng.random() < 0.6:  # a follow-up: the actor is not named again
                sentence = f"{rng.choice(['It also', 'The same day, it', 'Separately, it'])} {evidence} {when}."
            else:
                sentence = f"{self.mention(by)} {evidence} {when}, {rng.choice(SOURCES_PHRASE)} said."
            body_sentences = rng.randint(1, 3) if k == 0 else rng.randint(2, 4)
            paragraphs.append(f"{sentence} {self.filler(body_sentences)}")
            date_text = day if rng.random() < 0.85 else day[:7] if rng.random() < 0.7 else day[:4]
            action_id = self.unique(f"{by.id[:40]}-{kind}-{day}")
            summary = (f"{summary_verb} {target.name if has_target else target_text}"
                       + (f" ({count} people or entities)" if count else "") + ".")
            sources: list[tuple[str, str | None]] = [(article_id, evidence if rng.random() < 0.9 else None)]
            if self.articles and rng.random() < 0.1:
                earlier = self.articles[rng.randrange(len(self.articles))][0]
                sources.append((earlier, None))
            actions.append(Action(action_id, date_text, kind, [by.id], [target.id] if has_target else [],
                                  count, summary, rng.choice(STATUSES) if rng.random() < 0.8 else None, sources))
            if k == 0:
                paragraphs.append(self.filler(rng.randint(3, 5)))
        self.actions += actions
        mentioned = {i for action in actions for i in action.by + action.targets}
        for actor in cast:
            if actor.id not in mentioned:
                line = rng.choice(["{} did not respond to a request for comment.",
                                   "{} has been at the centre of the dispute since {} {}."])
                line = line.format(self.mention(actor), rng.choice(MONTHS), rng.randint(2015, 2023))
                at = rng.randrange(1, len(paragraphs) + 1)
                paragraphs[at - 1] = f"{paragraphs[at - 1]} {line}"
        people = [a for a in cast if a.type == "person"]
        last_at = 0
        for k in range(n_quotes):
            speaker = people[k % len(people)] if people else self.people[rng.randrange(len(self.people))]
            text = self.quote_text()
            form = rng.randrange(3)
            if k and rng.random() < 0.4:  # a second quote of the same speaker, who is not named again
                speaker = self.quotes[-1].speaker_actor
                quoted = f"“{text},” the {rng.choice(['official', 'spokesperson', 'speaker'])} added."
            elif form == 0:
                said = self.mention(speaker)
                quoted = f"“{text},” {said} {rng.choice(SAY[:2])}."
            elif form == 1:
                quoted = f"In a statement, {self.mention(speaker)} said: “{text}.”"
            else:
                said = self.mention(speaker)
                quoted = f"{said} {self.fill(rng.choice(['said on {weekday}', 'told reporters', 'added']))}: “{text}.”"
            last_at = rng.randint(last_at + 1, len(paragraphs))  # quotes in order: "added" comes after
            paragraphs.insert(last_at, f"{quoted} {self.filler(rng.randint(1, 3))}")
            about = [cast[0].id] if cast[0] is not speaker else []
            action = actions[k % len(actions)].id if rng.random() < 0.5 else None
            quote_id = self.unique(f"{speaker.id[:40]}-{slugify(' '.join(text.split()[:4]))}")
            context = f"Said in {rng.choice(CITIES)}." if rng.random() < 0.3 else None
            self.quotes.append(Quote(quote_id, speaker.id, text.replace("’", "'"), article_id, about, action,
                                     context, day if rng.random() < 0.2 else None, speaker))
        for _ in range(rng.randint(1, 4)):
            paragraphs.append(self.filler(rng.randint(3, 5)))
        if self.shape.extra_paragraphs:
            # From a random stream of their own: the facts stay those of the standard shape.
            main, self.rng = self.rng, self.extra_rng
            try:
                paragraphs += [self.filler(self.rng.randint(4, 6)) for _ in range(self.shape.extra_paragraphs)]
            finally:
                self.rng = main
        body = "\n\n".join(paragraphs)
        self.stats["words"] += body.count(" ") + len(paragraphs)
        front = [f"title: {ys(title)}", f"date: {day}", f"source: {ys(rng.choice(OUTLETS))}"]
        if rng.random() < 0.8:
            front.append(f"url: https://news.example.org/{day[:4]}/{day[5:7]}/{article_id}")
        if rng.random() < 0.5:
            front.append(f"author: {ys(rng.choice(FIRST_NAMES) + ' ' + rng.choice(SURNAMES + AUTHORS_EXTRA))}")
        front.append("language: en")
        text = "---\n" + "\n".join(front) + "\n---\n" + body + "\n"
        self.articles.append((article_id, day, text))

    def make(self) -> None:
        self.make_actors()
        for index in range(self.n):
            self.make_article(index)

    # --- files ---------------------------------------------------------------------------------

    def actor_yaml(self, a: Actor) -> str:
        out = [f"  - id: {a.id}", f"    name: {ys(a.name)}", f"    type: {a.type}"]
        if a.aliases:
            out.append("    aliases: [" + ", ".join(json.dumps(x, ensure_ascii=False) for x in a.aliases) + "]")
        if a.description:
            out.append(f"    description: {json.dumps(a.description, ensure_ascii=False)}")
        if a.country:
            out.append(f"    country: {a.country}")
        if a.wikidata:
            out.append(f"    wikidata: {a.wikidata}")
        if a.affiliations:
            out.append("    affiliations:")
            for actor, role, since in a.affiliations:
                out.append(f"      - actor: {actor}")
                if role:
                    out.append(f"        role: {ys(role)}")
                if since:
                    out.append(f"        since: {since}")
        return "\n".join(out) + "\n"

    def action_yaml(self, a: Action) -> str:
        date_text = a.date if len(a.date) == 10 else json.dumps(a.date)
        out = [f"  - id: {a.id}", f"    date: {date_text}", f"    type: {a.type}",
               f"    by: [{', '.join(a.by)}]"]
        if a.targets:
            out.append(f"    targets: [{', '.join(a.targets)}]")
        if a.count is not None:
            out.append(f"    count: {a.count}")
        out.append(f"    summary: {json.dumps(a.summary, ensure_ascii=False)}")
        if a.status:
            out.append(f"    status: {a.status}")
        out.append("    sources:")
        for article, evidence in a.sources:
            out.append(f"      - article: {article}")
            if evidence:
                out.append(f"        evidence: {json.dumps(evidence.replace('’', chr(39)), ensure_ascii=False)}")
        return "\n".join(out) + "\n"

    def quote_yaml(self, q: Quote) -> str:
        text = folded_block(q.text, "      ") if len(q.text) > 70 else json.dumps(q.text, ensure_ascii=False)
        out = [f"  - id: {q.id}", f"    speaker: {q.speaker}", f"    text: {text}", f"    source: {q.source}"]
        if q.date:
            out.append(f"    date: {q.date}")
        if q.about:
            out.append(f"    about: [{', '.join(q.about)}]")
        if q.action:
            out.append(f"    action: {q.action}")
        if q.context:
            out.append(f"    context: {ys(q.context)}")
        return "\n".join(out) + "\n"

    def write(self, out: Path, theme: str, layout: str = "monthly") -> dict[str, int]:
        content = out / "content"
        if content.exists():
            shutil.rmtree(content)
        site = out / "site"
        if site.exists():
            shutil.rmtree(site)
        files: dict[str, str] = {}
        article_date = {a_id: day for a_id, day, _ in self.articles}
        for article_id, _, text in self.articles:
            files[f"articles/{article_id}.md"] = text
        folders = {"person": "people", "organization": "organizations", "government": "governments",
                   "country": "countries", "group": "groups"}
        groups: dict[str, list[str]] = {}
        one_file = layout == "one-file"  # facts/actors.yaml, facts/actions.yaml, facts/quotes.yaml
        for actor in sorted(self.actors, key=lambda a: a.id):
            letter = actor.id[0] if actor.type in ("person", "organization", "group") else "all"
            path = "facts/actors.yaml" if one_file else f"facts/actors/{folders[actor.type]}/{letter}.yaml"
            groups.setdefault(path, []).append(self.actor_yaml(actor))
        for action in self.actions:
            day = article_date[action.sources[0][0]]
            path = "facts/actions.yaml" if one_file else f"facts/actions/{day[:4]}/{day[5:7]}.yaml"
            groups.setdefault(path, []).append(self.action_yaml(action))
        for quote in self.quotes:
            day = article_date[quote.source]
            path = "facts/quotes.yaml" if one_file else f"facts/quotes/{day[:4]}/{day[5:7]}.yaml"
            groups.setdefault(path, []).append(self.quote_yaml(quote))
        for path in sorted(groups):
            section = path.split("/")[1].removesuffix(".yaml")
            header = f"# Synthetic benchmark facts ({section}); generated by benchmarks/make_briefing.py.\n"
            files[path] = header + f"{section}:\n" + "\n".join(groups[path])
        files["pages/about.md"] = (
            "# About this briefing\n\nA synthetic briefing made by `benchmarks/make_briefing.py` "
            f"({self.n:,} articles) to measure the generator. Names, events and quotes are invented.\n")
        files["pages/methodology.md"] = (
            "# Methodology\n\nEvery action cites the article it comes from, with the words that support it; "
            "every quote stands verbatim in its source article.\n")
        total = 0
        for rel in sorted(files):
            target = content / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = files[rel].encode("utf-8")
            target.write_bytes(data)
            total += len(data)
        (out / "mkdocs.yml").write_text(mkdocs_yml(self.n, theme), "utf-8")
        return {"files": len(files), "bytes": total, "facts_files": sum(1 for r in files if r.startswith("facts/"))}


LAYOUTS = ("monthly", "one-file")


def mkdocs_yml(articles: int, theme: str) -> str:
    """The repository's mkdocs.yml, renamed; with --theme mkdocs its theme block is replaced."""
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    text = re.sub(r"(?m)^site_name:.*$", f'site_name: "Benchmark briefing: {articles:,} synthetic articles"', text, count=1)
    if theme != "material":
        text, found = re.subn(r"(?m)^theme:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n)*", f"theme:\n  name: {theme}\n", text, count=1)
        if not found:
            raise SystemExit("make_briefing: no 'theme:' block found in the repository's mkdocs.yml")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, metavar="N")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--theme", default="material", help="material (as the repository) or mkdocs")
    parser.add_argument("--layout", choices=LAYOUTS, default="monthly",
                        help="facts files: monthly (actions and quotes by year/month, actors by type and letter) "
                             "or one-file (one file each for actors, actions and quotes)")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="standard",
                        help="proportions: standard (above), long-articles (about 3x the words per article, "
                             "the same facts) or many-actors (2 actors per article instead of 0.3)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    maker = Maker(args.articles, args.seed, SHAPES[args.shape])
    maker.make()
    args.out.mkdir(parents=True, exist_ok=True)
    written = maker.write(args.out, args.theme, args.layout)
    summary = {
        "articles": len(maker.articles), "actors": len(maker.actors), "actions": len(maker.actions),
        "quotes": len(maker.quotes), "words_per_article": round(maker.stats["words"] / maker.n),
        "mentions_written_per_article": round(maker.stats["mentions"] / maker.n, 2),
        "actions_per_article": round(len(maker.actions) / maker.n, 2),
        "quotes_per_article": round(len(maker.quotes) / maker.n, 2), **written,
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
