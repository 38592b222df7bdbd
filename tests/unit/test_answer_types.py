"""The kinds of fact a question asks for, and whether a sentence holds them."""

from __future__ import annotations

from app.answer_types import Kind, question_needs, satisfies_all


def kinds(question: str) -> list[Kind]:
    return [n.kind for n in question_needs(question)]


def test_a_question_can_ask_for_an_amount_and_a_prospect_at_once() -> None:
    assert kinds("How much revenue will the firm make from the deal?") == [
        Kind.FUTURE,
        Kind.MONEY,
    ]
    needs = question_needs("How much revenue will the firm make from the deal?")
    # A hedge ("may") without an amount does not answer it.
    assert not satisfies_all(needs, "Critics warn that the deal may help rivals.")
    assert satisfies_all(needs, "The firm will make $3 billion from the deal.")


def test_a_date_need_replaces_the_looser_time_need() -> None:
    assert kinds("When was the company founded?") == [Kind.DATE]
    assert kinds("When will the rules take effect?") == [Kind.TIME, Kind.FUTURE]


def test_plain_questions_need_nothing_in_particular() -> None:
    assert kinds("Why are the talks happening?") == [Kind.ANY]


def test_which_asks_for_a_name_or_list_the_question_does_not_hold() -> None:
    needs = question_needs("Which company's model raised the concerns?")
    assert [n.kind for n in needs] == [Kind.IDENTIFY]
    assert satisfies_all(needs, "Concerns grew after the release of Acme's Zephyr model.")
    # Naming only what the question already names identifies nothing.
    assert not satisfies_all(needs, "The model raised concerns across the industry.")
    us = question_needs("Which US company's model raised the concerns?")
    assert not satisfies_all(us, "Concerns grew in the U.S. after the model's release.")
    listing = question_needs("Which matters were also discussed?")
    assert satisfies_all(listing, "They also discussed market access, farm imports, and trade.")


def test_which_of_and_which_city_are_not_identify_needs() -> None:
    assert kinds("Which of the two plans is cheaper?") == [Kind.ANY]
    assert kinds("In which city are the talks?") == [Kind.PLACE]


def test_a_conditional_question_needs_a_sentence_stating_a_condition() -> None:
    for question in (
        "Would the talks happen if China were ahead?",
        "If the rules fail, what will the firms do?",
        "Suppose the rival were winning: would the talks go on?",
    ):
        assert Kind.CONDITION in kinds(question), question
    needs = question_needs("Would the talks happen if China were ahead?")
    assert satisfies_all(needs, "Talks would not be on the table if China held the advantage.")
    # A sentence about the talks that states no condition does not say what would happen.
    assert not satisfies_all(needs, "The talks are happening for the first time.")
    # "if" in a question that asks about no outcome is not a condition.
    assert kinds("If I may ask, who leads the talks?") == [Kind.ANY]


def test_where_needs_a_place_the_question_does_not_already_name() -> None:
    needs = question_needs("Where in Lorien are the talks being held?")
    assert [n.kind for n in needs] == [Kind.PLACE]
    assert not satisfies_all(needs, "The talks in Lorien began this week.")
    assert satisfies_all(needs, "The talks are held at the Varga Palace.")
    where = question_needs("Where are the talks?")
    assert satisfies_all(where, "The talks began in Lorien during the visit.")
    # A capitalised word that modifies a noun is no place: "closer to US levels".
    assert not satisfies_all(where, "Its models are getting closer to US levels.")


def test_how_did_someone_react_asks_for_that_partys_own_response() -> None:
    needs = question_needs("How did Lorien's government react to the summit?")
    assert [n.kind for n in needs] == [Kind.SAYS]
    assert not satisfies_all(needs, "The summit touched on Lorien, a sensitive issue.")
    assert satisfies_all(needs, "Lorien's government said the summit was a success.")


def test_while_marks_a_contrast_not_a_time() -> None:
    needs = question_needs("When will the protocol take effect?")
    assert not satisfies_all(needs, "While the state intends to apply the protocol, it may wait.")
    assert satisfies_all(needs, "The protocol will take effect in March 2027.")


def test_which_property_asks_for_a_description_not_a_name() -> None:
    assert kinds("Which property of generative AI do the rules manage?") == [Kind.ANY]
    assert kinds("Which kind of chips were cleared?") == [Kind.ANY]
    assert kinds("Which model raised the fears?") == [Kind.IDENTIFY]


def test_what_about_moves_the_topic_rather_than_asking_for_names() -> None:
    assert kinds("What about American companies?") == [Kind.ANY]
    assert kinds("What companies were cleared to buy chips?") == [Kind.NAMES]


def test_what_are_critics_afraid_of_asks_what_not_which_critics() -> None:
    assert Kind.NAMES not in kinds("What are critics afraid the sales could do?")
    assert Kind.NAMES not in kinds("What risk do critics see in the sales?")
    assert kinds("What Chinese firms were cleared to buy chips?") == [Kind.NAMES]


def test_the_next_round_is_a_prospect() -> None:
    needs = question_needs("When is the next round of talks?")
    assert Kind.FUTURE in [n.kind for n in needs]
    assert not satisfies_all(needs, "The talks are happening during the state visit.")
    assert satisfies_all(needs, "A second round is expected in Lorien next month.")


def test_a_definite_party_speaks_and_reacts_but_a_document_only_says() -> None:
    assert question_needs("How did the markets react to the summit?")[0].focus == ("markets",)
    assert kinds("How did the article react to the summit?") == [Kind.ANY]
    assert kinds("What does the artical say about the talks?") == [Kind.ANY]
    said = question_needs("What did the Lorien foreign ministry say?")[0]
    assert said.kind is Kind.SAYS
    assert set(said.focus) == {"lorien", "foreign", "ministry"}


