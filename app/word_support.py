"""How far a text backs a question's words: as written, as a typo, by word meaning, by a
first-sense synonym, or as the model reads them in context. The answerer's confidence rests on
this word-level support (app/answer.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from app.answer_policy import AnswerPolicy
from app.answer_types import PURPOSE_FRAMING, Kind, question_needs
from app.context_words import ContextWords
from app.countries import CountryNames
from app.lexicon import Lexicon
from app.names import proper_nouns
from app.phrasal import phrasal_meanings
from app.synonyms import Synonyms
from app.tables import RowContrast
from app.text import content_tokens, is_english_word, normalize, root
from app.types import Passage

# The parts of the documents a question may name, by passage kind: the word a passage of that
# kind counts as mentioning, and how a question names it ("the table", not "on the table", an
# idiom for what is being discussed; "the FAQ").
PARTS: dict[str, tuple[str, re.Pattern[str]]] = {
    "row": ("table", re.compile(r"(?<!\bon the )(?<!\boff the )\btables?\b", re.IGNORECASE)),
    "faq": ("faq", re.compile(r"\bfaqs?\b|\bfrequently asked questions\b", re.IGNORECASE)),
}
MEMO_WORDS = 2048  # credits remembered per passage or sentence


@dataclass(frozen=True)
class Terms:
    """A text's words, ready to credit question words against."""

    long_tokens: tuple[str, ...]  # words of 4+ letters, matched typo-tolerantly
    stems: frozenset[str]
    rows: tuple[int, ...]
    countries: frozenset[str]  # countries named, by any of their names ("US", "American")
    # Credits already worked out for (question word, as a name): the same words come back
    # question after question, and a credit costs a fuzzy match and a vector lookup.
    memo: dict[tuple[str, bool], float] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )


SentenceVectors = Callable[[Passage], np.ndarray]
UNSUPPORTED = 0.1  # a question word credited below this is not backed at all


@dataclass(frozen=True)
class Support:
    """Word-level backing of a question by a text: mean credit, and share not backed at all."""

    score: float
    missing: float


def ramp(similarity: float, low: float, high: float) -> float:
    """0 below `low`, 1 above `high`, linear between."""
    return min(1.0, max(0.0, float((similarity - low) / (high - low))))  # np.clip: 3 us a call


@lru_cache(maxsize=4096)
def question_words(question: str, context: str) -> tuple[dict[str, float], frozenset[str]]:
    """The question's content words with their weights, and the names it asks about.

    Words of the question itself weigh 1; words only the earlier questions bring in weigh
    0.5. Memoised (callers only read it): every candidate sentence of a question asks alike.
    """
    asked = content_tokens(question)
    needs = question_needs(question)
    text = _IDIOMS.sub(" ", question)
    if any(n.kind is Kind.ADDED for n in needs):
        # "Apart from AI safety, what else…": the topic set aside is not what is asked about.
        text = _SET_ASIDE.sub(" ", text)
    if any(n.kind in _SETTING_KINDS for n in needs):
        # "Where are the talks being held?" asks where the talks are: "held" is the place's
        # job, and left in it would be backed by "if China held the primary advantage".
        text = _SETTING_WORDS.sub(" ", text)
    if any(n.kind is Kind.PURPOSE for n in needs):
        text = PURPOSE_FRAMING.sub(" ", text)
    own = content_tokens(text) or asked
    if any(n.kind is Kind.SAYS for n in needs):
        # "Who called Taiwan the most sensitive issue?" is answered by "…, which Xi
        # identified as the most sensitive core issue": the reporting verb is the need's.
        own = [t for t in own if not _LABELLING.fullmatch(t)] or own
    # "Are lockers available?" asks about lockers: any sentence about them tells, while
    # "available" alone is backed by "sensory bags are also available". "Can we come on a
    # Monday?" asks whether Monday is open to visitors, which "closed on Mondays" tells.
    own = [t for t in own if t not in _PRESENCE_WORDS] or own
    # The words left out are left out of the context too, which repeats the question.
    left_out = set(asked) - set(own)
    weights = {t: 0.5 for t in content_tokens(context) if t not in left_out}
    weights.update({t: 1.0 for t in own})
    return weights, frozenset(proper_nouns([question]))


