"""The engine on corpora unlike the news article: a made-up app's help page and YAML FAQ
(tests/data/acme), a made-up travel policy as an HTML page with a plain-text Q:/A: FAQ
(tests/data/globex), made-up release notes in Markdown with a JSON FAQ (tests/data/orbit), and
a made-up public library's guide with a YAML FAQ (tests/data/library), and a made-up city's
waste collection page in HTML with a JSON FAQ (tests/data/harbor, written by a helper that never
saw the engine). A larger one, a made-up bike-share scheme's help centre in all four formats
(tests/data/pinecrest: Markdown with a table, HTML, a YAML FAQ, notices in plain text with Q:/A:
blocks), was written by one helper and its 64 questions by another that saw only the corpus;
its odd-numbered half is for development and its even half is held out. A second one written
the same way, a made-up museum's visitor help centre (tests/data/meridian: Markdown with a
ticket table, HTML, a JSON FAQ, notices with Q:/A: blocks), was first run on 2026-12-02, and
a third, a made-up health centre's patient guide (tests/data/clinic), later that day, and a
fourth, a made-up rail operator's passenger guide (tests/data/railway), the day after.

Their labelled questions were written before the engine was run on them; nothing was tuned on
them. The floors sit a little under today's figures (README: Quality), so a rule that only
suits the article shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from app.engine import Engine
from app.evaluate import evaluate, load_questions

DATA = Path(__file__).resolve().parent.parent / "data"
# corpus: (answer accuracy, out-of-scope refusals) floors
FLOORS = {
    "acme": (0.81, 0.875),
    "globex": (0.85, 0.57),
    "orbit": (0.92, 0.57),
    "library": (0.71, 0.57),
    "harbor": (0.87, 0.75),
}

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_answers_and_refusals_carry_over_to_another_corpus(
    tmp_path: Path, settings: Settings, name: str
) -> None:
    folder = DATA / name
    other = settings.model_copy(
        update={"corpus_dir": folder / "corpus", "index_dir": tmp_path / "index"}
    )
    report = evaluate(Engine.open(other), load_questions(folder / "questions.yaml"))["other"]
    assert report.in_scope >= 14 and report.out_of_scope >= 7
    accuracy, refusal = FLOORS[name]
    assert report.accuracy >= accuracy, report.failures
    assert report.refusal_rate >= refusal, report.failures


# help centre: split: (answer accuracy, out-of-scope refusals) floors
HELP_CENTRE_FLOORS = {
    "pinecrest": {"dev": (0.65, 0.75), "heldout": (0.60, 0.41)},
    "meridian": {"dev": (0.65, 0.9), "heldout": (0.60, 0.58)},
    # First run 81.0 / 66.7 dev, 66.7 / 55.6 held out.
    "clinic": {"dev": (0.80, 0.55), "heldout": (0.61, 0.44)},
    # First run 77.8 / 41.7 dev, 44.4 / 33.3 held out; dev refusals 50.0 with the days rule,
    # 75.0 with the asked-thing rule (2026-12-02, seventh session).
    "railway": {"dev": (0.72, 0.66), "heldout": (0.38, 0.25)},
}
# in-scope and out-of-scope questions per split
HELP_CENTRE_SIZES = {
    "pinecrest": (20, 12),
    "meridian": (20, 12),
    "clinic": (21, 9),
    "railway": (18, 12),
}


@pytest.fixture(scope="module")
def help_centres(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> dict[str, Engine]:
    """Each help centre's engine, its index built once for the module."""
    engines = {}
    for name in HELP_CENTRE_FLOORS:
        index = tmp_path_factory.mktemp(f"{name}-index")
        other = settings.model_copy(
            update={"corpus_dir": DATA / name / "corpus", "index_dir": index}
        )
        engines[name] = Engine.open(other)
    return engines


