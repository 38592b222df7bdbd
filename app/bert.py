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
from pathlib import Path
from typing import Any

WEIGHTS = "model.safetensors"


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
        return self._run(ids, positions, mask.bool()[:, None, None, :])  # padding never attended

    def packed(self, sequences: list[list[int]]) -> tuple[Any, Any]:
        """Several texts' hidden states without padding: (tokens, hidden) and each token's text.

        The texts' tokens run as one sequence in which each token attends only to its own
        text's, so no work goes to padding (as text-embeddings-inference batches): a batch of
        questions has a few long ones and many short ones. The attention mask is tokens^2, so
        callers keep this for short texts.
        """
        import torch

        lengths = torch.tensor([len(s) for s in sequences])
        text = torch.repeat_interleave(torch.arange(len(sequences)), lengths)
        starts = torch.cumsum(lengths, 0) - lengths
        ids = torch.tensor([t for s in sequences for t in s])
        positions = torch.arange(len(ids)) - starts[text]
        same_text = (text[:, None] == text[None, :])[None, None]
        return self._run(ids[None], positions[None], same_text)[0], text

    def _run(self, ids: Any, positions: Any, keep: Any) -> Any:
        """The encoder over (batch, tokens) ids; `keep` says which keys each query attends to."""
        from torch.nn import functional as F

        w, size, eps = self.w, (self.hidden,), self.eps
        batch, width = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][0]  # one text: token type 0
        )
        x = F.layer_norm(
            x, size, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps
        )
        head = self.hidden // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            q, k, v = (
                F.linear(x, w[f"{p}attention.self.{n}.weight"], w[f"{p}attention.self.{n}.bias"])
                .view(batch, width, self.heads, head)
                .transpose(1, 2)
                for n in ("query", "key", "value")
            )
            attended = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
            attended = attended.transpose(1, 2).reshape(batch, width, self.hidden)
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
