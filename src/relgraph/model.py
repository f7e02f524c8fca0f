"""The typed model of a relations file (format version 1), and its rules, written once.

Every model forbids unknown keys (``extra="forbid"``) except the free-form ``attrs``
mappings. Values are plain Python values: the YAML reader (:mod:`relgraph.load`) hands over
text fields exactly as written and gives numbers and booleans only to :data:`VALUE_FIELDS`
and under :data:`FREE_FORM_FIELDS`. The rules that span fields and records
(:func:`stance_rules`, :func:`cross_check`), their wording and the "did you mean" helper
(:class:`Suggester`, :func:`suggest`) live here too. The models hold no I/O.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from relgraph.dates import PartialDate, parse_date

__all__ = [
    "ACTOR_KINDS",
    "EDGES",
    "EDGES_PER_STANCE",
    "FREE_FORM_FIELDS",
    "MODALITIES",
    "STANCE_KINDS",
    "VALUE_FIELDS",
    "Actor",
    "Edge",
    "Evidence",
    "Relations",
    "Source",
    "Stance",
    "Suggester",
    "actor_choices",
    "affiliation_cycle",
    "affiliation_cycles",
    "cross_check",
    "duplicate_id",
    "edge_key",
    "end_before_start",
    "repeated_ids",
    "self_loop",
    "stance_rules",
    "suggest",
    "too_many_edges",
    "too_many_edges_in_all",
    "unknown_actor",
    "unknown_source",
]

ActorKind = Literal["state", "armed_group", "organization", "igo", "person", "other"]
StanceKind = Literal[
    "diplomatic",
    "military",
    "economic",
    "humanitarian",
    "statement",
    "mediation",
    "conflict",
    "alliance",
    "other",
]
Modality = Literal["actual", "considered", "threatened"]
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
STANCE_KINDS: tuple[str, ...] = get_args(StanceKind)
MODALITIES: tuple[str, ...] = get_args(Modality)
ID_PATTERN = r"^[A-Za-z0-9_.:-]+$"

VALUE_FIELDS = frozenset({"version", "valence", "confidence", "mutual"})
"""The fields that hold a number or a boolean: a plain scalar there takes the YAML 1.2 core
schema's value. Every other field is text exactly as written (``NO``, ``0777``, ``2024``)."""
FREE_FORM_FIELDS = frozenset({"attrs"})
"""The free-form mappings: every plain scalar under them takes the core schema's value."""

EDGES_PER_STANCE = 10_000
"""The most edges one stance may expand to (``actor`` list × ``target`` list), by default."""
EDGES = 2_000_000
"""The most edges all stances of a file may expand to, by default."""

Text = Annotated[str, Field(strict=True, min_length=1)]
Id = Annotated[
    str,
    StringConstraints(strict=True, pattern=ID_PATTERN),
    Field(description="Letters, digits, _ . - : (read exactly as written)"),
]
IdOrIds = Annotated[
    Id | Annotated[list[Id], Field(min_length=1)],
    Field(description="An actor id, or a list of ids (a list expands to one edge each)"),
]
Codes = Annotated[
    dict[str, Annotated[str, Field(strict=True)]],
    Field(description="External identifiers such as iso3 or cow, kept as text"),
]
Attrs = Annotated[dict[str, Any], Field(description="Free-form mapping; any keys")]
Confidence = Annotated[float, Field(strict=True, ge=0.0, le=1.0, allow_inf_nan=False)]
Valence = Annotated[
    float,
    Field(strict=True, ge=-1.0, le=1.0, allow_inf_nan=False),
    Field(description="-1.0 (hostile) .. +1.0 (cooperative)"),
]
Bool = Annotated[bool, Field(strict=True)]
Cameo = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^[0-9]{2,4}$"),
    Field(description="CAMEO event code: 2 to 4 digits, as text"),
]


