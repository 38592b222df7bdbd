"""A question joining two names the documents only mention apart is refused."""

from __future__ import annotations

import numpy as np

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.lexicon import Lexicon
from app.names import corpus_names, proper_nouns, title_words
from app.types import Hit, Passage


def _passage(pid: str, text: str) -> Passage:
    return Passage(pid, "doc.md", "Talks begin", "", "text", text, (text,))


def test_names_never_joined_in_one_passage_are_refused() -> None:
    words = np.array(["alpha"])
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(words, np.eye(1, 2)))
    one = _passage("p1", "Minister Varga confirmed the talks.")
    two = _passage("p2", "The talks touched on Lorien, a sensitive issue.")
    hits = [Hit(one, 1.0, 0.5, 0.0, 0.0), Hit(two, 0.9, 0.5, 0.0, 0.0)]
    known = answerer._known_names(proper_nouns(["What did Varga say about Lorien?"]), hits)
    assert sorted(known) == ["lorien", "varga"]
    assert not any(answerer._mentions(h.passage, known) for h in hits)
    assert answerer._mentions(_passage("p3", "Varga spoke about Lorien."), known)


def _compose(answerer: Answerer, question: str, passages: list[Passage]) -> bool:
    hits = [Hit(p, 1.0, 0.7, 0.0, 0.0) for p in passages]
    vector = np.array([1.0, 0.0])
    return answerer.compose(question, question, vector, hits, None, []).answered


def test_a_name_no_passage_mentions_is_refused() -> None:
    words = np.array(["alpha"])
    unit = np.array([[1.0, 0.0]])
    answerer = Answerer(AnswerPolicy(), lambda p: unit, Lexicon(words, np.eye(1, 2)))
    talks = [_passage("p1", "Minister Varga confirmed the talks in Lorien.")]
    assert _compose(answerer, "What did Varga confirm about the talks?", talks)
    assert _compose(answerer, "What did Mr Varga confirm about the talks?", talks)
    # Title Case marks no names: every word would otherwise be one.
    assert _compose(answerer, "What Did Varga Confirm About The Talks?", talks)
    assert not _compose(answerer, "What did Orsolya confirm about the talks?", talks)


def test_an_acronym_is_a_name_but_a_word_for_the_documents_is_not() -> None:
    assert proper_nouns(["Who is the CEO of Lorien?"]) == {"ceo", "lorien"}
    assert proper_nouns(["What does the FAQ say about Lorien?"]) == {"lorien"}


def test_a_model_code_is_a_name_in_any_case() -> None:
    # "B200" is not "H200": a code must be mentioned as it is, like any name.
    assert proper_nouns(["is the B200 banned?"]) == {"b200"}
    assert proper_nouns(["is the h200 banned?"]) == {"h200"}
    assert proper_nouns(["open at 10am on the 2nd"]) == set()


def test_title_case_is_told_apart_from_a_question_full_of_names() -> None:
    assert proper_nouns(["Did Varga meet Orsolya Lorien?"]) == {"varga", "orsolya", "lorien"}
    assert proper_nouns(["What Did The Minister Say About Lorien?"]) == set()


def test_a_name_with_a_capital_inside_is_a_name() -> None:
    assert proper_nouns(["Can I use it on an iPhone?"]) == {"iphone"}
    assert proper_nouns(["does it run on macOS"]) == {"macos"}


def test_a_typo_in_a_name_keeps_its_first_letter() -> None:
    words = np.array(["alpha"])
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(words, np.eye(1, 2)))
    phone = _passage("p1", "Support is available by phone on weekdays.")
    assert answerer._known_names(["iphone"], [Hit(phone, 1.0, 0.5, 0.0, 0.0)]) == []
    varga = _passage("p2", "Minister Varga confirmed the talks.")
    assert answerer._known_names(["vargaa"], [Hit(varga, 1.0, 0.5, 0.0, 0.0)]) == ["vargaa"]


