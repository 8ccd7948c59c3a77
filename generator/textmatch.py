"""Text folding shared by quote checks, mention finding and search.

"Must occur in the article" (content format v1) means: after folding runs of white space to
one space, curly quotes and apostrophes to straight ones and en/em dashes to hyphens, the text
is a substring of the body; case matters. `FoldedText` keeps a map from folded offsets back
to the original ones so a match can be marked in the original text.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_PUNCT_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})


def fold_quote_text(text: str) -> str:
    """The comparison form of a quote or evidence string."""
    return " ".join(text.translate(_PUNCT_FOLD).split())


def fold_punctuation(text: str) -> str:
    """Curly quotes to straight ones, dashes to hyphens, odd spaces to spaces: one character
    for one character, so offsets in the result are offsets in the original."""
    return text.translate(_PUNCT_FOLD)


def find_folded(folded_body: str, needle: str) -> tuple[int, int] | None:
    """(start, end) of a folded needle in a body folded by `fold_punctuation`, where any run
    of white space in the body matches one space of the needle (the contract's rule)."""
    if not needle:
        return None
    pattern = r"\s+".join(re.escape(word) for word in needle.split(" "))
    found = re.search(pattern, folded_body)
    return (found.start(), found.end()) if found else None


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics -> their base letter, one character for one (so that
    offsets survive), built from Unicode's own decompositions."""
    table: dict[int, str] = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        decomposed = unicodedata.normalize("NFD", chr(code))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


_NAME_FOLD = {**_PUNCT_FOLD, **_accent_table()}


def fold_for_names(text: str) -> str:
    """The form in which names are matched: punctuation as in `fold_punctuation` and accents
    dropped ('Ólafur Jónsson' -> 'Olafur Jonsson'), case kept, one character for one."""
    return text.translate(_NAME_FOLD)


@dataclass
class FoldedText:
    """A body folded for quote matching, with offsets back into the original."""

    folded: str
    origin: list[int]  # origin[i] = offset in the original of folded[i]; one extra at the end

    @classmethod
    def of(cls, text: str) -> "FoldedText":
        translated = text.translate(_PUNCT_FOLD)
        out: list[str] = []
        origin: list[int] = []
        in_space = False
        for i, ch in enumerate(translated):
            if ch.isspace():
                if not in_space and out:
                    out.append(" ")
                    origin.append(i)
                in_space = True
                continue
            in_space = False
            out.append(ch)
            origin.append(i)
        if out and out[-1] == " ":
            out.pop()
            origin.pop()
        origin.append(len(text))
        return cls("".join(out), origin)

    def find(self, needle: str) -> tuple[int, int] | None:
        """Original (start, end) offsets of the first occurrence of a folded needle."""
        if not needle:
            return None
        at = self.folded.find(needle)
        if at < 0:
            return None
        end = at + len(needle)
        return self.origin[at], self.origin[end - 1] + 1

    def closest_passage(self, needle: str) -> tuple[int, str] | None:
        """The passage most like `needle`, as (original offset, folded passage), for hints."""
        if not needle or not self.folded:
            return None
        words = self.folded.split(" ")
        size = max(1, len(needle.split(" ")))
        starts: list[int] = []
        pos = 0
        for word in words:
            starts.append(pos)
            pos += len(word) + 1
        best: tuple[float, int] = (-1.0, 0)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle)
        step = max(1, size // 4)
        # Windows of the needle's length in words, sliding by a quarter of it: linear in the body.
        for first in range(0, max(1, len(words) - size + 1), step):
            window = " ".join(words[first:first + size])
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                continue
            score = matcher.ratio()
            if score > best[0]:
                best = (score, first)
        if best[0] < 0.3:
            return None
        first = best[1]
        window = " ".join(words[first:first + size])
        return self.origin[starts[first]], window


def fold_accents(text: str) -> str:
    """Strip combining marks: 'Ólafur Jónsson' -> 'Olafur Jonsson'. Case is kept."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