@pytest.mark.parametrize("name", sorted(HELP_CENTRE_FLOORS))
def test_a_help_centre_in_four_formats(help_centres: dict[str, Engine], name: str) -> None:
    folder = DATA / name
    engine = help_centres[name]
    assert len({p.source for p in engine.loaded.passages}) == 4  # every format was read
    reports = evaluate(engine, load_questions(folder / "questions.yaml"))
    for split, (accuracy, refusal) in HELP_CENTRE_FLOORS[name].items():
        report = reports[split]
        assert (report.in_scope, report.out_of_scope) == HELP_CENTRE_SIZES[name]
        # Held-out failures are not printed: reading them would make them dev questions.
        shown = report.failures if split == "dev" else len(report.failures)
        assert report.accuracy >= accuracy, shown
        assert report.refusal_rate >= refusal, shown


@pytest.mark.parametrize(
    ("name", "question", "expected"),
    [
        # The sentence holding the number shares no word with the question: it is looked for
        # below the passages the answerer reads first.
        ("meridian", "what is the museum phone number?", "01632 960 418"),
        ("pinecrest", "what is the support phone number?", "1-888-555-0142"),
        # Its passage never names "Pinecrest Bikes", which every document's title does.
        ("pinecrest", "What number do I ring to talk to Pinecrest Bikes support?", "555-0142"),
        ("meridian", "what is the email for lost property?", "lostproperty@"),
    ],
)
def test_a_contact_detail_is_found_by_its_form(
    help_centres: dict[str, Engine], name: str, question: str, expected: str
) -> None:
    answer = help_centres[name].ask(question)
    assert answer.answered and expected in answer.answer


@pytest.mark.parametrize(
    ("name", "question"),
    [
        # Whose email: the documents give no CEO's or mayor's, only others.
        ("meridian", "what is the ceo's email?"),
        ("pinecrest", "what is the mayor's email?"),
        ("meridian", "what is the director's phone number?"),
    ],
)
def test_someone_elses_contact_detail_is_no_answer(
    help_centres: dict[str, Engine], name: str, question: str
) -> None:
    assert not help_centres[name].ask(question).answered


def test_where_is_the_place_is_found_below_the_passages_read_first(
    help_centres: dict[str, Engine],
) -> None:
    """ "museum" is in most passages; the one that places the museum ranked 11th."""
    for question in ("where is the museum?", "whats the adress of the musuem"):
        answer = help_centres["meridian"].ask(question)
        assert answer.answered and "14 Harbour Terrace" in answer.answer, question


def test_a_code_of_a_listed_family_is_a_value_the_list_answers_for(
    help_centres: dict[str, Engine],
) -> None:
    """The guide lists "HW1, HW2, HW3 and HW4": "HW5" asks whether it is among them."""
    answer = help_centres["clinic"].ask("do i have to live in the area to register? I live in HW5")
    assert answer.answered and "HW4" in answer.answer, answer.answer


def test_a_yes_no_question_gets_an_faq_reply_it_backs_without_the_yes(
    help_centres: dict[str, Engine],
) -> None:
    """ "Yes, you can ask for a particular GP when you book." answers whether one may, and
    quoted without its "Yes" it says so in its own words."""
    answer = help_centres["clinic"].ask("is it possible to ask for a particular doctor?")
    assert answer.answered and "ask for a particular GP" in answer.answer, answer.answer


def test_a_particle_does_not_pull_in_an_unrelated_sentence(
    help_centres: dict[str, Engine],
) -> None:
    """ "…fossils found along a 30-mile stretch of coastline, … discovered by a dog walker"
    shares "bring", "dog" and "along" with the question; the FAQ on dogs answers it."""
    answer = help_centres["meridian"].ask("can we bring our dog along?")
    assert answer.answered and "pets are not allowed" in answer.answer, answer.answer


