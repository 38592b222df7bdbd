"""Answers from the shipped corpus for questions whose wording needs the engine's help."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from app.engine import Engine


def test_a_misspelt_speaker_is_still_the_speaker(engine: Engine) -> None:
    """The kind of fact asked for is read after typo correction: 'bessant' asks about Bessent."""
    answer = engine.ask("what did bessant say the talks wer for")
    assert answer.answered
    assert "Bessent" in answer.answer
    assert answer.question == "what did bessant say the talks wer for"  # shown as asked


def test_a_speaker_the_documents_never_quote_is_refused(engine: Engine) -> None:
    """The speaker check still holds after correction: nobody quotes this name."""
    assert not engine.ask("what did macron say the talks were for").answered


def test_an_attribute_the_documents_never_give_is_refused(engine: Engine) -> None:
    """The article places the talks in Beijing; it says nothing of Beijing's weather."""
    for question in (
        "What is the weather in Beijing?",
        "What is the capital of Taiwan?",
        "What is Anthropic's valuation?",
        # "ambassador" sits beside "secretary" in word vectors; a role must be named as such.
        "Who is the US ambassador to China?",
        "Who is the founder of Anthropic?",
        # "President Trump's visit to Beijing" names a president and China, but not China's.
        "Who is the president of China?",
        "Who is China's president?",
        "Has Taiwan responded?",  # nobody quotes Taiwan
    ):
        answer = engine.ask(question)
        assert not answer.answered, (question, answer.answer)
        assert answer.suggestions  # the refusal still points somewhere useful


def test_an_attribute_the_documents_give_is_answered(engine: Engine) -> None:
    """A shell noun ("the status", "the job") takes its content from the answer itself."""
    status = engine.ask("What is the status of Taiwan?")
    assert status.answered and "status" in status.answer
    job = engine.ask("What is Bessent's job?")
    assert job.answered and "Treasury Secretary" in job.answer
    us = engine.ask("Who is the president of the US?")
    assert us.answered and "President Trump" in us.answer
    secretary = engine.ask("Who is the Treasury Secretary?")
    assert secretary.answered and "Scott Bessent" in secretary.answer


def test_what_is_this_about_is_answered_with_the_opening(engine: Engine) -> None:
    """A question naming no topic gets the main document's opening sentences, cited."""
    answer = engine.ask("What is this article about?")
    assert answer.answered
    assert answer.answer.startswith("The US and China are talking about AI safety rules")
    assert answer.answer.count("[1]") == 2 and len(answer.sources) == 1
    assert answer.sources[0].title == "US and China start AI safety talks in Beijing"
    assert answer.suggestions


def test_a_compound_question_answers_each_part_and_names_the_one_it_cannot(
    engine: Engine,
) -> None:
    answer = engine.ask("Where are the talks, and who won the World Cup?")
    assert answer.answered
    assert "Beijing" in answer.answer
    assert answer.answer.endswith(
        'I couldn\'t find an answer to "who won the World Cup?" in the documents.'
    )
    assert answer.question == "Where are the talks, and who won the World Cup?"


def test_a_later_part_is_a_follow_up_of_the_earlier(engine: Engine) -> None:
    """ "what did he say?" after "Who is Bessent" asks what Bessent said."""
    answer = engine.ask("Who is Bessent and what did he say?")
    assert answer.answered and not answer.missed
    assert answer.answer.count("Bessent") >= 2


def test_a_greeting_says_what_the_bot_answers_from(engine: Engine) -> None:
    answer = engine.ask("Hi!")
    assert not answer.answered and answer.sources == []
    assert "“US and China start AI safety talks in Beijing”" in answer.answer
    faq = [p.question for p in engine.loaded.passages if p.question]
    assert answer.suggestions == faq[:3]
    thanks = engine.ask("thanks!")
    assert thanks.answer == "You're welcome! Ask another question any time."
    assert engine.ask("Hey, thanks!").answer == thanks.answer


def test_a_question_after_a_greeting_is_answered_and_shown_as_asked(engine: Engine) -> None:
    answer = engine.ask("Hi, what is Mythos?")
    assert answer.answered and "Mythos" in answer.answer
    assert answer.question == "Hi, what is Mythos?"


def test_the_sentence_after_the_best_match_may_hold_the_place(engine: Engine) -> None:
    """The best match ("…talking about AI safety rules…") has no place; the next sentence,
    which finishes its thought, does, though it scores well below it."""
    answer = engine.ask("where are the ai safety talks happening")
    assert answer.answered and "Beijing" in answer.answer