class Model(BaseModel):
    """Shared configuration: unknown keys are errors, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


class Source(Model):
    """A document that evidence refers to."""

    id: Id
    title: Text
    publisher: Text | None = None
    published: PartialDate | None = None
    url: Text | None = None


class Actor(Model):
    """A state, armed group, organisation, intergovernmental body, person or other actor."""

    id: Id
    name: Text
    kind: ActorKind
    aliases: list[Text] = Field(default_factory=list)
    affiliation: Id | None = Field(
        default=None, description="The actor this one speaks for (persons mainly)"
    )
    codes: Codes = Field(default_factory=dict)
    attrs: Attrs = Field(default_factory=dict)


class Evidence(Model):
    """A quote or pointer that supports a stance."""

    source: Id | None = None
    quote: Text | None = None
    attribution: Text | None = None


class Stance(Model):
    """A dated stance of one actor (or several) toward another (or several).

    Examples
    --------
    >>> s = Stance.model_validate({"actor": "EGY", "target": "ISR", "kind": "diplomatic",
    ...                            "valence": -0.5, "start": "2024-05"})
    >>> s.key, s.modality, s.start.last
    ('EGY>ISR:diplomatic:2024-05', 'actual', datetime.date(2024, 5, 31))
    """

    id: Id | None = None
    actor: IdOrIds
    target: IdOrIds
    kind: StanceKind
    label: Text | None = None
    valence: Valence
    modality: Modality = "actual"
    mutual: Bool = False
    start: PartialDate
    end: PartialDate | None = None
    reported: PartialDate | None = None
    confidence: Confidence | None = None
    cameo: Cameo | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    attrs: Attrs = Field(default_factory=dict)

    _key: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Stance:
        if not _in_loader(info):  # the loader checks every stance at once, on the raw data
            for _, kind, message in stance_rules(
                self.start, self.end, self.actor, self.target, EDGES_PER_STANCE
            ):
                raise PydanticCustomError(kind, message)
        return self

    @property
    def actors(self) -> list[str]:
        """The actor ids as a list."""
        return self.actor if isinstance(self.actor, list) else [self.actor]

    @property
    def targets(self) -> list[str]:
        """The target ids as a list."""
        return self.target if isinstance(self.target, list) else [self.target]

    @property
    def expanded(self) -> bool:
        """Whether ``actor`` or ``target`` is a list, so each edge gets its own key."""
        return isinstance(self.actor, list) or isinstance(self.target, list)

    @property
    def derived_key(self) -> str:
        """The key a stance without an id gets: ``ACTOR>TARGET:KIND:START``."""
        return f"{'+'.join(self.actors)}>{'+'.join(self.targets)}:{self.kind}:{self.start.text}"

    @property
    def key(self) -> str:
        """The stance's id, or the key derived for it (see :class:`Relations`)."""
        if self.id is not None:
            return self.id
        return self._key if self._key is not None else self.derived_key

    @property
    def start_day(self) -> dt.date:
        """The first day the stance is in force."""
        return self.start.first

    @property
    def end_day(self) -> dt.date | None:
        """The last day the stance is in force (inclusive), or None while open."""
        return None if self.end is None else self.end.last

    @property
    def approximate(self) -> bool:
        """Whether either date is approximate (``~`` or ``%``)."""
        return self.start.approximate or (self.end is not None and self.end.approximate)

    @property
    def uncertain(self) -> bool:
        """Whether either date is uncertain (``?`` or ``%``)."""
        return self.start.uncertain or (self.end is not None and self.end.uncertain)


def edge_key(stance_key: str, actor: str, target: str) -> str:
    """The key of one edge of a stance whose ``actor`` or ``target`` is a list.

    Examples
    --------
    >>> edge_key("usa-arms", "USA", "ISR")
    'usa-arms#USA>ISR'
    """
    return f"{stance_key}#{actor}>{target}"


@dataclass(frozen=True, slots=True)
class Edge:
    """One directed edge of a stance after list expansion."""

    key: str
    stance: Stance
    actor: str
    target: str

    @property
    def start_day(self) -> dt.date:
        """The first day the edge is in force."""
        return self.stance.start.first

    @property
    def end_day(self) -> dt.date | None:
        """The last day the edge is in force, or None while open."""
        return self.stance.end_day


