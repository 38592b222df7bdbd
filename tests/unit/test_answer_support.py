"""How far a passage backs the words of a question."""

from __future__ import annotations

import numpy as np

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.answer_types import question_needs
from app.lexicon import Lexicon
from app.types import Hit, Passage


def _one_sentence(text: str, pid: str = "p1", title: str = "Talks", section: str = "") -> Passage:
    """A prose passage of one sentence."""
    return Passage(pid, "doc.md", title, section, "text", text, (text,))


def test_a_table_row_backs_a_question_about_the_table() -> None:
    answerer = Answerer(
        AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(np.array(["x"]), np.eye(1, 2))
    )
    text = "Diplomacy — Focus: Lorien's status."
    row = Passage("r1", "doc.md", "Landscape", "Landscape", "row", text, (text,))
    prose = Passage("t1", "doc.md", "Landscape", "Landscape", "text", text, (text,))
    question = "How does the table describe Lorien's status?"
    assert (
        answerer.support(question, "", row).missing < answerer.support(question, "", prose).missing
    )


def test_an_faq_answering_yes_is_not_quoted_whole_for_a_question_only_near_its_own() -> None:
    unit = np.array([[1.0, 0.0], [1.0, 0.0]])
    answerer = Answerer(AnswerPolicy(), lambda p: unit, Lexicon(np.array(["x"]), np.eye(1, 2)))
    sentences = ("Yes, these talks are the first of their kind.", "Experts say Lorien is close.")
    faq = Passage(
        "f1",
        "faq.yaml",
        "FAQ",
        "",
        "faq",
        " ".join(sentences),
        sentences,
        question="Is this the first time they have talked?",
    )
    hits = [Hit(faq, 1.0, 0.8, 0.0, 0.0)]
    question = "Do experts say Lorien is close?"
    near = answerer.compose(question, question, np.array([1.0, 0.0]), hits, (faq, 0.75), [])
    assert near.answered
    assert not near.answer.startswith("Yes")
    assert "Experts say Lorien is close." in near.answer


def test_a_country_is_a_name_even_in_lower_case() -> None:
    # Word vectors put neighbouring countries close (0.72 here): close enough for a synonym,
    # not for a name.
    vectors = np.array([[1.0, 0.0], [0.72, (1 - 0.72**2) ** 0.5]])
    lexicon = Lexicon(np.array(["taiwan", "china"]), vectors)
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 2)), lexicon)
    sentence = "China is getting closer."
    passage = _one_sentence(sentence)
    lower = answerer.support("what is happening with taiwan", "", passage, sentence)
    assert lower.score < 0.5


def test_irregular_forms_back_each_other() -> None:
    answerer = Answerer(
        AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(np.array(["x"]), np.eye(1, 2))
    )
    sentence = "A lost item is charged at its replacement cost."
    passage = _one_sentence(sentence, title="Fines")
    assert answerer.support("What if I lose an item?", "", passage, sentence).missing == 0.0


def test_an_attribute_must_be_spoken_of_by_the_sentence_or_its_passage() -> None:
    words = np.array(["weather", "summit", "capital", "hours"])
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 4)), Lexicon(words, np.eye(4)))

    def speaks(question: str, text: str, section: str = "") -> bool:
        passage = _one_sentence(text, title="Guide", section=section)
        return answerer.speaks_of(question_needs(question), passage, text)

    # A sentence that only places the summit is no forecast.
    assert not speaks("What is the weather in Lorien?", "The summit was held in Lorien.")
    assert speaks("What is the weather in Lorien?", "The weather in Lorien stayed mild all week.")
    assert speaks("What is the capital of Lorien?", "Lorien's capital is Caras.")
    # The passage may name it: a section heading above the sentence.
    refunds = "Refunds are given within 14 days."
    assert speaks("What is the refund policy?", refunds, "Refund policy")
    assert not speaks("What is the refund policy?", refunds)


def test_a_role_of_a_country_must_be_that_countrys() -> None:
    words = np.array(["president"])
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 1)), Lexicon(words, np.eye(1)))
    needs = question_needs("Who is the president of China?")
    visit = "This is happening during President Trump's visit to Beijing."
    china = "China's president spoke first."
    for text, expected in ((visit, False), (china, True)):
        passage = _one_sentence(text, title="News")
        assert answerer.speaks_of(needs, passage, text) is expected


def _plain_answerer() -> Answerer:
    return Answerer(
        AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(np.array(["x"]), np.eye(1, 2))
    )


