"""Compose a grounded answer from retrieved passages: an FAQ answer, or 1–3 extracted sentences.

Confidence combines three signals, each in 0..1: how close the best sentence is to the question
(dense), how close its passage is (dense), and how much of the question the passage supports
word by word (lexically or by word meaning). A question about the right things that asks for
a fact the passage lacks ("When was Anthropic founded?") fails the support or the answer-type
check and is refused rather than answered with a merely related sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from app.answer_types import (
    FOUND_BY_MARK,
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
from app.contradict import contradicts
from app.names import listed_family, proper_nouns
from app.sentences import (
    FRAGMENT,
    POINTS_BACK,
    REPLY,
    Candidate,
    reply_for,
    speaker_named,
    with_antecedents,
    without_reply,
)
from app.text import (
    WH_WORDS,
    content_stems,
    content_tokens,
    root,
    token_tuple,
    tokens,
)
from app.types import Answer, Hit, Passage, Source
from app.word_support import PARTS, Support, WordSupport

SNIPPET_CHARS = 300
_SPOKEN_OF = (Kind.ATTRIBUTE, Kind.ROLE)  # needs checked with the passage: see speaks_of
_FORMAL = frozenset(
    {Kind.PLACE, Kind.TIME, Kind.MOMENT, Kind.DATE, Kind.YEAR, Kind.MONEY, Kind.NUMBER, Kind.COUNT}
)
OWN_WORDS_BONUS = 0.05
_SHORT_HEAD = 3  # "dog", "car" and "bus" are things; "b" of "hep B" is not
_OUR_VOICE = re.compile(r"\bwe\b", re.IGNORECASE)  # the documents' own voice


def _need_keys(needs: Sequence[Need]) -> set[tuple[Kind, frozenset[str]]]:
    """What the needs ask for, by kind and the stems of their focus words."""
    return {(n.kind, frozenset(root(f) for f in n.focus)) for n in needs}


_WH = frozenset(WH_WORDS.split("|"))


def _source(passage: Passage, score: float) -> Source:
    text = passage.text
    if passage.question:
        text = f"{passage.question} {text}"
    if len(text) > SNIPPET_CHARS:
        text = text[: SNIPPET_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return Source(passage.id, passage.title, passage.section, text, score)


class Answerer(WordSupport):
    """Turns hits into an Answer; never states what the passages do not say."""

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
        names = {n for n in names if not listed_family(n, hits)}
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
                satisfies_all(needs, speaker_named(needs, passage, text), self.related)
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

        named = [kind for kind, (_, pattern) in PARTS.items() if pattern.search(question)]
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
                    [(passage, reply_for(question, passage.sentences))],
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
            and not REPLY.match(best.passage.sentences[0])
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
        back = at > 0 and bool(POINTS_BACK.match(sentence) or _OUR_VOICE.search(sentence))
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
                reply = bool(hit.passage.question and REPLY.match(text))
                if reply and not (
                    (replies or not FRAGMENT.match(text)) and (text := without_reply(text))
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