class Relations(Model):
    """A whole relations file: sources, actors and stances.

    Build one with :func:`relgraph.read_relations` or :func:`relgraph.parse_relations`;
    validating a mapping directly also runs the cross-record checks.

    Examples
    --------
    >>> rel = Relations.model_validate({
    ...     "actors": [{"id": "EGY", "name": "Egypt", "kind": "state"},
    ...                {"id": "ISR", "name": "Israel", "kind": "state"}],
    ...     "stances": [{"actor": "EGY", "target": "ISR", "kind": "diplomatic",
    ...                  "valence": -0.5, "modality": "considered", "start": "2024-05-14"}]})
    >>> [edge.key for edge in rel.edges]
    ['EGY>ISR:diplomatic:2024-05-14']
    >>> rel.actor("EGY").name
    'Egypt'
    """

    version: Literal[1] = Field(default=1, description="Format version")
    title: Text | None = None
    sources: list[Source] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)

    _source_path: str | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_check(self, info: ValidationInfo) -> Relations:
        if not _in_loader(info):
            problems = cross_check(
                self.model_dump(
                    mode="json",
                    include={
                        "actors": {"__all__": {"id", "name", "aliases", "affiliation"}},
                        "sources": {"__all__": {"id"}},
                        "stances": {"__all__": {"id", "actor", "target", "evidence"}},
                    },
                )
            )
            if problems:
                lines = "\n".join(
                    f"  {'.'.join(map(str, path))}: {message}" for path, message in problems
                )
                raise ValueError(f"{len(problems)} cross-record problem(s):\n{lines}")
        self._derive_keys()
        return self

    def _derive_keys(self) -> None:
        taken: Counter[str] = Counter()
        for stance in self.stances:
            if stance.id is None:
                base = stance.derived_key
                taken[base] += 1
                stance._key = base if taken[base] == 1 else f"{base}#{taken[base]}"

    @property
    def source_path(self) -> str | None:
        """The file this was read from, or None when parsed from text."""
        return self._source_path

    @property
    def sha256(self) -> str | None:
        """The SHA-256 of the file's bytes (hex), or None when not read from a file."""
        return self._sha256

    @cached_property
    def actor_index(self) -> dict[str, Actor]:
        """Actors by id."""
        return {actor.id: actor for actor in self.actors}

    @cached_property
    def source_index(self) -> dict[str, Source]:
        """Sources by id."""
        return {source.id: source for source in self.sources}

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id.

        Raises
        ------
        KeyError
            When no actor has this id.
        """
        return self.actor_index[actor_id]

    @cached_property
    def edges(self) -> list[Edge]:
        """Every directed edge, in file order, lists expanded into one edge per pair."""
        edges: list[Edge] = []
        for stance in self.stances:
            key = stance.key
            if not stance.expanded:
                edges.append(Edge(key, stance, stance.actor, stance.target))  # type: ignore[arg-type]
                continue
            for actor, target in itertools.product(stance.actors, stance.targets):
                edges.append(Edge(edge_key(key, actor, target), stance, actor, target))
        return edges

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day any date in the stances names, or None without stances."""
        if not self.stances:
            return None
        first = min(stance.start.first for stance in self.stances)
        last = max(
            max(
                (d.last for d in (stance.start, stance.end, stance.reported) if d is not None),
            )
            for stance in self.stances
        )
        return first, last


# -- the rules across fields and records, and their wording, written once ---------------------
# The YAML loader checks them on the raw data (so that they are reported beside field errors),
# the models check them when built from Python, and the columnar dataset reader quotes the same
# wording (re-exported by relgraph.load.messages).

RulePath = tuple[str | int, ...]

MAX_SUGGESTED = 100
"""The most distinct unknown words one check gives a "did you mean" for."""
SUGGESTION_BUDGET = 500_000
"""The most candidate comparisons one check spends on suggestions (fewer words when there are
many candidates): each word costs one pass over every candidate."""


