"""Compose a grounded answer from retrieved passages: an FAQ answer, or 1–3 extracted sentences.

Confidence combines three signals, each in 0..1: how close the best sentence is to the question
(dense), how close its passage is (dense), and how much of the question the passage supports
word by word (lexically or by word meaning). A question about the right things that asks for
a fact the passage lacks ("When was Anthropic founded?") fails the support or the answer-type
check and is refused rather than answered with a merely related sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from app.answer_types import (
    FOUND_BY_MARK,
    PURPOSE_FRAMING,
    Kind,
    Need,
    asks_yes_or_no,
    named_as_a_class,
    question_needs,
    satisfies_all,
)
from app.asked_thing import (
    Thing,
    asked_thing,
    free_for_another,
    measured,
    modifies_another,
)
from app.context_words import ContextWords
from app.contradict import contradicts
from app.countries import CountryNames
from app.lexicon import Lexicon
from app.phrasal import phrasal_meanings
from app.synonyms import Synonyms
from app.tables import RowContrast
from app.text import (
    DOCUMENT_WORDS,
    STOPWORDS,
    WH_WORDS,
    content_stems,
    content_tokens,
    is_english_word,
    normalize,
    root,
    token_tuple,
    tokens,
)
from app.types import Answer, Hit, Passage, Source

SNIPPET_CHARS = 300
_SPOKEN_OF = (Kind.ATTRIBUTE, Kind.ROLE)  # needs checked with the passage: see speaks_of
_FORMAL = frozenset(
    {Kind.PLACE, Kind.TIME, Kind.DATE, Kind.YEAR, Kind.MONEY, Kind.NUMBER, Kind.COUNT}
)
_REPLY_OPENING = r"^\s*(yes|no)\b[,.!;:]?\s*"
_REPLY = re.compile(_REPLY_OPENING, re.IGNORECASE)  # an FAQ answer's "Yes, "
# A reply whose rest leans on its yes or no: "No, not if you are 18 or over" says nothing alone.
_FRAGMENT = re.compile(
    _REPLY_OPENING + r"(?:not|only|just|because|unless|but|although|though|if|except|as long as)\b",
    re.IGNORECASE,
)
# The parts of the documents a question may name, by passage kind: the word a passage of that
# kind counts as mentioning, and how a question names it ("the table", not "on the table", an
# idiom for what is being discussed; "the FAQ").
_PARTS: dict[str, tuple[str, re.Pattern[str]]] = {
    "row": ("table", re.compile(r"(?<!\bon the )(?<!\boff the )\btables?\b", re.IGNORECASE)),
    "faq": ("faq", re.compile(r"\bfaqs?\b|\bfrequently asked questions\b", re.IGNORECASE)),
}
OWN_WORDS_BONUS = 0.05
MEMO_WORDS = 2048  # credits remembered per passage or sentence


@dataclass(frozen=True)
class AnswerPolicy:
    """The answerer's knobs; defaults chosen on the dev split of the labelled questions."""

    min_confidence: float = 0.42
    faq_threshold: float = 0.85  # question-to-FAQ-question similarity that takes the FAQ answer
    # An FAQ's answer is quoted whole only when the question is close to that FAQ's question.
    faq_whole_threshold: float = 0.7
    max_sentences: int = 3
    # A sentence holding the asked-for kind of fact must score within this of the best one.
    type_margin: float = 0.1
    extra_sentence_margin: float = 0.05  # a further sentence must score within this of the best
    # ... or within this, when it is next to the best sentence (0.12 left out "While these
    # units are less capable than the highest-end processors…" after the H200 sentence)
    neighbour_margin: float = 0.16
    # A sentence next to the best one may hold the asked-for kind of fact this far below it.
    neighbour_type_margin: float = 0.25
    candidate_passages: int = 4  # best passages whose sentences may answer (3 missed 5 dev answers)
    weight_sentence: float = 0.2
    weight_passage: float = 0.0
    weight_support: float = 0.8
    # Subtracted per share of the question's words that nothing in the passage backs.
    weight_unsupported: float = 0.1
    # Word-meaning similarity below `support_low` is no support, above `support_high` is full.
    support_low: float = 0.4
    support_high: float = 0.65
    # The same ramp for names, which must be near-identical to count.
    name_support_low: float = 0.7
    name_support_high: float = 0.8
    overview_sentences: int = 2  # of the main document's opening, for "what is this about?"
    # A question none of whose words the documents write is unrelated to them unless some
    # passage or FAQ question is at least this near it in meaning ("a recipe for banana
    # bread" is 0.21 from a café's menu; "How long can I keep a DVD?" 0.37 from the loans).
    unrelated_similarity: float = 0.3
    # What a first-sense synonym of a word the documents never write counts for: less than
    # the word itself, since the sense the question means may be another.
    synonym_credit: float = 0.8
    # The credit an attribute asked for ("the capital of X") needs from the answer's words.
    attribute_credit: float = 0.5
    # A word found elsewhere in the passage, not in the answering sentence, counts this much.
    passage_support_weight: float = 0.7
    # A question whose every word an FAQ's question holds ("Can I bring my dog?" / "Can I bring
    # my dog to the museum?") takes that FAQ's answer from this similarity: the FAQ only adds
    # detail, which lowers the cosine of a short question.
    faq_contained_threshold: float = 0.5
    faq_contained_margin: float = 0.05  # ... and this much above the next FAQ question
    # An FAQ reply stripped of its "Yes,"/"No," answers a wh-question only backed this well.
    reply_support: float = 0.8
    # A question that names something must have one of its other words backed at least this
    # much: "Where was Bessent born?" is not answered by any sentence that merely names Bessent.
    asked_credit: float = 0.2
    # The thing whose price, time, place or limit is asked must be named by the answer at
    # least this well: "cafe" by the ticket office's hours gets 0.17; "vaccine" by "Hepatitis
    # B: £45 per dose" under "Travel health" 0.45.
    thing_credit: float = 0.3


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer the question, with how well it matches."""

    hit_rank: int
    passage: Passage
    position: int  # index of the sentence in its passage
    text: str
    confidence: float


@dataclass(frozen=True)
class _Terms:
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
_SHORT_HEAD = 3  # "dog", "car" and "bus" are things; "b" of "hep B" is not
_OUR_VOICE = re.compile(r"\bwe\b", re.IGNORECASE)  # the documents' own voice
# A sentence opening with a pronoun ("He said these discussions are needed…", "It is a free
# update…") names nobody: the sentence before it, in the same passage, says who or what.
_THING_PRONOUNS = "it|they|this|these|that|those|its|their"
_ANAPHOR = re.compile(rf"^\s*(?:he|she|his|her|{_THING_PRONOUNS})\b", re.IGNORECASE)
# ... and, for what a sentence is about, "There is no extra cost" goes on from it too.
_POINTS_BACK = re.compile(rf"^\s*(?:{_THING_PRONOUNS}|there)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Support:
    """Word-level backing of a question by a text: mean credit, and share not backed at all."""

    score: float
    missing: float


class Answerer:
    """Turns hits into an Answer; never states what the passages do not say."""

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

    def _passage_terms(self, passage: Passage) -> _Terms:
        # A table row is what a question means by "the table says…" or "in the summary table";
        # an FAQ entry, by "the FAQ says…".
        where = _PARTS[passage.kind][0] if passage.kind in _PARTS else ""
        return self._text_terms(
            f"{passage.question or ''} {passage.section} {where} {passage.text}"
        )

    def _text_terms(self, text: str) -> _Terms:
        words = content_tokens(text)
        # "Wi-Fi" is also "wifi", "e-mail" also "email": how a question often writes them.
        unique = set(words) | {a + b for a, b in _HYPHENATED.findall(normalize(text))}
        return _Terms(
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

    def _credit(self, term: str, terms: _Terms, name: bool = False) -> float:
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

    def _answers_alike(self, question: str, needs: Sequence[Need], faq: Passage) -> bool:
        """Whether the FAQ's own question asks for the same kind of fact, so its answer gives
        it even in a form the check misses: "Up to four at a time." answers "How many bikes
        can I take out?" through its question, which names the bikes."""
        return (
            faq.question is not None
            and _need_keys(question_needs(faq.question)) == _need_keys(needs)
            and self.speaks_of(needs, faq, faq.text)
            and not contradicts(question, faq.text)
        )

    def _asks_within(self, question: str, faq_question: str) -> bool:
        """Whether the FAQ's question asks what the question does, only in more detail.

        It holds every content word of the question (as written or typo'd) and asks with its
        question words ("Where is the centre?" / "Where is the centre and when is it open?"):
        "Who is the US treasury secretary?" is not "What did US Treasury Secretary Bessent say…?".
        """
        words = content_tokens(question)
        terms = self._sentence_terms(faq_question)
        return (
            bool(words)
            and _WH.intersection(tokens(question)) <= _WH.intersection(tokens(faq_question))
            and all(self._written(t, terms, False) for t in words)
        )

    @staticmethod
    def _written(term: str, terms: _Terms, name: bool) -> bool:
        """Whether the term is among the terms by its stem or as a typo of one."""
        if root(term) in terms.stems:
            return True
        if len(term) < 4:
            return False
        # A typo'd name keeps its first letter ("Bessant"); "iPhone" is not "phone".
        pool = [t for t in terms.long_tokens if t[0] == term[0]] if name else terms.long_tokens
        return bool(process.extractOne(term, pool, scorer=fuzz.ratio, score_cutoff=85))

    def _work_out_credit(self, term: str, terms: _Terms, name: bool) -> float:
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
            return _ramp(sim, p.name_support_low, p.name_support_high)
        credit = _ramp(sim, low, high)
        if credit < p.synonym_credit and self._synonym_written(term, terms):
            return p.synonym_credit
        return credit

    def _synonym_written(self, term: str, terms: _Terms) -> bool:
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
        weights, asked_names = _question_words(question, context)
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
                    _ramp(in_own.get(t, 0.0), low, high),
                    near * _ramp(in_passage.get(t, 0.0), low, high),
                )
            credits[t] = credit
            if weights[t] == 1.0 and self._known_word(t):
                if not name:
                    asked.append(credit)
                elif t in self.everywhere:
                    topic.append(credit)
        if any(n.kind is Kind.SAYS for n in question_needs(question)):
            asked = asked or topic  # ("Mythos AI", typed as keywords, asks of Mythos alone)
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

    def compose(
        self,
        question: str,
        query_text: str,
        query_vector: np.ndarray,
        hits: Sequence[Hit],
        faq: tuple[Passage, float] | None,
        suggestions: list[str],
        needs: Sequence[Need] | None = None,
        faq_runner_up: float = 0.0,
    ) -> Answer:
        """Build the answer for a question from its hits and its best FAQ match.

        `needs` is what the question asks for (by default read from `question` itself);
        `faq_runner_up` is the similarity of the next-best FAQ question.
        """
        if self._unrelated(question, query_text, hits, faq):
            return self._refusal(question, suggestions, 0.0)
        if self.context is not None:
            # Passages not read lately cost a model call: one call for all the candidates.
            read = [h.passage.search_text for h in hits[: self.policy.candidate_passages]]
            self.context.of([*read, faq[0].search_text] if faq is not None else read)
        # The kind of fact wanted comes from the question itself, not from earlier ones.
        if needs is None:
            needs = question_needs(question)
        policy = self.policy
        needs = self._purpose_if_stated(needs, hits)
        # Names the question joins must be joined somewhere: "What did Bessent say about
        # Taiwan?" asks about a link no passage makes when each is named only apart.
        names = proper_nouns([question]) | (set(tokens(question)) & self.names)
        # A code of a family a passage lists ("HW5" where they cover "HW1, HW2, HW3 and HW4")
        # is a value the list answers for; beside one other code ("H100" where the passages
        # name the H200 alone) it is another thing, and must be named like any name.
        names = {n for n in names if not _listed_family(n, hits)}
        known = self._known_names(names, hits)
        joined = len(known) < 2 or any(self._mentions(h.passage, known) for h in hits)
        # A name none of the passages mentions, under any of its forms ("What has the European
        # Union said…"), makes the question about something the documents do not cover.
        answerable = joined and len(known) == len(names)
        # The thing whose price, time, place or limit is asked: the answer must name it.
        thing = asked_thing(question, needs)
        asked = frozenset(root(t) for t in content_tokens(question))
        # A place, time or amount is told by its form; a name is in every other sentence.
        formal = bool(needs) and all(n.kind in _FORMAL for n in needs)
        # Told by form or by a marker ("also", "alongside", "Anthropic's Mythos model" for
        # "which model", anyone's reported words for "who spoke at the opening?") that the
        # nearest sentences, about the topic itself, lack: those do not set the bar.
        by_marker = bool(needs) and all(
            n.kind in FOUND_BY_MARK or named_as_a_class(n) or (n.kind is Kind.SAYS and not n.focus)
            for n in needs
        )

        money = any(n.kind is Kind.MONEY for n in needs)

        def holds(passage: Passage, text: str) -> bool:
            """Whether the text holds every kind of fact asked for and contradicts nothing."""
            return (
                satisfies_all(needs, _speaker_named(needs, passage, text), self.related)
                and self.speaks_of(needs, passage, text)
                and self._names_thing(thing, passage, text)
                and not (money and free_for_another(thing, text))
                and not contradicts(question, text, passage.text)
            )

        def answering(ranked: list[Candidate]) -> list[Candidate]:
            """The ranked sentences that may answer, best first."""
            # About the names asked about: "no late fees" for children's books is no answer
            # for DVDs when nothing around the sentence names DVDs.
            about = [
                c
                for c in ranked
                if self._mentions(c.passage, known) and not self._other_row(c.passage, asked)
            ]
            if not answerable or not about:
                return []
            # The fact asked for must be in one of the best-matching sentences: when those
            # lack it, a weaker sentence that happens to hold a date or a name is not about
            # the ask.
            floor = about[0].confidence - policy.type_margin
            if by_marker:
                # A phone number or an email is told by its form, and the sentences nearest a
                # question about one often only mention it ("you will need a phone number");
                # what else was discussed sits beside sentences about what was.
                floor = 0.0
            return [
                c
                for c in about
                if (c.confidence >= floor or self._continues(c, about[0], formal))
                and holds(c.passage, c.text)
            ]

        named = [kind for kind, (_, pattern) in _PARTS.items() if pattern.search(question)]
        ranked = self._candidates(question, query_text, query_vector, hits, "faq" in named)
        candidates: list[Candidate] | None = None
        for kind in named:
            # "How does the table describe X?" asks for the table's row, not the prose on X;
            # "What does the FAQ say about X?" for the FAQ's answer. When that part does not
            # answer, the rest of the documents may; but "Does the FAQ mention X?" is about
            # the FAQ alone, and a sentence from elsewhere would read as its yes.
            in_part = [c for c in ranked if c.passage.kind == kind]
            part = answering(in_part)
            if in_part and (
                (part and part[0].confidence >= policy.min_confidence) or asks_yes_or_no(question)
            ):
                candidates = part
                break
        if candidates is None:
            candidates = answering(ranked)
        if faq is not None:
            passage, similarity = faq
            # The user's question must match the FAQ's question, not just its topic; and for a
            # follow-up, by its own words: the earlier question only set the topic.
            support = self.support(
                question, question, passage, passage.question or "", read_in=query_text
            )
            faq_conf = self._confidence(similarity, similarity, support)
            if (
                (
                    similarity >= policy.faq_threshold
                    or (
                        similarity >= policy.faq_contained_threshold
                        # One FAQ clearly nearest: "is this about AI?" is as near two of them.
                        and similarity - faq_runner_up >= policy.faq_contained_margin
                        and self._asks_within(question, passage.question or "")
                    )
                )
                and answerable
                and faq_conf >= policy.min_confidence
                and (holds(passage, passage.text) or self._answers_alike(question, needs, passage))
            ):
                return self._answer(
                    question,
                    [(passage, _reply_for(question, passage.sentences))],
                    faq_conf,
                    "faq",
                    [s for s in suggestions if s != passage.question],
                    hits,
                )
        if not candidates or candidates[0].confidence < policy.min_confidence:
            top = candidates[0].confidence if candidates else 0.0
            return self._refusal(question, suggestions, top)
        best = candidates[0]
        if (
            best.passage.kind == "faq"
            and len(best.passage.sentences) <= policy.max_sentences
            and faq is not None
            and faq[0].id == best.passage.id
            and faq[1] >= policy.faq_whole_threshold
            # "Yes, ..." answers the FAQ's own question: quoted whole for a question that is
            # only near it, it would answer that one yes or no.
            and not _REPLY.match(best.passage.sentences[0])
        ):
            # A curated FAQ answer is one unit: quote it whole rather than a piece of it.
            return self._answer(
                question,
                [(best.passage, list(best.passage.sentences))],
                best.confidence,
                "faq",
                [s for s in suggestions if s != best.passage.question],
                hits,
            )

        def close_enough(c: Candidate) -> bool:
            # A neighbour in the best passage often finishes its thought ("...critics warn").
            margin = policy.extra_sentence_margin
            if c.passage.id == best.passage.id and abs(c.position - best.position) == 1:
                margin = policy.neighbour_margin
            return c.confidence >= best.confidence - margin

        chosen = with_antecedents([c for c in candidates if close_enough(c)], policy.max_sentences)
        # Keep reading order: by passage rank, then position in the passage.
        chosen.sort(key=lambda c: (c.hit_rank, c.position))
        groups: list[tuple[Passage, list[str]]] = []
        for c in chosen:
            if groups and groups[-1][0].id == c.passage.id:
                groups[-1][1].append(c.text)
            else:
                groups.append((c.passage, [c.text]))
        return self._answer(question, groups, best.confidence, "extract", suggestions, hits)

    def _purpose_if_stated(self, needs: Sequence[Need], hits: Sequence[Hit]) -> Sequence[Need]:
        """The needs, less a purpose none of the passages read states in so many words: "you
        can claim compensation through our Delay Repay scheme" is what the scheme is for."""
        purpose = [n for n in needs if n.kind is Kind.PURPOSE]
        read = hits[: self.policy.candidate_passages]
        if not purpose or any(satisfies_all(purpose, s) for h in read for s in h.passage.sentences):
            return needs
        return [n for n in needs if n.kind is not Kind.PURPOSE] or [Need(Kind.ANY)]

    def _unrelated(
        self,
        question: str,
        query_text: str,
        hits: Sequence[Hit],
        faq: tuple[Passage, float] | None,
    ) -> bool:
        """Whether the question shares no word with the documents and no passage is near it
        in meaning: "What are the best stocks to buy?" is not about a chip sale."""
        words = content_stems(f"{question} {query_text}")
        if not self.vocabulary or not words or self.vocabulary.intersection(words):
            return False
        nearest = max((h.dense for h in hits), default=0.0)
        if faq is not None:
            nearest = max(nearest, faq[1])
        return nearest < self.policy.unrelated_similarity

    def _names_thing(self, thing: Thing, passage: Passage, sentence: str) -> bool:
        """Whether the answer names the thing whose price, time, place or limit is asked: the
        ticket office's hours are not the cafe's, nor is a bag count a weight limit.

        Named by its head noun (and a word it is one noun with: "waiting room") in the
        sentence or its heading; by a word saying which one ("Rabies: £60 per dose" for the
        rabies vaccine); by a measure's unit ("25 km/h" for a speed limit). A sentence that goes
        on from the one before ("It is…", "There is no extra cost", "we close early") may name
        it by that sentence, or less by its passage ("a trike" by the passage on tricycles).
        """
        head = thing.head
        if head is None or len(head) < _SHORT_HEAD or not self._known_word(head):
            return True
        own = self._sentence_terms(sentence)
        if measured(head, sentence) or any(
            self._written(m, own, True) and not modifies_another(m, thing, sentence)
            for m in thing.modifiers
        ):
            return True
        texts = [sentence, passage.section, passage.title]
        at = passage.sentences.index(sentence) if sentence in passage.sentences else 0
        # "There is no extra cost", "On Friday we close early": about what the passage is.
        back = at > 0 and bool(_POINTS_BACK.match(sentence) or _OUR_VOICE.search(sentence))
        if back:
            texts.append(passage.sentences[at - 1])  # "It is a free update for…"
        terms = [self._sentence_terms(t) for t in texts if t]
        p = self.policy

        def named(word: str) -> bool:
            name = word in self.names
            credit = max(self._credit(word, t, name) for t in terms)
            if back:
                # "There is no extra cost" goes on about what its passage is about (tricycles
                # for "a trike"); "The ticket office is open…" is about the office, not about
                # the car park its passage also names.
                around = self._credit(word, self._terms(passage), name)
                credit = max(credit, p.passage_support_weight * around)
            return credit >= p.thing_credit

        return all(named(w) for w in (*thing.compound, head))

    def overview(self, question: str, lead: Passage, suggestions: list[str]) -> Answer:
        """Answer "what is this about?" with the opening sentences of the main document.

        Confidence is 1: the question asks for the documents' opening, not for a match.
        """
        sentences = list(lead.sentences[: self.policy.overview_sentences])
        return self._answer(question, [(lead, sentences)], 1.0, "extract", suggestions, [])

    def _role_of(self, role: str, origin: Sequence[str], text: str) -> bool:
        """Whether the text ties the role to the countries ("China's president", "President
        of China", "Chinese President"): "President Trump's visit to Beijing" does not."""
        words = token_tuple(text)
        for i, word in enumerate(words):
            if root(word) != root(role):
                continue
            # The country right before the role, or after "of" ("of the United States").
            before = words[max(0, i - 1) : i]
            after = words[i + 1 : i + 5] if words[i + 1 : i + 2] == ("of",) else ()
            if self.countries.names_each(origin, " ".join((*before, *after))):
                return True
        return False

    def _other_row(self, passage: Passage, asked: frozenset[str]) -> bool:
        """Whether the passage is a table row and the question names another row's value."""
        contrast = self._rows.get(passage.id)
        return contrast is not None and contrast.names_another(asked)

    def _continues(self, c: Candidate, best: Candidate, formal: bool) -> bool:
        """Whether the sentence is next to the best one in its passage, and not far below it.

        "This is happening during President Trump's visit to Beijing." finishes the thought of
        the best match for "Where are the talks happening?"; the type margin alone drops it.
        A place, time or amount may sit further below the best match than other sentences.
        """
        p = self.policy
        return (
            c.passage.id == best.passage.id
            and abs(c.position - best.position) == 1
            and c.confidence
            >= best.confidence - (p.neighbour_type_margin if formal else p.neighbour_margin)
        )

    def speaks_of(self, needs: Sequence[Need], passage: Passage, sentence: str) -> bool:
        """Whether the sentence, or its passage, names each attribute, role or contact's owner
        asked for.

        An attribute may be named by a word near it in meaning, or by the passage (a section
        "Support hours" above "9:00 to 17:00"); a role must be named near-identically, as a
        name must, and be the country's the question names ("the president of China").
        """
        for need in needs:
            if need.kind is Kind.AGENT:
                # "Who represented China?": the sentence saying who must name China too.
                if not self.countries.names_each(need.origin, sentence):
                    return False
                continue
            if need.kind is Kind.CONTACT and len(need.focus) > 1:
                # Whose email or phone number: "the CEO's email" is not the lost-property one.
                word, role = need.focus[1], True  # near-identical: a CEO is no group leader
            elif need.kind in _SPOKEN_OF:
                word, role = need.focus[0], need.kind is Kind.ROLE
            else:
                continue
            credit = max(
                self._credit(word, self._sentence_terms(sentence), role),
                self._credit(word, self._terms(passage), role),
            )
            if credit < self.policy.attribute_credit:
                return False
            if role and need.origin and not self._role_of(word, need.origin, sentence):
                return False
        return True

    def _known_names(self, names: Iterable[str], hits: Sequence[Hit]) -> list[str]:
        """The names that some hit mentions (by any of their forms)."""
        return [
            n
            for n in names
            if any(self._credit(n, self._terms(h.passage), True) >= 1.0 for h in hits)
        ]

    def _mentions(self, passage: Passage, names: Sequence[str]) -> bool:
        """Whether the passage (with its document's title) names every one of the names, but
        for those every document is about."""
        names = [n for n in names if n not in self.everywhere]
        if not names:
            return True
        terms = self._terms(passage)
        title = self._sentence_terms(passage.title)
        return all(
            max(self._credit(n, terms, True), self._credit(n, title, True)) >= 1.0 for n in names
        )

    def _confidence(self, sentence: float, passage: float, support: Support) -> float:
        p = self.policy
        value = p.weight_sentence * sentence + p.weight_passage * passage
        value += p.weight_support * support.score - p.weight_unsupported * support.missing
        return min(1.0, max(0.0, float(value)))

    def _candidates(
        self,
        question: str,
        query_text: str,
        query_vector: np.ndarray,
        hits: Sequence[Hit],
        replies: bool = False,
    ) -> list[Candidate]:
        """Every sentence of the best passages, best first. An FAQ answer's "Yes, ..." counts,
        without its "Yes", when `replies` (a question about what the FAQ says), or for a
        question it backs word for word."""
        # The question's own words pick among a passage's sentences: for a follow-up the query
        # also holds earlier questions, and "why are critics worried?" wants the critics' sentence.
        own = {root(t) for t in content_tokens(question)}
        ranked: list[tuple[float, Candidate]] = []
        for rank, hit in enumerate(hits[: self.policy.candidate_passages]):
            sims = self._sentence_vectors(hit.passage) @ query_vector
            for pos, (text, sim) in enumerate(zip(hit.passage.sentences, sims, strict=True)):
                # "Yes, ..." answers the FAQ's own question; quoted for another question it
                # would assert an answer the documents never gave. Without its "Yes" it may
                # answer another question, if it backs (with its FAQ's question) all of it:
                # "connect to 'Meridian-Guest', which needs no password" for "what is the wifi
                # password?", "you can ask for a particular GP" for "is it possible to ask for
                # a specific doctor?".
                reply = bool(hit.passage.question and _REPLY.match(text))
                if reply and not (
                    (replies or not _FRAGMENT.match(text)) and (text := _without_reply(text))
                ):
                    continue
                support = self.support(question, query_text, hit.passage, text)
                if (
                    reply
                    and not replies
                    and (support.missing > 0 or support.score < self.policy.reply_support)
                ):
                    continue
                conf = self._confidence(float(sim), hit.dense, support)
                overlap = len(own & {root(t) for t in content_tokens(text)}) / max(1, len(own))
                ranked.append(
                    (
                        conf + OWN_WORDS_BONUS * overlap,
                        Candidate(rank, hit.passage, pos, text, conf),
                    )
                )
        ranked.sort(key=lambda rc: -rc[0])
        return [c for _, c in ranked]

    def _answer(
        self,
        question: str,
        groups: list[tuple[Passage, list[str]]],
        confidence: float,
        via: str,
        suggestions: list[str],
        hits: Sequence[Hit],
    ) -> Answer:
        scores = {h.passage.id: h.score for h in hits}
        sources: list[Source] = []
        parts: list[tuple[str, int]] = []
        for passage, sentences in groups:
            sources.append(_source(passage, scores.get(passage.id, 0.0)))
            parts.extend((s, len(sources)) for s in sentences)
        return Answer(
            question=question,
            answered=True,
            answer=" ".join(f"{s} [{n}]" for s, n in parts),
            confidence=confidence,
            sources=sources,
            suggestions=suggestions[:3],
            parts=parts,
            via="faq" if via == "faq" else "extract",
        )

    def _refusal(self, question: str, suggestions: list[str], confidence: float) -> Answer:
        return Answer(
            question=question,
            answered=False,
            answer="",
            confidence=max(0.0, min(1.0, confidence)),
            suggestions=suggestions[:3],
        )


