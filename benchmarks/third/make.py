#!/usr/bin/env python3
"""A third synthetic briefing maker: a newsroom archive that grows its cast with its articles.

    python3 benchmarks/third/make.py --articles N --out DIR [--seed S]

Writes DIR/content/{articles,facts,pages} and DIR/mkdocs.yml. Standard library only; one
random.Random(seed), lists and dicts only (no set iteration), so the same arguments give the
same bytes. It relies on nothing but the content format (/work/shared/content-format.md).

The shape, chosen to stress what could grow faster than the articles:

- Articles: long (1,500 to 3,000 words), all in one flat folder, dated 2014 to 2025; curly
  quotes and apostrophes, en and em dashes, hard-wrapped lines in some, two spaces after
  full stops in others, a no-break space in figures; now and then a line that looks like
  Markdown or HTML (shown as text by the contract). A few carry an explicit `id:` different
  from the file name, a url, an author, another language.
- Actors GROW with the articles: 0.5 per article (about 5,100 at 10,000 articles) plus 60
  countries and their 60 governments; 3 to 6 aliases each: accent-free spellings, surnames
  alone (shared by many people: ambiguous short aliases), initials, titles, acronyms,
  Spanish names of organizations, capitals for governments, "U.S." style dotted forms.
  Organizations hang in affiliation chains (unit -> directorate -> ministry -> government),
  people hold 1 to 4 affiliations with roles and dates, groups split from groups.
- Six hub actors sit in a large share of the actions (by or target) and of the articles.
- Actions: 3 to 5 per article (roundups 8 to 12), each with 1 to 3 `by`, 0 to 6 targets
  (6% mass actions of 15 to 60 targets), 1 to 4 sources (older articles too), almost all
  with evidence; partial dates (YYYY-MM, YYYY); a vocabulary of action types that grows
  with the briefing (65 at 1,000 articles, 290 at 10,000).
- Quotes: 2 to 4 per article, 1 to 5 `about`, many tied to an action (some of an older
  article), long ones as folded `>-` blocks, a few written with curly quotes in the YAML.
- Facts in a few very large files: facts/actors.yaml (every actor but the countries),
  facts/countries.yml, facts/actions/<year>.yaml, facts/quotes/<year>.yaml.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import random
import shutil
import textwrap
import unicodedata
from pathlib import Path

# --- vocabularies --------------------------------------------------------------------------------

FIRST = ("José María Małgorzata Søren Zoë François Jürgen Ana Luís Çağla Ngozi Oluwaseun Dmitri Ioana "
         "Tomáš Jiří Agnieszka Héctor Inés Raúl Björn Åsa Thảo Mehmet Ayşe Élodie Renée Chloé Núria "
         "Íñigo Begoña Mónica Andrés Ramón Sebastián Tomás Joaquín Nicolás Gérard Hélène Grzegorz Paweł "
         "Wojciech Zbigniew Dušan Miloš Željko Kateřina Lukáš Ondřej Štefan Eszter Gábor Zoltán Ágnes "
         "Péter Kwame Amara Chidi Fatoumata Aïssata Moussa Oumar Khadija Yusuf Leila Tariq Farid Samir "
         "Noor Hiroshi Yuki Kenji Aiko Wei John Mary David Sarah Robert Emily Michael Laura Daniel Anna "
         "Peter Helen James Claire Thomas Julia Carlos Lucía Diego Valentina Mateo Camila Gabriel Sofía "
         "Rafael Isabel Fernando Beatriz Alejandro Verónica Óscar Adrián Iván Rubén Álvaro Jesús Víctor "
         "Ángel Pilar Dolores Consuelo Rocío Inmaculada Nuria Ainhoa Itziar Xosé Anxo Uxía Joan Jordi "
         "Núñez Ekaterina Svetlana Olga Natalia Igor Sergei Yevgeny Oleksandr Olena Taras Bohdan").split()
SURNAMES = ("García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Díaz Hernández Muñoz "
            "Álvarez Jiménez Ruiz Moreno Gutiérrez Núñez Ibáñez Peña Castaño Wiśniewski Kowalczyk Wójcik "
            "Dąbrowski Lewandowski Zieliński Szymański Woźniak Kozłowski Jankowski Müller Schäfer Köhler "
            "Weiß Jäger Böhm Dvořák Novák Černý Procházka Kučera Horváth Szabó Tóth Kovács Nagy Varga "
            "Lefèvre Côté Gagné Bérubé Lévesque Mercier Giraud Öztürk Yılmaz Şahin Çelik Doğan Kılıç Aydın "
            "Nguyễn Trần Phạm Hoàng Đặng Okonkwo Adeyemi Mensah Diallo Traoré Touré Keïta Ndiaye Sørensen "
            "Jørgensen Ødegaard Åberg Lindqvist Ström Kuznetsov Ivanova Petrov Smirnov Sokolov Popescu "
            "Ionescu Rădulescu Stănescu Vasquez Cabello Padrino Rodríguez-Zapatero Saab Márquez Bolívar "
            "Cárdenas Ordóñez Benítez Valdés Echeverría Urdaneta Villalobos Zambrano Quiñones Arévalo "
            "Carreño Londoño Restrepo Betancourt Uribe Santos Petro Duque Lleras Gaviria Barco Betancur "
            "Turbay Pastrana Samper Andrés Aristegui Ocampo Gallardo Salcedo Montaño Cuéllar Ávila "
            "Bermúdez Espinoza Guzmán Herrera Ledezma Machado Capriles Guaidó Borges Ramos Allup Rosales "
            "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin "
            "Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green "
            "Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Torres Parker "
            "Collins Edwards Stewart Flores Morris Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey").split()
TITLES = ("Minister", "General", "Senator", "Governor", "Judge", "Ambassador", "Colonel", "Mayor",
          "Deputy", "Commissioner", "Admiral", "Prosecutor", "Director", "Secretary")
ROLES = ("Director", "Deputy Director", "Minister", "Deputy Minister", "Commander", "Spokesperson",
         "Chief of Staff", "Treasurer", "General Counsel", "Board member", "Adviser", "Head of unit",
         "Ambassador", "Chair", "Vice-chair", "Inspector General", "Press officer", "Founder")

# (name, aliases, capital)
COUNTRIES = [
    ("United States", ["U.S.", "USA", "United States of America"], "Washington"),
    ("Venezuela", ["Bolivarian Republic of Venezuela", "República Bolivariana de Venezuela"], "Caracas"),
    ("Colombia", ["Republic of Colombia", "República de Colombia"], "Bogotá"),
    ("Côte d'Ivoire", ["Cote d'Ivoire", "Ivory Coast"], "Yamoussoukro"),
    ("Türkiye", ["Turkiye", "Turkey"], "Ankara"),
    ("São Tomé and Príncipe", ["Sao Tome and Principe", "São Tomé"], "São Tomé city"),
    ("Brazil", ["Brasil", "Federative Republic of Brazil"], "Brasília"),
    ("Paraguay", ["Republic of Paraguay"], "Asunción"),
    ("Iceland", ["Ísland"], "Reykjavík"),
    ("Cameroon", ["Cameroun"], "Yaoundé"),
    ("Togo", ["Togolese Republic"], "Lomé"),
    ("Mexico", ["México", "United Mexican States"], "Mexico City"),
    ("Peru", ["Perú"], "Lima"),
    ("Panama", ["Panamá"], "Panama City"),
    ("Spain", ["España", "Kingdom of Spain"], "Madrid"),
    ("Germany", ["Deutschland", "Federal Republic of Germany"], "Berlin"),
    ("France", ["French Republic"], "Paris"),
    ("United Kingdom", ["UK", "U.K.", "Britain", "Great Britain"], "London"),
    ("Russia", ["Russian Federation"], "Moscow"),
    ("China", ["People's Republic of China", "PRC"], "Beijing"),
    ("Iran", ["Islamic Republic of Iran"], "Tehran"),
    ("Cuba", ["Republic of Cuba"], "Havana"),
    ("Nicaragua", ["Republic of Nicaragua"], "Managua"),
    ("Bolivia", ["Plurinational State of Bolivia"], "Sucre"),
    ("Ecuador", ["Republic of Ecuador"], "Quito"),
    ("Chile", ["Republic of Chile"], "Santiago"),
    ("Argentina", ["Argentine Republic"], "Buenos Aires"),
    ("Uruguay", ["República Oriental del Uruguay"], "Montevideo"),
    ("Dominican Republic", ["República Dominicana"], "Santo Domingo"),
    ("Haiti", ["Haïti", "Ayiti"], "Port-au-Prince"),
    ("Curaçao", ["Curacao"], "Willemstad"),
    ("Trinidad and Tobago", ["T&T"], "Port of Spain"),
    ("Guyana", ["Co-operative Republic of Guyana"], "Georgetown"),
    ("Canada", ["Dominion of Canada"], "Ottawa"),
    ("Portugal", ["Portuguese Republic"], "Lisbon"),
    ("Italy", ["Italia"], "Rome"),
    ("Switzerland", ["Swiss Confederation", "Schweiz"], "Bern"),
    ("Austria", ["Österreich"], "Vienna"),
    ("Poland", ["Polska"], "Warsaw"),
    ("Czechia", ["Czech Republic", "Česko"], "Prague"),
    ("Hungary", ["Magyarország"], "Budapest"),
    ("Romania", ["România"], "Bucharest"),
    ("Norway", ["Norge"], "Oslo"),
    ("Sweden", ["Sverige"], "Stockholm"),
    ("Denmark", ["Danmark"], "Copenhagen"),
    ("Nigeria", ["Federal Republic of Nigeria"], "Abuja"),
    ("Ghana", ["Republic of Ghana"], "Accra"),
    ("Senegal", ["Sénégal"], "Dakar"),
    ("Mali", ["Republic of Mali"], "Bamako"),
    ("Vietnam", ["Viet Nam", "Việt Nam"], "Hanoi"),
    ("Japan", ["Nippon"], "Tokyo"),
    ("South Korea", ["Republic of Korea", "ROK"], "Seoul"),
    ("India", ["Bharat", "Republic of India"], "New Delhi"),
    ("United Arab Emirates", ["UAE", "Emirates"], "Abu Dhabi"),
    ("Qatar", ["State of Qatar"], "Doha"),
    ("Lebanon", ["Liban"], "Beirut"),
    ("Syria", ["Syrian Arab Republic"], "Damascus"),
    ("Belarus", ["Republic of Belarus"], "Minsk"),
    ("Ukraine", ["Україна"], "Kyiv"),
    ("Kazakhstan", ["Qazaqstan"], "Astana"),
]

ORG_PREFIX = [("National", "Nacional"), ("Federal", "Federal"), ("Central", "Central"), ("General", "General"),
              ("Special", "Especial"), ("Joint", "Conjunto"), ("Supreme", "Supremo"), ("Regional", "Regional"),
              ("Bolivarian", "Bolivariano"), ("Popular", "Popular"), ("Strategic", "Estratégico"),
              ("Independent", "Independiente"), ("Higher", "Superior"), ("Interior", "Interior")]
ORG_BODY = [("Directorate", "Dirección"), ("Council", "Consejo"), ("Agency", "Agencia"), ("Office", "Oficina"),
            ("Command", "Comando"), ("Service", "Servicio"), ("Bureau", "Buró"), ("Commission", "Comisión"),
            ("Authority", "Autoridad"), ("Tribunal", "Tribunal"), ("Institute", "Instituto"),
            ("Corporation", "Corporación"), ("Fund", "Fondo"), ("Ministry", "Ministerio")]
ORG_DOMAIN = [("Customs", "Aduanas"), ("Military Counterintelligence", "Contrainteligencia Militar"),
              ("Energy", "Energía"), ("Mining", "Minería"), ("Oil Exports", "Exportaciones Petroleras"),
              ("Public Security", "Seguridad Pública"), ("Elections", "Elecciones"),
              ("Telecommunications", "Telecomunicaciones"), ("Maritime Affairs", "Asuntos Marítimos"),
              ("Strategic Reserves", "Reservas Estratégicas"), ("Foreign Trade", "Comercio Exterior"),
              ("Financial Intelligence", "Inteligencia Financiera"), ("Migration", "Migración"),
              ("Prisons", "Prisiones"), ("Public Works", "Obras Públicas"), ("Food Distribution", "Distribución de Alimentos"),
              ("Gold Trade", "Comercio de Oro"), ("Civil Aviation", "Aviación Civil"), ("Housing", "Vivienda"),
              ("Ports", "Puertos"), ("Defence Procurement", "Compras de Defensa"), ("Tax Collection", "Recaudación"),
              ("Banking Supervision", "Supervisión Bancaria"), ("Public Media", "Medios Públicos"),
              ("Electoral Registry", "Registro Electoral"), ("Border Control", "Control Fronterizo"),
              ("Criminal Investigation", "Investigación Penal"), ("National Guard", "Guardia Nacional"),
              ("Petrochemicals", "Petroquímica"), ("Hydrocarbons", "Hidrocarburos")]
GROUP_Q = ["Red", "Black", "New", "Free", "United", "Popular", "Patriotic", "Revolutionary", "Civic",
           "Northern", "Southern", "Eastern", "Western", "Young"]
GROUP_KIND = ["Front", "Brigade", "Movement", "Cartel", "Collective", "Alliance", "Network", "Militia",
              "Committee", "Bloc", "Platform", "Coalition"]
SUR_PREFIX = ("Kowal Wiśn Dąbr Fern Gonz Rodr Mart Herr Alv Jimén Gutiérr Ibarr Echev Urd Villal Zamb Quiñ Arév "
              "Carr Lond Restr Bet Ocamp Gall Salc Mont Cuél Bermúd Esp Guzm Ledezm Mach Capr Bor Ros Nov Dvoř "
              "Proch Kuč Horv Szab Kov Lefèv Gagn Bérub Lév Merc Gir Öz Yıl Şah Çel Doğ Kıl Ayd Okonk Adey Mens "
              "Diall Traor Sør Jør Ødeg Åb Lindq Str Kuzn Petr Smirn Sokol Pop Ion Răd Stăn").split()
SUR_MIDDLE = ["", "an", "el", "ar", "in", "or"]
SUR_SUFFIX = ("ez es ski ska czyk owicz ović escu ov ova enko ák ová ière eau oğlu er mann berg ström sen son ado "
              "ito ón ara iño ero ani elli").split()


def made_up_surname(k: int) -> str:
    p, m, s = len(SUR_PREFIX), len(SUR_MIDDLE), len(SUR_SUFFIX)
    return SUR_PREFIX[k % p] + SUR_MIDDLE[(k // p) % m] + SUR_SUFFIX[(k // (p * m)) % s]


GROUP_X = ["Aragua", "Sol", "Bolívar", "Catatumbo", "Orinoco", "Zulia", "Táchira", "Andes", "Caribe", "Llanos",
           "Guayana", "Sucre", "Mérida", "Lara", "Falcón", "Apure", "Amazonas", "Mariño", "Páez", "Miranda",
           "Urdaneta", "Piar", "Ribas", "Anzoátegui", "Monagas", "Barinas", "Yaracuy", "Cojedes", "Portuguesa"]

TYPE_HEADS = ["asset", "travel", "visa", "arms", "oil", "bank", "gold", "shipping", "aviation", "export",
              "import", "property", "account", "media", "election", "border", "court", "police", "military",
              "diplomatic", "trade", "tariff", "debt", "mining", "fuel", "food", "data", "crypto", "port", "fishing"]
TYPE_TAILS = ["freeze", "ban", "restriction", "embargo", "seizure", "investigation", "indictment", "license",
              "suspension", "designation", "delisting", "waiver", "inspection", "audit", "probe"]
BASE_TYPES = ["sanction", "visa-restriction", "arrest-warrant", "claim", "statement", "indictment", "arrest",
              "extradition", "election", "protest", "detention", "release", "appointment", "resignation",
              "dismissal", "meeting", "negotiation", "agreement", "accusation", "denial", "lawsuit", "ruling",
              "raid", "expulsion", "recognition", "condemnation", "reward-offer", "asset-seizure", "pardon",
              "exile", "deportation", "investigation", "report", "vote", "decree", "strike", "blockade",
              "ceasefire", "mediation", "humanitarian-aid"]
VERBS = [("sanctioned", "Sanctioned"), ("barred", "Barred"), ("charged", "Charged"), ("accused", "Accused"),
         ("froze the assets of", "Froze the assets of"), ("revoked the visas of", "Revoked the visas of"),
         ("detained", "Detained"), ("released", "Released"), ("named", "Named"), ("dismissed", "Dismissed"),
         ("met", "Met"), ("condemned", "Condemned"), ("investigated", "Investigated"), ("indicted", "Indicted"),
         ("expelled", "Expelled"), ("designated", "Designated"), ("praised", "Praised"), ("sued", "Sued")]

OUTLETS = ["Voice of America", "El País", "Le Monde", "Süddeutsche Zeitung", "Reuters", "Associated Press",
           "Agence France-Presse", "Efecto Cocuyo", "El Nacional", "Tal Cual", "Folha de S.Paulo", "O Globo",
           "La Nación", "Clarín", "El Tiempo", "Semana", "Miami Herald", "The Guardian", "BBC Mundo",
           "Deutsche Welle", "RFI", "Armando.info", "Runrunes", "Crónica Uno", "El Pitazo", "Infobae",
           "Página/12", "Público", "Expresso", "Corriere della Sera"]
AUTHORS = ["Ana Vanessa Herrero", "Jürgen Weiß", "Zoë Ödegaard", "María Fernanda Ruiz", "Tom O'Brien",
           "Chloé Lefèvre", "Luis Pérez-Ortega", "Staff reporter", "Newsroom", "Kateřina Nováková"]

# Filler prose: lowercase words only (capitalised at the start of a sentence), so no actor's
# name or alias can occur in it by accident.
NOUN = ("officials government ministry court lawyers diplomats analysts economists residents workers "
        "prosecutors protesters soldiers journalists bankers traders farmers teachers nurses drivers "
        "negotiators observers auditors inspectors investors voters families refugees students "
        "companies contractors regulators legislators mayors governors candidates parties unions").split()
SNOUN = ("decision measure report ruling statement agreement investigation election decree budget "
         "deadline inquiry proposal shortage blackout exodus crisis inflation currency harvest pipeline "
         "refinery contract tender audit hearing vote census strike protest blockade convoy").split()
VERB = ("said reported argued warned noted insisted acknowledged denied claimed suggested confirmed "
        "estimated expected feared questioned disputed welcomed criticized described").split()
ADJ = ("new former local regional national foreign public private official unofficial senior junior "
       "economic political legal military financial electoral humanitarian fragile disputed contested "
       "delayed unexpected widespread limited recent previous upcoming final initial temporary").split()
PLACE = ("in the capital|along the border|in the western states|on the coast|in the oil fields|in the south|"
         "in rural areas|at the port|in the mining region|across the country|outside the courthouse|"
         "near the refinery|in the neighbouring towns|at the airport|in the industrial zone").split("|")
TIME = ("on Monday|on Tuesday|on Wednesday|on Thursday|on Friday|over the weekend|last week|earlier this month|"
        "in recent days|late on Sunday|before dawn|this year|since the election|after the vote").split("|")


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_ASCII = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                        "œ": "oe", "ı": "i", "’": "'", "ʼ": "'"})


def unaccent(text: str) -> str:
    return fold(text.translate(_ASCII))


def slugify(text: str, limit: int = 60) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", unaccent(text).lower()).strip("-")
    s = s[:limit].rstrip("-")
    return s or "x"


_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}
_PLAIN_OK = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ0-9 ,.'()\-/]*")


def ys(value: str) -> str:
    """A YAML scalar for a string: plain when it is safely a string, else double-quoted."""
    if (_PLAIN_OK.fullmatch(value) and value.lower() not in _YAML_WORDS and not value.endswith(" ")
            and ": " not in value and " #" not in value):
        return value
    return json.dumps(value, ensure_ascii=False)


def ylist(values: list[str]) -> str:
    return "[" + ", ".join(ys(v) if "," not in v and "[" not in v and "]" not in v else json.dumps(v, ensure_ascii=False)
                           for v in values) + "]"


# --- the maker -----------------------------------------------------------------------------------


class Ids:
    """Ids unique across articles, actors, actions and quotes; at most 100 characters."""

    def __init__(self) -> None:
        self.used: dict[str, bool] = {}

    def take(self, base: str) -> str:
        base = base[:90].rstrip("-") or "x"
        candidate, k = base, 2
        while candidate in self.used:
            candidate = f"{base}-{k}"
            k += 1
        self.used[candidate] = True
        return candidate


class Actor:
    __slots__ = ("id", "name", "type", "aliases", "description", "country", "affiliations", "wikidata",
                 "short", "intro", "kind_index")

    def __init__(self, aid: str, name: str, type_: str) -> None:
        self.id, self.name, self.type = aid, name, type_
        self.aliases: list[str] = []
        self.description = None
        self.country = None
        self.affiliations: list[tuple] = []
        self.wikidata = None
        self.short: list[str] = []  # the forms used after the first mention in an article
        self.intro = 0


def make_actors(rng: random.Random, n_articles: int, ids: Ids) -> tuple[list[Actor], list[Actor], list[Actor]]:
    """Return (countries, the others in order of introduction, hubs)."""
    countries: list[Actor] = []
    governments: list[Actor] = []
    for name, aliases, capital in COUNTRIES:
        c = Actor(ids.take(slugify(name)), name, "country")
        c.aliases = [a for a in [unaccent(name)] if a != name and a not in aliases] + aliases
        c.short = [name] + aliases[:2]
        if rng.random() < 0.5:
            c.wikidata = f"Q{rng.randint(10, 99999)}"
        countries.append(c)
        g = Actor(ids.take("government-of-" + slugify(name)), f"Government of {name}", "government")
        g.aliases = [f"{name} government", f"{capital} government"]
        if unaccent(name) != name:
            g.aliases.append(f"{unaccent(name)} government")
        if unaccent(capital) != capital:
            g.aliases.append(f"{unaccent(capital)} government")
        g.aliases.append(f"government in {capital}")
        g.short = [f"{name} government", f"{capital} government"]
        g.country = c.id
        g.description = f"The executive branch of {name}, seated in {capital}."
        governments.append(g)

    n_others = max(60, round(0.5 * n_articles))
    n_people = round(n_others * 0.65)
    n_orgs = round(n_others * 0.22)
    n_groups = n_others - n_people - n_orgs
    names_taken: dict[str, bool] = {}

    # People. Surnames: real ones (shared by many) and made-up ones from a space that grows
    # with the cast, so that some are unique and some are not, as in a real archive.
    made_up_space = max(2000, 4 * n_people)
    people_names: list[tuple[str, str, str, str]] = []  # (name, first, surname, second surname)
    while len(people_names) < n_people:
        first = rng.choice(FIRST)
        sur = rng.choice(SURNAMES) if rng.random() < 0.4 else made_up_surname(rng.randrange(made_up_space))
        sur2 = ""
        if rng.random() < 0.3:
            sur2 = rng.choice(SURNAMES) if rng.random() < 0.5 else made_up_surname(rng.randrange(made_up_space))
            if sur2 == sur:
                sur2 = ""
        name = f"{first} {sur}" + (f" {sur2}" if sur2 else "")
        if name in names_taken:
            continue
        names_taken[name] = True
        people_names.append((name, first, sur, sur2))
    # How many people's names hold each word (accents folded): a curator gives a surname alone
    # as an alias only when it is one person's; now and then one slips through (1%).
    word_count: dict[str, int] = {}
    for name, *_ in people_names:
        for w in unaccent(name).split():
            word_count[w] = word_count.get(w, 0) + 1
    forms: dict[str, bool] = {unaccent(name): True for name, *_ in people_names}
    people: list[Actor] = []
    for name, first, sur, sur2 in people_names:
        p = Actor(ids.take(slugify(name, 80)), name, "person")
        sloppy = rng.random() < 0.01
        title = rng.choice(TITLES)
        cands: list[tuple[str, bool]] = []  # (alias, short form)
        if unaccent(name) != name:
            cands.append((unaccent(name), False))
        if word_count.get(unaccent(sur), 0) == 1 or sloppy:
            cands.append((sur, True))
            if unaccent(sur) != sur:
                cands.append((unaccent(sur), True))
        cands.append((f"{first[0]}. {sur}", True))
        cands.append((f"{title} {sur}", True))
        if sur2:
            cands.append((f"{first} {sur}", False))
            cands.append((f"{first} {sur}-{sur2}", False))
        cands.append((f"{first} {rng.choice('ABCDEFGHJKLMNPRSTV')}. {sur}" + (f" {sur2}" if sur2 else ""), False))
        cands.append((f"{first[0]}. {sur}" + (f" {sur2}" if sur2 else "") + f" ({title.lower()})", False))
        aliases, short = [], []
        for a, is_short in cands:
            key = unaccent(a)
            if a == name or (key in forms and not sloppy and key != unaccent(name)):
                continue
            if a in aliases:
                continue
            forms[key] = True
            aliases.append(a)
            if is_short:
                short.append(a)
        p.aliases = aliases[: rng.randint(3, 6)]
        p.short = [a for a in short if a in p.aliases] or [name]
        p.description = rng.choice([
            f"{title} who appears in reporting from {rng.randint(2014, 2025)} on.",
            f"*{title}* named in several sanctions lists.",
            f"Former {title.lower()}; described by colleagues as **a loyalist**.",
            f"{title} and negotiator.",
        ]) if rng.random() < 0.85 else None
        people.append(p)

    # Organisations: "<Prefix> <Body> of <Domain> [of <Country>]", acronyms, Spanish names.
    acronyms: dict[str, bool] = {}
    org_specs: list[tuple] = []
    bases: dict[str, str] = {}
    while len(org_specs) < n_orgs:
        pre, body, dom = rng.choice(ORG_PREFIX), rng.choice(ORG_BODY), rng.choice(ORG_DOMAIN)
        country_i = min(len(countries) - 1, int(len(countries) * rng.random() ** 2))
        name = f"{pre[0]} {body[0]} of {dom[0]}"
        with_country = rng.random() < 0.5
        if with_country:
            name += f" of {countries[country_i].name}"
        base = f"{pre[0]} {body[0]} of {dom[0]}"  # no name may stand inside another
        if name in names_taken or (base in bases and (not with_country or bases[base] == "alone")):
            continue
        bases[base] = "with" if with_country else "alone"
        names_taken[name] = True
        org_specs.append((name, pre, body, dom, country_i, with_country))
    pair_count: dict[str, int] = {}
    for name, pre, body, dom, *_ in org_specs:
        for key in (f"{pre[0]} {body[0]}", f"{body[0]} of {dom[0]}", f"{pre[0]} {body[0]} of {dom[0]}"):
            pair_count[key] = pair_count.get(key, 0) + 1
    orgs: list[Actor] = []
    for name, pre, body, dom, country_i, with_country in org_specs:
        o = Actor(ids.take(slugify(name, 80)), name, "organization")
        o.country = countries[country_i].id
        acro = "".join(w[0] for w in name.split() if w[0].isupper())
        spanish = f"{body[1]} {pre[1]} de {dom[1]}" + (f" de {countries[country_i].name}" if with_country else "")
        cands = []
        if acro not in acronyms and 2 <= len(acro) <= 6:
            acronyms[acro] = True
            cands.append(acro)
        if spanish not in names_taken:
            names_taken[spanish] = True
            cands.append(spanish)
            if unaccent(spanish) != spanish and unaccent(spanish) not in names_taken:
                names_taken[unaccent(spanish)] = True
                cands.append(unaccent(spanish))
        for key in (f"{pre[0]} {body[0]}", f"{body[0]} of {dom[0]}", f"{pre[0]} {body[0]} of {dom[0]}"):
            if key != name and pair_count[key] == 1:  # a short form only when no other name holds it
                cands.append(key)
        cands.append(f"{name} ({acro})")
        cands.append(f"the {name}")
        o.aliases = cands[: rng.randint(3, 6)]
        o.short = [a for a in o.aliases if a == acro or a.startswith(pre[0]) or a.startswith(body[0])][:2] or [name]
        o.description = rng.choice([f"State body in charge of {dom[0].lower()}.", f"Agency for {dom[0].lower()}; "
                                    f"*{spanish}* in Spanish.", None])
        orgs.append(o)

    # Groups: "<Qualifier> <Place> <Kind>", three words each, so no name stands inside another.
    groups: list[Actor] = []
    tries = 0
    while len(groups) < n_groups:
        tries += 1
        q, x, kind = rng.choice(GROUP_Q), rng.choice(GROUP_X), rng.choice(GROUP_KIND)
        name = f"{q} {x} {kind}"
        if name in names_taken:
            if tries > 100 * n_groups:
                raise SystemExit("too few group names for this size")
            continue
        names_taken[name] = True
        gr = Actor(ids.take(slugify(name, 80)), name, "group")
        acro = "".join(w[0] for w in name.split())
        cands = []
        if acro not in acronyms:
            acronyms[acro] = True
            cands.append(acro)
        if unaccent(name) != name:
            cands.append(unaccent(name))
        cands.append(f"the {name}")
        cands.append(f"{name} members")
        cands.append(f"so-called {name}")
        gr.aliases = cands[: rng.randint(3, 5)]
        gr.short = gr.aliases[:1]
        if rng.random() < 0.6:
            gr.country = countries[min(len(countries) - 1, int(len(countries) * rng.random() ** 2))].id
        groups.append(gr)

    # Affiliation chains: each organisation under its government or under an earlier organisation
    # of the same country (the latest one, often), so chains grow deep.
    gov_of = {g.country: g for g in governments}
    latest_org: dict[str, list[Actor]] = {}
    for o in orgs:
        chain = latest_org.setdefault(o.country, [])
        r = rng.random()
        if chain and r < 0.55:
            parent = chain[-1] if rng.random() < 0.6 else rng.choice(chain)
            o.affiliations.append((parent.id, rng.choice(["Unit", "Subsidiary", "Department", None]), None, None))
        elif r < 0.85:
            o.affiliations.append((gov_of[o.country].id, rng.choice(["Agency", None]), None, None))
        chain.append(o)
    for i, gr in enumerate(groups):
        if i and rng.random() < 0.3:
            gr.affiliations.append((groups[rng.randrange(i)].id, "Splinter of", None, None))
    employers = orgs + groups + governments
    for p in people:
        if rng.random() < 0.85:
            p.country = countries[min(len(countries) - 1, int(len(countries) * rng.random() ** 2))].id
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            e = rng.choice(employers)
            since = dt.date(rng.randint(1995, 2023), rng.randint(1, 12), rng.randint(1, 28))
            until = None
            if rng.random() < 0.3:
                until = since + dt.timedelta(days=rng.randint(30, 3000))
            p.affiliations.append((e.id, rng.choice(ROLES) if rng.random() < 0.8 else None,
                                   since if rng.random() < 0.7 else None, until))
    for a in people + orgs + groups:
        if rng.random() < 0.2:
            a.wikidata = f"Q{rng.randint(1000, 99999999)}"

    # Hubs: two governments, two organisations, two people.
    hubs = [governments[0], governments[1], orgs[0], orgs[1], people[0], people[1]]
    # Countries and governments enter in the first tenth of the articles; the rest spread over
    # all (the same shares at every size, so that 10x the articles is 10x the same shape).
    early = countries + governments
    span = max(1, n_articles // 10)
    for k, a in enumerate(early):
        a.intro = int(k * span / len(early))
    others = [a for a in people + orgs + groups if a not in hubs[2:]]
    rng.shuffle(others)
    for k, a in enumerate(others):
        a.intro = int(k * n_articles / len(others))
    for h in hubs:
        h.intro = 0
    order = sorted(hubs + [a for a in early if a not in hubs] + others, key=lambda a: a.intro)
    return countries, order, hubs


class Article:
    __slots__ = ("id", "file", "date", "title", "fragments", "actions")


def publish(paragraphs: list[str], style: dict) -> str:
    """The article as published: curly quotes and apostrophes, dashes, wrapping, spacing. Its
    folding (contract) is the canonical text, so evidence taken from the canonical text holds."""
    out = []
    for para in paragraphs:
        chars = []
        open_double = True
        prev = " "
        for ch in para:
            if ch == '"':
                chars.append("“" if open_double else "”")
                open_double = not open_double
            elif ch == "'":
                chars.append("‘" if prev in " “(" else "’")
            else:
                chars.append(ch)
            prev = chars[-1]
        text = "".join(chars).replace(" - ", style["dash"])
        if style["two_spaces"]:
            text = text.replace(". ", ".  ")
        if style["wrap"]:
            text = "\n".join(textwrap.wrap(text, width=style["wrap"], break_long_words=False,
                                           break_on_hyphens=False))
        out.append(text)
    return "\n\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    n = max(1, args.articles)
    rng = random.Random(args.seed)
    ids = Ids()

    content = args.out / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "articles").mkdir(parents=True)
    (content / "facts" / "actions").mkdir(parents=True)
    (content / "facts" / "quotes").mkdir(parents=True)
    (content / "pages").mkdir(parents=True)

    countries, order, hubs = make_actors(rng, n, ids)
    n_types = min(600, 40 + n // 40)
    types = list(BASE_TYPES)
    while len(types) < n_types:
        t = f"{rng.choice(TYPE_HEADS)}-{rng.choice(TYPE_TAILS)}"
        if t not in types:
            types.append(t)
    type_weights = [1 / (k + 1) ** 0.9 for k in range(len(types))]

    # A pool of filler sentences, made once (lowercase words, figures, apostrophes, dashes).
    filler: list[str] = []
    for _ in range(40000):
        form = rng.randrange(7)
        a, b = rng.choice(NOUN), rng.choice(SNOUN)
        if form == 0:
            s = f"the {rng.choice(ADJ)} {b} was {rng.choice(['announced', 'published', 'delayed', 'challenged'])} {rng.choice(TIME)}, {rng.choice(NOUN)} {rng.choice(VERB)}"
        elif form == 1:
            s = f"{a} {rng.choice(PLACE)} {rng.choice(VERB)} that the {b} would affect about {rng.randint(2, 900)},{rng.randint(100, 999)} people"
        elif form == 2:
            s = f"prices rose {rng.randint(2, 400)}\u00a0per cent {rng.choice(TIME)}, and the {b} - already {rng.choice(ADJ)} - showed no sign of easing"
        elif form == 3:
            s = f"the country's {rng.choice(ADJ)} {rng.choice(NOUN)} {rng.choice(VERB)} the {b} ({rng.randint(1, 40)} pages) was {rng.choice(ADJ)}"
        elif form == 4:
            s = f"according to {rng.choice(NOUN)} {rng.choice(PLACE)}, the {b} had been '{rng.choice(ADJ)}' for {rng.randint(2, 30)} months"
        elif form == 5:
            s = f"{a} who {rng.choice(['spoke', 'talked', 'wrote'])} on condition of anonymity {rng.choice(VERB)} the {b} was {rng.choice(ADJ)} and {rng.choice(ADJ)}"
        else:
            s = f"it wasn't clear whether the {rng.choice(ADJ)} {b} would survive the {rng.choice(SNOUN)} {rng.choice(TIME)}"
        filler.append(s[0].upper() + s[1:] + ".")
    markup_lines = ["# Not a heading: the headline read like this", "- not a list item, but a dash in the text",
                    "1. A numbered line the editor left in", "> A line quoted from an email",
                    "The decree said <b>No. 45</b> in bold and <script>alert(1)</script> after.",
                    "Footnote [1](https://example.org) and a *starred* word, `code`, and a | pipe |."]

    start = dt.date(2014, 1, 1)
    days = (dt.date(2025, 12, 31) - start).days
    introduced: list = []  # actors whose intro article has come
    next_intro = 0
    articles: list[Article] = []
    all_actions: list[tuple] = []  # (date_key, year, yaml text, id)
    all_quotes: list[tuple] = []
    action_ids: list[str] = []
    files_taken: dict[str, bool] = {}
    persons_introduced: list = []
    quote_no = 0

    def pick_pool() -> object:
        # Early-introduced actors are more popular; the recent ones are in the news.
        if rng.random() < 0.5 and len(introduced) > 20:
            return introduced[len(introduced) - 1 - min(len(introduced) - 1, int(rng.expovariate(1 / 60)))]
        return introduced[min(len(introduced) - 1, int(len(introduced) * rng.random() ** 2.2))]

    for i in range(n):
        date = start + dt.timedelta(days=int(i * days / n))
        first_new = next_intro
        while next_intro < len(order) and order[next_intro].intro <= i:
            a = order[next_intro]
            introduced.append(a)
            if a.type == "person":
                persons_introduced.append(a)
            next_intro += 1
        cast: list = list(order[first_new:next_intro])
        for h in hubs:
            if rng.random() < 0.4:
                cast.append(h)
        for _ in range(rng.randint(4, 11)):
            cast.append(pick_pool())
        for _ in range(rng.randint(1, 3)):
            cast.append(countries[min(len(countries) - 1, int(len(countries) * rng.random() ** 2))])
        uniq: dict[str, object] = {}
        for a in cast:
            uniq.setdefault(a.id, a)
        cast = list(uniq.values())
        people_cast = [a for a in cast if a.type == "person"] or persons_introduced[-3:] or [cast[0]]

        lead = rng.choice(cast)
        verb = rng.choice(VERBS)
        other = rng.choice(cast)
        title = rng.choice([
            f"{lead.name} {verb[0]} {other.name}",
            f"{lead.name}: {rng.choice(SNOUN)} {rng.choice(['deepens', 'widens', 'ends', 'stalls'])}",
            f"Why {lead.name} {verb[0]} \"{other.name}\"",
            f"{rng.randint(2, 90)} {rng.choice(NOUN)} {verb[0]} in {rng.choice(countries).name} & beyond",
            f"{lead.name} <{rng.choice(SNOUN)}> {verb[0]} - {rng.choice(TIME)}",
        ])
        base = f"{date.isoformat()}-{slugify(title, 70)}"
        fname = base
        k = 2
        while fname in files_taken:
            fname = f"{base}-{k}"
            k += 1
        files_taken[fname] = True
        explicit = rng.random() < 0.1
        art = Article()
        art.file = fname
        art.id = ids.take(f"story-{slugify(lead.name, 40)}-{date.year}-{i}" if explicit else fname)
        if not explicit and art.id != fname:  # the file name is taken as an id already: say the id
            explicit = True
        art.date = date
        art.title = title
        art.fragments = []
        art.actions = []

        # The article's mentions: first a full name, later a short form.
        mentioned: dict[str, bool] = {}

        def mention(a) -> str:
            if a.id not in mentioned:
                mentioned[a.id] = True
                if a.aliases and rng.random() < 0.25:
                    return rng.choice(a.aliases)
                return a.name
            forms = a.short or [a.name]
            return rng.choice(forms)

        blocks: list[list[str]] = []  # paragraphs as lists of canonical sentences
        # The actions of this article.
        n_actions = rng.randint(8, 12) if rng.random() < 0.08 else rng.randint(3, 5)
        action_records = []
        for _ in range(n_actions):
            by = rng.sample(cast, min(len(cast), rng.choice((1, 1, 1, 2, 3))))
            if rng.random() < 0.35:
                by.insert(0, rng.choice(hubs))
            by = list({a.id: a for a in by}.values())
            if rng.random() < 0.06:
                # a mass action: any actors of the briefing, k distinct whatever its size
                targets = rng.sample(order, rng.randint(15, 60))
            else:
                targets = rng.sample(cast, min(len(cast), rng.randint(0, 6)))
            if rng.random() < 0.25:
                targets.append(rng.choice(hubs))
            by_ids = {a.id: True for a in by}
            targets = [a for a in {a.id: a for a in targets}.values() if a.id not in by_ids]
            vb = rng.choice(VERBS)
            atype = rng.choices(types, weights=type_weights)[0]
            named = targets[:3]
            target_phrase = ", ".join(mention(a) for a in named) if named else f"{rng.randint(2, 40)} {rng.choice(NOUN)}"
            if len(targets) > 3:
                target_phrase += f" and {len(targets) - 3} others"
            sentence = (f"{mention(by[0])} {vb[0]} {target_phrase} {rng.choice(TIME)}, "
                        f"in what {rng.choice(NOUN)} called a {rng.choice(ADJ)} {rng.choice(SNOUN)} - "
                        f"the {rng.choice(['first', 'second', 'latest', 'largest'])} of its kind.")
            words = sentence.split(" ")
            lo = rng.randrange(0, max(1, len(words) - 6))
            evidence = " ".join(words[lo:lo + rng.randint(5, 14)]).rstrip(",")
            art.fragments.append(evidence)
            blocks.append([sentence])
            aid = ids.take(f"{atype}-{slugify(by[0].id, 30)}-{date.year}-{len(action_ids)}")
            # the action's date: the article's, or a little before; sometimes only month or year
            ad = max(start, date - dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, 7, 30))))
            r = rng.random()
            if r < 0.2:
                dtext, dkey = f"{ad.year}-{ad.month:02d}", ad.replace(day=1)
            elif r < 0.25:
                dtext, dkey = f'"{ad.year}"', ad.replace(month=1, day=1)
            elif r < 0.4:
                dtext, dkey = f'"{ad.isoformat()}"', ad
            else:
                dtext, dkey = ad.isoformat(), ad
            action_records.append((aid, dtext, dkey, atype, by, targets, vb, evidence))
            action_ids.append(aid)
        # Quotes of this article.
        quote_records = []
        for _ in range(rng.randint(2, 4)):
            speaker = rng.choice(people_cast) if rng.random() < 0.8 else rng.choice(cast)
            about = rng.sample(cast, min(len(cast), rng.randint(1, 5)))
            about = list({a.id: a for a in about}.values())
            sents = []
            for s in range(rng.randint(1, 3)):
                subject = about[s % len(about)]
                sents.append(rng.choice([
                    f"{subject.name} has {rng.choice(['failed', 'refused', 'promised', 'tried'])} to {rng.choice(['respect', 'honour', 'explain', 'defend'])} the {rng.choice(SNOUN)}",
                    f"We won't accept a {rng.choice(ADJ)} {rng.choice(SNOUN)} - not now, not ever",
                    f"this is about the {rng.choice(NOUN)} and their 'right' to a {rng.choice(ADJ)} {rng.choice(SNOUN)}",
                    f"the {rng.choice(SNOUN)} of {rng.randint(2010, 2025)} was {rng.choice(ADJ)}, and everyone knows it",
                    f"nobody in {rng.choice(countries).name} believes the {rng.choice(ADJ)} {rng.choice(SNOUN)} any more",
                ]))
            text = ". ".join(x[0].upper() + x[1:] for x in sents) + rng.choice([".", "", "!"])
            intro = mention(speaker)
            para = rng.choice([f'"{text}" {intro} said in a statement {rng.choice(TIME)}.',
                               f'{intro} told reporters {rng.choice(PLACE)}: "{text}"',
                               f'In a post, {intro} wrote that "{text}" and added nothing more.'])
            blocks.append([para])
            quote_no += 1
            qid = ids.take(f"{slugify(speaker.id, 40)}-{slugify(' '.join(text.split()[:4]), 40)}-{quote_no}")
            quote_records.append((qid, speaker, text, about))
        # Every cast member mentioned at least once.
        for a in cast:
            if a.id not in mentioned:
                blocks.append([f"{mention(a)} did not respond to a request for comment {rng.choice(TIME)}."])
        # Filler paragraphs up to the article's length, with the blocks spread among them.
        target_words = rng.randint(1500, 3000)
        have = sum(len(s.split()) for b in blocks for s in b)
        paras: list[str] = []
        while have < target_words:
            sents = [rng.choice(filler) for _ in range(rng.randint(3, 9))]
            if rng.random() < 0.3:
                sents.insert(rng.randrange(len(sents) + 1), f"{mention(rng.choice(cast))} {rng.choice(VERB)} "
                                                            f"the {rng.choice(SNOUN)} was {rng.choice(ADJ)}.")
            para = " ".join(sents)
            if rng.random() < 0.02:
                para = rng.choice(markup_lines)
            paras.append(para)
            have += len(para.split())
        for b in blocks:
            paras.insert(rng.randrange(len(paras) + 1), " ".join(b))
        style = {"dash": rng.choice((" — ", " – ", " — ")), "two_spaces": rng.random() < 0.1,
                 "wrap": rng.choice((0, 0, 72, 0, 100))}
        body = publish(paras, style)

        front = ["---", f"title: {ys(title)}", f"date: {date.isoformat()}", f"source: {ys(rng.choice(OUTLETS))}"]
        if explicit:
            front.append(f"id: {art.id}")
        if rng.random() < 0.6:
            front.append(f"url: https://news.example.org/{date.year}/{date.month:02d}/{slugify(title, 50)}")
        if rng.random() < 0.5:
            front.append(f"author: {ys(rng.choice(AUTHORS))}")
        lang = rng.random()
        if lang < 0.1:
            front.append("language: es")
        elif lang < 0.15:
            front.append("language: fr")
        front.append("---")
        (content / "articles" / f"{fname}.md").write_text("\n".join(front) + "\n" + body, "utf-8")

        # Facts of this article, as YAML text.
        for aid, dtext, dkey, atype, by, targets, vb, evidence in action_records:
            lines = [f"  - id: {aid}", f"    date: {dtext}", f"    type: {atype}"]
            if len(by) == 1 and rng.random() < 0.5:
                lines.append(f"    by: {by[0].id}")
            else:
                lines.append(f"    by: [{', '.join(a.id for a in by)}]")
            if targets:
                if len(targets) > 8:
                    lines.append("    targets:")
                    lines += [f"      - {a.id}" for a in targets]
                else:
                    lines.append(f"    targets: [{', '.join(a.id for a in targets)}]")
            if rng.random() < 0.4:
                lines.append(f"    count: {len(targets) if targets and rng.random() < 0.7 else rng.randint(1, 500)}")
            summary = f"{vb[1]} {len(targets) or rng.randint(2, 40)} {rng.choice(NOUN)} over the {rng.choice(ADJ)} {rng.choice(SNOUN)}"
            if rng.random() < 0.3:
                summary += f" ({atype}, {dkey.year})"
            lines.append(f"    summary: {ys(summary + '.')}")
            if rng.random() < 0.7:
                lines.append(f"    status: {rng.choice(['confirmed', 'confirmed', 'claimed', 'disputed', 'planned'])}")
            lines.append("    sources:")
            ev_yaml = evidence
            if rng.random() < 0.05:  # written as the article prints it (curly, dashes): folding applies
                ev_yaml = publish([evidence], {"dash": " — ", "two_spaces": False, "wrap": 0}).strip()
            lines.append(f"      - article: {art.id}")
            if rng.random() < 0.92:
                lines.append(f"        evidence: {ys(ev_yaml)}")
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
                if not articles:
                    break
                if rng.random() < 0.8:
                    j = max(0, len(articles) - 1 - int(rng.expovariate(1 / 40)))
                else:
                    j = rng.randrange(len(articles))
                older = articles[j]
                lines.append(f"      - article: {older.id}")
                if rng.random() < 0.85 and older.fragments:
                    lines.append(f"        evidence: {ys(rng.choice(older.fragments))}")
            art.actions.append(aid)
            all_actions.append((dkey.isoformat(), dkey.year, "\n".join(lines), aid))
        for qid, speaker, text, about in quote_records:
            lines = [f"  - id: {qid}", f"    speaker: {speaker.id}"]
            shown = text
            if rng.random() < 0.05:
                shown = publish([text], {"dash": " – ", "two_spaces": False, "wrap": 0}).strip()
            if len(shown) > 80 and rng.random() < 0.8:
                lines.append("    text: >-")
                lines += ["      " + line for line in textwrap.wrap(shown, width=70, break_long_words=False,
                                                                      break_on_hyphens=False)]
            else:
                lines.append(f"    text: {ys(shown)}")
            lines.append(f"    source: {art.id}")
            if rng.random() < 0.2:
                lines.append(f"    date: {(date - dt.timedelta(days=rng.randint(0, 3))).isoformat()}")
            lines.append(f"    about: {ylist([a.id for a in about])}")
            r = rng.random()
            if r < 0.5 and art.actions:
                lines.append(f"    action: {rng.choice(art.actions)}")
            elif r < 0.6 and len(action_ids) > 50:
                lines.append(f"    action: {action_ids[rng.randrange(len(action_ids) - 20)]}")
            if rng.random() < 0.4:
                lines.append(f"    context: {ys(rng.choice(['Statement issued on the day of the', 'Remarks to reporters after the', 'Post on social media about the']) + ' ' + rng.choice(SNOUN) + '.')}")
            all_quotes.append((date.isoformat(), date.year, "\n".join(lines), qid))
        art.fragments = art.fragments[:6]
        articles.append(art)

    # Facts files: a few very large ones.
    def actor_yaml(a: Actor) -> str:
        lines = [f"  - id: {a.id}", f"    name: {ys(a.name)}", f"    type: {a.type}"]
        if a.aliases:
            if len(a.aliases) > 3 and rng.random() < 0.5:
                lines.append("    aliases:")
                lines += [f"      - {ys(x)}" for x in a.aliases]
            else:
                lines.append(f"    aliases: {ylist(a.aliases)}")
        if a.wikidata:
            lines.append(f"    wikidata: {a.wikidata}")
        if a.description:
            lines.append(f"    description: {ys(a.description)}")
        if a.country:
            lines.append(f"    country: {a.country}")
        if a.affiliations:
            lines.append("    affiliations:")
            for actor, role, since, until in a.affiliations:
                lines.append(f"      - actor: {actor}")
                if role:
                    lines.append(f"        role: {ys(role)}")
                if since:
                    lines.append(f"        since: {since.isoformat()}")
                if until:
                    lines.append(f"        until: {until.isoformat()}")
                elif since and rng.random() < 0.3:
                    lines.append("        until: null")
        return "\n".join(lines)

    non_countries = sorted((a for a in order if a.type != "country"), key=lambda a: a.id)
    (content / "facts" / "actors.yaml").write_text(
        "# Every actor of the briefing but the countries, in one file.\nactors:\n"
        + "\n\n".join(actor_yaml(a) for a in non_countries) + "\n", "utf-8")
    (content / "facts" / "countries.yml").write_text(
        "actors:\n" + "\n".join(actor_yaml(c) for c in countries) + "\n", "utf-8")
    for kind, records in (("actions", all_actions), ("quotes", all_quotes)):
        by_year: dict[int, list[tuple]] = {}
        for rec in records:
            by_year.setdefault(rec[1], []).append(rec)
        for year in sorted(by_year):
            recs = sorted(by_year[year], key=lambda r: (r[0], r[3]))
            (content / "facts" / kind / f"{year}.yaml").write_text(
                f"# {kind.capitalize()} of {year}.\n{kind}:\n" + "\n".join(r[2] for r in recs) + "\n", "utf-8")

    (content / "pages" / "about.md").write_text(
        "# About this briefing\n\nA synthetic newsroom archive made by `benchmarks/third/make.py` "
        f"({n:,} articles, seed {args.seed}). Names, events and quotes are invented.\n", "utf-8")
    (args.out / "mkdocs.yml").write_text(MKDOCS_YML.replace("{n}", f"{n:,}"), "utf-8")
    print(json.dumps({"articles": n, "actors": len(order), "actions": len(all_actions), "quotes": len(all_quotes),
                      "action_types": len(types)}))
    return 0


MKDOCS_YML = """site_name: "Briefing: a synthetic newsroom archive ({n} articles)"
site_description: Who did what to whom, when, who said what, and where it is written.
docs_dir: content
site_dir: site
strict: true
theme:
  name: material
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: { icon: material/brightness-7, name: Switch to dark mode }
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: { icon: material/brightness-4, name: Switch to light mode }
markdown_extensions:
  - tables
  - toc:
      permalink: true
plugins:
  - search
  - briefing
validation:
  links:
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
"""

if __name__ == "__main__":
    raise SystemExit(main())