def end_before_start(end: str, start: str) -> str:
    """Wording: a stance ends before it starts."""
    return f"end {end} is before start {start}"


def repeated_ids(field: str, ids: Iterable[str]) -> str:
    """Wording: an ``actor`` or ``target`` list names an id twice."""
    return f"{field} lists {', '.join(ids)} more than once"


def self_loop(ids: Iterable[str]) -> str:
    """Wording: a stance from an actor to itself."""
    return f"a stance from an actor to itself: {', '.join(ids)} is both actor and target"


def too_many_edges(actors: int, targets: int, limit: int) -> str:
    """Wording: a listed stance expands to more edges than the limit allows."""
    return (
        f"expands to {actors:,} actors × {targets:,} targets = {actors * targets:,} edges, more "
        f"than the limit of {limit:,} edges per stance (Limits.edges_per_stance): split the "
        "stance, or raise the limit"
    )


def too_many_edges_in_all(total: int, limit: int) -> str:
    """Wording: the stances up to this one expand to more edges than a file may hold."""
    return (
        f"the stances up to this one expand to {total:,} edges, more than the limit of "
        f"{limit:,} edges in all (Limits.edges): shorten the lists, or raise the limit"
    )


def duplicate_id(label: str, ident: str, first: str) -> str:
    """Wording: two records share an id (``first`` names the earlier one, e.g. actors[0])."""
    return f"duplicate {label} id {ident!r} (also {first})"


def unknown_actor(ident: str, hint: str = "") -> str:
    """Wording: an id that names no actor; ``hint`` is a :class:`Suggester` clause."""
    return f"unknown actor {ident!r}{hint}"


def unknown_source(ident: str, hint: str = "") -> str:
    """Wording: evidence names a source that ``sources:`` does not declare."""
    if hint:
        return f"unknown source {ident!r} (sources are declared under 'sources:'){hint}"
    return f"unknown source {ident!r}: declare it under 'sources:' with an id and a title"


def affiliation_cycle(ids: Sequence[str]) -> str:
    """Wording: affiliations that lead back to where they started."""
    chain = " → ".join([*ids, ids[0]])
    return (
        f"affiliation cycle {chain}: an actor cannot be affiliated with itself, "
        "directly or through others"
    )


