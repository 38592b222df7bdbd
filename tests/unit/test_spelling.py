"""Typo correction: the deletion index finds what a full scan of the vocabulary would."""

from __future__ import annotations

import random
import string

from rapidfuzz import fuzz, process

from app.spelling import DeletionIndex, Speller, deletions

CORPUS = [
    "Treasury Secretary Scott Bessent confirmed the talks in Beijing.",
    "Nvidia chips, the Mythos model, and safety guardrails for semiconductors.",
]


def test_deletions_up_to_depth() -> None:
    assert deletions("abc", 0) == {"abc"}
    assert deletions("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert deletions("abc", 2) == {"abc", "bc", "ac", "ab", "a", "b", "c"}


def test_common_typos_are_corrected() -> None:
    speller = Speller(CORPUS, known_words=["the", "what", "about"])
    assert speller.correct("what about Bessnet") == "what about bessent"  # swapped letters
    assert speller.correct("Nvidai") == "nvidia"
    assert speller.correct("Beijng") == "beijing"  # a missing letter
    assert speller.correct("guardrrails") == "guardrails"  # an extra letter
    assert speller.correct("semiconductprs") == "semiconductors"  # a changed letter


def test_known_and_short_words_are_left_alone() -> None:
    speller = Speller(CORPUS, known_words=["about"])
    assert speller.correct("Tell me about it, Bob.") == "Tell me about it, Bob."
    assert speller.correct("zzzzqqq") == "zzzzqqq"  # nothing close enough


def test_empty_vocabulary() -> None:
    assert Speller([], known_words=[]).correct("Bessnet") == "Bessnet"
    assert DeletionIndex([]).candidates("word") == []


def test_same_answer_as_a_full_scan_for_one_or_two_edit_typos() -> None:
    rnd = random.Random(7)
    vocab = sorted(
        {
            "".join(rnd.choice(string.ascii_lowercase) for _ in range(rnd.randint(4, 11)))
            for _ in range(3000)
        }
    )
    speller = Speller([" ".join(vocab)], known_words=[])
    checked = 0
    for word in rnd.sample(vocab, 300):
        letters = list(word)
        i = rnd.randrange(len(letters))
        edit = rnd.choice(["delete", "insert", "replace", "swap"])
        if edit == "delete":
            del letters[i]
        elif edit == "insert":
            letters.insert(i, rnd.choice(string.ascii_lowercase))
        elif edit == "replace":
            letters[i] = rnd.choice(string.ascii_lowercase)
        elif i + 1 < len(letters):
            letters[i], letters[i + 1] = letters[i + 1], letters[i]
        typo = "".join(letters)
        if len(typo) < 4 or typo in vocab:
            continue
        full = process.extractOne(typo, vocab, scorer=fuzz.ratio, score_cutoff=80)
        assert speller.correct_word(typo) == (full[0] if full else typo)
        checked += 1
    assert checked > 200


def test_were_opening_a_question_before_a_verb_is_where() -> None:
    speller = Speller(["the talks are in Beijing"], ["where", "were", "are"])
    assert speller.correct("were are the talks") == "where are the talks"
    assert speller.correct("Were is it?") == "Where is it?"
    assert speller.correct("Were the talks useful?") == "Were the talks useful?"  # a question


def test_shorthand_for_question_words_is_spelled_out() -> None:
    speller = Speller(["a day pass costs $12"], ["how", "much", "what", "time"])
    assert speller.correct("hw much is a day pass") == "how much is a day pass"
    assert speller.correct("Wht time is it?") == "What time is it?"
    # Only whole words: "show" is untouched; nor is a shorthand the corpus itself writes.
    assert speller.correct("show me") == "show me"
    assert Speller(["Minister Whr spoke"], ["how"]).correct("what did whr say") == (
        "what did whr say"
    )


def test_a_contraction_without_its_apostrophe_keeps_its_verb() -> None:
    """ "whats" is "what's", not "what": "what the weather like" no longer asks what it is."""
    speller = Speller(["what the weather does"], ["what", "that", "who"])
    assert speller.correct("whats the weather like") == "what's the weather like"
    assert speller.correct("Whos Bessent?") == "Who's Bessent?"
    assert speller.correct("what are its rules") == "what are its rules"


def test_a_typo_of_a_word_the_corpus_lacks_takes_the_one_closest_known_word() -> None:
    # The documents say "firms"; the question misspells "companies".
    known = ["how", "many", "companies", "announcement", "led", "lee", "lead", "dress", "what"]
    speller = Speller(["Ten firms may buy the chips."], known_words=known)
    assert speller.correct("how many compnaies") == "how many companies"
    assert speller.correct("the anouncement") == "the announcement"
    assert speller.correct("a tech leed") == "a tech leed"  # led or lee: no single best
    assert speller.correct("the adress") == "the adress"  # "dress" changes the first letter
    # A known word and an "s" is not taken for a typo of the word: a contraction (below).
    assert speller.correct("whats up") == "what's up"
    # A capitalised word the corpus lacks is taken for a name: "Lorien" is not "loren".
    assert Speller(["Ten firms."], known_words=["loren"]).correct("the Lorien team") == (
        "the Lorien team"
    )


def test_a_real_word_is_never_corrected() -> None:
    assert Speller(["think again"], []).correct("rethink") == "think"  # without a dictionary
    speller = Speller(["think again"], [], is_word=lambda word: word == "rethink")
    assert speller.correct("rethink") == "rethink"
