"""Words read in context: word pieces grouped into words, and question words matched to a text."""

from __future__ import annotations

import re

import numpy as np

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.context_words import ContextWords, StoredWords, TokenStates, word_vectors
from app.lexicon import Lexicon
from app.types import Passage

# Made-up meanings: a word's state is its meaning's axis (pieces share their word's).
MEANINGS = {"lost": 0, "missing": 0, "bike": 1, "bikes": 1, "e": 1, "hold": 2}
OTHER, SPECIAL = 3, 4


def _pieces(text: str) -> TokenStates:
    """Word pieces as a BERT tokenizer cuts them: letters in 3-letter pieces, each symbol alone,
    between [CLS] and [SEP] (which span nothing); each piece's state is its word's meaning."""
    offsets, meanings = [(0, 0)], [SPECIAL]
    for m in re.finditer(r"[A-Za-z0-9]+|\S", text):
        for start in range(m.start(), m.end(), 3):
            offsets.append((start, min(start + 3, m.end())))
            meanings.append(MEANINGS.get(m.group(0).lower(), OTHER))
    offsets.append((0, 0))
    meanings.append(SPECIAL)
    return offsets, np.eye(5, dtype=np.float32)[meanings]


class Counting:
    """A token encoder that counts the texts it is asked to encode."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> list[TokenStates]:
        self.texts += texts
        return [_pieces(t) for t in texts]


def test_pieces_are_grouped_into_the_texts_words() -> None:
    text = "The E-bikes aren't LOST: Nvidia's."
    got = word_vectors(text, _pieces(text))
    # As app.text.tokens spells them, less stopwords ("the").
    assert got.words == ("e", "bikes", "aren't", "lost", "nvidia")
    assert [text[s : s + 3] for s in got.starts.tolist()] == ["E-b", "bik", "are", "LOS", "Nvi"]
    np.testing.assert_allclose(np.linalg.norm(got.vectors, axis=1), 1.0)
    assert got.vectors[1] @ got.vectors[0] == 1.0  # "bikes" and "e" share a meaning here
    assert got.vectors[3] @ got.vectors[1] == 0.0
    assert not got.vectors[:, SPECIAL].any()  # [CLS] and [SEP] joined no word


def test_words_past_the_models_length_limit_are_left_out() -> None:
    text = "bike lost hold"
    offsets, hidden = _pieces(text)
    got = word_vectors(text, (offsets[:3], hidden[:3]))  # [CLS], "bik", "e": the rest cut off
    assert got.words == ("bike",)
    assert word_vectors("", ([], np.zeros((0, 5)))).vectors.shape == (0, 5)


def test_closeness_is_each_question_words_best_match_among_content_words() -> None:
    context = ContextWords(Counting())
    close = context.closeness("Is my bike missing?", "The bike is lost. Hold it.")
    assert close["missing"] == 1.0 and close["bike"] == 1.0
    assert "is" not in close and "my" not in close  # stopwords are neither asked nor matched
    # Within a span: only that sentence's words count.
    span = (18, 26)
    assert (
        context.closeness("Is my bike missing?", "The bike is lost. Hold it.", span)["missing"]
        == 0.0
    )
    assert context.closeness("anything", "") == {}


def test_texts_are_encoded_once_and_the_cache_is_bounded() -> None:
    encoder = Counting()
    context = ContextWords(encoder, cache_size=2)
    context.of(["a bike", "a hold", "a bike"])
    assert encoder.texts == ["a bike", "a hold"]
    context.of(["a bike"])
    assert encoder.texts == ["a bike", "a hold"]  # kept
    context.of(["lost"])  # evicts the least recently used: "a hold"
    context.of(["a bike", "a hold"])
    assert encoder.texts == ["a bike", "a hold", "lost", "a hold"]


def test_a_word_read_in_context_backs_the_question_as_a_word_vector_would() -> None:
    """ "missing" has no single-word kin in the passage; read in context it is "lost"."""
    text = "A bike kept out past two days is treated as lost."
    passage = Passage("p1", "doc.md", "Doc", "Charges", "text", text, (text,))
    lexicon = Lexicon(np.array(["missing", "lost", "bike"]), np.eye(3))
    plain = Answerer(AnswerPolicy(), lambda p: np.ones((1, 5)), lexicon)
    read = Answerer(
        AnswerPolicy(), lambda p: np.ones((1, 5)), lexicon, context=ContextWords(Counting())
    )
    question = "What if my bike goes missing?"
    assert plain.support(question, "", passage, text).score < 1.0
    assert read.support(question, "", passage, text).score == 1.0
    # A name needs its own near-identical form, whatever the context says.
    named = "What if my Bike goes missing?"
    assert read.support(named, "", passage, text).score == 1.0  # "Bike" is in the text
    assert read.support("Is Missing in the text?", "", passage, text).missing > 0.0


def test_states_already_computed_are_remembered_not_encoded_again() -> None:
    encoder = Counting()
    context = ContextWords(encoder)
    context.remember(["Is my bike missing?"], [_pieces("Is my bike missing?")])
    assert context.closeness("Is my bike missing?", "The bike is lost.")["missing"] == 1.0
    assert encoder.texts == ["The bike is lost."]  # the question's words were remembered
    context.closeness("Is my bike missing?", "The bike is lost.", (0, 8))
    assert encoder.texts == ["The bike is lost."]


def test_stored_words_come_back_as_read_and_cost_no_encoding() -> None:
    texts = ["The E-bikes aren't LOST: Nvidia's.", "the", "A missing bike is on hold."]
    read = [word_vectors(t, _pieces(t)) for t in texts]
    arrays = StoredWords.arrays([StoredWords.pack(w) for w in read])
    assert arrays["context_vectors"].dtype == np.int8
    assert arrays["context_offsets"].tolist() == [0, 5, 5, 8]  # "the" has no content word
    stored = StoredWords({t: i for i, t in enumerate(texts)}, **_kept(arrays))
    for text, now in zip(texts, read, strict=True):
        kept = stored.get(text)
        assert kept is not None and kept.words == now.words
        np.testing.assert_array_equal(kept.starts, now.starts)
        np.testing.assert_allclose(kept.vectors, now.vectors, atol=0.01)
    assert stored.get("a text the build never read") is None
    encoder = Counting()
    store = ContextWords(encoder, cache_size=8, stored=stored)
    assert store.closeness("is it lost?", texts[2]) == {"lost": 1.0}
    assert encoder.texts == ["is it lost?"]  # the question only: the passage was stored


def _kept(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {
        "offsets": arrays["context_offsets"],
        "starts": arrays["context_starts"],
        "vectors": arrays["context_vectors"],
    }
