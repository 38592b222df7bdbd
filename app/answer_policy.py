"""The answerer's knobs, in one frozen dataclass: thresholds and weights chosen on the dev
split of the labelled questions (README: Quality)."""

from __future__ import annotations

from dataclasses import dataclass


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
