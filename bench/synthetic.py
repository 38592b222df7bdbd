"""A deterministic synthetic corpus of about N passages, for the growth benchmark.

Markdown documents (title, sections of short paragraphs, some bullet lists) and a few FAQ
YAML files, written under a folder. Sentences come from templates filled from topical word
lists and generated names, so the vocabulary grows with the corpus as real corpora do
(mostly through names). Nothing here is committed: the benchmark writes it to a temp dir.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_CHUNK_CHARS = 600  # the app's default passage bound; used to count passages as they grow
FAQ_SHARE = 0.005  # FAQ entries per passage: a few FAQ files even at 100,000 passages
FAQ_PER_FILE = 50

TOPICS = {
    "billing": "invoice payment refund subscription plan charge receipt discount card balance",
    "shipping": "parcel delivery courier warehouse tracking package address carrier route",
    "accounts": "password login profile username session email verification device access",
    "security": "firewall certificate patch vulnerability breach audit encryption token key",
    "hardware": "processor battery sensor chip display charger cable module board memory",
    "travel": "flight booking ticket airport luggage visa hotel itinerary seat passport",
    "health": "clinic appointment vaccine prescription insurance therapy symptom nurse doctor",
    "energy": "turbine grid reactor panel pipeline tariff meter outage capacity storage",
    "education": "course exam lecture campus tuition semester scholarship library thesis grade",
    "agriculture": "harvest irrigation fertiliser cattle orchard tractor soil drought yield crop",
    "finance": "loan mortgage pension dividend portfolio bond interest budget deficit audit",
    "software": "release update plugin server database backup deployment cluster api bug",
    "retail": "store checkout inventory supplier catalogue warranty return shelf brand sale",
    "transport": "railway station bus tram timetable platform fare bridge tunnel junction",
    "climate": "emission forecast rainfall glacier flood heatwave carbon drought storm coast",
    "law": "contract court ruling appeal license regulation permit tribunal clause statute",
}
ADJECTIVES = (
    "new annual regional national quarterly digital secure reliable faster cheaper optional "
    "mandatory temporary permanent public private local global standard premium basic "
    "detailed revised interim independent joint automatic manual extended limited urgent"
).split()
VERBS_PAST = (
    "announced approved delayed expanded reviewed launched replaced reduced increased "
    "cancelled published confirmed updated suspended tested funded opened closed introduced "
    "extended"
).split()
VERBS = "review update cancel request renew transfer change verify report track".split()
PLACES_PREFIX = "North South East West New Port Lake Upper Lower Fort Saint Mount".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
ORG_SUFFIX = "Group Labs Systems Partners Holdings Institute Agency Council Works Networks".split()
ROLES = "director engineer spokesperson analyst minister manager auditor researcher".split()
_CONSONANTS = "b c d f g h k l m n p r s t v z br dr gr kr st tr th sh ch".split()
_VOWELS = "a e i o u ai ea io ou".split()

SENTENCES = (
    "{org} {verb_past} the {adj} {noun} programme for {place} in {month} {year}.",
    "According to {person}, the {adj} {noun} will cost about {amount} dollars.",
    "Customers who want to {verb} a {noun} should contact the {topic} desk in {place}.",
    "The {noun} at {org} was {verb_past} after {number} reports of a faulty {noun2}.",
    "{person}, a {role} at {org}, said the {noun} policy is {adj} from {month}.",
    "In {year}, {org} handled {number} {noun} requests and {number2} {noun2} complaints.",
    "You can {verb} your {noun} online; a {adj} {noun2} takes about {days} days.",
    "The {adj} {noun} rules apply to every {noun2} sold in {place} since {year}.",
    "{org} and {org2} {verb_past} a joint {noun} plan covering {number} sites.",
    "A {noun} is {adj} when the {noun2} was issued less than {days} days ago.",
    "Staff in {place} {verb_past} the {noun2} checks before the {month} deadline.",
    "The {role} {person} explained that each {noun} needs a {adj} {noun2}.",
    "Fees for a {adj} {noun} rose by {percent} percent in {year}.",
    "Most {noun} questions are answered within {days} working days by {org}.",
    "The {topic} report from {org} lists {number} {adj} {noun} projects in {place}.",
    "If the {noun} is lost, {verb} the {noun2} and keep the receipt number.",
)
FAQ_QUESTIONS = (
    "How do I {verb} my {noun} with {org}?",
    "What does the {adj} {noun} cost in {place}?",
    "When will {org} {verb} the {noun} programme?",
    "Who approves a {adj} {noun} request?",
    "Can I {verb} a {noun} after {days} days?",
    "Why was the {noun} at {org} {verb_past}?",
)


@dataclass
class Pools:
    """Names drawn with a skewed (Zipf-like) frequency, as in real text."""

    people: list[str]
    orgs: list[str]
    places: list[str]


def _name(rnd: random.Random, syllables: int) -> str:
    return "".join(rnd.choice(_CONSONANTS) + rnd.choice(_VOWELS) for _ in range(syllables))


def make_pools(rnd: random.Random, passages: int) -> Pools:
    """Name pools that grow with the square root of the corpus (Heaps' law, roughly)."""
    size = max(20, int(8 * math.sqrt(passages)))
    first = sorted({_name(rnd, rnd.randint(2, 3)).title() for _ in range(size)})
    last = sorted({_name(rnd, rnd.randint(2, 4)).title() for _ in range(size)})
    people = [f"{rnd.choice(first)} {rnd.choice(last)}" for _ in range(size)]
    orgs = [
        f"{_name(rnd, rnd.randint(2, 3)).title()} {rnd.choice(ORG_SUFFIX)}" for _ in range(size)
    ]
    places = [
        f"{rnd.choice(PLACES_PREFIX)} {_name(rnd, rnd.randint(2, 3)).title()}"
        for _ in range(size // 2)
    ]
    return Pools(people, orgs, places)


class Writer:
    """Fills sentence templates for one topic at a time."""

    def __init__(self, rnd: random.Random, pools: Pools) -> None:
        self.rnd = rnd
        self.pools = pools

    def _pick(self, items: list[str]) -> str:
        # Skewed towards the front of the list: a few names are common, most are rare.
        return items[min(len(items) - 1, int(self.rnd.paretovariate(1.2)) - 1)]

    def _slots(self, topic: str) -> dict[str, str]:
        rnd = self.rnd
        nouns = TOPICS[topic].split()
        pools = self.pools
        return {
            "topic": topic,
            "noun": rnd.choice(nouns),
            "noun2": rnd.choice(nouns),
            "adj": rnd.choice(ADJECTIVES),
            "verb": rnd.choice(VERBS),
            "verb_past": rnd.choice(VERBS_PAST),
            "org": self._pick(pools.orgs) if rnd.random() < 0.5 else rnd.choice(pools.orgs),
            "org2": rnd.choice(pools.orgs),
            "person": rnd.choice(pools.people),
            "role": rnd.choice(ROLES),
            "place": rnd.choice(pools.places),
            "month": rnd.choice(MONTHS),
            "year": str(rnd.randint(1995, 2025)),
            "number": f"{rnd.randint(2, 9000):,}",
            "number2": str(rnd.randint(2, 400)),
            "amount": f"{rnd.randint(1, 500) * 100:,}",
            "percent": str(rnd.randint(2, 40)),
            "days": str(rnd.randint(2, 60)),
        }

    def sentence(self, topic: str) -> str:
        text = self.rnd.choice(SENTENCES).format(**self._slots(topic))
        return text[0].upper() + text[1:]

    def question(self, topic: str) -> str:
        return self.rnd.choice(FAQ_QUESTIONS).format(**self._slots(topic))


def _packed(sentences: list[str], max_chars: int = MAX_CHUNK_CHARS) -> int:
    """Passages the chunker makes of one section's paragraphs (greedy packing, as app.chunk)."""
    count, size = 0, 0
    for s in sentences:
        extra = len(s) + (1 if size else 0)
        if size and size + extra > max_chars:
            count, size = count + 1, 0
            extra = len(s)
        size += extra
    return count + (1 if size else 0)


def write_corpus(folder: Path, passages: int, seed: int = 20240601) -> dict[str, int]:
    """Write about `passages` passages of Markdown and FAQ YAML under folder; what was written.

    Passage counts follow the chunker's packing (sections of paragraphs packed up to 600
    characters, one passage per list item and per FAQ entry), so the build lands near the
    target; the build's own count is the one to report.
    """
    rnd = random.Random(seed)
    pools = make_pools(rnd, passages)
    writer = Writer(rnd, pools)
    topics = sorted(TOPICS)
    faq_entries = max(1, int(passages * FAQ_SHARE))
    made = 0
    files = 0
    entries_written = 0
    while entries_written < faq_entries:
        n = min(FAQ_PER_FILE, faq_entries - entries_written)
        topic = topics[files % len(topics)]
        entries = []
        for _ in range(n):
            answer = " ".join(writer.sentence(topic) for _ in range(rnd.randint(1, 2)))
            entries.append({"question": writer.question(topic), "answer": answer})
        data = {"title": f"{topic.title()} questions, part {files + 1}", "entries": entries}
        path = folder / "faq" / f"{topic}-{files + 1:03d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        files += 1
        entries_written += n
    made += entries_written

    docs = 0
    while made < passages:
        topic = topics[docs % len(topics)]
        org = rnd.choice(pools.orgs)
        lines = [f"# {org}: {rnd.choice(ADJECTIVES)} {topic} notes {docs + 1}", ""]
        for _ in range(rnd.randint(3, 8)):
            if made >= passages:
                break
            noun = rnd.choice(TOPICS[topic].split())
            lines += [f"## {rnd.choice(ADJECTIVES).title()} {noun} {rnd.choice(VERBS)}", ""]
            if rnd.random() < 0.2:  # a bullet list: one passage per item
                for _ in range(rnd.randint(2, 4)):
                    lines.append(f"- {writer.sentence(topic)}")
                    made += 1
                lines.append("")
                continue
            section: list[str] = []
            for _ in range(rnd.randint(1, 4)):
                paragraph = [writer.sentence(topic) for _ in range(rnd.randint(1, 4))]
                section += paragraph
                lines += [" ".join(paragraph), ""]
            made += _packed(section)
        path = folder / "docs" / topic / f"{topic}-{docs + 1:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), "utf-8")
        docs += 1
    return {"documents": docs + files, "faq_files": files, "faq_entries": entries_written}
