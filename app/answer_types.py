"""The kind of fact a question asks for (a time, an amount, a count), and whether text has one.

A sentence about the right things that lacks the asked-for kind of fact does not answer the
question: "When was Anthropic founded?" is not answered by a sentence about Anthropic's model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from rapidfuzz import fuzz, process

from app.attributes import (
    DESCRIBED,
    QUANTITY_NOUNS,
    TIME_NOUNS,
    asked_agent,
    asked_attribute,
    says_who,
)
from app.countries import CountryNames
from app.text import DOCUMENT_WORDS, STOPWORDS, WH_WORDS, stem, tokens


class Kind(Enum):
    """The kind of fact a question asks for."""

    ANY = "any"
    TIME = "time"  # when, or during what
    DATE = "date"  # an explicit calendar date or year
    YEAR = "year"  # what year: a year, which a day and month alone do not give
    MONEY = "money"
    NUMBER = "number"
    COUNT = "count"  # how many <things>: a number that counts those things
    SAYS = "says"  # what did <someone> say: a sentence reporting that person's words
    NAMES = "names"  # which firms / which critics: the members, by name
    PLACE = "place"  # where: a sentence that places something somewhere named
    FUTURE = "future"  # will X happen: only text about intentions or prospects can answer
    # would X happen if Y: only a sentence that states a condition can answer
    CONDITION = "condition"
    # which <thing>: the answer identifies it, by a name or a list the question does not hold
    IDENTIFY = "identify"
    # what is the <attribute> of X ("the weather in Beijing"): the answer must speak of it
    ATTRIBUTE = "attribute"
    # who is the <role> of X ("the ambassador to China"): the answer must name that very role
    ROLE = "role"
    # what email address / phone number / website: the answer must hold one, by its form
    CONTACT = "contact"
    # what are the opening hours: times of day or days of the week, not a duration
    HOURS = "hours"
    # what is <name>'s job / what position does <name> hold: a title given with the name
    TITLE = "title"
    # what else / anything other than X: a sentence that adds to X ("also", "alongside")
    ADDED = "added"
    # did the talks succeed / did they sign a deal: a sentence telling how something came out
    OUTCOME = "outcome"
    # what's the point / the aim of X, X is meant to do what: what X is there to do
    PURPOSE = "purpose"
    # who leads / founded / represents X: a sentence saying who does that ("led by", "founder")
    AGENT = "agent"
    # can the public use X / is X available to Y / who can get access: who may have it
    ACCESS = "access"
    # what did X do before becoming Y / X's previous job: an earlier time, told as earlier
    PRIOR = "prior"
    # when did X arrive / when is X coming back: one moment, which a stretch ("during the
    # visit") or a weekly day ("on Mondays") does not give
    MOMENT = "moment"


# Kinds told by a form or a marker wherever they stand (a phone number, "also", "if", "to
# prevent"), which the sentences nearest the question often lack: "Would the talks happen if
# China led?" is nearest to sentences about the talks, none of them conditional. Looked for
# deeper, not held to their margin.
FOUND_BY_MARK = frozenset(
    {Kind.CONTACT, Kind.ADDED, Kind.PURPOSE, Kind.CONDITION, Kind.AGENT, Kind.PRIOR}
)


_MONTH_NAMES = (
    "january february march april may june july august september october november december".split()
)
# "May" and "March" are also ordinary words; they count as months only beside a day number.
_MONTHS = (
    "|".join(m for m in _MONTH_NAMES if m not in ("may", "march"))
    + "|jan|feb|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    + r"(may|march) \d{1,2}\b|\b\d{1,2} (may|march)"
)
_NUMBER = re.compile(
    r"\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|"
    r"twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|several"
)
_DAYS = "mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekdays?|weekends?"
_ONE_DAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|twenty|thirty|"
    "forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|"
    "several|few|half|double|twice|percent"
)

# Plural nouns for people and organisations: "which critics" asks who they are, by name.
_MEMBERS = (
    "firms|companies|groups|critics|people|officials|organizations|organisations|experts|"
    "analysts|countries|nations|leaders|individuals|members|executives|businesses|negotiators|"
    "products|brands|vendors|manufacturers|suppliers|customers|buyers|partners"
)


# "What are critics afraid of?", "What risk do critics see?" ask what they fear, not which
# critics they are: an auxiliary ends the "which critics" reading.
_AUXILIARY = "are|is|was|were|do|does|did|have|has|had|can|could|will|would|should|might|must"
_YES_NO = re.compile(
    rf"^\s*(?:{_AUXILIARY}|may|isn['’]t|aren['’]t|don['’]t|doesn['’]t|didn['’]t|won['’]t|"
    r"can['’]t)\b",
    re.IGNORECASE,
)
_WH = re.compile(rf"\b(?:{WH_WORDS})\b", re.IGNORECASE)


def asks_yes_or_no(question: str) -> bool:
    """Whether the question wants a yes or a no ("Is it free?", not "Can you say why?")."""
    return bool(_YES_NO.match(question)) and not _WH.search(question)


# "What kind of groups…" asks what they are like: "criminal and terrorist groups" answers it.
_SORT_OF = r"(?:sorts?|kinds?|types?) of\b"
_EXACTLY = r"(?:exact |precise |specific |actual |particular )?"

# "What is Bessent's job?", "What position does Bessent hold?": the person's title. A person
# named, not one described ("the minister's job" is a shell, answered by what the job is).
# ("What role does Nvidia have?" asks what it does, and a firm holds no title.)
_POSTS = "job|position|title|post|office|occupation|profession"
_PERSON = (
    r"(?!(?:the|a|an|my|your|our|their|his|her|its|this|that|it|they|he|she|him)\b)"
    r"((?:[\w-]+ ){0,2}?[\w-]+)"
)
_TITLE_OF = re.compile(
    # ("Trump's position on Taiwan" is a stance, not a post.)
    rf"\bwhat(?:['’]s| is| was) {_PERSON}['’]s (?:{_POSTS})\b(?! (?:on|about|regarding|toward)\b)|"
    rf"\bwhat (?:{_POSTS}) (?:does|did|do) {_PERSON} (?:hold|have|occupy|fill)\b"
    r"(?! (?:on|about|regarding|toward)\b)|"
    rf"\bwhat does {_PERSON} do for (?:a living|work)\b"
)

# Not the asker's own case: "will I", "would you", "could we" ask about a standing rule.
_NOT_ASKER = r"(?! (?:i|you|we|my|your|our|me)\b)"

_AGREEMENT = r"(?:agreement|deal|treaty|protocol|accord|pact|consensus|settlement)"
_PURPOSE_NOUNS = "point|purpose|aim|goal|objective|idea"
_PURPOSE_VERBS = "intended|supposed|meant|designed"
# The words with which a question asks for a purpose ("What's the point of the guardrails?"):
# the need's, not words the answer must back; the thing asked of is what it must speak of.
PURPOSE_FRAMING = re.compile(
    rf"\b(?:{_PURPOSE_NOUNS}|{_PURPOSE_VERBS}|achieve|accomplish)s?\b", re.IGNORECASE
)
_QUESTION_NEEDS: list[tuple[Kind, re.Pattern[str]]] = [
    # "What's the point of the guardrails?", "The rules are meant to do what?": what the thing
    # is there to do, which a sentence about it need not tell. ("What is the wristband for?"
    # is left out: "show it when you return" tells a use without a word of purpose.)
    (
        Kind.PURPOSE,
        re.compile(
            r"\bwhat(?:['’]s| is| was| are| were) the (?:main |whole |real )?"
            rf"(?:{_PURPOSE_NOUNS})s? (?:of|behind)\b|"
            rf"\b(?:{_PURPOSE_VERBS}) to (?:do|achieve|accomplish)\b"
        ),
    ),
    # "Did the talks succeed?", "Did they sign an agreement in the end?", "What was the
    # outcome?": how something came out, which an account of it under way does not tell.
    (
        Kind.OUTCOME,
        re.compile(
            r"^\W*(?:(?:and|so|but) )?(?:did|have|has|had|was|were|will)\b.*\b(?:succeed(?:ed)?|"
            r"a success|successful|fail(?:ed)?|a failure|conclude(?:d)?|in the end|"
            rf"(?:sign(?:ed)?|reach(?:ed)?|strike|struck|make|made) (?:\w+ ){{0,3}}{_AGREEMENT})\b|"
            r"\b(?:the )?(?:outcome|result)s? of\b"
        ),
    ),
    (
        Kind.NAMES,
        re.compile(
            rf"\bwhich(?! {_SORT_OF})( (?!(?:{_AUXILIARY})\b)\w+){{0,2}} ({_MEMBERS})\b|"
            # "what firms were cleared?" asks which; "I want to know what critics fear" does not.
            rf"\bwhat(?! about\b)(?! {_SORT_OF})( (?!(?:{_AUXILIARY})\b)\w+){{0,2}} ({_MEMBERS})"
            rf"(?=\s+(?:{_AUXILIARY}|\w+ed)\b|\s*[?.!]*\s*$)|"
            r"\bgive (their|the) names?\b|"
            r"\bnames of the\b"
        ),
    ),
    (Kind.YEAR, re.compile(rf"\b(what|which) {_EXACTLY}year\b")),
    # "On what exact date…": how exact does not change what is asked.
    (Kind.DATE, re.compile(rf"\b(what|which) {_EXACTLY}(date|day|month)\b|\bsince when\b")),
    # "What time does it close?", "By what time…": a time of day, which no date gives.
    (Kind.HOURS, re.compile(rf"\b(what|which) {_EXACTLY}time\b(?! (?:zone|of (?:the )?year)\b)")),
    (
        Kind.DATE,
        re.compile(
            r"\bwhen (was|were|did) \w+( \w+)? "
            r"(founded|established|born|created|launched|started|introduced)\b"
        ),
    ),
    # "When are invoices sent?" asks for a time; "What happens when I go online?" does not.
    (
        Kind.TIME,
        re.compile(
            rf"\bwhen(?: \w+ly)? ({_AUXILIARY})\b|\bwhen['’]s\b|\bwhen\W*$|\bhow long ago\b"
        ),
    ),
    (
        Kind.IDENTIFY,
        re.compile(rf"^\s*(\w+ )?(which)\b(?! of\b)(?! ({DESCRIBED})\b)|\bthe name of\b"),
    ),
    # "Will China sign?" asks about a prospect; "Will I be charged?" about a standing rule.
    (
        Kind.FUTURE,
        re.compile(
            rf"\b(will|shall)\b{_NOT_ASKER}|\b(next|upcoming)\b|"
            r"\b(is|are) \w+( \w+)? going to\b"
        ),
    ),
    (
        Kind.CONDITION,
        # "If the rules fail, what will the firms do?" asks what would follow; "If I lose the
        # bike, how much will I pay?" asks the user's own case, which a standing rule answers.
        re.compile(
            rf"\b(would|will|could|might|should)\b{_NOT_ASKER}.*\b(if|unless)\b|"
            rf"\b(if|unless)\b.*\b(would|will|could|might)\b{_NOT_ASKER}|"
            r"^\s*(suppose|imagine|what if)\b"
        ),
    ),
    (
        Kind.CONTACT,
        re.compile(
            r"\b(what|which)(?:['’]s| is)?(?: the| an| a| your| their| its)? "
            r"(?:[\w-]+(?:['’]s)? )?(e-?mail address|e-?mail|phone number|telephone number|"
            r"number to call|website|web address|web site|url)\b|"
            # "What number do I ring?": a phone number, not a figure.
            r"\bwhat (?:phone |telephone )?number (?:do|does|should|can|could|would|will) "
            r"\w+ (?:call|ring|dial|phone|text|use)\b"
        ),
    ),
    (
        Kind.PLACE,
        re.compile(
            r"^\s*where\b|\bin (which|what) (city|country|place|town)\b|"
            # What a street address is, not an email or web one (those are contact details);
            # "how do I change my address?" asks how, not where.
            r"\b(?:what|which)(?:['’]?s| is| are)? (?:the |your |its |their |our )?"
            r"(?:[\w-]+(?:['’]s?)? ){0,2}(?<!mail )(?<!web )(?<!ip )address(?:es)?\b"
        ),
    ),
    (Kind.TITLE, _TITLE_OF),
    # "Apart from AI safety, what else…?", "Anything other than X?": what comes beside X.
    (
        Kind.ADDED,
        re.compile(
            r"\b(?:what|who|where|anything|anyone|something) else\b|\bother than\b|"
            r"\bapart from\b|\baside from\b|\bbesides\b|\bin addition to\b"
        ),
    ),
    # "Can the public use the model?", "Is it available to Chinese firms?", "Who can get access
    # to it?", "Are they restricting who can use it?": who may have the thing, which a sentence
    # on what it does does not tell. ("How do I give a colleague access?" asks how, and "the
    # most powerful ones available" asks nothing of who may have them.)
    (
        Kind.ACCESS,
        re.compile(
            r"\bavailable (?:to|for)\b|\bmak\w* (?:[\w'’-]+ ){1,3}available\b|"
            r"\bwho (?:can|could|may|is allowed to|gets to) (?:use|access|download|buy|try)\b|"
            r"\b(?:can|could|may) (?:the (?:general )?public|anyone|everyone|ordinary people|"
            r"members of the public|consumers) (?:\w+ )?(?:use|access|download|buy|try|get)\b|"
            r"\b(?:get|gets|getting|gain|gains|gained|have|has|had) access to\b|"
            r"\brestrict\w* (?:who|access|its use|the use)\b|\bopen to the public\b|"
            # "Is Anthropic letting Chinese companies use Mythos?"
            r"\b(?:is|are|was|were|will|does|do|did) [\w'’ -]{1,30}? (?:let|letting|allow|"
            r"allowing|permit|permitting) [\w'’ -]{1,30}? (?:use|access|buy|download|have)\b|"
            r"\bpublicly available\b|\bopen[- ]source\b"
        ),
    ),
    # "What job did Bessent have before becoming Treasury Secretary?", "Who was minister
    # before her?", "What was his previous job?": a time before the one the documents tell,
    # which a sentence on the present post does not tell. ("Have they talked before?" asks
    # whether, and "before my holiday" when.)
    (
        Kind.PRIOR,
        re.compile(
            r"\b(?:before|prior to) (?:becoming|being|joining|entering|going into|taking (?:up|on|"
            r"over)|(?:he|she|they) (?:became|was|were|joined|took))\b|"
            r"\bprevious(?:ly)? (?:job|role|post|position|career|employer|work|title)s?\b|"
            r"\bwhat (?:\w+ )?did [\w'’. -]{1,40} do (?:before|previously|earlier)\b|"
            r"\bused to (?:be|work|run|lead)\b|\bformerly\b|"
            r"\bwho (?:was|were) (?:the )?[\w -]{1,40} before\b"
        ),
    ),
    (
        Kind.MONEY,
        re.compile(
            r"\bhow much (does|do|did|is|are|was|were|will|would|money|it)\b|"
            r"\b(price|prices|priced|cost|costs|costing|worth|salary|salaries|"
            r"revenue|fee|fees|budget|value|valued|dollars?|spend|spent|paid|pay|fine|fines|"
            r"penalty|penalties|charge|charges|charged)\b"
        ),
    ),
    (
        Kind.NUMBER,
        re.compile(
            r"\bhow (many|old|long|far|big|large|fast|often|tall|high|heavy|deep|wide|small|short|"
            r"soon|quickly|frequently)\b|\bhow much of\b|"
            r"\bwhat (percentage|percent|number|proportion|share|age)\b|"
            r"\bwhat (?:is|was|are|were) (?:the |its |their )?"
            r"(population|size|height|length|weight|distance|area|speed|capacity)\b|"
            r"\bnumber of\b"
        ),
    ),
]

# A time of day: "9:00", "17.30", "7 am", "8 p.m.".
_CLOCK = r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2} ?(?:am|pm|a\.m\.|p\.m\.)"

_HAS: dict[Kind, re.Pattern[str]] = {
    Kind.YEAR: re.compile(r"\b(1[5-9]|20)\d\d\b"),
    Kind.DATE: re.compile(
        rf"\b(1[5-9]|20)\d\d\b|\b({_MONTHS})\b|\b({_DAYS})\b|"
        r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    ),
    Kind.TIME: re.compile(
        rf"\b(1[5-9]|20)\d\d\b|\b({_MONTHS}|{_DAYS})\b|{_CLOCK}|\b(today|yesterday|"
        r"tomorrow|tonight|week|weeks|month|months|year|years|decade|ago|day|days|hour|hours|"
        r"minute|minutes|daily|weekly|monthly|quarterly|annually|yearly|morning|evening|"
        r"during|since|until|recently|currently|now|earlier|later|after|before|"
        r"when|first time|this week)\b"
    ),
    # A time, but not a stretch or a routine: no "during", "daily", "on Mondays".
    Kind.MOMENT: re.compile(
        rf"\b(1[5-9]|20)\d\d\b|\b({_MONTHS})\b|\b({_ONE_DAY})\b|{_CLOCK}|\b(today|yesterday|"
        r"tomorrow|tonight|next week|last week|this week|next month|last month|this month|ago|"
        r"soon|recently|earlier|later|after|before|in (?:a|one|two|three|four|five|six|\d+) "
        r"(?:days?|weeks?|months?|years?))\b"
    ),
    Kind.MONEY: re.compile(
        r"[$€£¥]\s?\d|\b\d[\d,.]*\s?(dollars?|euros?|yuan|pounds?|usd|eur|"
        r"cents?|pence|million|billion|trillion|bn|m|k)\b|\b(free|free of charge|"
        r"costs? nothing|no cost|no charge|no extra cost)\b|\b(replacement|full) (cost|price)\b|"
        # "Children's books have no late fees": an amount of nothing.
        r"\bno (?:[a-z-]+ )?(?:fees?|charges?|fines?|costs?)\b"
    ),
    # (A clock time, not a price: "$1.50" is no opening hour.)
    Kind.HOURS: re.compile(
        rf"(?<![$€£]){_CLOCK}|\b({_DAYS})\b|"
        r"\b(24 hours|24/7|around the clock|round the clock|midnight|noon)\b"
    ),
    Kind.FUTURE: re.compile(
        r"\b(will|would|shall|going to|intends?|plans?|expected|likely|unlikely|could|may|"
        r"might|seeks?|aims?|wants?|hopes?)\b"
    ),
    Kind.NUMBER: re.compile(rf"\d|\b({_NUMBER_WORDS}|months|years|weeks|days)\b"),
    Kind.ADDED: re.compile(r"\b(also|alongside|as well|in addition|additionally|besides|wider)\b"),
    Kind.CONDITION: re.compile(
        r"\b(if|unless|otherwise|provided that|as long as|only when|in case|were it not)\b"
    ),
    Kind.PURPOSE: re.compile(
        r"\b(goals?|aims?|purposes?|objectives?|mission|intended to|designed to|meant to|"
        r"in order to|so as to|so that|measures? to|to (?:prevent|stop|protect|ensure|avoid|"
        r"reduce|make sure|guard)|preventing|protecting|ensuring)\b"
    ),
    # An earlier time told as such: "formerly", "before joining", "had been", "until 2024".
    Kind.PRIOR: re.compile(
        r"\b(before|previous|previously|former|formerly|earlier|once|used to|until|prior|ex-|"
        r"had been|had served|predecessor|succeeded|replaced|career|began as|started as)\b"
    ),
    # Who has it or may: "available to", "open to", "members only", "sold to", "cleared to buy".
    Kind.ACCESS: re.compile(
        r"\b(available|availability|unavailable|access|accessing|accessible|open to|public|"
        r"publicly|released to|restrict\w*|limited to|only|exclusive\w*|eligib\w*|allowed|"
        r"permitted|licen[cs]\w*|sold|sells?|selling|buy|buying|purchas\w*|subscri\w*|"
        r"download\w*|free|anyone|everyone|members?|can use|may use|"
        r"can be used|cleared|approved|invite\w*)\b"
    ),
    Kind.OUTCOME: re.compile(
        r"\b(agreed|signed|reached|concluded|succeeded|successful|success|failed|failure|"
        r"resulted|outcome|breakthrough|collapsed|stalled|ended|broke down|fell through)\b"
    ),
}


_PREDECESSOR = re.compile(
    r"\b(succeeded|succeeds|replaced|replaces|predecessor|took over from|takes over from|"
    r"preceded|in (?:his|her|their) place)\b"
)
# "When did Trump arrive in Beijing?", "when is Dr Reid coming back?": someone's coming or
# going, at one moment. ("When does the train leave?" asks a timetable, and keeps its thing.)
_COMING_OR_GOING = re.compile(
    r"\bwhen did [\w'’ -]{1,40}? (?:arrive|land|leave|depart|return|come back|get back|"
    r"get (?:to|into|in)|reach|fly (?:to|into|in)|travel to)\b|"
    r"\bwhen (?:is|are) [\w'’ -]{1,40}? (?:arriving|landing|leaving|departing|returning|"
    r"coming back|getting back|due back|back)\b"
)
_MEMBERS_ASKED = re.compile(rf"\b(?:which|what)((?: [\w-]+){{0,2}}) ({_MEMBERS})\b")
_LIST_END = re.compile(r"[—–;:()]|\.(?=\s+[A-Z]|\s*$)")
_ITEM_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _members_asked(q: str) -> tuple[str, ...]:
    """The kind of member asked for, its words: ("farm", "products") of "Which farm products…"."""
    match = _MEMBERS_ASKED.search(q)
    if match is None:
        return ()
    words = [w for w in tokens(match.group(1)) if w not in STOPWORDS]
    return (*words, match.group(2))


_OF_WHAT = frozenset("for with in of to from on at by about".split())


def _item_head(item: Sequence[str]) -> str:
    """What a list item is: its last word before a preposition ("access" of "market access
    for U.S. firms", "people" of "to people with long-term conditions")."""
    words = list(item)
    while words and words[0] in _OF_WHAT:
        words = words[1:]
    for i, word in enumerate(words):
        if word in _OF_WHAT and i:
            return words[i - 1]
    return words[-1] if words else ""


def _lists_topics(listing: str, asked: Sequence[str], related: Related | None) -> bool:
    """Whether a list's items hold the asked kind only inside them, never as what an item is:
    "market access for U.S. firms" is access, "agricultural imports" imports."""
    kind = [w for w in asked if w != "name"]
    if not kind:
        return False
    head = kind[-1]
    # The list ends at a dash, a semicolon or the sentence's end ("…terrorist groups—from").
    listing = _LIST_END.split(listing, maxsplit=1)[0]
    items = [tokens(i) for i in _ITEM_SPLIT.split(listing) if tokens(i)]

    def like(word: str, words: Sequence[str]) -> bool:
        return stem(word) in {stem(w) for w in words} or (
            related is not None and related(word, words)
        )

    if any(like(head, [_item_head(item)]) for item in items):
        return False  # "terrorist groups", "people with long-term conditions": kinds of them
    return any(like(w, item) for item in items for w in kind)


_COUNT_OF = re.compile(r"\bhow many ((?:[\w-]+ ){0,3}?[\w-]+s)\b")
_SPEECH_BY = re.compile(
    r"\bwhat(?: else)? (?:did|does|do|has|have|had) ((?:[\w.'’-]+ ){1,5}?)"
    r"(?:(?:have|has|had) to )?"
    r"(?:say|said|tell|told|think|believe|claim|announce|write|argue|state)\b"
)
# "How did Taiwan react?" asks, as "what did Taiwan say?" does, for that party's own response.
_REACTION_BY = re.compile(
    r"\bhow (?:did|does|do|has|have|had|will|would) ((?:[\w.'’-]+ ){1,5}?)"
    r"(?:react|respond|reply|answer)\b|"
    # "Has Taiwan responded?", "Did the ministry comment?", "Did Nvidia say anything?", "Has
    # Anthropic made any statement about it?"
    r"^\s*(?:has|have|did) ((?:[\w.'’-]+ ){1,5}?)"
    r"(?:react|reacted|respond|responded|reply|replied|comment|commented|"
    r"(?:say|said) (?:anything|something|much)|"
    r"(?:make|made|issue|issued|give|given) (?:a|any|an official|a public) "
    r"(?:statement|comment|remarks?))\b"
)
# Verbs of speaking: "Who spoke at the opening?" asks for the speaker.
_SPEAKING = (
    "said|says|spoke|speaks|told|tells|announced|announces|confirmed|confirms|stated|states|"
    "warned|warns|claimed|claims|argued|argues|commented|comments|remarked|declared|declares|"
    "suggested|suggests"
)
# Verbs that report what someone said or judged: the speaking ones, and more that a question
# does not ask the speaker by ("Who called…", "Who identified…" ask who did something).
_REPORTING = re.compile(
    rf"^({_SPEAKING}|say|confirm|emphasi[sz]ed|characteri[sz]ed|warn|identified|identifies|"
    r"called|noted|added|believes?|believed|described|suggest)$"
)
_WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")
_SPEAKER = re.compile(
    rf"^\s*who (?:has |have |had |first |publicly )?(?:{_SPEAKING}|"
    # "Who described Taiwan as…", "Who called Taiwan the most sensitive issue?": someone's
    # words about a thing ("Who called the meeting?" asks who did something).
    r"described|characteri[sz]ed|termed|labell?ed|dubbed|branded|"
    r"(?:called|identified|named) (?:[\w'’-]+ ){1,4}?(?:as|the|a|an)\b)"
)


@dataclass(frozen=True)
class Need:
    """What the question asks for: a kind, and for some kinds the words it is about."""

    kind: Kind
    # the counted noun, after its modifiers (COUNT), or the speaker's name (SAYS)
    focus: tuple[str, ...] = ()
    # SAYS: the speaker's country, when the question gives one besides the speaker ("Chinese
    # officials"): the words reported must be that country's, not other officials'.
    # ROLE: the country the role belongs to ("the president of China").
    # AGENT: the country the sentence saying who must name ("who represented China").
    origin: tuple[str, ...] = ()
    # IDENTIFY: the words naming what kind of thing is asked for ("ai", "model" of "Which AI
    # model heightened the fears?"); the name answering must be said to be one.
    classes: tuple[str, ...] = ()


Related = Callable[[str, Sequence[str]], bool]  # is the word (or a synonym) among these?


def question_need(question: str) -> Need:
    """The first kind of fact the question asks for; ANY when it asks for no particular kind."""
    return question_needs(question)[0]


@lru_cache(maxsize=4096)
def question_needs(question: str) -> tuple[Need, ...]:
    """Every kind of fact the question asks for; (ANY,) when it asks for no particular kind.

    Memoised (the result is immutable): the engine reads it for retrieval, and the answerer
    again when it weighs the question's words.

    A question can ask for two at once: "How much revenue will Nvidia make?" wants an amount
    *and* a prospect; a sentence with only one of them ("critics warn it may ...") is no answer.
    """
    q = question.lower()
    counted = _COUNT_OF.search(q)
    if counted:
        # "How many vacation days": the days counted must be vacation days.
        *modifiers, noun = counted.group(1).split()
        return (Need(Kind.COUNT, (*(m for m in modifiers if m not in STOPWORDS), noun)),)
    if _SPEAKER.search(q):
        # "Who spoke at the opening?": someone reporting, whoever it is.
        return (Need(Kind.SAYS),)
    asked_of = _SPEECH_BY.search(q) or _REACTION_BY.search(q)
    if asked_of:
        party = asked_of.group(1) or asked_of.group(2) or ""
        words = [w.removesuffix("'s").removesuffix("’s") for w in party.split()]
        # "What does the article (or artical) say" names a document, not a speaker; "the
        # Chinese foreign ministry" and "the markets" are parties.
        document = any(
            process.extractOne(w, DOCUMENT_WORDS, scorer=fuzz.ratio, score_cutoff=80) for w in words
        )
        speaker = () if document else tuple(w for w in words if w not in _TITLES | {"the"})
        titles_only = not document and not speaker
        if titles_only:
            # "What did the Chinese president say?": the titles are all that names the speaker
            # (news names "President Xi", not "the Chinese president", so no origin is asked).
            speaker = tuple(w for w in words if w not in {"the", "us", "u.s."})
        # "What did he say?" names no one: the speaker is in the conversation, not here.
        if speaker and not set(speaker) <= _PRONOUNS:
            countries = CountryNames.load()
            origin = tuple(w for w in words if countries.of_word(w))
            if titles_only or set(origin) >= set(speaker):
                origin = ()  # "What did China say?": the country is the speaker
            return (Need(Kind.SAYS, speaker, origin),)
    kinds: list[Kind] = []
    for kind, pattern in _QUESTION_NEEDS:
        if kind not in kinds and pattern.search(q):
            kinds.append(kind)
    for strict in (Kind.YEAR, Kind.DATE):
        for loose in (Kind.DATE, Kind.TIME):
            if strict is not loose and strict in kinds and loose in kinds:
                kinds.remove(loose)  # a year is a date, a date a time: the stricter need stands
    if Kind.ADDED in kinds and len(kinds) > 1:
        # "What else did Bessent say?": his other words need not say "also".
        kinds.remove(Kind.ADDED)
    if Kind.PRIOR in kinds and Kind.TITLE in kinds:
        # "What job did she have before becoming minister?": not the title named with her now.
        kinds.remove(Kind.TITLE)
    if Kind.TIME in kinds and _COMING_OR_GOING.search(q):
        kinds[kinds.index(Kind.TIME)] = Kind.MOMENT
    if Kind.CONTACT in kinds and Kind.NUMBER in kinds:
        kinds.remove(Kind.NUMBER)  # "what number do I call?" asks for a phone number
    if Kind.IDENTIFY in kinds and ({Kind.NAMES, Kind.PLACE, Kind.DATE, Kind.YEAR} & set(kinds)):
        kinds.remove(Kind.IDENTIFY)  # those already ask for a name of their own kind
    if not kinds and (agent := asked_agent(q)):
        # "Who represented China?": the sentence saying so must name the country too.
        countries = CountryNames.load()
        return (Need(Kind.AGENT, (agent,), tuple(w for w in tokens(q) if countries.of_word(w))),)
    asked = tuple(sorted(_stems(question)))
    if not kinds and (attribute := asked_attribute(q)):
        # Asked for nothing of a kind the text shows by its form, it asks for an attribute; one
        # that is a quantity or a time ("the hotel rate", "the deadline") is answered by one.
        if attribute in QUANTITY_NOUNS:
            return (Need(Kind.NUMBER),)
        if attribute == "hours":
            # "the opening hours of the depot": when it is open ("30 days" is no answer).
            return (Need(Kind.HOURS),)
        if attribute in TIME_NOUNS:
            return (Need(Kind.TIME, asked),)
        # Roles are as alike in word vectors as names are ("ambassador", "secretary"): a
        # "who" question's role must be named as such, and be the country's it names.
        if q.lstrip().startswith("who"):
            countries = CountryNames.load()
            origin = tuple(w for w in tokens(q) if countries.of_word(w))
            return (Need(Kind.ROLE, (attribute,), origin),)
        return (Need(Kind.ATTRIBUTE, (attribute,)),)
    by_name = ("name",) if _BY_NAME.search(q) else ()

    def focus(k: Kind) -> tuple[str, ...]:
        if k is Kind.CONTACT:
            return (_contact_form(q), *_contact_owner(q))
        if k is Kind.TITLE:
            return _person(q)
        if k is Kind.PRIOR and q.lstrip().startswith("who"):
            return ("who",)  # "Who was head librarian before her?": her predecessor
        if k is Kind.NAMES:
            return (*by_name, *_members_asked(q))
        return asked if k in _ASKED_AGAINST else ()

    needs = (
        Need(k, focus(k), classes=_classes(question) if k is Kind.IDENTIFY else ()) for k in kinds
    )
    return tuple(needs) or (Need(Kind.ANY),)


_WHICH = re.compile(r"\bwhich\s+(.*)", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
# Kinds any name may be, or whose members a sentence names without saying what they are
# ("Nvidia's H200 chips" answers "which company makes them?"): no class to check.
_ANY_NAME = frozenset(
    """company companies firm firms organisation organization person people one ones group
    party brand maker official officials leader leaders president minister secretary expert
    experts analyst analysts spokesperson executive founder cabinet""".split()
)
_COUNTRY_CLASSES = frozenset("country countries nation nations".split())
_ANY_MATTER = frozenset(
    "matter matters issue issues topic topics subject subjects thing things".split()
)
_CITY_CLASSES = frozenset("city cities capital capitals".split())


def named_as_a_class(need: Need) -> bool:
    """Whether the need is a "which <thing>" whose answer must be said to be that thing
    ("Mythos model" for "which model"): a sentence that says so is found by that mark."""
    return (
        need.kind is Kind.IDENTIFY
        and bool(need.classes)
        and not (_ANY_NAME | _COUNTRY_CLASSES).intersection(need.classes)
        # "Which matter did Xi call…": any matter; "which trade-related matters" says which.
        and not set(need.classes) <= _ANY_MATTER
    )


_UP_TO_VERB = re.compile(rf"\b(?:{_AUXILIARY})\b", re.IGNORECASE)


def _classes(question: str) -> tuple[str, ...]:
    """The first content words after "which", but names ("Which AI model…", "Which US
    agency…"): what kind of thing the question asks for."""
    match = _WHICH.search(question)
    if not match:
        return ()
    names = {w.lower() for w in _CAPITALISED.findall(question[match.start() :])}
    # "Which hotel are the talks held in?" asks for a hotel: what follows its verb is not
    # what kind of thing it is.
    asked = _UP_TO_VERB.split(match.group(1), maxsplit=1)[0]
    words = [w for w in tokens(asked) if w not in STOPWORDS]
    return tuple(w for w in words[:3] if w not in names)


def _person(q: str) -> tuple[str, ...]:
    """The name words of the person a lower-cased title question asks about."""
    match = _TITLE_OF.search(q)
    name = next((g for g in match.groups() if g), "") if match else ""
    return tuple(w for w in tokens(name) if w not in STOPWORDS)


# What a contact detail looks like, by what the question asks for.
_CONTACT_FORMS = {
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "phone": re.compile(r"\+?\(?\d[\d ().-]{5,}\d"),
    # A domain ends in a generic name or any two-letter country code ("pinecrestbikes.ca").
    "web": re.compile(
        r"https?://|\bwww\.|\b[\w-]{2,}\.(?:com|org|net|gov|edu|info|app|dev|ai|[a-z]{2})\b"
        r"(?![\w-])"
    ),
}


def _contact_form(q: str) -> str:
    """Which contact detail a lower-cased question asks for."""
    if "mail" in q:
        return "email"
    return "phone" if re.search(r"phone|telephone|number", q) else "web"


_CONTACT_WORDS = frozenset("email mail e phone telephone number website web url address".split())
_OWNER_AFTER = frozenset("of for".split())


def _contact_owner(q: str) -> tuple[str, ...]:
    """Whose contact detail a lower-cased question asks for: "the CEO's email", "the museum
    phone number", "the email for lost property" (none for "your phone number")."""
    words = tokens(q)  # "the CEO's email": "ceo", "email"
    at = next((i for i, w in enumerate(words) if w in _CONTACT_WORDS), None)
    if at is None:
        return ()
    end = at
    while end + 1 < len(words) and words[end + 1] in _CONTACT_WORDS:
        end += 1
    before = words[at - 1] if at > 0 else ""
    if before and before not in STOPWORDS:
        return (before,)
    if end + 1 < len(words) and words[end + 1] in _OWNER_AFTER:
        after = [w for w in words[end + 2 :] if w not in STOPWORDS]
        return tuple(after[:1])
    return ()


# Kinds answered only by something the question does not already hold (a name, a place, a
# time: "When did the earlier bans start?" is not answered by "earlier"); their focus is the
# question's stems.
_ASKED_AGAINST = frozenset(
    {Kind.IDENTIFY, Kind.PLACE, Kind.TIME, Kind.MOMENT, Kind.DATE, Kind.YEAR}
)


def satisfies_all(needs: Sequence[Need], text: str, related: Related | None = None) -> bool:
    """Whether the text holds a fact of every needed kind."""
    return all(satisfies(n, text, related) for n in needs)


# A named member: a capitalised name after a list marker, or two names in a list.
_NAMED = re.compile(
    r"(such as|including|like|namely|:|—|-)\s+(the\s+)?[A-Z][\w'’.-]+|"
    r"\b[A-Z][\w'’.-]+,\s+[A-Z][\w'’.-]+(,|\s+and)\s+[A-Z]"
)
# "in Beijing", "from the Strait of Hormuz": a preposition of place before a name.
# The word after: "to US levels" names levels, not a place (but "through the Globex travel
# portal" does: a definite name and what follows it are one place).
_PLACED = re.compile(
    r"\b(?:in|at|from|to|near|inside|across|through|around|under|within|on)\s+(the\s+)?"
    # A street address's number: "at 14 Harbour Terrace".
    r"(?:\d+[A-Za-z]?\s+)?"
    r"([A-Z][\w'’.-]*)"
    r"(?:\s+([a-z]+))?"
)
# Spatial words that place a thing whatever follows: "beside the exit", "on the first floor".
_PLACED_BY = re.compile(
    r"\b(?:beside|next to|opposite|behind|beneath|underneath|outside|upstairs|downstairs|"
    r"on (?:the|every|each) (?:[\w-]+ )?(?:floor|level|storey))\b(?:\s+(?:the|a|an|our|your)\s+)?"
    r"(?:([\w'’-]+))?"
)
_CALENDAR = re.compile(rf"(?:{_DAYS}|{'|'.join(_MONTH_NAMES)})")
# Places listed after a colon: "spread across six neighbourhoods: Downtown, Old Town and …".
_PLACES_LISTED = re.compile(
    r"\b(?:in|at|across|around|throughout|between)\b[^.:;]{0,40}:\s+"
    r"[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)*,\s+[A-Z]"
)
_BY_NAME = re.compile(r"\b(named|names?|by name)\b")
_HOW_OFTEN = re.compile(r"\b(?:once|twice|thrice)\b")
_RATE = frozenset("per each every a an".split())
# Nouns that count things of any kind.
_ANY_THING = frozenset("items things pieces units objects articles".split())
_PRONOUNS = frozenset("he she they it we you i".split())
# Words for a post held: what "what is X's job?" wants to see beside X's name.
_POST_WORDS = frozenset(
    """president vice secretary minister chancellor governor senator congressman
    congresswoman representative ambassador envoy ceo cfo cto coo chairman chairwoman chair
    director chief head founder premier king queen prince princess mayor judge justice
    general commissioner spokesperson spokesman spokeswoman manager officer editor professor
    adviser advisor leader deputy treasurer attorney prosecutor economist analyst coach
    captain owner partner principal dean rector provost commander ombudsman""".split()
)
# Words that describe a speaker without naming one: "the treasury guy" is whoever holds the
# treasury post, and no text reports what a "guy" said.
_TITLES = frozenset(
    "the president secretary treasury mr ms mrs dr us u.s. chinese chief head minister "
    "spokesperson spokesman spokeswoman guy guys man woman lady fellow chap bloke person".split()
)


# A list: "including A, B and C", "A, B, and C".
_LIST = re.compile(
    r"\b(including|such as|namely)\b|[\w-]+(?: [\w-]+){0,3}, [\w-]+(?: [\w-]+){0,4},? and\b"
)
# A capitalised or camel-case word and the number it carries: "Android 12", "iOS 16".
_WITH_NUMBER = r"\b([A-Z][\w'’-]*|[a-z]+[A-Z]\w*)\s\d[\d.]*\b"
# A name: a capitalised word not opening the sentence, a word mixing letters and digits, or the
# number a name carries (the 12 tells which Android).
_NAME = re.compile(
    rf"(?<![.!?:]\s)(?<!^){_WITH_NUMBER}|"
    r"(?<![.!?:]\s)(?<!^)\b(?:(?:[A-Z]\.)+[A-Z]?|[A-Z][\w'’-]*)|\b[A-Za-z]+\d[\w-]*"
)


# The number a name carries ("Orbit 3", "Android 12") says which one, not how many.
_NAME_NUMBER = re.compile(_WITH_NUMBER)


def _without_name_numbers(text: str) -> str:
    return _NAME_NUMBER.sub(
        lambda m: m.group(1) if m.group(1).lower() not in STOPWORDS else m.group(0), text
    )


def _said_to_be(name: str, text: str, classes: Sequence[str], related: Related | None) -> bool:
    """Whether a class word ("model") or one like it stands within three words of the name
    ("Anthropic's Mythos model"): "the U.S. government" is no answer to "which agency"."""
    words, named = tokens(text), tokens(name)
    if not named or named[0] not in words:
        return False
    at = words.index(named[0])
    near = [w for w in words[max(0, at - 3) : at + len(named) + 3] if w not in STOPWORDS]
    wanted = {stem(c) for c in classes}
    if any(stem(w) in wanted for w in near):
        return True
    return related is not None and any(related(c, near) for c in classes)


_PERSON_CLASSES = frozenset(
    """official officials leader leaders president presidents minister ministers secretary
    spokesperson executive executives founder founders analyst analysts expert experts person
    people politician politicians diplomat diplomats""".split()
)
_HONOURED = frozenset("mr mrs ms mx dr prof sir dame lord lady".split())


# A post or a kind of person reporting: "officials stated", "analysts suggest".
_POST_ACTS = re.compile(
    rf"\b(?:{'|'.join(sorted(_PERSON_CLASSES))})\s+(?:{_SPEAKING}|suggest|believe|warn)\b",
    re.IGNORECASE,
)


def _a_person(name: str, text: str) -> bool:
    """Whether the text names `name` as a person: a post or an honorific within three words
    before it ("President Xi Jinping"), or a reporting verb just after ("Bessent confirmed")."""
    raw, named = _WORD.findall(text), _words(name)
    words = [w.lower().rstrip(".").removesuffix("'s").removesuffix("’s") for w in raw]
    if not named or named[0] not in words:
        return False
    if set(named) & _POST_WORDS:
        return True  # "the Transport Ombudsman": a post, named as such
    at = words.index(named[0])
    before = set(words[max(0, at - 3) : at])
    # A capitalised word after it goes on with the name: "United States" reports nothing.
    after = [w for w in raw[at + len(named) : at + len(named) + 2] if w[:1].islower()]
    return bool(before & (_POST_WORDS | _HONOURED)) or any(_REPORTING.match(w) for w in after)


def _names_in(text: str) -> list[str]:
    # A leading "Label:" is a heading, not a name in the sentence.
    body = re.sub(r"^[^:]{1,40}:\s+", "", text.strip())
    # "U.S." is the name "US".
    return [m.group(0).replace(".", "") for m in _NAME.finditer(body)]


def _stems(text: str) -> set[str]:
    return {stem(t) for t in tokens(text)}


def _words(text: str) -> list[str]:
    return [
        w.lower().rstrip(".").removesuffix("'s").removesuffix("’s") for w in _WORD.findall(text)
    ]


def _titled(person: Sequence[str], text: str) -> bool:
    """Whether the text gives the person a title: "Treasury Secretary Scott Bessent", "Bessent,
    the Treasury Secretary"."""
    if not person:
        return False
    words = _words(text)
    for i, word in enumerate(words):
        if word != person[-1]:
            continue
        # A title word among the three before the name ("Secretary Scott Bessent"), or an
        # appositive after it ("Bessent, the secretary").
        if any(w in _POST_WORDS for w in words[max(0, i - 3) : i]):
            return True
        if re.search(rf"\b{re.escape(word)},\s+(?:the|a|an)\s", text, re.IGNORECASE):
            return True
    return False


# Capitalised words between a speaker and the verb that name no other speaker: titles, and
# function words ("The", opening a clause).
_NOT_A_SPEAKER = _POST_WORDS | STOPWORDS
# A relative clause or apposition set off by commas: ", who chairs the committee,".
_ASIDE = re.compile(r",\s+(?:who|whom|whose|which|the|a|an)\b[^,.;:!?]{0,80},")


def _another_speaker(
    raw: Sequence[str], words: Sequence[str], verb: int, focus: Sequence[str]
) -> bool:
    """Whether another name stands between the asked speaker and the verb: in "during Trump's
    visit, Bessent characterized the talks", Bessent, not Trump, is the one reporting."""
    before = [j for j in range(max(0, verb - 4), verb) if words[j] in focus]
    if not before:
        return False  # the speaker after the verb ("…, said Bessent")
    same_name = True  # capitalised words right after the speaker's ("Xi Jinping") are theirs
    for k in range(before[-1] + 1, verb):
        capitalised = raw[k][:1].isupper()
        same_name = same_name and capitalised
        if capitalised and not same_name and words[k] not in _NOT_A_SPEAKER:
            return True
    return False


def satisfies(need: Need, text: str, related: Related | None = None) -> bool:
    """Whether the text holds a fact of the needed kind."""
    kind = need.kind
    if kind is Kind.ANY:
        return True
    if kind in (Kind.ATTRIBUTE, Kind.ROLE):
        # Named by the sentence or by its passage: Answerer.speaks_of checks them with both.
        return True
    if kind is Kind.AGENT:
        return says_who(need.focus[0], text)
    if kind is Kind.PRIOR and need.focus:
        # What Tom did before he was head librarian does not say who was head librarian.
        return bool(_PREDECESSOR.search(text.lower()))
    if kind is Kind.NAMES:
        # Skip a leading "Label:" so a bullet's heading is not taken for a name list.
        body = re.sub(r"^[^:]{1,40}:\s+", "", text)
        # Members may be named ("Nvidia, AMD and Intel") or, unless the question asks for
        # names ("which groups were named…"), listed by kind ("including criminal
        # organizations and terrorist groups").
        if _NAMED.search(body):
            return True
        listed = _LIST.search(body)
        if "name" in need.focus or listed is None:
            return False
        # "including market access for U.S. firms, agricultural imports, …" lists topics one
        # of which holds the firms or the farm goods asked for, not the members themselves;
        # "including criminal organizations and terrorist groups" lists kinds of groups.
        return not (listed.group(1) and _lists_topics(body[listed.end() :], need.focus, related))
    if kind is Kind.CONTACT:
        return bool(_CONTACT_FORMS[need.focus[0]].search(text))
    if kind is Kind.TITLE:
        return _titled(need.focus, text)
    if kind in (Kind.COUNT, Kind.NUMBER):
        text = _without_name_numbers(text)
    words = _words(text)
    if kind is Kind.COUNT:
        # "How many chips": a number must count chips (or a synonym), not firms; and what the
        # question says of them ("vacation days") must be said of something in the text.
        *modifiers, noun = need.focus
        if any(m not in words and not (related and related(m, words)) for m in modifiers):
            return False
        if noun == "times" and _HOW_OFTEN.search(text.lower()):
            return True  # "renewed twice" counts the times
        for i, w in enumerate(words):
            if _NUMBER.fullmatch(w):
                after = words[i + 1 : i + 4]
                if after and after[0] in _RATE:
                    continue  # "$8 per user" prices a user; it does not count users
                if noun in after or (related is not None and related(noun, after)):
                    return True
                if after and after[0] in _ANY_THING:
                    return True  # "up to 12 items" counts books, DVDs and all
        return False
    if kind is Kind.SAYS:
        # "What did Trump say": Trump must be the one reporting, within a few words of the verb;
        # a clause between them is left out ("Councillor Castellanos, who chairs the
        # committee, said").
        if (without_aside := _ASIDE.sub("", text)) != text:
            text, words = without_aside, _words(without_aside)
        raw = _WORD.findall(text)
        # A capitalised word inside the sentence is a name, not a verb: "the United States".
        verbs = [
            i
            for i, w in enumerate(words)
            if _REPORTING.match(w) and not (i > 0 and raw[i][:1].isupper())
        ]
        if not need.focus:
            return bool(verbs)  # anyone's words will do
        countries = CountryNames.load()
        for i in verbs:
            # "Treasury Secretary Scott Bessent confirmed": a title, a name, then the verb.
            window = words[max(0, i - 4) : i + 4]
            if (
                any(s in window for s in need.focus)
                and countries.names_each(need.origin, " ".join(window))
                and not _another_speaker(raw, words, i, need.focus)
            ):
                return True
        return False
    if kind is Kind.IDENTIFY:
        # "Which model ...": a name the question lacks ("Mythos"), or a list of things.
        asked = set(need.focus)
        names = [n for n in _names_in(text) if not (_stems(n) <= asked)]
        if _LIST.search(text) is not None:
            return True
        if _COUNTRY_CLASSES.intersection(need.classes):
            return bool(CountryNames.load().mentions(" ".join(names)))
        if _CITY_CLASSES.intersection(need.classes):
            # "Which city are the talks held in?": where, as a where-question asks it.
            return satisfies(Need(Kind.PLACE, need.focus), text, related)
        if _PERSON_CLASSES.intersection(need.classes):
            # "Which official…": a person, named with a post ("Treasury Secretary Scott
            # Bessent") or reporting ("Scott Bessent confirmed"), or a post that acts
            # ("officials stated", "the Transport Ombudsman"); not "the US", not "Beijing".
            return any(_a_person(name, text) for name in names) or bool(_POST_ACTS.search(text))
        if not named_as_a_class(need):
            return bool(names)
        # "Android 12" for "which Android versions": a member of the family the question names.
        return any(
            bool(_stems(name) & asked) or _said_to_be(name, text, need.classes, related)
            for name in names
        )
    if kind is Kind.PLACE:
        # "Where in Beijing…": the place must be one the question does not already name.
        asked = set(need.focus)
        return (
            any(
                not (_stems(m.group(2)) <= asked)
                and (bool(m.group(1)) or (m.group(3) or "the") in STOPWORDS)
                # "on Tuesdays", "in March": a time, not a place.
                and not _CALENDAR.fullmatch(m.group(2).lower().rstrip("."))
                for m in _PLACED.finditer(text)
            )
            or bool(_PLACES_LISTED.search(text))
            or any(
                # "Where is the exit?" is not answered by "beside the exit".
                not (m.group(1) and _stems(m.group(1)) <= asked)
                for m in _PLACED_BY.finditer(text)
            )
        )
    if kind in _ASKED_AGAINST:
        asked = set(need.focus)
        return any(not (_stems(m.group(0)) <= asked) for m in _HAS[kind].finditer(text.lower()))
    return bool(_HAS[kind].search(text.lower()))


# "Where is the museum?", "where are the lockers?": the thing whose place is asked.
_WHERE_IS = re.compile(
    r"^\s*where(?:['’]s| is| are)\s+(?:the |your |our )?(?:[a-z][\w-]* )?([a-z][\w-]*)\s*\??\s*$|"
    # "What is the address of the museum?", "what's the museum's address?": where it is.
    r"^\s*what(?:['’]?s| is)?\s+(?:the |your |its )?(?:(?:street |postal )?address of "
    r"(?:the |your |our )?(?:[a-z][\w-]* )?([a-z][\w-]*)|"
    r"(?:[a-z][\w-]* )?([a-z][\w-]*)['’]s? (?:street |postal )?address)\s*\??\s*$"
)
_LOCATIVE = r"(?:is|are|stands?|sits?|lies|lie|can be found|is located|are located)\b"


def placed_thing(question: str) -> str | None:
    """The head word of what a bare "where is X?" (or "what is X's address?") asks the place
    of ("museum", "shop" of "the gift shop"), or None."""
    match = _WHERE_IS.match(question.lower())
    return next((g for g in match.groups() if g), None) if match else None


def places(thing: str, sentence: str, needs: Sequence[Need]) -> bool:
    """Whether the sentence opens by placing the thing: "The museum stands at 14 Harbour
    Terrace" places the museum; "Items found in the museum are kept at the desk" does not."""
    opening = re.match(
        rf"^\s*(?:the |our |a |an )?(?:[\w-]+ )?{re.escape(thing)}s? {_LOCATIVE}", sentence, re.I
    )
    return opening is not None and satisfies_all(needs, sentence)