# A model code ("H200", "b200", "A380"): a name in any case; its letters name its family.
_CODE = re.compile(r"([A-Za-z]{1,4})\d{1,5}[A-Za-z]?")


def _code_family(name: str) -> str | None:
    """The letters a code opens with ("hw" of "hw5"), or None for a name that is no code."""
    match = _CODE.fullmatch(name)
    return match.group(1) if match else None


def _listed_family(name: str, hits: Sequence[Hit]) -> bool:
    """Whether a hit lists two or more codes of the name's family (the name being a code)."""
    family = _code_family(name)
    return family is not None and any(
        len({t for t in tokens(h.passage.text) if _code_family(t) == family}) >= 2 for h in hits
    )


# A capitalised word inside a sentence, an acronym ("CEO", "NATO") or a name with a capital
# inside it ("iPhone", "macOS") anywhere.
_CAPITALISED = re.compile(
    r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]+(?:['’]s)?\b|\b[A-Z]{2,5}(?:['’]?s)?\b|"
    r"\b[a-z]+[A-Z][A-Za-z]*\b|"
    rf"\b{_CODE.pattern}\b"  # ... and a model code, in any case
)


def _ramp(similarity: float, low: float, high: float) -> float:
    """0 below `low`, 1 above `high`, linear between."""
    return min(1.0, max(0.0, float((similarity - low) / (high - low))))  # np.clip: 3 us a call


