"""Text folding shared by quote checks, mention finding and search.

"Must occur in the article" (content format v1) means: after folding runs of white space to
one space, curly quotes and apostrophes to straight ones and en/em dashes to hyphens, the text
is a substring of the body; case matters. `FoldedText` keeps a map from folded offsets back
to the original ones so a match can be marked in the original text.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

# The contract's folding, and nothing more: curly quotes and apostrophes (with their low-9 and
# reversed forms) to straight ones, en and em dashes to hyphens; no-break and thin spaces are
# white space. A text that differs from the article in anything else (a prime for an
# apostrophe, guillemets, a minus sign for a hyphen) does not occur in it: accepting it would
# change what "must occur in the article" means.
_PUNCT_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
# Names are found more loosely (a mention is a link the generator adds, not a claim that the
# curator checked): also primes as apostrophes, and the other dashes and the minus as hyphens.
_NAME_PUNCT = {**_PUNCT_FOLD, **str.maketrans({"\u2032": "'", "\u2033": '"', "\u2012": "-", "\u2015": "-",
                                               "\u2212": "-"})}


def fold_quote_text(text: str) -> str:
    """The comparison form of a quote or evidence string."""
    return " ".join(_fold_punctuation(text).split())


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


_NAME_FOLD = {**_NAME_PUNCT, **_accent_table()}


_ASCII_BYTES = bytes(range(128))


def _one_for_one(table: dict[int, str]) -> "Callable[[str], str]":
    """A fast `str.translate` for tables that touch few characters of a text: `translate`
    with a dict looks up every character in Python objects (slow on megabytes of articles).
    Instead each character of the table that occurs is replaced everywhere at once
    (`str.replace`, in C). Safe because no replacement is itself replaced (checked here)."""
    chars = {chr(code): value for code, value in table.items()}
    assert not any(value in chars for value in chars.values())
    items = sorted(chars.items())
    all_non_ascii = all(not key.isascii() for key in chars)

    if len(items) <= 32:
        # A few characters: one C substring scan each (`in`), about 10x faster than one
        # regex scan for all of them (measured on 10,000-word articles).
        def fold_few(text: str) -> str:
            if all_non_ascii and text.isascii():
                return text
            for found, value in items:
                if found in text:
                    text = text.replace(found, value)
            return text

        return fold_few

    assert all_non_ascii

    def fold_many(text: str) -> str:
        if text.isascii():
            return text
        # The distinct non-ASCII characters of the text: the UTF-8 bytes without the ASCII
        # ones, decoded (all in C; a regex scan of the table's characters took 3x longer).
        present = set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
                      .decode("utf-8", "surrogatepass"))
        for found in sorted(present.intersection(chars)):
            text = text.replace(found, chars[found])
        return text

    return fold_many


_fold_punctuation = _one_for_one(_PUNCT_FOLD)
_fold_names = _one_for_one(_NAME_FOLD)
_WHITESPACE_ONE = _one_for_one({ord(c): " " for c in "\t\n\r\x0b\x0c\x85\u2028\u2029"})


def quote_view(text: str) -> str:
    """The body as the fast quote search sees it: punctuation folded and every white space
    character a space, one character for one (offsets are the original's)."""
    return _WHITESPACE_ONE(_fold_punctuation(text))


def is_whole(haystack: str, at: int, needle: str) -> bool:
    """Whether `needle` at `at` in `haystack` is not part of a longer word on either side
    (punctuation at the needle's own edge never is)."""
    end = at + len(needle)
    return (not (at > 0 and needle[:1].isalnum() and haystack[at - 1].isalnum())
            and not (end < len(haystack) and needle[-1:].isalnum() and haystack[end].isalnum()))


def find_whole(haystack: str, needle: str) -> int:
    """Where `needle` first occurs in `haystack` not as part of a longer word, else where it
    first occurs at all, else -1. A quote "I" is the word I, not the I of "It" that comes
    first in the article; the page marks and links the place found."""
    first = at = haystack.find(needle)
    while at >= 0 and not is_whole(haystack, at, needle):
        at = haystack.find(needle, at + 1)
    return first if at < 0 else at


def fold_for_names(text: str) -> str:
    """The form in which names are matched: punctuation as in `fold_punctuation` and accents
    dropped ('Ólafur Jónsson' -> 'Olafur Jonsson'), case kept, one character for one."""
    return _fold_names(text)


_IRREGULAR_SPACE = re.compile(r"\s{2,}|[^\S ]")


@dataclass
class FoldedText:
    """A body folded for quote matching (punctuation folded, white space runs as one space),
    with offsets back into the original. Built with C-speed string operations: only the
    irregular white space runs (line breaks, double spaces) are recorded, as shifts."""

    folded: str
    starts: list[int]  # folded offsets from which the next shift applies
    shifts: list[int]  # cumulative characters dropped before each of those offsets

    @classmethod
    def of(cls, text: str) -> "FoldedText":
        translated = _fold_punctuation(text)
        parts: list[str] = []
        starts: list[int] = []
        shifts: list[int] = []
        pos = length = shift = 0
        for m in _IRREGULAR_SPACE.finditer(translated):
            parts.append(translated[pos:m.start()])
            length += m.start() - pos
            if length:  # white space at the very start is dropped, not folded
                parts.append(" ")
                length += 1
                shift += m.end() - m.start() - 1
            else:
                shift += m.end() - m.start()
            starts.append(length)
            shifts.append(shift)
            pos = m.end()
        parts.append(translated[pos:])
        return cls("".join(parts).rstrip(), starts, shifts)

    def original(self, offset: int) -> int:
        """The original offset of a folded offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return offset + (self.shifts[index] if index >= 0 else 0)

    def find(self, needle: str) -> tuple[int, int] | None:
        """Original (start, end) offsets of a folded needle where it first occurs as whole words
        (else where it first occurs: find_whole)."""
        if not needle:
            return None
        at = find_whole(self.folded, needle)
        if at < 0:
            return None
        return self.original(at), self.original(at + len(needle) - 1) + 1

    def closest_passage(self, needle: str) -> tuple[int, str] | None:
        """The passage most like `needle`, as (original offset, folded passage), for hints."""
        if not needle or not self.folded:
            return None
        # Bounded: a hint compares the needle's first 40 words with windows of the body;
        # difflib is quadratic in the lengths it compares.
        needle = " ".join(needle.split(" ")[:40])[:400]
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
        step = max(1, size // 4, len(words) // 500)  # at most ~500 windows, whatever the body
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
        return self.original(starts[first]), window


def fold_accents(text: str) -> str:
    """Strip combining marks: 'Ólafur Jónsson' -> 'Olafur Jonsson'. Case is kept."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