def test_the_answer_comes_from_a_passage_that_names_what_is_asked_about() -> None:
    """A sentence about children's books answers nothing about DVDs, however near its words."""
    words = np.array(["alpha"])
    unit = np.array([[1.0, 0.0]])
    answerer = Answerer(AnswerPolicy(), lambda p: unit, Lexicon(words, np.eye(1, 2)))
    fees = _passage("p1", "Children's books have no late fees.")
    dvds = _passage("p2", "DVDs are lent for one week.")
    assert _compose(answerer, "Do children's books have late fees?", [fees, dvds])
    assert not _compose(answerer, "Do DVDs have late fees?", [fees, dvds])
    both = _passage("p3", "DVDs and children's books have no late fees.")
    assert _compose(answerer, "Do DVDs have late fees?", [fees, both])


def test_words_the_documents_only_capitalise_are_names() -> None:
    passages = [
        _passage(
            "p1", "The release of Orsolya's Varga model raised concerns at the talks in Lorien."
        ),
        _passage("p2", "Talks began in Lorien; the model was discussed by the Talks Office."),
    ]
    # "Talks" is capitalised once but written in lower case elsewhere: a word, not a name.
    assert corpus_names(passages) == {"orsolya", "varga", "lorien", "office"}


def test_a_name_typed_in_lower_case_must_be_mentioned_by_the_answer() -> None:
    words = np.array(["alpha"])
    unit = np.array([[1.0, 0.0]])
    talks = _passage("p1", "Analysts say the talks are months behind schedule.")
    varga = _passage("p2", "The Varga model was released by Orsolya.")
    plain = Answerer(AnswerPolicy(), lambda p: unit, Lexicon(words, np.eye(1, 2)))
    # Without knowing "varga" as a name, "behind" and "talks" carry the first passage.
    assert _compose(plain, "whos behind the varga talks", [talks, varga])
    informed = Answerer(
        AnswerPolicy(),
        lambda p: unit,
        Lexicon(words, np.eye(1, 2)),
        names=corpus_names([talks, varga]),
    )
    assert not _compose(informed, "whos behind the varga talks", [talks, varga])


def test_the_best_sentences_are_judged_among_those_about_the_names_asked() -> None:
    """A closer sentence from a passage that never names Varga sets no bar for Varga's."""
    treaty = _passage("p1", "The trade treaty with the northern provinces was signed.")
    text = "Varga signed it in 2019. The trade treaty covers the northern provinces."
    varga = Passage(
        "p2",
        "doc.md",
        "Talks begin",
        "",
        "text",
        text,
        ("Varga signed it in 2019.", "The trade treaty covers the northern provinces."),
    )

    def vectors(p: Passage) -> np.ndarray:
        # The treaty sentence is the closest to the question; Varga's sentences are far.
        return np.array([[1.0, 0.0]] if p.id == "p1" else [[0.0, 1.0], [0.0, 1.0]])

    words = np.array(["alpha"])
    answerer = Answerer(AnswerPolicy(), vectors, Lexicon(words, np.eye(1, 2)))
    question = "When did Varga sign the trade treaty with the northern provinces?"
    hits = [Hit(p, 1.0, 0.7, 0.0, 0.0) for p in (treaty, varga)]
    answer = answerer.compose(question, question, np.array([1.0, 0.0]), hits, None, [])
    assert answer.answered
    assert answer.answer == "Varga signed it in 2019. [1]"


def test_the_sentence_next_to_the_best_may_finish_its_thought_for_any_question() -> None:
    """Within the neighbour margin (0.16), below the type margin (0.1): quoted beside the best
    match when next to it, not when further away."""
    sentences = (
        "The museum stays open late this month.",
        "The museum stays open late on Fridays this month.",
        "The museum stays open late in the shop this month.",
    )
    text = " ".join(sentences)
    notice = Passage("p1", "doc.md", "Notices", "", "text", text, sentences)
    # Equal word support; the sentence cosines set the gaps: 0.2 x (1.0 - 0.45) = 0.11.
    sims = np.array([[1.0, 0.0], [0.45, 0.89], [0.45, 0.89]])
    words = np.array(["alpha"])
    answerer = Answerer(AnswerPolicy(), lambda p: sims, Lexicon(words, np.eye(1, 2)))
    question = "Does the museum stay open late this month?"
    hits = [Hit(notice, 1.0, 0.7, 0.0, 0.0)]
    answer = answerer.compose(question, question, np.array([1.0, 0.0]), hits, None, [])
    assert [s for s, _ in answer.parts] == list(sentences[:2])