@lru_cache(maxsize=4096)
def _question_words(question: str, context: str) -> tuple[dict[str, float], frozenset[str]]:
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
_SETTING_KINDS = frozenset({Kind.PLACE, Kind.TIME, Kind.DATE, Kind.YEAR, Kind.HOURS})


def _need_keys(needs: Sequence[Need]) -> set[tuple[Kind, frozenset[str]]]:
    """What the needs ask for, by kind and the stems of their focus words."""
    return {(n.kind, frozenset(root(f) for f in n.focus)) for n in needs}


_WH = frozenset(WH_WORDS.split("|"))
_HYPHENATED = re.compile(r"\b([a-z]+)-([a-z]+)\b")
_CAPITAL_WORD = re.compile(r"\b[A-Z][a-z]*\b")
# Titles before a name are not names: "Mr Bessent" names Bessent.
_HONORIFICS = frozenset("mr mrs ms mx dr prof sir madam dame lord lady".split())


def proper_nouns(texts: Iterable[str]) -> set[str]:
    """Lower-cased names: words capitalised inside a sentence, acronyms, "iPhone"-style words.

    A text in Title Case ("What Did The US Say About AI?") marks no names by its capitals.
    """
    out: set[str] = set()
    for text in texts:
        text = text.strip()
        # Title Case capitalises function words too, which running text never does.
        if sum(w.lower() in STOPWORDS for w in _CAPITAL_WORD.findall(text)[1:]) >= 2:
            continue
        for match in _CAPITALISED.finditer(text):
            # One word by construction: lower-cased, less a possessive, as `tokens` would.
            word = normalize(match.group(0)).removesuffix("'s")
            if word not in STOPWORDS and word not in _HONORIFICS and word not in DOCUMENT_WORDS:
                out.add(word)
    return out


