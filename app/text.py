"""Text helpers shared by retrieval and answering: normalising, tokens, stems, stopwords."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import simplemma
import Stemmer

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_SPACE = re.compile(r"\s+")

# Function words and question words: they carry no topic, so they never count as content.
# Chat shorthand ("wat r the rules", "whats") and apostrophe-less contractions are the same.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves else along tell please know explain describe give say said says anything something
    thing things much many s t don doesn didn isn aren wasn weren let us get got go going
    article document documents text story mentioned mention according nutshell summary
    summarize summarise briefly overall exactly specifically actually really question
    described describes describing explained explains explaining mentions mentioning
    r u ur wat wut wot abt pls plz thx bc cuz coz tho thru whats whos hows wheres whens whys
    im dont doesnt didnt isnt arent wasnt cant wont ok okay
    """.split()
)

# The words that open a wh-question, as a regex alternation.
WH_WORDS = "what|who|whom|whose|when|where|why|how|which"

# Words for the documents themselves: "what does the FAQ say" asks the documents, not a party.
DOCUMENT_WORDS = frozenset("article document text story report faq table page source".split())

# Words that point back to something said earlier in the conversation.
ANAPHORA = frozenset(
    "it its they them their theirs he him his she her this that these those there one ones".split()
)


# Bumped when tokens change: an index built with other tokens is rebuilt (build.fingerprint_salt).
# 2: accents folded ("café" is "cafe", not "caf"); 3: "they're", "isn't" are no content words;
# 4: nor is "else"; 5: nor "along" ("bring my dog along")
TOKENS_VERSION = "5"


class _Unaccented(dict[int, int]):
    """str.translate table: a letter with accents to its plain letter ("é" to "e"), one
    character for one, so offsets hold; any other character to itself."""

    def __missing__(self, code: int) -> int:
        parts = unicodedata.normalize("NFKD", chr(code))
        plain = len(parts) > 1 and parts[0].isascii() and parts[0].isalpha()
        if plain and all(unicodedata.combining(c) for c in parts[1:]):
            self[code] = ord(parts[0])
        else:
            self[code] = code
        return self[code]


_UNACCENTED = _Unaccented()


def normalize(text: str) -> str:
    """Lower-case, Unicode-fold (NFKC, accents dropped, curly quotes to straight) and collapse
    whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"')
    return _SPACE.sub(" ", text).strip().lower().translate(_UNACCENTED)


def lower_in_place(text: str) -> str:
    """Lower-cased with every character at its offset (a few letters grow when lower-cased)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def tokens(text: str) -> list[str]:
    """Word tokens of normalised text; possessive 's is dropped ("nvidia's" -> "nvidia")."""
    return list(token_tuple(text))


@lru_cache(maxsize=65536)
def token_tuple(text: str) -> tuple[str, ...]:
    """`tokens`, memoised: answering reads the same passages and sentences again and again."""
    return tuple(_without_possessive(tok) for tok in _TOKEN.findall(normalize(text)))


def token_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Each token of the text, spelt as `tokens` spells it, with its (start, end) in the text.

    The text is lower-cased in place, not normalised, so the offsets are the text's own.
    """
    # Accents dropped as `normalize` drops them, one character for one: offsets hold.
    for match in _TOKEN.finditer(lower_in_place(text).translate(_UNACCENTED)):
        yield _without_possessive(match.group(0)), match.start(), match.end()


def _without_possessive(token: str) -> str:
    return token[:-2] if token.endswith("'s") else token


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball (Porter2) stem of one lower-case word."""
    return str(_stemmer().stemWord(word))


def stem_words(words: list[str]) -> list[str]:
    """Snowball stems of many lower-case words at once."""
    return [str(s) for s in _stemmer().stemWords(words)]


@lru_cache(maxsize=65536)
def root(word: str) -> str:
    """The stem of a word's dictionary form: "lost" and "lose", "sold" and "sell" share one.

    Snowball stems only cut suffixes; irregular forms need the lemma first (simplemma's
    bundled English data). Used for matching a question to an answer, not for the index.
    """
    return stem(simplemma.lemmatize(word, lang="en").lower())


def is_english_word(word: str) -> bool:
    """Whether a lower-case word is in simplemma's English dictionary (any inflected form)."""
    return bool(simplemma.is_known(word, lang="en"))


@lru_cache(maxsize=65536)
def _content_tokens(text: str) -> tuple[str, ...]:
    # Memoised: answering re-reads the same candidate sentences question after question.
    return tuple(
        t for t in token_tuple(text) if t not in STOPWORDS and not _function_contraction(t)
    )


_CONTRACTED = re.compile(r"([a-z]+)'(?:re|ve|ll|d|m)|[a-z]+n't")


def _function_contraction(token: str) -> bool:
    """ "they're", "we've", "I'll", "isn't", "won't": a function word and its contraction."""
    match = _CONTRACTED.fullmatch(token)
    return match is not None and (match.group(1) is None or match.group(1) in STOPWORDS)


def content_tokens(text: str) -> list[str]:
    """Tokens that carry topic: not stopwords."""
    return list(_content_tokens(text))


def content_stems(text: str) -> list[str]:
    """Stems of the content tokens, in order, duplicates kept."""
    return [stem(t) for t in _content_tokens(text)]
