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

from .model import Actor, Mention
from .textmatch import fold_accents

WORD_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")


def _separator(text: str) -> str:
    return _SPACE_RE.sub(" ", text).replace("\u2019", "'")


@dataclass
class _Name:
    words: tuple[str, ...]
    separators: tuple[str, ...]
    actor: str
    text: str
    suffix: str = ""  # punctuation that ends the name, such as the last dot of "U.S."


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
                name = _split(text, actor.id)
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

    def find(self, text: str) -> list[Mention]:
        words = [(fold_accents(m.group()), m.start(), m.end()) for m in WORD_RE.finditer(text)]
        mentions: list[Mention] = []
        index = 0
        total = len(words)
        while index < total:
            candidates = self.by_first_word.get(words[index][0])
            step = 1
            if candidates:
                for name in candidates:
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
                        mentions.append(Mention(name.actor, words[index][1], end))
                        step = n
                        break
            index += step
        return mentions


def _split(text: str, actor: str) -> _Name:
    matches = list(WORD_RE.finditer(text))
    words = tuple(fold_accents(m.group()) for m in matches)
    separators = tuple(_separator(text[a.end():b.start()]) for a, b in zip(matches, matches[1:]))
    suffix = text[matches[-1].end():].strip() if matches else ""
    return _Name(words, separators, actor, text, suffix)