class Suggester:
    """ "Did you mean" hints among known spellings, each distinct word judged once, capped.

    Parameters
    ----------
    choices : mapping of str to str, or iterable of str
        The spellings a user may mean (ids, names, aliases), each mapped to what a hint shows
        (e.g. ``'ISR' (Israel)``); a plain iterable shows each choice quoted. Case is ignored.
    limit : int, optional
        The most distinct words judged (default :data:`MAX_SUGGESTED`, fewer when there are so
        many choices that :data:`SUGGESTION_BUDGET` would be exceeded); later words get no hint.

    Examples
    --------
    >>> hint = Suggester({"ISR": "'ISR' (Israel)", "Israel": "'ISR' (Israel)"})
    >>> hint("israle")
    "; did you mean 'ISR' (Israel)?"
    >>> hint("nothing like it")
    ''
    """

    def __init__(self, choices: Mapping[str, str] | Iterable[str], limit: int | None = None):
        shown = choices if isinstance(choices, Mapping) else {c: repr(c) for c in choices}
        self._folded: dict[str, str] = {}
        for spelling, text in shown.items():
            self._folded.setdefault(spelling.casefold(), text)
        self._candidates = list(self._folded)
        budget = max(1, SUGGESTION_BUDGET // max(1, len(self._candidates)))
        self._limit = min(MAX_SUGGESTED if limit is None else limit, budget)
        self._hints: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        """The clause ``; did you mean X or Y?`` for ``word``, or an empty string."""
        hint = self._hints.get(word)
        if hint is not None:
            return hint
        if len(self._hints) >= self._limit:
            return ""
        found = difflib.get_close_matches(word.casefold(), self._candidates, n=6, cutoff=0.6)
        texts = list(dict.fromkeys(self._folded[f] for f in found))[:3]
        hint = f"; did you mean {' or '.join(texts)}?" if texts else ""
        self._hints[word] = hint
        return hint


def suggest(word: str, choices: Mapping[str, str] | Iterable[str]) -> str:
    """A ``did you mean`` clause for a likely typo, or an empty string.

    For many words against the same choices, build one :class:`Suggester` instead.

    Examples
    --------
    >>> suggest("valance", ["valence", "modality"])
    "; did you mean 'valence'?"
    """
    return Suggester(choices)(word)


def actor_choices(actors: Iterable[tuple[str, str, Iterable[str]]]) -> dict[str, str]:
    """The spellings that name each actor (id, name, aliases), mapped to ``'ID' (Name)``.

    Examples
    --------
    >>> actor_choices([("ISR", "Israel", ["Jerusalem"])])["Jerusalem"]
    "'ISR' (Israel)"
    """
    choices: dict[str, str] = {}
    aliases: list[tuple[str, str]] = []
    for ident, name, also in actors:
        shown = f"{ident!r} ({name})"
        choices.setdefault(ident, shown)
        choices.setdefault(name, shown)
        aliases.extend((alias, shown) for alias in also)
    for alias, shown in aliases:  # ids and names first: an alias never hides them
        choices.setdefault(alias, shown)
    return choices


def stance_rules(
    start: PartialDate | None,
    end: PartialDate | None,
    actor: Any,
    target: Any,
    edges_per_stance: int,
) -> list[tuple[str, str, str]]:
    """The rules across one stance's fields, as ``(field, kind, message)``.

    ``actor`` and ``target`` are an id or a list of ids; values that are neither are skipped
    (field validation reports them).

    Examples
    --------
    >>> stance_rules(None, None, ["A", "B"], "A", 10_000)
    [('target', 'self_loop', 'a stance from an actor to itself: A is both actor and target')]
    """
    found: list[tuple[str, str, str]] = []
    if start is not None and end is not None and end.last < start.first:
        found.append(("end", "end_before_start", end_before_start(end.text, start.text)))
    actors, targets = _id_list(actor), _id_list(target)
    for name, ids in (("actor", actors), ("target", targets)):
        if len(ids) > 1:
            repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
            if repeated:
                found.append((name, "repeated_id", repeated_ids(name, repeated)))
    if len(actors) * len(targets) > edges_per_stance:
        found.append(
            (
                "target",
                "too_many_edges",
                too_many_edges(len(actors), len(targets), edges_per_stance),
            )
        )
    if len(actors) == 1 == len(targets):  # the common case, without building sets
        loops = actors if actors[0] == targets[0] else []
    else:
        loops = sorted(set(actors) & set(targets))
    if loops:
        found.append(("target", "self_loop", self_loop(loops)))
    return found


def _id_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _in_loader(info: ValidationInfo) -> bool:
    return bool((info.context or {}).get("skip_cross_check"))


def _date(value: Any) -> PartialDate | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


def affiliation_cycles(affiliations: Mapping[str, str]) -> list[list[str]]:
    """Each cycle of ``actor -> affiliation`` once, from its first actor in ``affiliations``.

    Examples
    --------
    >>> affiliation_cycles({"a": "b", "b": "a", "c": "c", "d": "a"})
    [['a', 'b'], ['c']]
    """
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current chain, 2: done
    for first in affiliations:
        chain: list[str] = []
        node: str | None = first
        while node is not None and node not in state:
            state[node] = 1
            chain.append(node)
            node = affiliations.get(node)
        if node is not None and state[node] == 1:
            cycle = chain[chain.index(node) :]
            cycles.append(cycle)
        for member in chain:
            state[member] = 2
    return cycles


def cross_check(
    data: Any, *, edges_per_stance: int = EDGES_PER_STANCE, edges: int = EDGES
) -> list[tuple[RulePath, str]]:
    """Check what spans fields and records: unique ids, references, affiliations, stance rules.

    Works on raw data (as read from YAML, or dumped from a model) and skips values that are
    not well-formed, which field validation reports, so both kinds of problem are reported
    in one pass. Every rule runs in one pass over the records; suggestions are cached.

    Parameters
    ----------
    data : Any
        The document as a mapping.
    edges_per_stance : int
        The most edges one stance may expand to.
    edges : int
        The most edges all stances may expand to (reported once, at the stance that passes it).

    Returns
    -------
    list of (path, message)
        One entry a problem, in document order within each rule.

    Examples
    --------
    >>> cross_check({"actors": [{"id": "EGY", "name": "Egypt"}],
    ...              "stances": [{"actor": "EGY", "target": "EGYPT"}]})
    [(('stances', 0, 'target'), "unknown actor 'EGYPT'; did you mean 'EGY' (Egypt)?")]
    """
    problems: list[tuple[RulePath, str]] = []
    if not isinstance(data, dict):
        return problems

    def records(name: str) -> list[tuple[int, dict[str, Any]]]:
        items = data.get(name)
        if not isinstance(items, list):
            return []
        return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]

    def unique(name: str, label: str) -> dict[str, int]:
        seen: dict[str, int] = {}
        for index, record in records(name):
            ident = record.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                problems.append(
                    ((name, index, "id"), duplicate_id(label, ident, f"{name}[{seen[ident]}]"))
                )
            else:
                seen[ident] = index
        return seen

    actors = unique("actors", "actor")
    sources = unique("sources", "source")
    unique("stances", "stance")
    actor_records = records("actors")

    hints: Suggester | None = None

    def unknown(ident: str) -> str:
        nonlocal hints
        if hints is None:  # built on the first unknown id only
            people = []
            for _, record in actor_records:
                ident_, name = record.get("id"), record.get("name")
                if isinstance(ident_, str):
                    aliases = record.get("aliases")
                    also = (
                        [a for a in aliases if isinstance(a, str)]
                        if isinstance(aliases, list)
                        else []
                    )
                    people.append((ident_, name if isinstance(name, str) else ident_, also))
            hints = Suggester(actor_choices(people))
        return unknown_actor(ident, hints(ident))

    affiliations: dict[str, str] = {}
    for index, record in actor_records:
        affiliation = record.get("affiliation")
        if not isinstance(affiliation, str):
            continue
        if affiliation not in actors:
            problems.append((("actors", index, "affiliation"), unknown(affiliation)))
        ident = record.get("id")
        if isinstance(ident, str) and actors.get(ident) == index:
            affiliations[ident] = affiliation
    for cycle in affiliation_cycles(affiliations):
        problems.append((("actors", actors[cycle[0]], "affiliation"), affiliation_cycle(cycle)))

    source_hints = Suggester(list(sources))
    total = 0
    for index, record in records("stances"):
        for name in ("actor", "target"):
            value = record.get(name)
            if isinstance(value, str):
                if value not in actors:
                    problems.append((("stances", index, name), unknown(value)))
            elif isinstance(value, list):
                for position, ident in enumerate(value):
                    if isinstance(ident, str) and ident not in actors:
                        problems.append((("stances", index, name, position), unknown(ident)))
        for field, _, message in stance_rules(
            _date(record.get("start")),
            _date(record.get("end")),
            record.get("actor"),
            record.get("target"),
            edges_per_stance,
        ):
            problems.append((("stances", index, field), message))
        if total <= edges:
            total += len(_id_list(record.get("actor"))) * len(_id_list(record.get("target")))
            if total > edges:
                problems.append((("stances", index), too_many_edges_in_all(total, edges)))
        evidence = record.get("evidence")
        if isinstance(evidence, list):
            for position, item in enumerate(evidence):
                source = item.get("source") if isinstance(item, dict) else None
                if isinstance(source, str) and source not in sources:
                    problems.append(
                        (
                            ("stances", index, "evidence", position, "source"),
                            unknown_source(source, source_hints(source)),
                        )
                    )
    return problems