def test_what_is_the_population_asks_for_a_number() -> None:
    needs = question_needs("What is the population of Lorien?")
    assert [n.kind for n in needs] == [Kind.NUMBER]
    assert not satisfies_all(needs, "Lorien's status is a common denominator in ties.")
    assert satisfies_all(needs, "Lorien has 23 million people.")


def test_a_time_the_question_already_holds_is_no_answer() -> None:
    needs = question_needs("When did the earlier bans start?")
    assert not satisfies_all(needs, "These units are less capable than those of earlier bans.")
    assert satisfies_all(needs, "The bans started in 2022.")


def test_a_speaker_named_only_by_titles_is_still_a_speaker() -> None:
    said = question_needs("What did the Lorien president say about chips?")[0]
    assert said.kind is Kind.SAYS and set(said.focus) == {"lorien"}
    titles = question_needs("What did the Chinese president say about chips?")[0]
    assert titles.kind is Kind.SAYS and set(titles.focus) == {"chinese", "president"}
    assert not satisfies_all([titles], "Critics warn that the chips may help the military.")
    assert satisfies_all([titles], "President Xi Jinping said the chips were welcome.")


def test_how_much_of_asks_for_a_share() -> None:
    needs = question_needs("How much of the chip supply was sold?")
    assert [n.kind for n in needs] == [Kind.NUMBER]
    assert not satisfies_all(needs, "The government cleared the firms to buy the chips.")


def test_days_and_billing_periods_are_times() -> None:
    needs = question_needs("When are invoices sent?")
    assert satisfies_all(needs, "Invoices are emailed on the first day of each billing period.")
    assert satisfies_all(needs, "Invoices are emailed monthly.")
    assert not satisfies_all(needs, "Invoices are emailed to the workspace owner.")


def test_a_rate_per_thing_does_not_count_things() -> None:
    needs = question_needs("How many users can a workspace have?")
    assert not satisfies_all(needs, "The plan costs $8 per user per month.")
    assert satisfies_all(needs, "A workspace can have up to 50 users.")


def test_where_in_an_app_is_under_a_menu() -> None:
    needs = question_needs("Where do I turn on two-factor authentication?")
    assert satisfies_all(needs, "It can be turned on under Settings > Security.")


def test_what_critics_fear_is_a_clause_not_a_question_about_names() -> None:
    assert kinds("I want to know what critics fear.") == [Kind.ANY]
    assert kinds("What firms were cleared?") == [Kind.NAMES]
    assert kinds("Which companies make chips?") == [Kind.NAMES]


def test_members_may_be_listed_by_kind_unless_names_are_asked_for() -> None:
    which = question_needs("Which groups do the rules keep away from AI?")
    listed = "The rules keep out non-state actors, including criminal gangs and terrorist groups."
    assert satisfies_all(which, listed)
    named = question_needs("Which groups were named as a threat?")
    assert not satisfies_all(named, listed)
    assert satisfies_all(named, "The threats named were Lorien, Varga and Orsolya.")


def test_when_in_a_clause_asks_for_no_time() -> None:
    assert kinds("What happens when I go back online?") == [Kind.ANY]
    assert kinds("When's the summit?") == [Kind.TIME]
    assert kinds("And when exactly did it start?") == [Kind.TIME]


def test_what_the_question_says_of_the_counted_things_must_hold() -> None:
    needs = question_needs("How many vacation days do employees get?")
    assert not satisfies_all(needs, "Employees must book travel at least 14 days ahead.")
    assert satisfies_all(needs, "Employees get 25 vacation days a year.")


def test_a_definite_name_and_what_follows_it_are_a_place() -> None:
    needs = question_needs("Where should travel be booked?")
    assert satisfies_all(needs, "Book all travel through the Globex travel portal.")


def test_will_i_asks_about_a_standing_rule_not_a_prospect() -> None:
    assert Kind.FUTURE not in kinds("Will I be charged for extra storage?")
    assert Kind.FUTURE in kinds("Will China sign the protocol?")
    assert kinds("Whose approval do I need?") == [Kind.ANY]


def test_free_is_a_price_and_a_names_number_is_no_quantity() -> None:
    assert satisfies_all(question_needs("How much does the update cost?"), "It is a free update.")
    size = question_needs("How big is the download?")
    assert not satisfies_all(size, "It is free for every Orbit 3 licence.")
    assert satisfies_all(size, "The download is about 180 MB.")


def test_the_number_a_name_carries_identifies_it() -> None:
    needs = question_needs("Which Android versions support dark mode?")
    assert satisfies_all(needs, "Dark mode works on Android 12 and later.")
    assert not satisfies_all(needs, "Dark mode works on Android phones.")


def test_clock_times_and_weekdays_are_times() -> None:
    needs = question_needs("When is the branch open on Saturdays?")
    assert satisfies_all(needs, "It is open from 10:00 to 16:00 on Saturdays.")
    assert satisfies_all(question_needs("When does it open?"), "It opens at 9 am.")
    assert satisfies_all(question_needs("When does it open?"), "It opens on weekdays only.")


def test_fines_are_amounts_of_money_in_any_coin() -> None:
    needs = question_needs("What is the fine for a late book?")
    assert [n.kind for n in needs] == [Kind.MONEY]
    assert satisfies_all(needs, "Late returns cost 20 cents per item per day.")
    assert satisfies_all(needs, "A lost item is charged at its replacement cost.")
    assert not satisfies_all(needs, "Late books must be returned to the desk.")
