"""Every rule the checker applies: its id, what it means, and a failing and a passing example.

`briefing rules` prints this as Markdown (docs/rules.md is generated from it), and
`Problems.add` refuses a rule id that is not listed here, so the list cannot fall behind.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    bad: str = ""
    good: str = ""
    warning: bool = False


_RULES = [
    # --- files and YAML -----------------------------------------------------------------------
    Rule("yaml-syntax", "The file is not valid YAML; the position is where the parser stopped.",
         "actors:\n  - id: a\n    name: [unclosed", "actors:\n  - id: a\n    name: Closed"),
    Rule("yaml-tab", "A tab character is used for indentation; YAML allows only spaces.",
         "actors:\n\t- id: a", "actors:\n  - id: a"),
    Rule("yaml-duplicate-key", "A key appears twice in one mapping; YAML would silently keep the last value.",
         "- id: a\n  name: One\n  name: Two", "- id: a\n  name: One"),
    Rule("yaml-tag", "An explicit YAML tag other than the standard ones (!!python/object, !custom).",
         "name: !!python/object:os.system x", "name: x"),
    Rule("yaml-merge", "A merge key (<<) is used; write the fields out instead.",
         "<<: *defaults", "type: person"),
    Rule("yaml-too-large", "The file expands (aliases included) to more YAML nodes than the limit (2,000,000).",
         "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n# ... nine levels deep",
         "actors:\n  - id: a"),
    Rule("yaml-too-deep", "The YAML nests too deeply to read.", "actors: [[[[[[ ... 10,000 levels ... ]]]]]]",
         "actors: []"),
    Rule("key-not-text", "A mapping key is a list or mapping instead of plain text.", "? [a, b]\n: x", "name: x"),
    Rule("file-empty", "A facts file has no content.", "# (nothing but this comment)", "actors: []"),
    Rule("file-not-mapping", "A facts file is not a mapping of actors/actions/quotes.", "- id: a", "actors:\n  - id: a"),
    Rule("file-too-large", "A file is larger than the size limit (64 MiB).", "content/facts/all.yaml (70 MB)",
         "content/facts/actors/people.yaml, content/facts/actors/groups.yaml (split)"),
    Rule("file-unreadable", "A file cannot be read (permissions, a broken link).",
         "content/facts/x.yaml -> a missing file", "content/facts/x.yaml (a readable file)"),
    Rule("file-encoding", "A file is not valid UTF-8.", "name: Gonz\\xe1lez   # saved as Latin-1",
         "name: González   # saved as UTF-8"),
    Rule("file-outside-content", "A file under content/ is a link to a place outside the content folder.",
         "content/pages/notes.md -> /etc/passwd", "content/pages/notes.md (a file)"),
    Rule("content-empty", "The content folder has no articles and no facts.", "content/ (empty)",
         "content/articles/story.md, content/facts/actors.yaml"),
    Rule("too-many-problems", "A file has more than 200 problems; the rest are counted, not listed.",
         "front matter with 300,000 unknown keys", "---\ntitle: ...\ndate: 2024-11-27\nsource: VOA\n---"),
    Rule("value-too-long", "A text is longer than 20,000 characters or a list has more than 1,000 items.",
         "aliases: [*a, *a, *a, ... a million times]", "aliases: [Maduro]"),
    Rule("top-level-unknown", "A facts file has a top-level key other than actors, actions and quotes.",
         "actor:\n  - id: a", "actors:\n  - id: a"),
    Rule("section-not-list", "actors, actions or quotes is not a list of records.",
         "actors:\n  id: a", "actors:\n  - id: a"),
    Rule("record-not-mapping", "A record (or an item of affiliations/sources) is not a mapping.",
         "actors:\n  - nicolas-maduro", "actors:\n  - id: nicolas-maduro"),
    # --- articles -----------------------------------------------------------------------------
    Rule("front-matter-missing", "An article does not start with a '---' front matter block.",
         "US sanctions ...", "---\ntitle: ...\ndate: 2024-11-27\nsource: VOA\n---\nUS sanctions ..."),
    Rule("front-matter-unterminated", "The front matter has no closing '---' line.",
         "---\ntitle: x\nbody", "---\ntitle: x\n---\nbody"),
    Rule("front-matter-not-mapping", "The front matter is not a mapping of fields.",
         "---\n- title\n---", "---\ntitle: x\n---"),
    Rule("front-matter-empty", "The front matter block is empty.", "---\n---", "---\ntitle: x\n---"),
    # --- fields -------------------------------------------------------------------------------
    Rule("field-required", "A required field is missing or empty.",
         "- id: a\n  type: person", "- id: a\n  name: A\n  type: person"),
    Rule("field-unknown", "A field the format does not define (often a typo: speker -> speaker).",
         "speker: antony-blinken", "speaker: antony-blinken"),
    Rule("field-type", "A field holds a list or mapping where one value is expected, or the reverse.",
         "name: [a, b]", "name: a"),
    Rule("id-format", "An id is not a lowercase slug of at most 100 characters.",
         "id: Nicolas_Maduro", "id: nicolas-maduro"),
    Rule("value-empty", "A text field is blank.", "summary: ''", "summary: Sanctioned 21 officials."),
    Rule("value-slug", "An action type is not a lowercase slug.", "type: Arrest Warrant", "type: arrest-warrant"),
    Rule("value-choice", "A value is not one of the allowed values (actor type, action status).",
         "status: confirmd", "status: confirmed"),
    Rule("date-invalid", "A date is not a real calendar date, or is partial where a full date is needed.",
         "date: 2025-02-30", "date: 2025-02-28"),
    Rule("value-count", "count is not a non-negative whole number.", "count: -3", "count: 3"),
    Rule("url-invalid", "A url is not an absolute http or https address.",
         "url: javascript:alert(1)", "url: https://example.org/story"),
    Rule("value-wikidata", "wikidata is not a Q-id.", "wikidata: 57413", "wikidata: Q57413"),
    Rule("value-language", "language is not a language code.", "language: English", "language: en"),
    # --- the whole briefing -------------------------------------------------------------------
    Rule("id-duplicate", "Two records share an id (ids are unique across articles, actors, actions, quotes).",
         "- id: maduro   # an actor\n- id: maduro   # a quote", "- id: nicolas-maduro\n- id: maduro-quote"),
    Rule("ref-unknown", "A reference names no record.", "speaker: antony-blinkn", "speaker: antony-blinken"),
    Rule("ref-wrong-kind", "A reference names a record of the wrong kind (an article where an actor is needed, "
         "a person as a country).", "by: [us-sanctions-21-officials]", "by: [us-treasury]"),
    Rule("quote-not-in-source", "A quote's text does not occur in its source article.",
         "text: above all else", "text: above anything else"),
    Rule("evidence-not-in-source", "An evidence string does not occur in the cited article.",
         "evidence: sanctioned 12 officials", "evidence: sanctioned 21 security and Cabinet-level officials"),
    Rule("page-collision", "A hand-written page takes the path of a generated page.",
         "content/pages/timeline.md", "content/pages/about.md"),
    Rule("template-error", "A page template failed to load or render.", "templates/actor.md.j2: {{ actor.nmae }}",
         "templates/actor.md.j2: {{ actor.name }}"),
    # --- warnings -----------------------------------------------------------------------------
    Rule("actor-unused", "An actor that no fact refers to and no article mentions.",
         "- id: spain\n  name: Spain        # and no article says 'Spain'",
         "- id: spain\n  name: Spain\n  aliases: [España]   # as the article writes it", warning=True),
    Rule("article-uncited", "An article that no action or quote cites.", "content/articles/story.md, no fact cites it",
         "sources:\n  - article: story", warning=True),
    Rule("alias-ambiguous", "The same name or alias belongs to two actors; mentions go to the first.",
         "- id: us-treasury\n  aliases: [Treasury]\n- id: uk-treasury\n  aliases: [Treasury]",
         "- id: us-treasury\n  aliases: [U.S. Treasury]\n- id: uk-treasury\n  aliases: [HM Treasury]",
         warning=True),
    Rule("alias-inside-name", "An alias also matches inside another actor's name, so a shortened mention "
         "of that actor may be credited to this one.",
         "- id: edmundo-gonzalez\n  aliases: [González]\n- id: marta-gonzalez\n  name: Marta González",
         "- id: edmundo-gonzalez\n  aliases: [Edmundo Gonzalez]\n- id: marta-gonzalez\n  name: Marta González",
         warning=True),
    Rule("file-ignored", "A file in content/articles or content/facts whose name does not end as the format "
         "reads there (.md for articles, .yaml or .yml for facts): it is not read.",
         "content/articles/story.markdown\ncontent/facts/notes.txt", "content/articles/story.md\n"
         "content/facts/notes.yaml", warning=True),
    # --- facts that contradict themselves (factchecks.py) ----------------------------------------
    Rule("date-order", "An affiliation's until date is before its since date (partial dates compare at "
         "their own precision).", "since: 2024-05-01\nuntil: 2020-01-01", "since: 2020-01-01\nuntil: 2024-05-01"),
    Rule("affiliation-self", "An actor lists itself among its affiliations.",
         "- id: us-treasury\n  affiliations:\n    - actor: us-treasury",
         "- id: us-treasury\n  affiliations:\n    - actor: us-government"),
    Rule("value-repeated", "The same id or alias appears twice in one list (by, targets, about, aliases); "
         "pages would show it twice.", "by: [us-treasury, us-treasury]", "by: [us-treasury]", warning=True),
    # --- links in descriptions (desclinks.py) --------------------------------------------------
    Rule("link-broken", "A relative link in a description leads to no page of the site, out of the site, to a "
         "folder, or to '#anchor' alone. Descriptions are shown on pages in the actors/ folder (the actor's page "
         "and the actors index): links are read from there.",
         "description: See [the sanctions](sanctions.md) and [below](#actions).",
         "description: See [the sanctions](../actions/treasury-sanctions.md) and "
         "[his actions](nicolas-maduro.md#actions)."),
    Rule("link-as-text", "Something in a description that looks like a link but is shown as text: only "
         "[text](https://...) and [text](relative/page.md) are kept (no title, no <url>, no mailto:, "
         "the scheme in lower case).",
         "description: Profile at <https://example.org> ([mail](mailto:a@example.org))",
         "description: Profile at [example.org](https://example.org)", warning=True),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def rules_reference() -> str:
    out = ["# Rules", "", "Generated by `briefing rules`. Errors fail `briefing check` and the build; "
           "warnings fail only under `--strict`.", ""]
    for rule in _RULES:
        out += [f"## `{rule.id}`{' (warning)' if rule.warning else ''}", "", rule.summary, ""]
        if rule.bad:
            out += ["Fails:", "", "```yaml", rule.bad, "```", ""]
        if rule.good:
            out += ["Passes:", "", "```yaml", rule.good, "```", ""]
    return "\n".join(out)
