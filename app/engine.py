"""The engine: load (or build) the index once, then answer questions with cited passages."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.answer_types import (
    FOUND_BY_MARK,
    placed_thing,
    places,
    question_needs,
    satisfies_all,
)
from app.build import BuildReport, build_index, current_fingerprint
from app.cache import AnswerCache
from app.compound import merge_answers, split_question
from app.config import Settings
from app.context_words import ContextWords, StoredWords
from app.embed import Embedder
from app.followup import resolve
from app.index import (
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    LoadedIndex,
    check_compatible,
    read_index,
)
from app.lexical import LexicalIndex
from app.lexicon import Lexicon
from app.names import corpus_names, title_words
from app.overview import asks_for_overview, document_titles, lead_passage
from app.render import Renderer
from app.retrieve import HybridRetriever, Query
from app.smalltalk import Chat, chat_kind, strip_chat
from app.spelling import Speller
from app.synonyms import Synonyms
from app.tables import row_contrasts
from app.text import is_english_word, normalize
from app.types import Answer, Hit, Passage

log = logging.getLogger(__name__)
Notify = Callable[[str], None]


@dataclass(frozen=True)
class Request:
    """One question and the user's earlier questions in the same conversation."""

    question: str
    history: tuple[str, ...] = ()


def open_index(settings: Settings, embedder: Embedder, notify: Notify | None = None) -> LoadedIndex:
    """Read the index, building it first when it is missing or the corpus changed.

    A corrupt index or one built with another model is refused with a clear message.
    """
    say = notify or log.info
    try:
        fingerprint: str | None = current_fingerprint(settings)
    except FileNotFoundError:
        fingerprint = None  # no corpus folder: serve the existing index if there is one
    try:
        loaded = read_index(settings.index_dir)
        check_compatible(
            loaded.manifest,
            model=settings.model,
            dimension=embedder.dimension,
            fingerprint=fingerprint,
            path=settings.index_dir,
        )
        _check_arrays(loaded)
        return loaded
    except IndexMissingError:
        say(f"no index at {settings.index_dir}; building it from {settings.corpus_dir} ...")
    except IndexStaleError:
        say(f"corpus in {settings.corpus_dir} changed since the index was built; rebuilding ...")
    report = build_index(settings, embedder)
    say(describe_build(report))
    return read_index(settings.index_dir)


def index_is_current(settings: Settings) -> bool:
    """Whether the index exists, reads whole and matches the corpus, without loading the model.

    False when it is missing or stale; a corrupt or mismatched index raises IndexLoadError.
    """
    try:
        fingerprint: str | None = current_fingerprint(settings)
    except FileNotFoundError:
        fingerprint = None
    try:
        loaded = read_index(settings.index_dir)
        check_compatible(
            loaded.manifest,
            model=settings.model,
            dimension=None,  # checked by each process that loads the model
            fingerprint=fingerprint,
            path=settings.index_dir,
        )
    except (IndexMissingError, IndexStaleError):
        return False
    _check_arrays(loaded)
    return True


def _check_arrays(loaded: LoadedIndex) -> None:
    needed = (
        "sentence_vectors",
        "sentence_offsets",
        "faq_vectors",
        "faq_rows",
        "lexicon_words",
        "lexicon_vectors",
    )
    missing = [n for n in needed if n not in loaded.arrays]
    if missing:
        raise IndexCorruptError(f"{loaded.path}: missing {', '.join(n + '.npy' for n in missing)}")
    offsets = loaded.arrays["sentence_offsets"]
    if len(offsets) != len(loaded.passages) + 1 or offsets[-1] != len(
        loaded.arrays["sentence_vectors"]
    ):
        raise IndexCorruptError(f"{loaded.path}: sentence_offsets.npy disagrees with passages")
    if all(name in loaded.arrays for name in _STORED_WORDS):
        offsets, starts, vectors = (loaded.arrays[name] for name in _STORED_WORDS)
        if (
            len(offsets) != len(loaded.passages) + 1
            or offsets[-1] != len(starts)
            or len(starts) != len(vectors)
            or vectors.ndim != 2
        ):
            raise IndexCorruptError(f"{loaded.path}: context_offsets.npy disagrees with passages")


_STORED_WORDS = ("context_offsets", "context_starts", "context_vectors")
# How deep to look for a passage holding the contact detail or the place a question asks for.
HOLDER_DEPTH = 20