def test_chat_and_compound_questions_cost_no_model_call_for_their_whole_text(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[str] = []
    encode = engine.embedder.encode_with_tokens  # questions: vectors and words in one pass

    def spy(texts: list[str]) -> object:
        encoded.extend(texts)
        return encode(texts)

    monkeypatch.setattr(engine.embedder, "encode_with_tokens", spy)
    engine.clear_cache()
    hello = engine.ask("Hello there!")
    compound = engine.ask("Where are the talks held, and who leads the Lorien delegation?")
    plain = engine.ask("Who leads the Lorien delegation at the talks?")
    assert hello.via == "chat" and compound.question.startswith("Where")
    assert not plain.answered
    # Each part once, the whole compound text never, the greeting never.
    assert encoded == [
        "Where are the talks held",
        "who leads the Lorien delegation?",
        "Who leads the Lorien delegation at the talks?",
    ]


def test_a_question_is_read_by_the_model_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words matched in context come from the question's own encoding: a typo'd question
    (corrected before encoding) or one the FAQ answers costs no second model call, and no
    passage costs one: the build stored their words as the model read them."""
    read: list[str] = []
    encode_tokens = engine.context._encode

    def spy(texts: list[str]) -> object:
        read.extend(texts)
        return encode_tokens(texts)

    monkeypatch.setattr(engine.context, "_encode", spy)
    engine.clear_cache()
    for question in ("wat is mythos", "who is scot besent", "What does Mythos do?"):
        assert engine.ask(question).answered
    assert read == []


def test_reading_in_context_can_be_turned_off(engine: Engine) -> None:
    """FAQBOT_CONTEXT_CACHE_SIZE=0: no word is read in context, and no passage costs a call."""
    off = Engine(engine.settings.model_copy(update={"context_cache_size": 0}), engine.embedder,
                 engine.loaded)  # fmt: skip
    assert off.context is None and off.answerer.context is None
    # "matter" and "the two" (the "bilateral" relationship) find their kin only in context.
    question = "Which matter did China's leader call the most delicate issue between the two?"
    plain, read = off.ask(question), engine.ask(question)
    assert not plain.answered
    assert read.answered and "Taiwan" in read.answer


def test_a_where_question_is_answered_by_the_place_not_its_verb(engine: Engine) -> None:
    """'held' also matches 'if China held the primary advantage' word for word."""
    for question in ("where are the talks being held?", "where are the talks taking place?"):
        answer = engine.ask(question)
        assert answer.answered and "Beijing" in answer.answer, (question, answer.answer)


def test_a_question_about_a_named_person_needs_more_than_the_name_backed(engine: Engine) -> None:
    """Near-misses about the same person: the article says where Bessent spoke, not more."""
    for question in ("where was Bessent born?", "is bessent married?", "how tall is xi jinping?"):
        answer = engine.ask(question)
        assert not answer.answered, (question, answer.answer)
    assert engine.ask("where did Bessent speak from?").answered


def test_an_answer_must_back_the_corrected_words_not_the_typos(engine: Engine) -> None:
    """'tiawan' is 'Taiwan' once corrected; the typed word matches nothing in the text."""
    answer = engine.ask("is tiawan mentiond")
    assert answer.answered and "Taiwan" in answer.answer
    assert answer.question == "is tiawan mentiond"  # shown as asked


def test_a_typo_of_a_word_the_documents_never_write_is_corrected(engine: Engine) -> None:
    """The article says "firms"; "compnaies" is corrected to "companies", which "firms" backs."""
    answer = engine.ask("how many chinese compnaies can buy the h200")
    assert answer.answered and "10 Chinese firms" in answer.answer, answer.answer


def test_who_called_a_thing_something_is_answered_by_whoever_is_reported_saying_it(
    engine: Engine,
) -> None:
    """The article: "…Taiwan, which President Xi Jinping identified as the most sensitive core
    issue"; the FAQ's "Taiwan, which is a sensitive issue" names no one."""
    answer = engine.ask("who called taiwan the most sensitive issue?")
    assert answer.answered and "Xi Jinping identified" in answer.answer, answer.answer


def test_a_date_is_not_answered_by_this_week(engine: Engine) -> None:
    """The article says Bessent confirmed the talks "this week", never on which date."""
    answer = engine.ask("on what exact date did bessent confirm the talks?")
    assert not answer.answered, answer.answer


def test_another_model_code_is_not_the_one_the_article_names(engine: Engine) -> None:
    """The article names the H200 only; the B100 and the H100 are other chips (one code of a
    family beside another is no list of the family's values)."""
    assert not engine.ask("is the B100 banned for chinese buyers?").answered
    assert not engine.ask("is the H100 banned for chinese buyers?").answered
    assert engine.ask("is the h200 allowed for chinese firms?").answered


def test_what_a_capitals_officials_said_needs_their_own_words(engine: Engine) -> None:
    """No Chinese official is quoted on the guardrails; the US side's words do not answer."""
    answer = engine.ask("what did beijing's diplomats say about the guardrails?")
    assert not answer.answered, answer.answer


def test_what_else_is_answered_by_what_the_documents_add(engine: Engine) -> None:
    """ "Also"/"alongside" sentences answer what else was discussed, though sentences about
    the topic set aside match the question more closely."""
    answer = engine.ask("apart from AI safety, is anything else being discussed?")
    assert answer.answered, answer.answer
    assert any(p in answer.answer for p in ("also", "alongside")), answer.answer
    said = engine.ask("what else did bessent say?")
    assert said.answered and "Bessent" in said.answer, said.answer


@pytest.mark.parametrize(
    "question", ["What is the objective of the guardrails?", "What is the point of the talks?"]
)
def test_what_a_thing_is_for_is_answered_by_its_stated_purpose(
    engine: Engine, question: str
) -> None:
    """The purpose ("to stop criminal and terrorist groups…", "a necessary measure to prevent
    non-state actors…") is read deeper than the sentences that only name the guardrails."""
    answer = engine.ask(question)
    assert answer.answered, answer.answer
    assert "to stop criminal" in answer.answer or "to prevent" in answer.answer, answer.answer


def test_a_word_the_article_never_writes_is_read_as_its_commonest_synonym(
    engine: Engine,
) -> None:
    """ "Rivals" is "competition" in WordNet's first sense of the word; the article says only
    "strategic competition", which single word vectors do not link to it."""
    answer = engine.ask("Are the two powers rivals?")
    assert answer.answered and "strategic competition" in answer.answer, answer.answer
    ahead = engine.ask("Does America say it is ahead in AI?")
    assert ahead.answered and "technological lead" in ahead.answer, ahead.answer


def test_a_would_if_question_is_answered_by_the_conditional_sentence(engine: Engine) -> None:
    """ "…would likely not be on the table if China held the primary advantage" is in a passage
    the question matches less than the FAQ's sentences about the talks, none conditional."""
    answer = engine.ask("Would the US be in these talks if China were leading in AI?")
    assert answer.answered and "if China held the primary advantage" in answer.answer, answer.answer


def test_the_weather_asked_without_an_apostrophe_is_still_the_weather(engine: Engine) -> None:
    """ "whats" was corrected to "what", and "what the weather like in beijing" asked for no
    attribute: the sentence with "likely" and "Beijing"'s passage answered it at 0.53."""
    answer = engine.ask("whats the weather like in beijing")
    assert not answer.answered, answer.answer


def test_who_may_have_a_thing_is_answered_only_by_a_sentence_on_who_may(engine: Engine) -> None:
    """The article tells what Mythos does, not who may use it; it tells who may buy H200s."""
    for question in (
        "Who can get access to Mythos?",
        "Can anyone download the Mythos model?",
        "Is Anthropic letting Chinese companies use Mythos?",  # a stranger's, via make run
    ):
        answer = engine.ask(question)
        assert not answer.answered, (question, answer.answer)
    chips = engine.ask("Are H200 chips available to Chinese firms?")
    assert chips.answered and "cleared roughly 10 Chinese firms" in chips.answer, chips.answer


STAFF = """# Meet the team at Elmfield Library

## Head librarian

Tom Reyes has been head librarian since March 2023. Before becoming head librarian, he ran the
county's mobile library for ten years. He succeeded Mary Lowe, who retired after twenty years
in the post.

## Children's services

Priya Shah leads children's services. She joined Elmfield in 2021 and previously worked as a
primary school teacher in Leeds.
"""


def test_what_someone_did_before_is_answered_only_where_the_documents_tell_it(
    tmp_path: Path, settings: Settings, engine: Engine
) -> None:
    """A sentence on someone's present post tells nothing of the one before: the article names
    Bessent's post alone; a staff page that tells the earlier jobs answers with them."""
    for question in (
        "What job did Scott Bessent have before becoming Treasury Secretary?",
        "Who was Treasury Secretary before Bessent?",
    ):
        answer = engine.ask(question)
        assert not answer.answered, (question, answer.answer)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "staff.md").write_text(STAFF, encoding="utf-8")
    staff = Engine.open(
        settings.model_copy(
            update={"corpus_dir": tmp_path / "corpus", "index_dir": tmp_path / "index"}
        )
    )
    expected = {
        "What did Tom Reyes do before becoming head librarian?": "mobile library",
        "What was Priya's previous job?": "primary school teacher",
        "Who was head librarian before Tom Reyes?": "Mary Lowe",
    }
    for question, phrase in expected.items():
        answer = staff.ask(question)
        assert answer.answered and phrase in answer.answer, (question, answer.answer)


def test_what_someone_said_about_the_documents_topic_needs_that_topic(engine: Engine) -> None:
    """Every title holds "AI", so it counts as named everywhere; asked as what Xi said about,
    it is the ask: his one reported remark is about Taiwan. Typed as a keyword, it is not."""
    xi = engine.ask("What did Xi Jinping say about AI?")
    assert not xi.answered, xi.answer
    bessent = engine.ask("What did Bessent say about AI?")
    assert bessent.answered and "Bessent" in bessent.answer, bessent.answer
    keywords = engine.ask("Anthropic Mythos AI")
    assert keywords.answered and "Mythos" in keywords.answer, keywords.answer


def test_he_said_is_not_read_as_the_president_whose_visit_the_sentence_before_names(
    engine: Engine,
) -> None:
    """ "Scott Bessent confirmed the talks are happening … during President Trump's visit. He
    said…": Bessent said it; the article quotes Trump nowhere."""
    trump = engine.ask("What did Trump say about the AI talks?")
    assert not trump.answered, trump.answer
    bessent = engine.ask("What did Bessent say about the AI talks?")
    assert bessent.answered and "He said these discussions" in bessent.answer, bessent.answer
