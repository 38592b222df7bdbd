"""The attribute a "what is the X of Y" question asks for, and the nouns that are no attribute.

"What is the weather in Beijing?" asks for the weather: a sentence that only names Beijing is
no answer. "What is the goal of the talks?" asks for whatever the goal is, which the answer
need not call a goal: "goal" is a shell noun.
"""

from __future__ import annotations

import re

from app.text import DOCUMENT_WORDS, STOPWORDS

# "Which property of AI…" asks for a description ("its dual-use nature"), not a name.
DESCRIBED = (
    "kind|kinds|type|types|sort|sorts|property|properties|aspect|aspects|feature|features|"
    "quality|qualities|characteristic|characteristics|role|roles|goal|goals|aim|aims|purpose|"
    "factor|factors|reason|reasons|way|ways|part|parts|"
    "effect|effects|ability|abilities|capability|capabilities|trait|traits"
)


# Shell nouns ("the reason", "the issue", "the goal") take their content from the text they
# point to, so an answer need not repeat them. Any other noun that a "what is the X of Y"
# question asks for ("the weather in Beijing", "the capital of Taiwan", "Anthropic's
# valuation") is an attribute the answer must speak of.
_SHELL = frozenset(
    f"""
    {DESCRIBED.replace("|", " ")} matter matters issue issues thing things deal story news point
    points idea ideas situation status state context background significance importance
    meaning message takeaway outcome outcomes result results focus topic topics subject
    subjects gist summary overview name names difference differences relationship
    relationships connection link impact impacts consequence consequences implication
    implications benefit benefits advantage advantages motivation rationale basis
    justification agenda problem problems concern concerns question questions challenge
    challenges response reaction view views position stance opinion argument case update
    latest best main framing framework picture approach strategy plan plans idea point
    current big key occasion setting backdrop trigger catalyst cause causes origin origins
    job jobs title titles occupation profession office post person people man woman men women
    one ones guy official officials figure figures individual individuals party parties player
    players actor actors comment comments remark remarks statement statements words thoughts
    take answer answers explanation description account assessment verdict
    """.split()
)
# Attributes that are quantities or times: "the nightly hotel limit is $250" answers "the
# maximum hotel rate", whatever its words.
QUANTITY_NOUNS = frozenset(
    "rate rates allowance allowances limit limits cap caps maximum minimum amount amounts total "
    "threshold quota allocation allotment percentage ratio count population size height length "
    "weight distance area speed capacity".split()
)
_ED_NOUNS = frozenset("speed need feed seed bed greed breed creed hundred".split())
TIME_NOUNS = frozenset(
    "deadline deadlines hours schedule duration period timeline timeframe timetable".split()
)
_PARTICIPLES = frozenset(
    "meant made done known seen given taken built set put said told thought brought bought held "
    "kept left lost paid sent spent found shown run won begun become".split()
)
# "Who is the ambassador to X" asks for a role as "what is the capital of X" for an attribute.
_ATTRIBUTE_OF = re.compile(
    r"^\s*(?:and |so |but |then )?wh(?:at|o)(?:'s|’s|s| is| was| are| were| will) "
    r"(?:the|its|their|his|her|your|our) (?:[\w-]+ ){0,2}?([a-z][\w-]*)"
    # "What's the weather going to be like in Kingsbridge?", "What will the weather be like?"
    r"(?: (?:going to |gonna )?be(?= like\b))?"
    r"(?: (?:of|in|for|at|on|between|behind|with|from|to|like)\b|\s*[?.!]*\s*$)"
)
_POSSESSED = re.compile(
    r"^\s*(?:and |so |but |then )?wh(?:at|o)(?:'s|’s|s| is| was| are| were) "
    r"[\w-]+(?: [\w-]+)?['’]s? (?:[\w-]+ )?([a-z][\w-]*)"
    # "Who is Bessent's counterpart in the talks?": where or in what, after the attribute.
    r"(?: (?:in|at|on|for|during|from|with|to)\b[^?.!]*)?\s*[?.!]*\s*$"
)


def asked_attribute(question: str) -> str | None:
    """The attribute a "what is the X of Y" question asks for, unless X is a shell noun."""
    q = question.lower()
    match = _ATTRIBUTE_OF.search(q) or _POSSESSED.search(q)
    if match is None:
        return None
    head = match.group(1)
    # "What are the rules meant to do?", "What is the US doing?": a verb, not an attribute.
    verb = (head.endswith(("ed", "ing")) and head not in _ED_NOUNS) or head in _PARTICIPLES
    return None if verb or head in _SHELL | STOPWORDS | DOCUMENT_WORDS else head


# "Who leads the Chinese delegation?", "Who founded Greenline?", "Who represented China?" ask
# who holds that part, which an answer must say: word vectors put anyone named at the talks
# beside them. Not "made", "built" or "owns": "Anthropic's Mythos" says who made it. Nor "runs",
# "manages" or "operates", which a help centre answers in words of every kind ("day-to-day
# operations are handled by", "is the scheme of the City").
_VERBS = {
    "leads": "lead leads leading led heads heading headed chairs chairing chaired",
    "founded": "founded co-founded cofounded",
    "represents": "represents representing represented",
}
# How a sentence says someone holds the part: an agent noun, or the verb in a form that is no
# noun or adjective ("a technological lead", "leading firms", "a head start"), and not in a
# sense of another verb ("led to", "represents a shift").
_SAID = {
    "leads": r"leaders?|head of|heads|headed|chair of|chairs|chaired|chair(?:wo)?man|"
    r"chairperson|in charge|led(?! to\b)|leads(?! to\b)|directors?|managers?|managed|chief|"
    # "run by lead nurse Megan Pryce": a title before a name
    r"lead(?= [a-z]+ (?-i:[A-Z]))",
    "founded": r"founded|founders?|co-?founded|co-?founders?",
    "represents": r"(?:represents|represented|represent)(?! an?\b)|representing|"
    r"representatives?",
}
_PART_OF = {verb: part for part, verbs in _VERBS.items() for verb in verbs.split()}
_AGENT = re.compile(
    r"^\s*(?:and |so |but |then )?who(?:['’]s| is| was| are| were| has| have| had| will)?"
    r" (?:currently |now |actually |really |officially )?"
    rf"({'|'.join(sorted(_PART_OF, key=len, reverse=True))})\b"
    # "Who is heading to Beijing?", "Who is heading home?": travel, not leading.
    r"(?! (?:to|for|back|home|out|off|into|away|against|from)\b)"
)
_AHEAD = re.compile(r"lead(?:s|ing)? in\b")  # "Who leads in AI?" asks who is ahead
_SAYS_WHO = {part: re.compile(rf"\b(?:{said})\b", re.IGNORECASE) for part, said in _SAID.items()}


def asked_agent(question: str) -> str | None:
    """The part ("leads", "founded", "represents") a "who leads / founded / represents X"
    question asks who holds; None for any other question."""
    q = question.lower()
    match = _AGENT.search(q)
    if match is None or _AHEAD.match(q, match.start(1)):
        return None
    return _PART_OF[match.group(1)]


def says_who(part: str, text: str) -> bool:
    """Whether the text says someone holds the part ("led by", "its founder", "represented")."""
    return bool(_SAYS_WHO[part].search(text))
