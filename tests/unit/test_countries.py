"""A country goes by many names; a question using another one than the text still matches."""

from __future__ import annotations

import numpy as np
import pytest

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.countries import CountryNames
from app.lexicon import Lexicon
from app.types import Passage

US = "United States"


@pytest.fixture(scope="module")
def names() -> CountryNames:
    return CountryNames.load()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. government cleared the sale.", {US}),
        ("US-China talks began.", {US, "China"}),
        ("Washington intends to act.", {US}),
        ("Officials in Washington D.C. met.", {US}),
        ("People's Republic of China", {"China"}),
        ("the Republic of China", {"Taiwan"}),  # the longer name wins
        ("France and Germany", {"France", "Germany"}),
        ("let us go and ask them", set()),  # "us" in lower case is a pronoun
    ],
)
def test_mentions_by_name_code_and_capital(
    names: CountryNames, text: str, expected: set[str]
) -> None:
    assert names.mentions(text) >= expected
    if not expected:
        assert names.mentions(text) == frozenset()
    assert "France" not in names.mentions("US-China talks began.")


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("american", US),
        ("america", US),
        ("americans", US),
        ("chinese", "China"),
        ("taiwanese", "Taiwan"),
        ("italian", "Italy"),
        ("canadians", "Canada"),
    ],
)
def test_a_word_names_its_country_by_demonym_or_variant(
    names: CountryNames, word: str, country: str
) -> None:
    assert country in names.of_word(word)


# A word that shares all but the end of a capital or country ("praise" / Praia, "money" /
# Monaco, "stocks" / Stockholm, "month" / Montenegro) names none unless it ends like a demonym.
@pytest.mark.parametrize(
    "word",
    ["chin", "states", "officials", "us", "ai", "praise", "money", "stocks", "month", "green"],
)
def test_ordinary_words_name_no_country(names: CountryNames, word: str) -> None:
    assert names.of_word(word) == frozenset()


def test_forms_given_directly_are_used() -> None:
    names = CountryNames({"Lorien": ["Lorien", "LRN", "Lorienese", "Caras Galadhon"]})
    assert names.mentions("The LRN delegation") == {"Lorien"}
    assert names.mentions("the L.R.N. delegation") == {"Lorien"}
    assert names.mentions("lrn in lower case") == frozenset()
    assert names.of_word("lorienese") == {"Lorien"}
    assert names.mentions("talks in Caras Galadhon") == {"Lorien"}


def _passage(text: str) -> Passage:
    return Passage("p1", "doc.md", "Talks", "", "text", text, (text,))


def test_support_credits_another_name_of_the_same_country_only() -> None:
    words = np.array(["alpha"])
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(words, np.eye(1, 2)))
    sentence = "The United States justifies its participation by its lead."
    passage = _passage(sentence)
    american = answerer.support("Why do American officials participate?", "", passage, sentence)
    french = answerer.support("Why do French officials participate?", "", passage, sentence)
    assert american.score > french.score
    assert american.missing < french.missing


@pytest.mark.parametrize("text", ["AI safety rules", "the IT department", "NO ENTRY IN HERE"])
def test_abbreviations_that_are_also_country_codes_name_no_country(
    names: CountryNames, text: str
) -> None:
    assert names.mentions(text) == frozenset()


def test_names_each_country_its_words_stand_for() -> None:
    countries = CountryNames.load()
    assert countries.names_each(["chinese"], "officials in Beijing said")
    assert not countries.names_each(["chinese"], "officials stated that")
    assert countries.names_each([], "anything at all")
