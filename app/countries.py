"""The many names of a country: "America", "American", "the US", "U.S.", "Washington".

Names must match near-exactly when a question is checked against a passage, because word
vectors put "France" beside "China". But a country goes by several names, and a question
often uses another one than the text ("What reason do American officials give…" against "The
United States justifies…"). The forms come from the countryinfo package's data (names,
alternative spellings, ISO codes, demonyms, capitals), never from a corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache

from app.text import token_tuple, tokens

MIN_VARIANT = 5  # "chin" is no variant of "china"
MIN_WORD = 4  # shorter words ("us", "uk") are codes, matched only as written in capitals
# How a variant may end past the shared letters: "chin|a" / "chin|ese", "america|n",
# "canad|ians", "ital|y" / "ital|ian".
_VARIANT_ENDINGS = frozenset(["", *"a e i n s y an ans ese ian ians ic ish ns es".split()])
# Codes in capitals (US, USA, U.S.) are only matched as written: lower-case "us" is a pronoun.
_CODE = re.compile(r"^[A-Z]{2,3}$")
# A code as written: "US", "USA", "U.S.", "U.S.A." (looked up among the known codes).
_CODE_IN_TEXT = re.compile(r"(?<![\w.])(?:(?:[A-Z]\.){2,3}|[A-Z]{2,3})(?![\w])")
# Codes that English text uses far more often for something else ("AI" is Anguilla's, "IT"
# Italy's, "TV" Tuvalu's) or that are plain words in capitals ("IN", "NO"): never read as countries.
_AMBIGUOUS_CODES = frozenset(
    "AI IT ID TV PR PM AM FM AD CD HR GB MS MA BS PS IN IS AT BE TO NO ME MY SO DO AS".split()
)
# "Washington D.C.": a capital's trailing abbreviation is dropped to get its usual name.
_TRAILING_ABBREVIATION = re.compile(r"(\s+[A-Z]\.)+[A-Z]?\.?$")


class CountryNames:
    """Which countries a text names, and which country a single word stands for."""

    def __init__(self, forms: Mapping[str, Iterable[str]]) -> None:
        """`forms`: for each country key, its names (phrases, demonyms, capitals, codes)."""
        by_phrase: dict[tuple[str, ...], set[str]] = defaultdict(set)
        codes: dict[str, set[str]] = defaultdict(set)
        for country, names in forms.items():
            for name in names:
                name = name.strip()
                if _CODE.match(name):
                    if name not in _AMBIGUOUS_CODES:
                        codes[name].add(country)
                elif name.isascii() and "," not in name and (words := tuple(tokens(name))):
                    by_phrase[words].add(country)
        self._phrases = {k: frozenset(v) for k, v in by_phrase.items()}
        # One-word forms, by their first letters, for "China" / "Chinese" style variants.
        self._words: dict[str, frozenset[str]] = {
            k[0]: v for k, v in self._phrases.items() if len(k) == 1 and len(k[0]) >= MIN_WORD
        }
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for word in self._words:
            self._by_prefix[word[:MIN_WORD]].append(word)
        self._codes = {k: frozenset(v) for k, v in codes.items()}
        # Phrase lengths by first word: most words start no name, and cost one lookup.
        self._lengths: dict[str, list[int]] = defaultdict(list)
        for words in sorted(self._phrases, key=len, reverse=True):
            self._lengths[words[0]].append(len(words))
        self.of_word = lru_cache(maxsize=8192)(self._of_word)

    @classmethod
    @cache
    def load(cls) -> CountryNames:
        """The world's countries from countryinfo's bundled data (loaded once per process)."""
        from countryinfo import all_countries

        forms: dict[str, list[str]] = {}
        for country in all_countries():
            info = country.info()
            names = [str(info.get("name") or ""), *(info.get("altSpellings") or [])]
            names += str(info.get("demonym") or "").split(",")
            for capital in str(info.get("capital") or "").split("/"):
                # News names a government by its capital: "Washington intends to…".
                names += [capital, _TRAILING_ABBREVIATION.sub("", capital.strip())]
            forms[str(info.get("name"))] = [n for n in names if n.strip()]
        return cls(forms)

    def _of_word(self, word: str) -> frozenset[str]:
        """Countries a lower-case word names: a name, demonym or capital, or a variant of one.

        A variant shares all of the shorter word but its last letter: "chinese" for "china",
        "america" for "american", "taiwanese" for "taiwan" (but not "chin" for "china").
        """
        if len(word) < MIN_WORD:
            return frozenset()
        found = self._words.get(word)
        if found is not None:
            return found
        out: set[str] = set()
        for form in self._by_prefix.get(word[:MIN_WORD], ()):
            shorter = min(len(form), len(word))
            common = _common_prefix(form, word)
            # The longer one must end like a demonym or plural: "praise" is not a variant of
            # Praia, nor "Caras" of Caracas.
            if (
                shorter >= MIN_VARIANT
                and common >= shorter - 1
                and max(form[common:], word[common:], key=len) in _VARIANT_ENDINGS
            ):
                out |= self._words[form]
        return frozenset(out)

    def names_each(self, words: Sequence[str], text: str) -> bool:
        """Whether the text names the country of each word ("chinese": "China", "Beijing")."""
        if not words:
            return True
        named = self.mentions(text)
        return all(self.of_word(w) & named for w in words)

    def mentions(self, text: str) -> frozenset[str]:
        """Countries the text names, by any of their names or (as written) codes."""
        found: set[str] = set()
        words = token_tuple(text)
        lengths, prefixes, phrases = self._lengths, self._by_prefix, self._phrases
        i = 0
        while i < len(words):
            word = words[i]
            # The longest name first: "Republic of China" is Taiwan, not China.
            for n in lengths.get(word, ()):
                countries = phrases.get(tuple(words[i : i + n]))
                if countries is not None:
                    found |= countries
                    i += n
                    break
            else:
                # Most words start no country's name: one lookup says so.
                if word[:MIN_WORD] in prefixes:
                    found |= self.of_word(word)
                i += 1
        for match in _CODE_IN_TEXT.finditer(text):
            found |= self._codes.get(match.group(0).replace(".", ""), frozenset())
        return frozenset(found)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