def with_antecedents(ranked: Sequence[Candidate], limit: int) -> list[Candidate]:
    """Up to `limit` sentences, best first, each opening with a pronoun led by the one before."""
    picked: list[Candidate] = []
    taken: set[tuple[str, int]] = set()
    for c in ranked:
        if (c.passage.id, c.position) in taken:
            continue
        group = [c]
        if _ANAPHOR.match(c.text) and c.position > 0:
            before = c.passage.sentences[c.position - 1]
            key = (c.passage.id, c.position - 1)
            if key not in taken and not (c.passage.question and _REPLY.match(before)):
                group.insert(0, Candidate(c.hit_rank, c.passage, c.position - 1, before, 0.0))
        if len(picked) + len(group) > limit:
            if picked:
                break
            group = [c]  # the limit holds, even at the cost of the pronoun's antecedent
        picked.extend(group)
        taken.update((g.passage.id, g.position) for g in group)
    return picked


# A sentence whose subject is a personal pronoun ("He said these discussions are needed…").
_PERSONAL = re.compile(r"^\s*(?:he|she|they)\b", re.IGNORECASE)


def _speaker_named(needs: Sequence[Need], passage: Passage, text: str) -> str:
    """The text with a leading "He"/"She"/"They" read as the speaker asked about, when the
    sentence before it in the passage names that speaker ("Scott Bessent confirmed … He said
    …" reports Bessent's words); otherwise the text itself."""
    speakers = [n.focus for n in needs if n.kind is Kind.SAYS and n.focus]
    opening = _PERSONAL.match(text)
    if not speakers or opening is None or text not in passage.sentences:
        return text
    at = passage.sentences.index(text)
    prior = passage.sentences[at - 1] if at > 0 else ""
    before = set(token_tuple(prior))
    named = [w for focus in speakers for w in focus if w in before and _may_be_subject(w, prior)]
    return f"{' '.join(named)}{text[opening.end() :]}" if named else text