# Words that only say a thing happens or stands somewhere: a where/when question's place or
# time says all they do ("what is the museum's address?" asks where the museum is).
_SETTING_WORDS = re.compile(
    r"\b(?:held|holding|hold|located|situated|based|address(?:es)?|"
    r"happen(?:s|ing|ed)?|occur(?:s|ring|red)?|"
    r"(?:take|takes|taking|took|taken) place)\b",
    re.IGNORECASE,
)
# Phrases whose words are not their meaning: "what is on the table?" asks what is discussed.
# "How does the table sum up X?" asks what it says of X, as "describe" does.
_IDIOMS = re.compile(
    r"\b(?:on|off) the (?:table|cards)\b|\bsum(?:s|med|ming)? (?:\w+ )?up\b", re.IGNORECASE
)
_SET_ASIDE = re.compile(
    r"\b(?:other than|apart from|aside from|besides|in addition to)\b[^,;?!]*", re.IGNORECASE
)
_LABELLING = re.compile(
    r"call(?:s|ed)?|describ(?:e|es|ed)|characteri[sz](?:e|es|ed)|term(?:s|ed)?|"
    r"label(?:s|led|ed)?|dub(?:s|bed)?|brand(?:s|ed)?|identif(?:y|ies|ied)"
)
_PRESENCE_WORDS = frozenset(
    "available availability exist exists existing possible able come".split()
)
_SETTING_KINDS = frozenset({Kind.PLACE, Kind.TIME, Kind.MOMENT, Kind.DATE, Kind.YEAR, Kind.HOURS})


_HYPHENATED = re.compile(r"\b([a-z]+)-([a-z]+)\b")


