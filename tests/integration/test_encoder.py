"""The lean encoder gives sentence-transformers' vectors, and declines layouts it can't run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from app.config import BUNDLED_MODEL
from app.embed import Embedder, resolve_model_path
from app.encoder import LeanEncoder
from app.engine import Engine

pytestmark = pytest.mark.integration

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_bundled_model_runs_on_the_lean_encoder(engine: Engine) -> None:
    assert isinstance(engine.embedder.model, LeanEncoder)


def test_vectors_match_sentence_transformers(engine: Engine) -> None:
    from sentence_transformers import SentenceTransformer

    bare = SentenceTransformer(resolve_model_path(BUNDLED_MODEL), device="cpu")
    article = (CORPUS / "us-china-ai-safety-talks.md").read_text(encoding="utf-8")
    texts = [
        "What is Mythos?",
        "wat did bessant say abut guardrails",
        "",
        "  ",
        "Ünïcödé — “quotes” and emoji 🙂",
        "word " * 600,  # past the model's 256-token limit: truncated alike
        *article.split("\n\n"),
    ]
    ours = engine.embedder.encode(texts, batch_size=8)
    theirs = bare.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    # The order of the texts, and how they are batched, change nothing.
    again = engine.embedder.encode(texts[::-1], batch_size=3)[::-1]
    np.testing.assert_allclose(again, ours, atol=1e-5)


def test_tokenizer_vocabulary_is_the_models(engine: Engine) -> None:
    vocab = engine.embedder.model.tokenizer.get_vocab()
    assert len(vocab) == 30522 and vocab["[CLS]"] == 101


def _copy_model(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(resolve_model_path(BUNDLED_MODEL), folder)
    return folder


@pytest.mark.parametrize(
    "change",
    [
        "max pooling",
        "a dense layer",
        "no modules.json",
        "no tokenizer.json",
        "broken modules.json",
    ],
)
def test_other_layouts_are_left_to_sentence_transformers(tmp_path: Path, change: str) -> None:
    folder = _copy_model(tmp_path)
    modules = json.loads((folder / "modules.json").read_text())
    if change == "max pooling":
        pooling = folder / "1_Pooling" / "config.json"
        config = json.loads(pooling.read_text())
        config.update(pooling_mode_mean_tokens=False, pooling_mode_max_tokens=True)
        pooling.write_text(json.dumps(config))
    elif change == "a dense layer":
        modules.insert(2, {"idx": 2, "name": "2", "path": "2_Dense", "type": "x.models.Dense"})
        (folder / "modules.json").write_text(json.dumps(modules))
    elif change == "no modules.json":
        (folder / "modules.json").unlink()
    elif change == "no tokenizer.json":
        (folder / "tokenizer.json").unlink()
    else:
        (folder / "modules.json").write_text("{not json")
    assert LeanEncoder.load(str(folder)) is None


def test_a_layout_it_declines_still_loads_through_sentence_transformers(tmp_path: Path) -> None:
    folder = _copy_model(tmp_path)
    (folder / "tokenizer.json").unlink()  # sentence-transformers rebuilds it from vocab.txt
    embedder = Embedder(str(folder))
    assert not isinstance(embedder.model, LeanEncoder)
    assert embedder.encode(["What is Mythos?"]).shape == (1, 384)


def test_other_transformers_run_through_automodel(tmp_path: Path) -> None:
    """A model app/bert.py does not cover (here: another activation) still gets its vectors."""
    from sentence_transformers import SentenceTransformer

    from app.bert import BertForward

    folder = _copy_model(tmp_path)
    config = json.loads((folder / "config.json").read_text())
    config["hidden_act"] = "gelu_new"  # the tanh approximation: not what app/bert.py computes
    (folder / "config.json").write_text(json.dumps(config))
    assert BertForward.load(folder) is None
    lean = LeanEncoder.load(str(folder))
    assert lean is not None and not isinstance(lean.forward, BertForward)
    texts = ["What is Mythos?", "Who met in Beijing, and why?", ""]
    bare = SentenceTransformer(str(folder), device="cpu")
    np.testing.assert_allclose(
        lean.encode(texts), bare.encode(texts, normalize_embeddings=True), atol=1e-5
    )


def test_bundled_model_runs_on_the_plain_torch_bert(engine: Engine) -> None:
    from app.bert import BertForward

    model = engine.embedder.model
    assert isinstance(model, LeanEncoder) and isinstance(model.forward, BertForward)


def test_packed_batches_equal_padded_ones(engine: Engine) -> None:
    """Texts batched without padding (one token run, per-text attention) change nothing."""
    model = engine.embedder.model
    assert isinstance(model, LeanEncoder)
    long_text = " ".join(p.text for p in engine.loaded.passages[:3])  # truncated at 256 tokens
    questions = ["What is Mythos?", "Who met whom in Beijing, and what did they agree on?", "AI"]
    questions += [long_text, engine.loaded.passages[0].text]
    encoded = model.tokenizer.encode_batch(questions)
    assert model._packable(encoded)
    packed = model.encode(questions, batch_size=32)
    one_by_one = np.vstack([model.encode([q]) for q in questions])  # single texts: no padding
    np.testing.assert_allclose(packed, one_by_one, atol=1e-5)


def test_a_model_without_normalize_still_gives_unit_vectors(tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer

    folder = _copy_model(tmp_path)
    modules = json.loads((folder / "modules.json").read_text())
    (folder / "modules.json").write_text(json.dumps(modules[:2]))  # Transformer, Pooling
    embedder = Embedder(str(folder))
    assert isinstance(embedder.model, LeanEncoder)
    texts = ["What is Mythos?", "Who met in Beijing?"]
    ours = embedder.encode(texts)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    bare = SentenceTransformer(str(folder), device="cpu")
    np.testing.assert_allclose(ours, bare.encode(texts, normalize_embeddings=True), atol=1e-5)


def test_token_states_match_sentence_transformers(engine: Engine) -> None:
    """Word pieces' hidden states, packed or alone, are sentence-transformers' token vectors."""
    from sentence_transformers import SentenceTransformer

    bare = SentenceTransformer(resolve_model_path(BUNDLED_MODEL), device="cpu")
    texts = ["What is Mythos?", "E-bikes cost $0.20 a minute; Nvidia's H200 chips.", "word " * 600]
    theirs = bare.encode(texts, output_value="token_embeddings", convert_to_numpy=False)
    for many, one, text, states in zip(
        engine.embedder.encode_tokens(texts),
        [engine.embedder.encode_tokens([t])[0] for t in texts],
        texts,
        theirs,
        strict=True,
    ):
        offsets, hidden = many
        assert len(offsets) == len(hidden) == len(states)  # specials included, truncated alike
        np.testing.assert_allclose(hidden, states.numpy(), atol=1e-4)
        np.testing.assert_allclose(one[1], hidden, atol=1e-4)
        # Offsets point at the pieces' own letters in the text as given.
        pieces = [text[a:b].lower() for a, b in offsets if b > a]
        assert "".join(pieces) == "".join(text.lower().split())[: len("".join(pieces))]


def test_token_states_through_sentence_transformers(tmp_path: Path, engine: Engine) -> None:
    """A layout the lean encoder declines gives the same word pieces and states."""
    folder = _copy_model(tmp_path)
    (folder / "tokenizer.json").unlink()
    embedder = Embedder(str(folder))
    assert not isinstance(embedder.model, LeanEncoder)
    texts = ["Kiosk purchases place a temporary $50 hold on your card.", "What is Mythos?"]
    for (offsets, hidden), (lean_offsets, lean_hidden) in zip(
        embedder.encode_tokens(texts), engine.embedder.encode_tokens(texts), strict=True
    ):
        assert list(offsets) == list(lean_offsets)
        np.testing.assert_allclose(hidden, lean_hidden, atol=1e-4)


def test_vectors_with_token_states_are_the_encoders_vectors(engine: Engine) -> None:
    """A question's vector and its words' states come from one pass; the vector is unchanged."""
    texts = ["What is Mythos?", "", "Who met whom in Beijing, and what did they agree on?"]
    texts += [p.text for p in engine.loaded.passages[:40]]  # more than one batch of 32
    vectors, states = engine.embedder.encode_with_tokens(texts)
    np.testing.assert_allclose(vectors, engine.embedder.encode(texts), atol=1e-5)
    for got, alone in zip(states, engine.embedder.encode_tokens(texts), strict=True):
        assert list(got[0]) == list(alone[0])
        np.testing.assert_allclose(got[1], alone[1], atol=1e-4)
    empty_vectors, empty_states = engine.embedder.encode_with_tokens([])
    assert empty_vectors.shape == (0, 384) and empty_states == []