def stored_words(loaded: LoadedIndex) -> StoredWords | None:
    """The passages' words as the build read them; None for an older build (read on demand)."""
    arrays = loaded.arrays
    if not all(name in arrays for name in _STORED_WORDS):
        log.info(
            "%s: no stored word vectors (an older build); reading passages on demand", loaded.path
        )
        return None
    offsets, starts, vectors = (arrays[name] for name in _STORED_WORDS)
    texts = {p.search_text: row for row, p in enumerate(loaded.passages)}
    return StoredWords(texts, offsets, starts, vectors)


def stored_names(loaded: LoadedIndex) -> frozenset[str]:
    """The corpus's names as the build stored them; worked out here for an older index."""
    names = loaded.arrays.get("corpus_names")
    if names is None:
        log.info("%s: no corpus_names.npy (an older build); finding the names", loaded.path)
        return corpus_names(loaded.passages)
    return frozenset(str(n) for n in names.tolist())


def describe_build(report: BuildReport) -> str:
    """One line saying what a build indexed."""
    skipped = f", skipped {len(report.skipped)} file(s)" if report.skipped else ""
    return (
        f"indexed {report.documents} document(s): {report.passages} passages "
        f"({report.faq_entries} FAQ entries, {report.sentences} sentences){skipped} "
        f"in {report.seconds:.1f}s [{report.index_kind}] -> {report.path}"
    )


@dataclass(frozen=True)
class Trace:
    """An answer with what produced it."""

    query_text: str
    hits: tuple[Hit, ...]
    answer: Answer


