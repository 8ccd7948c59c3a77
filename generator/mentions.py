"""Actor names and aliases found in article text: one pass over each text for all actors.

All names and aliases of all actors are compiled once into a single regular expression
shaped as a trie (a prefix tree: `Ed(?:mundo Gonz(?:alez)|...)`), so the regex engine walks
each text once, in C, whatever the number of actors: no regex per actor per article.
Matching happens on texts folded by `fold_for_names` (accents dropped one character for one,
so offsets stay right; case kept): "Olafur Jonsson" in a text finds the actor named
"Ólafur Jónsson", and so does "Ólafur Jónsson" against an alias "Olafur Jonsson". A name
matches whole words only ("Maduro" never inside "Maduros"); white space inside a name matches
any run of white space; at each place the longest name wins, so "Nicolas Maduro" is one
mention, not also "Maduro".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Actor, Mention
from .textmatch import fold_for_names

_ATOM = re.compile(r"\s+|.", re.DOTALL)
# Texts searched with a regex of only the names that can occur in them, before the regex of
# every name is compiled (see MentionMatcher.find).
NARROWED_TEXTS = 8
MAX_NAME_CHARS = 200  # longer "names" are descriptions: they are not looked for in texts
_SPACES = re.compile(r"\s+")


def _key(text: str) -> str:
    """A name as compared: folded, white space runs as one space."""
    return _SPACES.sub(" ", fold_for_names(text).strip())


# "Not just after a word character", checked after a name's first character: the two
# characters before that point must not be a word character and any character (at the start
# of a text there are not two, and a negative lookbehind then holds).
_WORD_START_AFTER_FIRST = r"(?<!\w.)"


def _trie_pattern(keys: list[str]) -> str:
    """The trie of `keys` as a regex that matches at word starts only. The word-start check
    follows each name's first character instead of preceding the whole pattern: a pattern that
    begins with literal characters lets the regex engine skip ahead to places where one of
    them occurs, one that begins with a lookbehind is tried at every place (3x slower)."""
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for atom in _ATOM.findall(key):
            node = node.setdefault(r"\s+" if atom.isspace() else re.escape(atom), {})
        node[""] = {}

    def pattern(node: dict[str, dict], top: bool = False) -> str:
        ends_here = "" in node
        branches = [atom + (_WORD_START_AFTER_FIRST if top else "") + chain(child)
                    for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        if len(branches) == 1 and not ends_here:
            return branches[0]
        # A greedy optional group: the longer name is tried first, the shorter on failure.
        return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")

    def chain(node: dict[str, dict]) -> str:
        # Runs of single letters are followed in a loop: recursion only where names branch.
        out = []
        while len(node) == 1 and "" not in node:
            (atom, node), = node.items()
            out.append(atom)
        return "".join(out) + pattern(node)

    return pattern(trie, top=True)


@dataclass
class MentionMatcher:
    owners: dict[str, str] = field(default_factory=dict)  # name key -> actor id
    aliases: dict[str, str] = field(default_factory=dict)  # alias key -> actor id (aliases only)
    ambiguous: list[tuple[str, str, str]] = field(default_factory=list)  # (text, kept actor, other actor)
    regex: re.Pattern[str] | None = None
    narrowed: int = 0  # texts searched so far with a narrowed regex

    @classmethod
    def for_actors(cls, actors: list[Actor]) -> "MentionMatcher":
        matcher = cls()
        for actor in actors:
            for text in [actor.name, *actor.aliases]:
                key = _key(text) if text else ""
                if not key or not any(ch.isalnum() for ch in key) or len(key) > MAX_NAME_CHARS:
                    continue  # no name to find, or longer than any name (bounded matching)
                owner = matcher.owners.get(key)
                if owner is not None:
                    if owner != actor.id:
                        matcher.ambiguous.append((text, owner, actor.id))
                    continue
                matcher.owners[key] = actor.id
                if text is not actor.name:
                    matcher.aliases[key] = actor.id
        return matcher

    def compiled(self) -> re.Pattern[str] | None:
        """The one regex of every name, made on first use: a rebuild whose mentions all come
        from the build cache never needs it (compiling it for 3,000 actors takes a while)."""
        if self.regex is None and self.owners:
            self.regex = re.compile(r"(?:" + _trie_pattern(sorted(self.owners)) + r")(?!\w)")
        return self.regex

    def only(self, actor_ids: set[str]) -> "MentionMatcher":
        """A matcher of these actors' names alone. Wherever this matcher credits one of them,
        that one finds a name too (at the same place, if nowhere before): a cheap first pass
        over texts in which only their mentions matter."""
        return MentionMatcher({key: owner for key, owner in self.owners.items() if owner in actor_ids})

    def occurs_in(self, text: str) -> bool:
        regex = self.compiled()
        return regex is not None and regex.search(fold_for_names(text)) is not None

    def find(self, text: str) -> list[Mention]:
        """The mentions in a text, in order; overlapping names resolved longest-first."""
        folded = fold_for_names(text)
        regex = self.regex
        if regex is None and self.narrowed < NARROWED_TEXTS and self.owners:
            self.narrowed += 1
            regex = self._narrowed(folded)
            if regex is None:
                return []
        else:
            regex = self.compiled()
            if regex is None:
                return []
        owners = self.owners
        get = owners.get
        # A match is a name as the matcher keeps it unless it spans a line break or double
        # space: only then is its white space folded before the look-up.
        return [Mention(get(found := m.group()) or owners[_SPACES.sub(" ", found)], m.start(), m.end())
                for m in regex.finditer(folded)]

    def _narrowed(self, folded: str) -> re.Pattern[str] | None:
        """A regex of the names whose first word occurs in `folded`: a rebuild after editing one
        article searches one text, and compiling the regex of 3,000 actors' names took 0.3 s
        of it. The matches are the full regex's: a name can only match where its first word
        (literal characters up to its first space) stands in the text, and the names left out
        never complete a match, so at every place the same name is the longest that does."""
        keys = [key for key in self.owners if key.partition(" ")[0] in folded]
        return re.compile(r"(?:" + _trie_pattern(sorted(keys)) + r")(?!\w)") if keys else None

    def aliases_inside_names(self, actors: list[Actor]) -> list[tuple[str, str, str]]:
        """(alias owner, alias, other actor) for each alias that begins or ends the name of
        another actor of the same type: "González" (Edmundo González) inside "Marta González".
        Texts shorten a name to its first or last words, so such a mention of the other actor
        would be credited to the owner. Descriptive names ("Maduro's representatives", a
        group) are not flagged: nobody shortens them to "Maduro"."""
        types = {actor.id: actor.type for actor in actors}
        texts = {_key(text): text for actor in actors for text in actor.aliases if text}
        found = set()
        for actor in actors:
            words = _key(actor.name).split(" ")
            for size in range(1, len(words)):
                for part in (" ".join(words[:size]), " ".join(words[-size:])):
                    owner = self.aliases.get(part)
                    if owner is not None and owner != actor.id and types.get(owner) == actor.type:
                        found.add((owner, texts.get(part, part), actor.id))
        return sorted(found)