def test_a_named_persons_unstated_service_is_refused(help_centres: dict[str, Engine]) -> None:
    """The guide says Sarah Lindqvist is the physiotherapist; the model's vocabulary lacks
    "reflexology", yet it is an English word the answer must back, not a typo."""
    answer = help_centres["clinic"].ask("Does Sarah Lindqvist do reflexology?")
    assert not answer.answered, answer.answer
    assert help_centres["clinic"].ask("What does Sarah Lindqvist do?").answered


def test_a_subsections_facts_are_its_parent_sections(help_centres: dict[str, Engine]) -> None:
    """The stations page lists each station's facilities under an h3 "Facilities": the list
    items name no station, their section does ("Kingsbridge Central / Facilities")."""
    answer = help_centres["railway"].ask("Is there a cafe at Kingsbridge Central?")
    assert answer.answered and "Cafe and newsagent" in answer.answer
    assert answer.sources[0].section == "Kingsbridge Central / Facilities"


def test_a_question_sharing_no_word_with_the_documents_is_refused(
    help_centres: dict[str, Engine],
) -> None:
    """ "bread" is near "cakes and sandwiches" as a word, but no word of the question is in
    the museum's pages and no passage is near it in meaning; a paraphrase that is near one
    ("a grown-up" for "adult") is still answered."""
    museum = help_centres["meridian"]
    assert not museum.ask("How do I bake sourdough bread?").answered
    answer = museum.ask("How much is it for a grown-up to get in?")
    assert answer.answered and "£" in answer.answer, answer.answer


def test_the_weather_somewhere_the_guide_names_is_not_a_timetable(
    help_centres: dict[str, Engine],
) -> None:
    """ "What's the weather going to be like" asks for the weather, as "what is the weather"
    does: Sunday's timetable change at Fenwick Quay does not tell it."""
    answer = help_centres["railway"].ask("What's the weather going to be like at Fenwick Quay?")
    assert not answer.answered, answer.answer


def test_who_spoke_is_answered_by_whoever_is_reported_speaking(
    help_centres: dict[str, Engine],
) -> None:
    """The notice on the new station says first that it opened; the councillor's words come
    later and match the question less, but only they say who spoke."""
    answer = help_centres["pinecrest"].ask("Who spoke when Harbourfront East opened?")
    assert answer.answered and "Miriam Castellanos" in answer.answer, answer.answer


_DELEGATIONS = """# Trade talks open in Geneva

## Delegations

The French delegation is led by Vice Premier Ada Kell, who arrived on Monday. The German side
is represented by Finance Minister Tom Brand.

Greenway Bikes was founded in 2015 by Ana Ruiz, a former city planner. The company runs the
city's bike share scheme.

## Agenda

The talks cover tariffs, rare earth exports and shipping. Officials expect them to last three
days.
"""


@pytest.fixture(scope="module")
def delegations(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Engine:
    """An engine over a short report that says who leads, represents and founded what."""
    corpus = tmp_path_factory.mktemp("delegations")
    (corpus / "talks.md").write_text(_DELEGATIONS, encoding="utf-8")
    index = tmp_path_factory.mktemp("delegations-index")
    return Engine.open(settings.model_copy(update={"corpus_dir": corpus, "index_dir": index}))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who leads the French delegation?", "Ada Kell"),
        ("Who heads France's delegation?", "Ada Kell"),  # "led by" says who heads it
        ("Who represents Germany at the talks?", "Tom Brand"),
        ("Who founded Greenway Bikes?", "Ana Ruiz"),
        ("Who runs the bike share scheme?", "The company runs"),
    ],
)
def test_who_holds_a_part_is_answered_by_the_sentence_saying_so(
    delegations: Engine, question: str, expected: str
) -> None:
    answer = delegations.ask(question)
    assert answer.answered and expected in answer.answer, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # Nobody is said to lead Germany's side, only to represent it; nor to represent France.
        "Who leads the German delegation?",
        "Who represented France at the talks?",
        "Who chairs the talks?",
    ],
)
def test_who_holds_a_part_no_sentence_gives_is_refused(delegations: Engine, question: str) -> None:
    """Word vectors put anyone named at the talks beside "who leads"; only a sentence saying
    someone leads (or heads, chairs) answers, and for the country asked about."""
    answer = delegations.ask(question)
    assert not answer.answered, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What time does the waiting room at Fenwick Quay close?",
        "What time does the car park at Fenwick Quay close?",
        "When does the lift at Fenwick Quay open?",
    ],
)
def test_hours_of_one_thing_are_not_another_things(
    help_centres: dict[str, Engine], question: str
) -> None:
    """Fenwick Quay's page gives the ticket office's hours only: they are no answer for the
    waiting room, the car park or the lift on the same page."""
    answer = help_centres["railway"].ask(question)
    assert not answer.answered, answer.answer