def test_a_sentence_that_backs_only_the_names_backs_nothing() -> None:
    # The words a vocabulary knows; orthogonal vectors, so none backs another.
    words = np.array(["born", "birth", "praise", "treaty", "married"])
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 5)), Lexicon(words, np.eye(5)))
    sentence = "Speaking from Lorien, Ambassador Caras praised the treaty."
    passage = _one_sentence(sentence)
    # The name is backed, what is asked of it is not.
    only_name = answerer.support("Where was Caras born?", "", passage, sentence)
    assert (only_name.score, only_name.missing) == (0.0, 1.0)
    # One of the asked words backed is enough for partial support.
    asked = answerer.support("What did Caras praise at his birth?", "", passage, sentence)
    assert 0.0 < asked.score < 1.0
    # A question naming nothing is judged by its words alone, as before.
    plain = answerer.support("where was the treaty born?", "", passage, sentence)
    assert plain.score == 0.5
    # A word no vocabulary knows is likely a typo ("mentiond"): it cannot veto the answer.
    typo = answerer.support("is Caras mentiond?", "", passage, sentence)
    assert typo.score == 0.5
    # A word the vocabulary lacks but English has is no typo: it is asked like any other.
    other = answerer.support("Does Caras do acupuncture?", "", passage, sentence)
    assert (other.score, other.missing) == (0.0, 1.0)


def _two_passages(first: str, second: str) -> tuple[Passage, Passage]:
    """Two one-sentence passages: one that should not answer, one that should."""
    return _one_sentence(first), _one_sentence(second, "p2")


def test_a_where_question_does_not_need_its_verb_of_setting_backed() -> None:
    answerer = _plain_answerer()
    elsewhere = "The treaty would not be signed if Lorien held the advantage."
    placed = "The treaty talks are in Caras this week."
    first, second = _two_passages(elsewhere, placed)
    question = "where are the treaty talks being held?"
    # "held" backed word for word is no answer to where: the place is. The engine passes the
    # question (as encoded) for context too: the word stays out of it there as well.
    for context in ("", question):
        assert answerer.support(question, context, first, elsewhere).score < 1.0
        assert answerer.support(question, context, second, placed).score == 1.0
    # "What is X's address?" asks where X is: the place answers, not the word "address".
    assert answerer.support("what is the treaty talks' address?", "", second, placed).score == 1.0
    # Outside a where/when question the verb is part of the ask.
    assert answerer.support("who held the advantage?", "", second, placed).score < 1.0


def test_available_asks_about_the_thing_not_the_word() -> None:
    answerer = _plain_answerer()
    other = "Sensory bags are also available from the desk."
    lockers = "Coin-return lockers are next to the cloakroom."
    first = _one_sentence(other, title="Access")
    second = _one_sentence(lockers, "p2", title="Lockers")
    question = "are lockers available?"
    assert answerer.support(question, question, second, lockers).score == 1.0
    assert answerer.support(question, "", first, other).score == 0.0
    # "Is it possible to …", "am I able to …" ask "can I …?".
    for question in ("is it possible to get lockers?", "am i able to get lockers?"):
        assert answerer.support(question, "", second, lockers).score == 1.0


def test_can_we_come_asks_whether_the_day_is_open() -> None:
    answerer = _plain_answerer()
    closed = "We are closed on Mondays, apart from bank holiday Mondays."
    passage = _one_sentence(closed, title="Opening hours")
    # "come" is no ask of its own: without it, only the name "Monday" would be backed, and a
    # question naming something needs another word backed.
    assert answerer.support("Can we come on a Monday?", "", passage, closed).score == 1.0


def test_what_else_asks_about_what_is_beside_the_topic_set_aside() -> None:
    answerer = _plain_answerer()
    topic = "The treaty talks are about port safety."
    beside = "The envoys also discussed fishing rights."
    first, second = _two_passages(topic, beside)
    question = "Apart from port safety, what else did the envoys discuss?"
    # The words set aside are no part of the ask: "port safety" backs nothing asked.
    assert answerer.support(question, question, first, topic).score == 0.0
    assert answerer.support(question, question, second, beside).score == 1.0


def test_idioms_ask_nothing_by_their_words() -> None:
    answerer = _plain_answerer()
    sentence = "Fishing rights were discussed in Caras."
    passage = _one_sentence(sentence)
    assert answerer.support("are fishing rights on the table?", "", passage, sentence).score == 1.0
    assert answerer.support("are fishing rights in the table?", "", passage, sentence).score < 1.0
    # "Sum up" asks what is said, as "describe" does.
    summed = answerer.support("how does Caras sum up fishing rights?", "", passage, sentence)
    assert summed.score == 1.0


def test_who_called_needs_no_calling_backed() -> None:
    answerer = _plain_answerer()
    sentence = "Minister Caras identified the port as the core issue."
    passage = _one_sentence(sentence)
    support = answerer.support("who called the port the core issue?", "", passage, sentence)
    assert support.score == 1.0
