"""Generate a synthetic relations file (DESIGN.md §1 format) for the benchmarks.

``python benchmarks/generate.py --actors 2000 --stances 100000 --seed 1 -o FILE`` writes one;
``generate(n_actors, n_stances, seed)`` returns the text, for the other benchmark scripts.
The output is a function of the three numbers alone (``random.Random(seed)``), so figures
from different runs and machines stay comparable.

The distribution, stated so that benchmark figures mean the same thing over time:

Actors
    ``n_actors`` actors: 45% ``state``, 20% ``person``, 12% ``organization``, 8% ``igo``,
    10% ``armed_group``, 5% ``other``. States get three-letter ids (``AAB``...), the others
    ids like ``per-00042`` / ``org-00042``; a few states take the ids ``NO``, ``ON``,
    ``OFF``, ``YES`` and ``0777`` (text the YAML 1.1 and core schemas would turn into other
    types), written plain. Every person is affiliated to a state; 30% of actors have 1-2
    ``aliases`` (flow style ``[...]``), every state has ``codes`` (``iso3`` and a numeric
    ``cow`` code, flow style), 5% have a small block-style ``attrs`` mapping.
Sources
    ``max(10, n_stances // 50)`` sources with an id, a title (quoted when needed), a
    publisher, a ``published`` date and an ``https://example.org/...`` url.
Stances
    - ``actor`` and ``target``: drawn by Zipf-like activity, P(rank k) ∝ 1 / k**1.1 over a
      seeded shuffle of the actors (a few hubs, a long tail), target ≠ actor; about 5% have a
      list-valued ``target`` of 2-3 actors and about 1% a list-valued ``actor``; lists are
      written in flow style ``[A, B]`` two times in three, block style otherwise;
    - ``kind``: diplomatic 25%, statement 20%, military 12%, economic 12%, conflict 8%,
      humanitarian 7%, mediation 6%, alliance 5%, other 5%;
    - ``modality``: actual 80% (written out for a third of them, omitted otherwise),
      considered 12%, threatened 8%;
    - ``valence``: a kind-dependent mean plus noise, clipped to [-1, 1], rounded to 0.05 and
      written like ``-0.5``, ``0.75``, ``1.0``, ``0`` (a sixth as integers when whole);
    - ``start``: a day drawn uniformly from 2000-01-01..2025-12-31; ``end``: absent (open-ended)
      for 40%; otherwise 4% are one-day events (``end`` equal to ``start``) and the rest last
      ``start`` plus a log-normal number of days (median 45, sigma 1.5, rounded): the drawn
      durations of closed stances have a median of 42 days;
    - date precision, for each date independently: full day 87%, ``YYYY-MM`` 10%, ``YYYY``
      3%; 5% carry a qualifier (``~`` 50%, ``?`` 35%, ``%`` 15%); an ``end`` is never
      written so that its first day precedes ``start``'s first day;
    - ``id`` on 75% (``s-000001`` style, or a slug like ``aab-per-00042-military-17``);
      ``label`` on 30%; ``mutual: true`` on 5% (``false`` written on another 2%);
      ``reported`` on 20%; ``confidence`` on 30% (0.30..1.00 by 0.05); ``cameo`` on 15%
      (2-4 digits, half quoted ``"014"`` and half plain ``014``);
    - ``evidence`` on 30%: 1 item (80%) or 2, each with a ``source``, a ``quote`` (plain,
      double-quoted with escapes, single-quoted, or a ``>``/``|`` block scalar; the text mixes
      non-ASCII letters, quotes, colons and ``#``) and, on 60%, an ``attribution``;
    - ``attrs`` on 3%, block style.

The text is block style with two-space indentation, like a file written by hand; comments
head each section. It is built as strings (not with ``yaml.dump``), which is fast and keeps
that layout.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import math
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["generate", "main"]

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
ZIPF_S = 1.1
OPEN_SHARE = 0.40
MEDIAN_DAYS = 45.0
SIGMA = 1.5
ONE_DAY_SHARE = 0.04

ACTOR_KINDS = [
    ("state", 45),
    ("person", 20),
    ("organization", 12),
    ("igo", 8),
    ("armed_group", 10),
    ("other", 5),
]
STANCE_KINDS = [
    ("diplomatic", 25),
    ("statement", 20),
    ("military", 12),
    ("economic", 12),
    ("conflict", 8),
    ("humanitarian", 7),
    ("mediation", 6),
    ("alliance", 5),
    ("other", 5),
]
KIND_MEAN = {
    "diplomatic": 0.1,
    "statement": -0.1,
    "military": -0.4,
    "economic": 0.1,
    "conflict": -0.8,
    "humanitarian": 0.5,
    "mediation": 0.4,
    "alliance": 0.8,
    "other": 0.0,
}
TRICKY_IDS = ["NO", "ON", "OFF", "YES", "0777"]
PREFIX = {
    "person": "per",
    "organization": "org",
    "igo": "igo",
    "armed_group": "grp",
    "other": "oth",
}
WORDS = [
    "talks",
    "ties",
    "aid",
    "arms",
    "embargo",
    "ceasefire",
    "warning",
    "support",
    "sanctions",
    "summit",
    "envoy",
    "troops",
    "border",
    "crossing",
    "treaty",
    "loan",
    "deal",
    "protest",
    "recall",
    "ambassador",
    "visit",
    "pledge",
    "strikes",
    "blockade",
    "grain",
    "gas",
    "pipeline",
    "deliveries",
    "mediation",
    "hostages",
    "corridor",
    "observers",
]
VERBS = [
    "weighs",
    "suspends",
    "resumes",
    "threatens",
    "pledges",
    "condemns",
    "backs",
    "hosts",
    "delays",
    "expands",
    "withholds",
    "offers",
    "rejects",
    "welcomes",
]
# Fragments of quotes: non-ASCII letters, quotes, colons and hashes, to exercise escaping.
QUOTE_BITS = [
    "Cairo could pull its ambassador to Tel Aviv.",
    'officials said the "red line" holds: no troops in Rafah',
    "the minister's words: «nous n'excluons rien»",
    "Außenministerin: \u201eWir sind besorgt\u201c",
    "\u0642\u0627\u0644 \u0645\u0633\u0624\u0648\u0644: "
    "\u0644\u0627 \u062a\u0635\u0639\u064a\u062f",
    "\u5916\u4ea4\u90e8\u53d1\u8a00\u4eba\uff1a\u6211\u4eec\u6ce8\u610f\u5230\u4e86",
    "total victory is \u2014 in our view \u2014 not possible",
    "#1 priority: the hostages",
    "São Paulo talks: 50% agreed, 50% 'under review'",
    "a so-called 'humanitarian pause' of 72 hours",
    "Zürich, Kraków and Reykjavík: all voted yes",
    "we will not accept this \U0001f6ab",
    "key: value? no \u2014 a sentence with a colon: like this",
    "the back\\slash and the tab\tstay as written",
]
ATTRIBUTIONS = [
    "unnamed Egyptian officials",
    "a senior US official",
    "the foreign ministry spokesperson",
    "Le Monde",
    "state television",
    "an aide to the prime minister",
    "diplomats in Doha",
]
PUBLISHERS = ["The Telegraph", "Reuters", "Al Jazeera", "Le Monde", "AP", "Haaretz", "BBC"]

_PLAIN_FIRST_BAD = set("-?:,[]{}#&*!|>'\"%@`")
_CORE_START = set("nN~tTfF0123456789-+.")


def _choice_table(
    weighted: Sequence[tuple[str, float]],
) -> tuple[list[str], list[float]]:
    names = [name for name, _ in weighted]
    cumulative = list(itertools.accumulate(weight for _, weight in weighted))
    return names, cumulative


def _plain_ok(text: str) -> bool:
    """Whether ``text`` can be written as a plain scalar and read back as the same string."""
    if not text or text != text.strip() or text[0] in _PLAIN_FIRST_BAD:
        return False
    if text[0] in _CORE_START:
        return False  # may read as a number, bool or null: quote it
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    return all(ch >= " " and ch != "\x7f" for ch in text)


def _double(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return f'"{out}"'


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(text: str) -> str:
    """The text as a plain scalar when that is safe, double-quoted otherwise."""
    return text if _plain_ok(text) else _double(text)


def _date_text(day: dt.date, precision: str, qualifier: str) -> str:
    if precision == "year":
        text = f"{day.year:04d}"
    elif precision == "month":
        text = f"{day.year:04d}-{day.month:02d}"
    else:
        text = day.isoformat()
    return text + qualifier


def _bounds(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if precision == "month":
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    return day, day


def _state_ids(n: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    ids = []
    for number in range(n):
        a, rest = divmod(number, 26 * 26)
        b, c = divmod(rest, 26)
        ids.append(letters[a % 26] + letters[b] + letters[c])
    return ids


def _actors(rng: random.Random, n_actors: int) -> tuple[list[str], list[str], list[str]]:
    """The actors section's lines, the actor ids, and the state ids."""
    kind_names, kind_weights = _choice_table(ACTOR_KINDS)
    kinds = rng.choices(kind_names, cum_weights=kind_weights, k=n_actors)
    if "state" not in kinds:
        kinds[0] = "state"
    state_ids = iter(_state_ids(n_actors))
    tricky = iter(TRICKY_IDS)
    ids: list[str] = []
    states: list[str] = []
    for index, kind in enumerate(kinds):
        if kind == "state":
            actor_id = next(tricky, None) if index % 97 == 3 else None
            actor_id = actor_id or next(state_ids)
            states.append(actor_id)
        else:
            actor_id = f"{PREFIX[kind]}-{index:05d}"
        ids.append(actor_id)
    lines = ["# --- actors " + "-" * 60, "actors:"]
    for index, (actor_id, kind) in enumerate(zip(ids, kinds, strict=True)):
        lines.append(f"  - id: {actor_id}")
        name = f"{kind.replace('_', ' ').title()} {actor_id}"
        lines.append(f"    name: {_text(name)}")
        lines.append(f"    kind: {kind}")
        if rng.random() < 0.30:
            aliases = [f"{rng.choice(WORDS).title()} {index}" for _ in range(rng.randint(1, 2))]
            lines.append(f"    aliases: [{', '.join(_text(a) for a in aliases)}]")
        if kind == "person":
            lines.append(f"    affiliation: {rng.choice(states)}")
        if kind == "state":
            lines.append(f"    codes: {{iso3: {actor_id}, cow: {rng.randint(2, 999)}}}")
        if rng.random() < 0.05:
            lines.append("    attrs:")
            lines.append(f"      region: {rng.choice(['MENA', 'Europe', 'Asia', 'Americas'])}")
            lines.append(f"      founded: {rng.randint(1800, 2020)}")
    return lines, ids, states