def test_hours_of_the_thing_the_page_gives_them_for_are_answered(
    help_centres: dict[str, Engine],
) -> None:
    answer = help_centres["railway"].ask("When does the ticket office at Fenwick Quay close?")
    assert answer.answered and "18:00" in answer.answer, answer.answer


def test_a_limit_of_one_kind_is_not_a_limit_of_another(help_centres: dict[str, Engine]) -> None:
    """The guide limits how many bags a passenger brings, not what they weigh; it says who
    may buy a railcard by age, in the sentence after the railcard's price ("It is…")."""
    railway = help_centres["railway"]
    refused = railway.ask("Is there a weight limit on bags?")
    assert not refused.answered, refused.answer
    answer = railway.ask("Is there an age limit for the Westmoor Railcard?")
    assert answer.answered and "aged 16" in answer.answer, answer.answer
    assert not help_centres["pinecrest"].ask("Is there a height limit for riders?").answered


@pytest.mark.parametrize(
    ("name", "question", "expected"),
    [
        # A list item under "Travel health" names the vaccine by its disease alone.
        ("clinic", "How much is the Japanese encephalitis vaccine?", "£95"),
        # The guide speaks for the practice as "we".
        ("clinic", "When does the practice close on Fridays?", "6:00pm"),
        # A speed is told by its unit.
        ("pinecrest", "what is the speed limit of the e-bikes", "25 km/h"),
        ("pinecrest", "how much is the fine for a stolen e-bike", "$2,500"),
    ],
)
def test_the_thing_asked_of_is_named_in_the_ways_guides_name_it(
    help_centres: dict[str, Engine], name: str, question: str, expected: str
) -> None:
    answer = help_centres[name].ask(question)
    assert answer.answered and expected in answer.answer, answer.answer


def test_who_leads_is_answered_by_a_title_saying_so(help_centres: dict[str, Engine]) -> None:
    """ "run by lead nurse Megan Pryce", "museum director Dr Helen…": titles say who leads."""
    clinic = help_centres["clinic"].ask("Who leads the travel clinic?")
    assert clinic.answered and "Megan Pryce" in clinic.answer, clinic.answer
    museum = help_centres["meridian"].ask("Who leads the museum?")
    assert museum.answered and "director" in museum.answer, museum.answer


@pytest.fixture(scope="module")
def travel_policy(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Engine:
    """The travel policy's engine (tests/data/globex), its index built once for the module."""
    index = tmp_path_factory.mktemp("globex-index")
    corpus = DATA / "globex" / "corpus"
    return Engine.open(settings.model_copy(update={"corpus_dir": corpus, "index_dir": index}))


@pytest.mark.parametrize(
    "question", ["How are taxi fares reimbursed?", "How are parking fees reimbursed?"]
)
def test_how_one_expense_is_paid_is_not_how_another_is(
    travel_policy: Engine, question: str
) -> None:
    """The travel policy says how mileage is reimbursed, and names no taxi fare or parking."""
    answer = travel_policy.ask(question)
    assert not answer.answered, answer.answer
