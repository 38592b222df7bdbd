"""Property tests: the answer contract holds for any question, and the API never answers 5xx."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.config import Settings
from app.engine import Engine
from app.main import create_app
from app.types import Answer

pytestmark = pytest.mark.integration

# No example database: nothing is written into the working tree (.hypothesis/).
BOUNDED = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MARKER = re.compile(r"\[(\d+)\]")
MAX_CHARS = 500


def corpus_words(engine: Engine) -> list[str]:
    words = {w for p in engine.loaded.passages for w in re.findall(r"[A-Za-z']+", p.search_text)}
    return sorted(words)


def faq_questions(engine: Engine) -> list[str]:
    return [p.question for p in engine.loaded.passages if p.question]


@st.composite
def questions(draw: st.DrawFn, engine: Engine) -> str:
    """Arbitrary unicode text, plus questions built from the corpus so `answered` is exercised."""
    words = corpus_words(engine)
    from_corpus = st.lists(st.sampled_from(words), min_size=1, max_size=12).map(" ".join)
    faq = st.sampled_from(faq_questions(engine))
    noisy_faq = st.tuples(faq, st.text(max_size=20)).map(lambda t: t[0] + t[1])
    return draw(
        st.one_of(
            st.text(max_size=MAX_CHARS),
            st.text(st.characters(codec="utf-8"), min_size=1, max_size=MAX_CHARS),
            from_corpus.map(lambda q: f"What {q}?"),
            faq,
            noisy_faq,
        )
    )


def check_contract(answer: Answer, engine: Engine) -> None:
    """The answer contract, including grounding: every quoted sentence is in a cited passage."""
    passages = {p.id: p for p in engine.loaded.passages}
    assert isinstance(answer, Answer)
    assert 0.0 <= answer.confidence <= 1.0
    assert len(answer.suggestions) <= 3
    assert all(isinstance(s, str) and s.strip() for s in answer.suggestions)
    for source in answer.sources:
        assert source.id in passages, f"source id {source.id!r} is not a passage id"
    if not answer.answered:
        assert answer.sources == []
        assert answer.parts == []
        return
    assert answer.sources, "answered without sources"
    assert answer.parts, "answered without quoted sentences"
    for n in MARKER.findall(answer.answer):
        assert 1 <= int(n) <= len(answer.sources), f"[{n}] cites no source: {answer.answer!r}"
    cited = set()
    for sentence, n in answer.parts:
        assert 1 <= n <= len(answer.sources)
        cited.add(n)
        passage = passages[answer.sources[n - 1].id]
        assert sentence.strip(), "an empty quoted sentence"
        # Quoted verbatim; an FAQ answer's "Yes, these ..." may be quoted as "These ...".
        verbatim = sentence in passage.text or sentence[:1].lower() + sentence[1:] in passage.text
        assert verbatim, f"{sentence!r} is not in passage {passage.id}"
        assert f"{sentence} [{n}]" in answer.answer
    assert cited == set(range(1, len(answer.sources) + 1)), "a source is never cited"
    # Every word of the answer text is traceable to a passage: strip markers, quoted sentences.
    rest = answer.answer
    for sentence, n in answer.parts:
        rest = rest.replace(f"{sentence} [{n}]", "", 1)
    assert not rest.strip(), f"answer text not from the documents: {rest!r}"


def test_contract_on_arbitrary_questions(engine: Engine) -> None:
    @BOUNDED
    @given(
        question=questions(engine),
        history=st.lists(questions(engine), max_size=4),
    )
    def check(question: str, history: list[str]) -> None:
        check_contract(engine.ask(question, history), engine)

    check()


def test_contract_answered_branch_is_exercised(engine: Engine) -> None:
    """Guard against a vacuous property: FAQ questions asked verbatim are answered."""
    answers = [engine.ask(q) for q in faq_questions(engine)[:5]]
    assert any(a.answered for a in answers)
    for answer in answers:
        check_contract(answer, engine)


# ---------------------------------------------------------------------------- the HTTP API


@pytest.fixture(scope="module")
def raw(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine), raise_server_exceptions=False) as c:
        yield c


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=60),
    st.sampled_from(["text", "markdown", "html", "", " ", "What is Mythos?"]),
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(st.text(max_size=12), inner, max_size=5),
    ),
    max_leaves=25,
)
ASK_BODIES = st.one_of(
    JSONISH,
    # Mostly-right shapes reach deeper into validation and the engine.
    st.fixed_dictionaries(
        {},
        optional={"question": JSONISH, "history": JSONISH, "format": JSONISH, "extra": JSONISH},
    ),
    st.fixed_dictionaries(
        {"question": st.text(max_size=MAX_CHARS + 20)},
        optional={
            "history": st.lists(st.text(max_size=80), max_size=25),
            "format": st.sampled_from(["text", "markdown", "html", "pdf"]),
        },
    ),
)


def test_api_never_5xx_on_arbitrary_json(raw: TestClient, engine: Engine) -> None:
    ids = {p.id for p in engine.loaded.passages}

    @BOUNDED
    @given(body=ASK_BODIES)
    def check(body: Any) -> None:
        r = raw.post("/api/ask", json=body)
        assert r.status_code < 500, f"{body!r} -> {r.status_code}: {r.text[:300]}"
        assert r.status_code in (200, 422), f"{body!r} -> {r.status_code}: {r.text[:300]}"
        data = r.json()
        if r.status_code == 422:
            detail = data["detail"]
            assert detail and all(isinstance(e["msg"], str) and e["msg"] for e in detail)
            return
        assert 0.0 <= data["confidence"] <= 1.0
        assert len(data["suggestions"]) <= 3
        assert all(s["id"] in ids for s in data["sources"])
        assert bool(data["sources"]) == data["answered"]
        for n in MARKER.findall(data["answer"]):
            assert 1 <= int(n) <= len(data["sources"])

    check()