def _sources(rng: random.Random, n_sources: int) -> tuple[list[str], list[str]]:
    lines = ["# --- sources " + "-" * 59, "sources:"]
    ids = []
    span = (LAST_DAY - FIRST_DAY).days
    for number in range(1, n_sources + 1):
        source_id = f"src-{number:05d}"
        ids.append(source_id)
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
        title = f"{rng.choice(VERBS).title()} {rng.choice(WORDS)}: report {number}"
        lines.append(f"  - id: {source_id}")
        lines.append(f"    title: {_text(title)}")
        lines.append(f"    publisher: {rng.choice(PUBLISHERS)}")
        lines.append(f"    published: {day.isoformat()}")
        lines.append(f"    url: https://example.org/news/{day.year}/{number}")
    return lines, ids


def _quote_lines(rng: random.Random, indent: str) -> list[str]:
    """A ``quote:`` entry in one of several YAML styles."""
    bits = rng.sample(QUOTE_BITS, rng.choice([1, 1, 2]))
    text = "; ".join(bits)
    style = rng.random()
    if style < 0.15 and _plain_ok(text):
        return [f"{indent}quote: {text}"]
    if style < 0.55:
        return [f"{indent}quote: {_double(text)}"]
    if style < 0.80 and "\t" not in text:
        return [f"{indent}quote: {_single(text)}"]
    if style < 0.90:
        return [f"{indent}quote: >-", *(f"{indent}  {bit}" for bit in bits)]
    return [f"{indent}quote: |", *(f"{indent}  {bit}" for bit in bits)]


