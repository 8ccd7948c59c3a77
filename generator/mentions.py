"""Actor names and aliases found in article text: one pass over each text for all actors.

Names are compared as sequences of whole words (`\\w+` runs), accents folded and case kept:
"Olafur Jonsson" matches an actor whose alias is "Olafur Jonsson" and whose name is
"Ólafur Jónsson"; "Maduro" never matches inside "Maduros". The punctuation between words
must agree too ("U.S." is not "U S"). At each word the longest name starting there wins, so
"Nicolas Maduro" is one mention, not also "Maduro". The cost is one dictionary look-up per
word of text, whatever the number of actors: no regex per actor per article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from .model import Actor, Mention
from .textmatch import fold_accents

WORD_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")


def _separator(text: str) -> str:
    return _SPACE_RE.sub(" ", text).replace("\u2019", "'")


@dataclass
class _Name:
    """One name or alias of an actor, split into folded words and what stands between them."""

    words: tuple[str, ...]
    separators: tuple[str, ...]
    actor: str
    text: str
    is_alias: bool
    suffix: str = ""  # punctuation that ends the name, such as the last dot of "U.S."


def _split(text: str, actor: str, is_alias: bool) -> _Name:
    matches = list(WORD_RE.finditer(text))
    words = tuple(fold_accents(m.group()) for m in matches)
    separators = tuple(_separator(text[a.end():b.start()]) for a, b in zip(matches, matches[1:]))
    suffix = text[matches[-1].end():].strip() if matches else ""
    return _Name(words, separators, actor, text, is_alias, suffix)


@dataclass
class MentionMatcher:
    by_first_word: dict[str, list[_Name]] = field(default_factory=dict)
    ambiguous: list[tuple[str, str, str]] = field(default_factory=list)  # (text, kept actor, other actor)

    @classmethod
    def for_actors(cls, actors: list[Actor]) -> "MentionMatcher":
        matcher = cls()
        seen: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
        for actor in actors:
            for text in [actor.name, *actor.aliases]:
                if not text:
                    continue
                name = _split(text, actor.id, text is not actor.name)
                if not name.words:
                    continue
                key = (name.words, name.separators)
                owner = seen.get(key)
                if owner is not None:
                    if owner != actor.id:
                        matcher.ambiguous.append((text, owner, actor.id))
                    continue
                seen[key] = actor.id
                matcher.by_first_word.setdefault(name.words[0], []).append(name)
        for names in matcher.by_first_word.values():
            names.sort(key=lambda n: -len(n.words))  # longest first: it wins
        return matcher

    def _scan(self, text: str, every: bool) -> Iterator[tuple[_Name, int, int]]:
        words = [(fold_accents(m.group()), m.start(), m.end()) for m in WORD_RE.finditer(text)]
        index = 0
        total = len(words)
        while index < total:
            step = 1
            for name in self.by_first_word.get(words[index][0], ()):
                n = len(name.words)
                if index + n > total:
                    continue
                if all(words[index + k][0] == name.words[k] for k in range(1, n)) and all(
                    _separator(text[words[index + k][2]:words[index + k + 1][1]]) == name.separators[k]
                    for k in range(n - 1)
                ):
                    end = words[index + n - 1][2]
                    if name.suffix and text.startswith(name.suffix, end):
                        end += len(name.suffix)
                    yield name, words[index][1], end
                    if not every:
                        step = n
                        break
            index += step

    def find(self, text: str) -> list[Mention]:
        """The mentions in a text, in order; overlapping names resolved longest-first."""
        return [Mention(name.actor, start, end) for name, start, end in self._scan(text, every=False)]

    def aliases_inside_names(self, actors: list[Actor]) -> list[tuple[str, str, str]]:
        """(alias owner, alias, other actor) for each alias that begins or ends the name of
        another actor of the same type: "González" (Edmundo González) inside "Marta González".
        Texts shorten a name to its first or last words, so such a mention of the other actor
        would be credited to the owner. Descriptive names ("Maduro's representatives", a
        group) are not flagged: nobody shortens them to "Maduro"."""
        types = {actor.id: actor.type for actor in actors}
        found = set()
        for actor in actors:
            text = actor.name
            for name, start, end in self._scan(text, every=True):
                whole = (start, end) == (0, len(text))
                edge = start == 0 or end == len(text.rstrip())
                if (name.is_alias and name.actor != actor.id and not whole and edge
                        and types.get(name.actor) == actor.type):
                    found.add((name.actor, name.text, actor.id))
        return sorted(found)
