"""A lean encoder for the common sentence-transformers layout, without sentence-transformers.

Most sentence-transformers models, the bundled all-MiniLM-L6-v2 among them, are a Hugging
Face transformer followed by mean (or CLS) pooling and L2 normalisation, as the model folder's
modules.json says. For those this module runs the same computation with tokenizers and the
forward pass of app/bert.py (BERT models) or transformers' AutoModel (others). Importing
sentence-transformers pulls in its trainers, transformers, scikit-learn and SciPy: 2.5 of the
5.5 seconds a server took from start to first answer. The vectors are the same (tests compare
them with SentenceTransformer.encode); any other layout returns None from `LeanEncoder.load`,
and the caller uses sentence-transformers itself.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from app.bert import BertForward
from app.context_words import TokenStates
from app.text import lower_in_place

if TYPE_CHECKING:
    from tokenizers import Tokenizer

Forward = Callable[[Any, Any], Any]  # (token ids, attention mask) -> hidden states
MODULE = "sentence_transformers.models."
SUPPORTED_POOLING = ("cls_token", "mean_tokens")


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _pooling_mode(folder: Path, modules: list[dict[str, Any]]) -> str | None:
    """ "mean_tokens" or "cls_token" when the modules are Transformer, Pooling[, Normalize]."""
    kinds = [str(m.get("type", "")).removeprefix(MODULE) for m in modules]
    if kinds not in (["Transformer", "Pooling", "Normalize"], ["Transformer", "Pooling"]):
        return None
    if modules[0].get("path", "") != "":
        return None  # the transformer lives in a subfolder: leave it to sentence-transformers
    pooling = _read_json(folder / modules[1]["path"] / "config.json")
    modes = [k.removeprefix("pooling_mode_") for k, on in pooling.items() if on is True]
    return modes[0] if len(modes) == 1 and modes[0] in SUPPORTED_POOLING else None


def _transformers(folder: Path) -> tuple[Forward, int]:
    """The forward pass of any other transformer, through transformers' AutoModel."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
    # DistilBERT-like models take no token types; BERT-like ones want zeros for one text.
    types = "token_type_ids" in inspect.signature(model.forward).parameters

    def forward(ids: Any, mask: Any) -> Any:
        extra = {"token_type_ids": torch.zeros_like(ids)} if types else {}
        return model(input_ids=ids, attention_mask=mask, **extra).last_hidden_state

    return forward, int(model.config.hidden_size)


class LeanEncoder:
    """Transformer forward pass, pooling and normalisation: SentenceTransformer.encode's work."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        forward: Forward,
        dimension: int,
        pooling: str,
        lower: bool = False,
    ) -> None:
        self.tokenizer = tokenizer
        self.forward = forward
        self.dimension = dimension
        self.pooling = pooling
        self.lower = lower

    @classmethod
    def load(cls, path: str) -> LeanEncoder | None:
        """The encoder for a local model folder; None if it needs sentence-transformers."""
        folder = Path(path)
        try:
            modules = _read_json(folder / "modules.json")
            pooling = _pooling_mode(folder, modules)
            config = _read_json(folder / "sentence_bert_config.json")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if pooling is None or not (folder / "tokenizer.json").is_file():
            return None

        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(int(config.get("max_seq_length") or 512))
        tokenizer.no_padding()  # padded per batch below, to the batch's longest text
        bert = BertForward.load(folder)
        forward, dimension = (bert, bert.hidden) if bert is not None else _transformers(folder)
        lower = bool(config.get("do_lower_case"))
        return cls(tokenizer, forward, dimension, pooling, lower=lower)

    def _packable(self, encoded: list[Any]) -> bool:
        # Packing pays whenever there is padding to save: measured 15% less time a question
        # for batches of 32 questions, and 10% for batches of 32 paragraphs.
        return isinstance(self.forward, BertForward) and len(encoded) > 1

    def _pool_packed(self, sequences: list[list[int]]) -> np.ndarray:
        """Pooled vectors of texts run through the BERT forward pass without padding."""
        import torch

        assert isinstance(self.forward, BertForward)
        hidden, text = self.forward.packed(sequences)
        if self.pooling == "cls_token":
            starts = torch.cumsum(torch.tensor([0] + [len(s) for s in sequences[:-1]]), 0)
            pooled = hidden[starts]
        else:
            lengths = torch.tensor([len(s) for s in sequences], dtype=hidden.dtype)
            sums = torch.zeros(len(sequences), hidden.shape[1], dtype=hidden.dtype)
            pooled = sums.index_add_(0, text, hidden) / lengths[:, None]
        return torch.nn.functional.normalize(pooled, p=2, dim=1).float().numpy()

    def encode_tokens(self, texts: list[str], batch_size: int = 32) -> list[TokenStates]:
        """Each text's word pieces: their character offsets and last hidden states."""
        import torch

        out: list[TokenStates] = []
        cased = [lower_in_place(t) if self.lower else t for t in texts]
        with torch.inference_mode():
            for start in range(0, len(cased), batch_size):
                batch = cased[start : start + batch_size]
                encoded = self.tokenizer.encode_batch(batch)
                states: Sequence[Any]
                if self._packable(encoded):
                    assert isinstance(self.forward, BertForward)
                    packed, _ = self.forward.packed([e.ids for e in encoded])
                    states = torch.split(packed, [len(e.ids) for e in encoded])
                else:
                    states = [self._hidden(e.ids) for e in encoded]
                pairs = zip(encoded, states, strict=True)
                out += [(list(e.offsets), h.float().numpy()) for e, h in pairs]
        return out

    def encode_with_tokens(
        self, texts: list[str], batch_size: int = 32
    ) -> tuple[np.ndarray, list[TokenStates]]:
        """`encode`'s unit vectors and `encode_tokens`' states, from one forward pass."""
        states = self.encode_tokens(texts, batch_size)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, (_, hidden) in enumerate(states):
            pooled = hidden[0] if self.pooling == "cls_token" else hidden.mean(axis=0)
            vectors[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return vectors, states

    def _hidden(self, ids: list[int]) -> Any:
        """One text's hidden states (tokens, hidden), unpadded."""
        import torch

        row = torch.tensor([ids])
        return self.forward(row, torch.ones_like(row))[0]

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """An (n, dimension) float32 array of unit vectors."""
        import torch

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Longest first, as sentence-transformers does, so each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                batch = [texts[i].lower() if self.lower else texts[i] for i in rows]
                encoded = self.tokenizer.encode_batch(batch)
                if self._packable(encoded):
                    out[rows] = self._pool_packed([e.ids for e in encoded])
                    continue
                width = max(len(e.ids) for e in encoded)
                ids = torch.zeros((len(rows), width), dtype=torch.long)
                mask = torch.zeros((len(rows), width), dtype=torch.long)
                for r, e in enumerate(encoded):
                    ids[r, : len(e.ids)] = torch.tensor(e.ids)
                    mask[r, : len(e.ids)] = 1
                hidden = self.forward(ids, mask)
                if self.pooling == "cls_token":
                    pooled = hidden[:, 0]
                else:
                    weights = mask.unsqueeze(-1).to(hidden.dtype)
                    pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
                # Unit vectors whether or not the model ends in Normalize: the Embedder's
                # contract (sentence-transformers is called with normalize_embeddings=True).
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[rows] = pooled.float().numpy()
        return out