def _id_list(rng: random.Random, key: str, ids: list[str], indent: str) -> list[str]:
    if rng.random() < 2 / 3:
        return [f"{indent}{key}: [{', '.join(ids)}]"]
    return [f"{indent}{key}:", *(f"{indent}  - {actor_id}" for actor_id in ids)]


def _number(value: float, rng: random.Random) -> str:
    if value == int(value) and rng.random() < 1 / 6:
        return str(int(value))
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _stances(
    rng: random.Random, n_stances: int, actor_ids: list[str], source_ids: list[str]
) -> list[str]:
    ranked = list(actor_ids)
    rng.shuffle(ranked)
    activity = list(itertools.accumulate(1.0 / (k**ZIPF_S) for k in range(1, len(ranked) + 1)))
    total = activity[-1]
    rand = rng.random

    def pick() -> str:
        return ranked[bisect.bisect_right(activity, rand() * total)]

    def pick_other(exclude: set[str]) -> str:
        while True:
            candidate = pick()
            if candidate not in exclude:
                return candidate

    kind_names, kind_weights = _choice_table(STANCE_KINDS)
    span = (LAST_DAY - FIRST_DAY).days
    mu = math.log(MEDIAN_DAYS)

    def precision() -> str:
        r = rand()
        return "day" if r < 0.87 else ("month" if r < 0.97 else "year")

    def qualifier() -> str:
        if rand() >= 0.05:
            return ""
        r = rand()
        return "~" if r < 0.5 else ("?" if r < 0.85 else "%")

    lines = ["# --- stances " + "-" * 59, "stances:"]
    add = lines.append
    for number in range(1, n_stances + 1):
        actor = pick()
        two_actors = rand() < 0.01 and len(actor_ids) > 3
        actors = [actor, pick_other({actor})] if two_actors else [actor]
        if rand() < 0.05 and len(actor_ids) > len(actors) + 3:
            targets: list[str] = []
            for _ in range(rng.choice([2, 2, 3])):
                targets.append(pick_other({*actors, *targets}))
        else:
            targets = [pick_other(set(actors))]
        kind = rng.choices(kind_names, cum_weights=kind_weights)[0]
        r = rand()
        if r < 0.75:
            if rand() < 0.6:
                add(f"  - id: s-{number:06d}")
            else:
                add(f"  - id: {actor.lower()}-{targets[0].lower()}-{kind}-{number}")
            first_key = None
        else:
            first_key = "actor"
        actor_lines = (
            _id_list(rng, "actor", actors, "    ") if len(actors) > 1 else [f"    actor: {actor}"]
        )
        if first_key is not None:
            actor_lines[0] = "  - " + actor_lines[0][4:]
        lines.extend(actor_lines)
        if len(targets) > 1:
            lines.extend(_id_list(rng, "target", targets, "    "))
        else:
            add(f"    target: {targets[0]}")
        add(f"    kind: {kind}")
        if rand() < 0.30:
            label = f"{rng.choice(VERBS)} {rng.choice(WORDS)}"
            if rand() < 0.2:
                label += f": phase {rng.randint(1, 9)}"
            add(f"    label: {_text(label)}")
        valence = max(-1.0, min(1.0, KIND_MEAN[kind] + rng.gauss(0.0, 0.35)))
        add(f"    valence: {_number(round(valence * 20) / 20 + 0.0, rng)}")
        r = rand()
        if r < 0.80:
            if rand() < 1 / 3:
                add("    modality: actual")
        elif r < 0.92:
            add("    modality: considered")
        else:
            add("    modality: threatened")
        r = rand()
        if r < 0.05:
            add("    mutual: true")
        elif r < 0.07:
            add("    mutual: false")
        start_day = FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
        start_precision = precision()
        add(f"    start: {_date_text(start_day, start_precision, qualifier())}")
        if rand() >= OPEN_SHARE:
            if rand() < ONE_DAY_SHARE:
                end_day, end_precision = start_day, start_precision
            else:
                days = round(rng.lognormvariate(mu, SIGMA))
                end_day = start_day + dt.timedelta(days=days)
                end_precision = precision()
                start_first = _bounds(start_day, start_precision)[0]
                if _bounds(end_day, end_precision)[0] < start_first:
                    end_precision = "day"
                    end_day = max(end_day, start_first)
            add(f"    end: {_date_text(end_day, end_precision, qualifier())}")
        if rand() < 0.20:
            reported = start_day + dt.timedelta(days=rng.randint(0, 10))
            add(f"    reported: {reported.isoformat()}")
        if rand() < 0.30:
            add(f"    confidence: {_number(rng.randint(6, 20) / 20, rng)}")
        if rand() < 0.15:
            code = f"{rng.randint(1, 20):02d}" + "".join(
                str(rng.randint(0, 9)) for _ in range(rng.randint(0, 2))
            )
            add(f'    cameo: "{code}"' if rand() < 0.5 else f"    cameo: {code}")
        if rand() < 0.30:
            add("    evidence:")
            for _ in range(1 if rand() < 0.8 else 2):
                add(f"      - source: {rng.choice(source_ids)}")
                lines.extend(_quote_lines(rng, "        "))
                if rand() < 0.6:
                    add(f"        attribution: {_text(rng.choice(ATTRIBUTIONS))}")
        if rand() < 0.03:
            add("    attrs:")
            add(f"      casualties: {rng.randint(0, 500)}")
            add(f"      note: {_double(rng.choice(QUOTE_BITS))}")
    return lines