class Engine:
    """Answers questions from one loaded index; thread-safe for concurrent `ask` calls."""

    def __init__(self, settings: Settings, embedder: Embedder, loaded: LoadedIndex) -> None:
        self.settings = settings
        self.embedder = embedder
        self.loaded = loaded
        self.renderer = Renderer()
        arrays = loaded.arrays
        self._row = {p.id: i for i, p in enumerate(loaded.passages)}
        self._sentence_vectors = np.asarray(arrays["sentence_vectors"], dtype=np.float32)
        self._offsets = arrays["sentence_offsets"]
        lexical = LexicalIndex.open(loaded.path, loaded.passages)
        synonyms = Synonyms.from_arrays(arrays, lexical.vocabulary())
        self.retriever = HybridRetriever(
            loaded.passages,
            loaded.index,
            np.asarray(arrays["faq_vectors"], dtype=np.float32),
            np.asarray(arrays["faq_rows"], dtype=np.int64),
            lexical,
            synonyms,
        )
        self.context = (
            ContextWords(embedder.encode_tokens, settings.context_cache_size, stored_words(loaded))
            if settings.context_cache_size
            else None
        )
        # The model's whole-word vocabulary: everyday English words, and well-known names.
        known = embedder.model.tokenizer.get_vocab() if hasattr(embedder, "model") else {}
        self.answerer = Answerer(
            AnswerPolicy(
                min_confidence=settings.min_confidence, max_sentences=settings.max_sentences
            ),
            self.sentence_vectors,
            Lexicon(arrays["lexicon_words"], arrays["lexicon_vectors"]),
            rows=row_contrasts(loaded.passages),
            # A word the documents only capitalise is a name in any case ("mythos"), unless it
            # is an everyday word that names only make capitalised ("Lakeside Park": "park").
            names=frozenset(n for n in stored_names(loaded) if n not in known),
            context=self.context,
            everywhere=title_words(loaded.passages),
            vocabulary=lexical.vocabulary(),
            synonyms=synonyms,
        )
        # An FAQ question asked verbatim reuses the vector stored at build time: no model call.
        self._faq_by_text = {
            normalize(loaded.passages[int(row)].question or ""): j
            for j, row in enumerate(self.retriever.faq_rows)
        }
        self.cache = AnswerCache(settings.cache_size)
        self.lead = lead_passage(loaded.passages)
        # What a greeting or "what can you do?" offers: the documents' titles (the main one
        # first) and the curated FAQ's first questions.
        self.titles = document_titles(loaded.passages, self.lead)
        self.starters = [p.question for p in loaded.passages if p.question][:3]
        self.speller = Speller(
            (p.search_text + " " + p.section + " " + p.title for p in loaded.passages),
            (w for w in known if w.isalpha()),
            is_word=is_english_word,
        )

    @classmethod
    def open(cls, settings: Settings, notify: Notify | None = None) -> Engine:
        """Load the model and the index (building it if needed)."""
        embedder = Embedder(settings.model)
        return cls(settings, embedder, open_index(settings, embedder, notify))

    def reloaded(self) -> Engine:
        """A new engine on the index now on disk, sharing this one's model.

        Raises IndexLoadError (naming the file) for a missing, corrupt or mismatched index;
        the caller keeps serving with this engine. Nothing is built here: `faqbot build` does
        that, and a server only takes up what was built.
        """
        loaded = read_index(self.settings.index_dir)
        check_compatible(
            loaded.manifest,
            model=self.settings.model,
            dimension=self.embedder.dimension,
            fingerprint=None,
            path=self.settings.index_dir,
        )
        _check_arrays(loaded)
        return Engine(self.settings, self.embedder, loaded)

    def sentence_vectors(self, passage: Passage) -> np.ndarray:
        """Embeddings of a passage's sentences, in order."""
        row = self._row[passage.id]
        return self._sentence_vectors[self._offsets[row] : self._offsets[row + 1]]

    def query_text(self, request: Request) -> str:
        """What is searched for: typo-corrected, with follow-ups resolved against history."""
        history = [self.speller.correct(strip_chat(h)) for h in request.history]
        return resolve(self.speller.correct(strip_chat(request.question)), history)

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer one question."""
        return self.ask_many([Request(question, tuple(history))])[0]

    def ask_many(self, requests: Sequence[Request]) -> list[Answer]:
        """Answer several questions, encoding them together in one batch (cached ones skip it)."""
        answers = [self.cache.get(r.question, r.history) for r in requests]
        todo = [i for i, a in enumerate(answers) if a is None]
        texts = [self.query_text(requests[i]) for i in todo]
        vectors = self._query_vectors([requests[i] for i in todo], texts)
        for i, text, vector in zip(todo, texts, vectors, strict=True):
            request = requests[i]
            answers[i] = answer = self.answer_with(request, text, vector)
            self.cache.put(request.question, request.history, answer)
        return [a for a in answers if a is not None]

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors: an FAQ question's stored vector, the model for everything else."""
        vectors = np.zeros((len(texts), self.embedder.dimension), np.float32)
        stored = [self._faq_by_text.get(normalize(t)) for t in texts]
        missing = [i for i, j in enumerate(stored) if j is None]
        if missing:
            asked = [texts[i] for i in missing]
            # One forward pass gives the vector and the words as read in the question, which
            # the answerer matches to passages' words.
            if self.context is None:
                vectors[missing] = self.embedder.encode(asked)
            else:
                vectors[missing], states = self.embedder.encode_with_tokens(asked)
                self.context.remember(asked, states)
        for i, j in enumerate(stored):
            if j is not None:
                vectors[i] = self.retriever.faq_vectors[j]
        return vectors

    def _query_vectors(self, requests: Sequence[Request], texts: Sequence[str]) -> np.ndarray:
        """The requests' query vectors; chat and compound questions, which `trace` answers
        without theirs, cost no model call (their rows stay zero)."""
        vectors = np.zeros((len(texts), self.embedder.dimension), np.float32)
        own = [i for i, r in enumerate(requests) if len(self._route(r.question)[2]) == 1]
        if own:
            vectors[own] = self.encode_queries([texts[i] for i in own])
        return vectors

    @staticmethod
    def _route(question: str) -> tuple[Chat | None, str, list[str]]:
        """What a question is: chat, or the question without chat around it, and its parts."""
        asked = strip_chat(question)  # "Hi, what is X?" asks "what is X?"
        chat = chat_kind(question) or chat_kind(asked)  # "Hey, thanks!"
        return chat, asked, [] if chat else split_question(asked)

    def clear_cache(self) -> None:
        """Forget cached answers (call after the index is reloaded)."""
        self.cache.clear()

    def answer_with(self, request: Request, query_text: str, vector: np.ndarray) -> Answer:
        """Retrieve and compose the answer for a question whose query is already embedded."""
        return self.trace(request, query_text, vector).answer

    def explain(self, request: Request) -> Trace:
        """Answer one question and keep the retrieval trace (for evaluation and debugging)."""
        text = self.query_text(request)
        return self.trace(request, text, self._query_vectors([request], [text])[0])

    def trace(self, request: Request, query_text: str, vector: np.ndarray) -> Trace:
        """Retrieve, compose and render; returns the answer with the hits it came from."""
        chat, asked, parts = self._route(request.question)
        if chat is not None:
            return Trace(query_text, (), self._chat(request.question, chat))
        if len(parts) > 1:
            trace = self._trace_parts(Request(asked, request.history), parts)
        else:
            trace = self._trace_one(Request(asked, request.history), query_text, vector)
        trace.answer.question = request.question  # shown as asked
        return trace

    def _chat(self, question: str, kind: Chat) -> Answer:
        """A greeting, thanks or "what can you do?": what the bot answers from, and starters."""
        starters = [] if kind == "thanks" else self.starters
        answer = Answer(question, False, "", 0.0, suggestions=starters, via="chat")
        answer.answer = self.renderer.chat(kind, self.titles)
        return answer

    def _trace_parts(self, request: Request, parts: Sequence[str]) -> Trace:
        """Answer each part of a compound question, later parts as follow-ups, and merge."""
        requests = [Request(part, (*request.history, *parts[:i])) for i, part in enumerate(parts)]
        texts = [self.query_text(r) for r in requests]
        vectors = self.encode_queries(texts)
        traces = [
            self._trace_one(r, t, v) for r, t, v in zip(requests, texts, vectors, strict=True)
        ]
        answer = merge_answers(request.question, [t.answer for t in traces])
        answer.answer = self.renderer.body(answer)
        hits = {h.passage.id: h for t in traces for h in t.hits}
        return Trace(" | ".join(texts), tuple(hits.values()), answer)

    def _holders_first(
        self, query: Query, hits: list[Hit], holds: Callable[[str], bool]
    ) -> list[Hit]:
        """Hits led by passages with a sentence that `holds`, when none of the passages the
        answerer reads has one: "what is the museum phone number?" shares no word with "call
        our Visitor Services team on 01632 960 418"."""

        def has(hit: Hit) -> bool:
            return any(holds(s) for s in hit.passage.sentences)

        if any(has(h) for h in hits[: self.answerer.policy.candidate_passages]):
            return hits
        deeper = self.retriever.search(query, max(HOLDER_DEPTH, self.settings.top_k))
        holding = [h for h in deeper if has(h)]
        ids = {h.passage.id for h in holding}
        return [*holding, *(h for h in hits if h.passage.id not in ids)][: self.settings.top_k]

    def _trace_one(self, request: Request, query_text: str, vector: np.ndarray) -> Trace:
        query = Query(query_text, vector)
        hits = self.retriever.search(query, self.settings.top_k)
        # The kind of fact asked for (and who is asked about), and the words an answer must
        # back, are read from the typo-corrected question: "what did bessant say" asks what
        # Bessent said, and "is tiawan mentiond" is about Taiwan.
        corrected = self.speller.correct(request.question)
        needs = question_needs(corrected)
        if needs and all(n.kind in FOUND_BY_MARK for n in needs):
            # A phone number or an email is told by its form wherever it stands; what else was
            # discussed, by "also" or "alongside", while the topic set aside leads the ranking.
            hits = self._holders_first(query, hits, lambda s: satisfies_all(needs, s))
        elif (thing := placed_thing(corrected)) is not None:
            # "Where is the museum?": "museum" is in most passages, and "The museum stands at
            # 14 Harbour Terrace" may rank far down.
            hits = self._holders_first(query, hits, lambda s: places(thing, s, needs))
        faq_sims = self.retriever.faq_similarity(query)
        faq: tuple[Passage, float] | None = None
        runner_up = 0.0
        suggestions: list[str] = []
        if len(faq_sims):
            order = np.argsort(-faq_sims)
            best = int(order[0])
            faq = (self.loaded.passages[int(self.retriever.faq_rows[best])], float(faq_sims[best]))
            runner_up = float(faq_sims[order[1]]) if len(order) > 1 else 0.0
            suggestions = [
                self.loaded.passages[int(self.retriever.faq_rows[j])].question or ""
                for j in order[:4]
            ]
        if self.lead is not None and asks_for_overview(request.question, request.history):
            answer = self.answerer.overview(request.question, self.lead, suggestions)
        else:
            answer = self.answerer.compose(
                corrected, query_text, vector, hits, faq, suggestions, needs, runner_up
            )
            answer.question = request.question  # shown as asked
        answer.answer = self.renderer.body(answer)
        return Trace(query_text, tuple(hits), answer)