class WordSupport:
    """Word-level backing of a question by passages and sentences; the answerer builds on it."""

    def __init__(
        self,
        policy: AnswerPolicy,
        sentence_vectors: SentenceVectors,
        lexicon: Lexicon,
        countries: CountryNames | None = None,
        rows: Mapping[str, RowContrast] | None = None,
        names: frozenset[str] = frozenset(),
        context: ContextWords | None = None,
        everywhere: frozenset[str] = frozenset(),
        vocabulary: frozenset[str] = frozenset(),
        synonyms: Synonyms | None = None,
    ) -> None:
        self.policy = policy
        # Stems of every word the documents write (empty: not known, no question is judged
        # unrelated by its words).
        self.vocabulary = vocabulary
        # The documents' words for a question word they never write ("competition" for
        # "rivalry"), in its commonest sense: see app/synonyms.py.
        self.synonyms = synonyms if synonyms is not None else Synonyms({})
        # Words in most documents' titles ("Pinecrest Bikes", "China"): what every passage is
        # about, so a passage need not name them itself to answer a question that does.
        self.everywhere = everywhere
        # Words as the model reads them in their sentences: paraphrases single word vectors
        # miss ("goes missing" for "lost"). None: single word vectors only.
        self.context = context
        # Words the documents only ever write as names ("Mythos", "Nvidia"): names too when a
        # question types them in lower case ("whos behind the mythos ai").
        self.names = names
        self._rows = rows or {}  # table rows by passage id: what sets each apart
        self._sentence_vectors = sentence_vectors
        self.lexicon = lexicon
        self.countries = countries if countries is not None else CountryNames.load()
        self._terms = lru_cache(maxsize=4096)(self._passage_terms)
        self._sentence_terms = lru_cache(maxsize=16384)(self._text_terms)

    def _passage_terms(self, passage: Passage) -> Terms:
        # A table row is what a question means by "the table says…" or "in the summary table";
        # an FAQ entry, by "the FAQ says…".
        where = PARTS[passage.kind][0] if passage.kind in PARTS else ""
        return self._text_terms(
            f"{passage.question or ''} {passage.section} {where} {passage.text}"
        )

    def _text_terms(self, text: str) -> Terms:
        words = content_tokens(text)
        # "Wi-Fi" is also "wifi", "e-mail" also "email": how a question often writes them.
        unique = set(words) | {a + b for a, b in _HYPHENATED.findall(normalize(text))}
        return Terms(
            tuple(sorted(w for w in unique if len(w) >= 4)),
            frozenset(root(w) for w in unique),
            tuple(self.lexicon.rows(unique)),
            self.countries.mentions(text),
        )

    def related(self, word: str, words: Sequence[str]) -> bool:
        """Whether the word, or one close in meaning, is among the words."""
        if root(word) in {root(w) for w in words}:
            return True
        return self.lexicon.similarity(word, self.lexicon.rows(words)) >= self.policy.support_high

    def _credit(self, term: str, terms: Terms, name: bool = False) -> float:
        """How far the text backs one question word: 1 for the word itself, less for kin.

        A name (capitalised in the question, or a country in any case) needs a near-identical
        word: word vectors put "France" beside "China".
        """
        key = (term, name)
        known = terms.memo.get(key)
        if known is None:
            if len(terms.memo) >= MEMO_WORDS:
                terms.memo.clear()  # bounded: a long-lived server meets ever new words
            known = terms.memo[key] = self._work_out_credit(term, terms, name)
        return known

    @staticmethod
    def _written(term: str, terms: Terms, name: bool) -> bool:
        """Whether the term is among the terms by its stem or as a typo of one."""
        if root(term) in terms.stems:
            return True
        if len(term) < 4:
            return False
        # A typo'd name keeps its first letter ("Bessant"); "iPhone" is not "phone".
        pool = [t for t in terms.long_tokens if t[0] == term[0]] if name else terms.long_tokens
        return bool(process.extractOne(term, pool, scorer=fuzz.ratio, score_cutoff=85))

    def _work_out_credit(self, term: str, terms: Terms, name: bool) -> float:
        if self._written(term, terms, name):
            return 1.0
        if terms.countries and self.countries.of_word(term) & terms.countries:
            # "American" or "Washington" for "the US": one country by another of its names.
            return 1.0
        p = self.policy
        sim = self.lexicon.similarity(term, list(terms.rows))
        low, high = p.support_low, p.support_high
        if name:
            # A name stands only for a near-identical one ("America" for "US"), never for
            # another member of its kind.
            return ramp(sim, p.name_support_low, p.name_support_high)
        credit = ramp(sim, low, high)
        if credit < p.synonym_credit and self._synonym_written(term, terms):
            return p.synonym_credit
        return credit

    def _synonym_written(self, term: str, terms: Terms) -> bool:
        """Whether the text writes a synonym of a word the documents never do."""
        return any(root(s) in terms.stems for s in self.synonyms.of(term))

    def support(
        self,
        question: str,
        context: str,
        passage: Passage,
        sentence: str | None = None,
        read_in: str | None = None,
    ) -> Support:
        """How far the sentence (or its passage, less) backs the question's content words.

        Words of the question itself count fully; words that only the earlier questions of a
        follow-up bring in (`context`) count half, since they set the topic, not the ask.
        `read_in` is the text the model read the words in (default `context`): the query as
        it was encoded, typo-corrected, with a follow-up's earlier questions.
        """
        weights, asked_names = question_words(question, context)
        if not weights:
            return Support(0.0, 1.0)
        around = self._terms(passage)
        own = self._sentence_terms(sentence) if sentence is not None else around
        near = self.policy.passage_support_weight if sentence is not None else 1.0
        in_context: tuple[dict[str, float], dict[str, float]] | None = None
        low, high = self.policy.support_low, self.policy.support_high
        credits = {}
        phrasal = phrasal_meanings(question)
        asked: list[float] = []  # credits of the question's own words that are not names
        # ... and of names every document's title holds ("AI" of the AI talks): what is asked
        # of the speaker in "What did Xi say about AI?", whose other words are all names.
        topic: list[float] = []
        named = False
        for t in weights:
            # A country is a name even written in lower case: "taiwan" is not "china".
            name = t in asked_names or t in self.names or bool(self.countries.of_word(t))
            named = named or name
            credit = self._credit(t, own, name)
            if credit < 1.0 and near > 0.0:  # the passage can only add to a partial credit
                credit = max(credit, near * self._credit(t, around, name))
            if credit < 1.0 and t in phrasal:
                # "take out" backed by "borrow": the single verb the phrasal one means.
                credit = max(
                    credit,
                    *(self._credit(e, own) for e in phrasal[t]),
                    *(near * self._credit(e, around) for e in phrasal[t]),
                )
            if credit < 1.0 and not name and self.context is not None:
                # Read in context, on the same ramp as single words; a name still needs its
                # near-identical form, which the credit above already looked for. Looked up
                # only for a word not fully backed already.
                if in_context is None:
                    in_context = self._in_context(read_in or context or question, passage, sentence)
                in_own, in_passage = in_context
                credit = max(
                    credit,
                    ramp(in_own.get(t, 0.0), low, high),
                    near * ramp(in_passage.get(t, 0.0), low, high),
                )
            credits[t] = credit
            if weights[t] == 1.0 and self._known_word(t):
                if not name:
                    asked.append(credit)
                elif t in self.everywhere:
                    topic.append(credit)
        if not asked and topic and any(n.kind is Kind.SAYS for n in question_needs(question)):
            asked = topic  # ("Mythos AI", typed as keywords, asks of Mythos alone)
        if named and asked and max(asked) < self.policy.asked_credit:
            # Only the names are backed, not what the question asks of them.
            return Support(0.0, 1.0)
        total = sum(weights.values())
        return Support(
            sum(weights[t] * c for t, c in credits.items()) / total,
            sum(weights[t] for t, c in credits.items() if c < UNSUPPORTED) / total,
        )

    def _known_word(self, word: str) -> bool:
        """Whether the model's vocabulary or an English dictionary knows the word. One no
        vocabulary knows is likely a typo ("mentiond") and cannot veto an answer; one only the
        dictionary knows ("acupuncture") is asked like any other."""
        return self.lexicon.row_of(word) is not None or is_english_word(word)

    def _in_context(
        self, question: str, passage: Passage, sentence: str | None
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Question words' closeness in context to the sentence's words, and to the passage's.

        `question` is the text the question's words are read in.
        """
        assert self.context is not None
        text = passage.search_text
        match = self.context.match(question, text)
        in_passage = match.best()
        if sentence is None:
            return in_passage, in_passage
        # A sentence is read inside its passage, as the model saw it there.
        at = text.find(sentence)
        if at < 0 and sentence:
            # An FAQ reply quoted without its "Yes, " starts with its first letter capitalised.
            at = text.find(sentence[0].lower() + sentence[1:])
        if at < 0:
            return self.context.closeness(question, sentence), in_passage
        return match.best((at, at + len(sentence))), in_passage