def test_he_said_reports_the_speaker_the_sentence_before_names() -> None:
    sentences = ("Minister Varga confirmed the talks in Lorien.", "He said the rules stop misuse.")
    talks = Passage("p1", "doc.md", "Talks", "", "text", " ".join(sentences), sentences)
    other = ("Varga left Lorien.", "Analysts met later.", "He said the rules stop misuse.")
    analysts = Passage("p2", "doc.md", "Talks", "", "text", " ".join(other), other)

    # "He said…" is the closest sentence to the question in both passages.
    def sims(p: Passage) -> np.ndarray:
        return np.array([[0.0, 1.0]] * (len(p.sentences) - 1) + [[1.0, 0.0]])

    words = np.array(["alpha"])
    answerer = Answerer(AnswerPolicy(), sims, Lexicon(words, np.eye(1, 2)))

    def answer(question: str, passage: Passage) -> str:
        hits = [Hit(passage, 1.0, 0.7, 0.0, 0.0)]
        vector = np.array([1.0, 0.0])
        return answerer.compose(question, question, vector, hits, None, []).answer

    question = "What did Varga say the rules stop?"
    assert answer(question, talks).endswith("He said the rules stop misuse. [1]")
    # The sentence before "He" names analysts, not Varga: not Varga's words, and no other
    # sentence reports Varga's.
    assert answer(question, analysts) == ""
    # Named as an owner or after a preposition, Varga is not who "He" is either.
    for before in ("Berg confirmed the talks during Varga's visit.", "Berg held talks with Varga."):
        pair = (before, "He said the rules stop misuse.")
        aside = Passage("p3", "doc.md", "Talks", "", "text", " ".join(pair), pair)
        assert answer(question, aside) == "", before


def test_names_in_most_documents_titles_need_not_be_named_by_each_passage() -> None:
    def doc(source: str, title: str, text: str) -> Passage:
        return Passage(source, source, title, "", "text", text, (text,))

    passages = [
        doc("a.md", "Getting started with Varga Bikes", "Join in the app."),
        doc("b.yaml", "Varga Bikes: FAQ", "Helmets are lent."),
        doc("c.html", "Rules and charges", "Call our support line on 555-0142."),
    ]
    assert title_words(passages) == frozenset({"varga", "bikes"})
    assert title_words(passages[:1]) == frozenset()  # one document: nothing is everywhere
    words = np.array(["alpha"])
    answerer = Answerer(
        AnswerPolicy(),
        lambda p: np.ones((1, 2)),
        Lexicon(words, np.eye(1, 2)),
        everywhere=title_words(passages),
    )
    rules = passages[2]
    assert answerer._mentions(rules, ["varga", "bikes"])
    assert not answerer._mentions(rules, ["varga", "lorien"])  # other names still must be


def test_a_name_said_to_be_the_thing_asked_for_is_found_below_the_best_match() -> None:
    """ "Which model…": the best match names no model; the sentence naming one ("Acme's Zephyr
    model") sits further below it than the type margin, and still answers."""
    about = _passage("p1", "The model raised the fears of many people across the industry.")
    named = _passage("p2", "Fears were raised by Acme's Zephyr model.")

    def sims(p: Passage) -> np.ndarray:
        # 0.2 x (1.0 - 0.2) = 0.16 apart, with equal word support.
        return np.array([[1.0, 0.0]] if p.id == "p1" else [[0.2, 0.98]])

    answerer = Answerer(AnswerPolicy(), sims, Lexicon(np.array(["alpha"]), np.eye(1, 2)))
    question = "Which model raised the fears?"
    hits = [Hit(p, 1.0, 0.7, 0.0, 0.0) for p in (about, named)]
    answer = answerer.compose(question, question, np.array([1.0, 0.0]), hits, None, [])
    assert answer.answered
    assert answer.answer == "Fears were raised by Acme's Zephyr model. [1]"
