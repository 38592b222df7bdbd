"""BERT's forward pass in plain torch, for BERT-type sentence models (all-MiniLM-L6-v2 is one).

Why not transformers' BertModel: importing transformers (it pulls in torch.distributed, FSDP
and more) took 1.5 of the 5 seconds a server needed from start to first answer. The forward
pass of an absolute-position BERT encoder in inference is a few lines of torch; the weights
are read from the model's safetensors file. Models this does not cover return None from
`BertForward.load`, and the caller uses transformers. Tests compare the result with
sentence-transformers' vectors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

WEIGHTS = "model.safetensors"
Attention = Callable[[Any, Any, Any], Any]  # q, k, v (batch, tokens, hidden) -> attended


class BertForward:
    """Token ids and attention mask in, the last hidden states out (eval mode, no dropout)."""

    def __init__(self, weights: dict[str, Any], config: dict[str, Any]) -> None:
        self.w = weights
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))

    @classmethod
    def load(cls, folder: Path) -> BertForward | None:
        """The forward pass for a BERT model folder, or None if it is another kind of model."""
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        supported = (
            config.get("model_type") == "bert"
            and config.get("position_embedding_type", "absolute") == "absolute"
            and config.get("hidden_act") == "gelu"
            and (folder / WEIGHTS).is_file()
        )
        if not supported:
            return None
        from safetensors.torch import load_file

        raw = load_file(str(folder / WEIGHTS))
        # Weights saved from BertModel have no prefix; from a task model, "bert.".
        weights = {k.removeprefix("bert."): v.float() for k, v in raw.items()}
        needed = [f"encoder.layer.{config['num_hidden_layers'] - 1}.output.dense.weight"]
        needed += ["embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight"]
        if any(name not in weights for name in needed):
            return None
        return cls(weights, config)

    def __call__(self, ids: Any, mask: Any) -> Any:
        """Hidden states (batch, tokens, hidden) for token ids and a 0/1 attention mask."""
        import torch

        positions = torch.arange(ids.shape[1]).expand_as(ids)
        keep = mask.bool()[:, None, None, :]  # padding is never attended
        return self._run(ids, positions, lambda q, k, v: self._attend(q, k, v, keep))

    def packed(self, sequences: list[list[int]]) -> tuple[Any, Any]:
        """Several texts' hidden states without padding: (tokens, hidden) and each token's text.

        The texts' tokens run through the linear layers as one sequence, so no work goes to
        padding (as text-embeddings-inference batches): a batch of questions has a few long
        ones and many short ones. Only attention, which is per text, is computed on a padded
        (texts, longest) layout: it is a small share of the work there, and a mask over the
        whole packed sequence (tokens^2) cost more than the padding it saved.
        """
        import torch

        lengths = torch.tensor([len(s) for s in sequences])
        text = torch.repeat_interleave(torch.arange(len(sequences)), lengths)
        starts = torch.cumsum(lengths, 0) - lengths
        ids = torch.tensor([t for s in sequences for t in s])
        positions = torch.arange(len(ids)) - starts[text]
        longest = int(lengths.max())
        slot = text * longest + positions  # each token's row in the padded layout
        keep = (torch.arange(longest)[None, :] < lengths[:, None])[:, None, None, :]

        def attention(q: Any, k: Any, v: Any) -> Any:
            def padded(t: Any) -> Any:
                rows = t.new_zeros((len(sequences) * longest, t.shape[-1]))
                return rows.index_copy_(0, slot, t[0]).view(len(sequences), longest, -1)

            out = self._attend(padded(q), padded(k), padded(v), keep)
            return out.reshape(-1, self.hidden).index_select(0, slot)[None]

        return self._run(ids[None], positions[None], attention)[0], text

    def _attend(self, q: Any, k: Any, v: Any, keep: Any) -> Any:
        """Multi-head attention over (batch, tokens, hidden) projections."""
        from torch.nn import functional as F

        batch, width = q.shape[:2]
        head = self.hidden // self.heads
        q, k, v = (t.view(batch, width, self.heads, head).transpose(1, 2) for t in (q, k, v))
        attended = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
        return attended.transpose(1, 2).reshape(batch, width, self.hidden)

    def _run(self, ids: Any, positions: Any, attention: Attention) -> Any:
        """The encoder over (batch, tokens) ids; `attention` maps projections q, k, v to output."""
        from torch.nn import functional as F

        w, size, eps = self.w, (self.hidden,), self.eps
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][0]  # one text: token type 0
        )
        x = F.layer_norm(
            x, size, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps
        )
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            q, k, v = (
                F.linear(x, w[f"{p}attention.self.{n}.weight"], w[f"{p}attention.self.{n}.bias"])
                for n in ("query", "key", "value")
            )
            attended = attention(q, k, v)
            x = F.layer_norm(
                F.linear(
                    attended,
                    w[p + "attention.output.dense.weight"],
                    w[p + "attention.output.dense.bias"],
                )
                + x,
                size,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                eps,
            )
            inner = F.gelu(
                F.linear(x, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"])
            )
            x = F.layer_norm(
                F.linear(inner, w[p + "output.dense.weight"], w[p + "output.dense.bias"]) + x,
                size,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                eps,
            )
        return x