def generate(n_actors: int, n_stances: int, seed: int) -> str:
    """Generate a synthetic relations file as YAML text.

    Parameters
    ----------
    n_actors : int
        Number of actors (at least 3).
    n_stances : int
        Number of stances (a stance with a list-valued actor or target counts once).
    seed : int
        Seed of the random generator; the same three numbers give the same text.

    Returns
    -------
    str
        A valid relations file, in block style, ending with a newline. The distribution is
        described in this module's docstring.

    Raises
    ------
    ValueError
        If ``n_actors`` is below 3 or ``n_stances`` is negative.

    Examples
    --------
    >>> text = generate(10, 5, seed=1)
    >>> text == generate(10, 5, seed=1)
    True
    >>> text.count("\\n  - id: ") >= 10
    True
    """
    if n_actors < 3:
        raise ValueError(f"n_actors must be at least 3 (got {n_actors})")
    if n_stances < 0:
        raise ValueError(f"n_stances must not be negative (got {n_stances})")
    rng = random.Random(seed)
    header = [
        "# yaml-language-server: $schema=../../schema/relations.schema.json",
        f"# Synthetic relations: benchmarks/generate.py --actors {n_actors} "
        f"--stances {n_stances} --seed {seed}",
        "version: 1",
        f"title: Synthetic relations ({n_actors} actors, {n_stances} stances, seed {seed})",
    ]
    source_lines, source_ids = _sources(rng, max(10, n_stances // 50))
    actor_lines, actor_ids, _ = _actors(rng, n_actors)
    stance_lines = _stances(rng, n_stances, actor_ids, source_ids)
    return "\n".join([*header, *source_lines, *actor_lines, *stance_lines, ""])


def main(argv: Sequence[str] | None = None, write: Callable[[str], object] | None = None) -> int:
    """Command line: write a generated file (``-o``) or print it.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default: ``sys.argv[1:]``).
    write : callable, optional
        Where the text goes without ``-o`` (default: standard output).

    Returns
    -------
    int
        The exit status (0).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000, help="number of actors")
    parser.add_argument("--stances", type=int, default=100_000, help="number of stances")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    text = generate(args.actors, args.stances, args.seed)
    if args.output is None:
        (write or sys.stdout.write)(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.output.with_name(args.output.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