# Where a name is not who a following "He said" is: an owner ("during President Trump's
# visit"), or after a preposition ("a call with Minister Varga").
_NOT_SUBJECT = (
    r"(?:(?i:{0})['’]s\b|\b(?i:during|of|in|at|from|to|with|by|for|on|under|after|before|"
    r"about|against|between|among|alongside)\s+(?:[A-Z][\w.’'-]*\s+){{0,3}}(?i:{0})\b)"
)


def _may_be_subject(word: str, sentence: str) -> bool:
    """Whether the sentence names `word` anywhere but as an owner or after a preposition."""
    name = re.escape(word)
    every = len(re.findall(rf"\b{name}\b", sentence, re.IGNORECASE))
    return every > len(re.findall(_NOT_SUBJECT.format(name), sentence))


def _reply_for(question: str, sentences: Sequence[str]) -> list[str]:
    """An FAQ answer's sentences for the question: "Yes, ..." loses its "Yes" for a question
    that asked no yes or no ("Why ...?"), since it answered the FAQ's own question."""
    if asks_yes_or_no(question) or not sentences or not _REPLY.match(sentences[0]):
        return list(sentences)
    first = _without_reply(sentences[0])
    return [*([first] if first else []), *sentences[1:]] or list(sentences)


def _without_reply(sentence: str) -> str:
    """The sentence less its leading "Yes,"/"No,", capitalised; "" when too little is left."""
    rest = _REPLY.sub("", sentence, count=1)
    return rest[0].upper() + rest[1:] if len(rest.split()) >= 3 else ""


def title_words(passages: Iterable[Passage]) -> frozenset[str]:
    """Words in the titles of most of the documents (of more than one): "Getting Started with
    Pinecrest Bikes", "Pinecrest Bikes: FAQ" and "Pinecrest Bikes - service notices" give
    "pinecrest" and "bikes"."""
    titles = {p.source: p.title for p in passages}
    if len(titles) < 2:
        return frozenset()
    counts = Counter(t for title in titles.values() for t in set(content_tokens(title)))
    return frozenset(t for t, n in counts.items() if 2 * n > len(titles))


def corpus_names(passages: Iterable[Passage]) -> frozenset[str]:
    """Words the passages write capitalised inside a sentence and never in lower case."""
    texts = [s for p in passages for s in p.sentences]
    lower = {w for t in texts for w in _LOWER_WORD.findall(t)}
    return frozenset(n for n in proper_nouns(texts) if n not in lower)


_LOWER_WORD = re.compile(r"\b[a-z][a-z0-9]*\b")


def _source(passage: Passage, score: float) -> Source:
    text = passage.text
    if passage.question:
        text = f"{passage.question} {text}"
    if len(text) > SNIPPET_CHARS:
        text = text[: SNIPPET_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return Source(passage.id, passage.title, passage.section, text, score)
