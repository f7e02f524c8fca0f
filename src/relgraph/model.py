"""The typed model of a relations file (format version 1), and its cross-record checks.

Every model forbids unknown keys (``extra="forbid"``) except the free-form ``attrs``
mappings. Values arrive as the YAML reader leaves them (see :mod:`relgraph._yaml`): text
fields keep a plain scalar exactly as written, numbers and booleans take the YAML 1.2 core
schema's reading. The models hold no I/O; :mod:`relgraph.load` reads files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from relgraph._yaml import CoreScalar
from relgraph.dates import PartialDate

__all__ = [
    "ACTOR_KINDS",
    "MODALITIES",
    "STANCE_KINDS",
    "Actor",
    "Edge",
    "Evidence",
    "Relations",
    "Source",
    "Stance",
    "cross_check",
    "edge_key",
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


def _as_text(value: Any) -> Any:
    """A plain scalar keeps its text; null and an empty value mean absent."""
    if isinstance(value, CoreScalar):
        return None if value.value is None else value.text
    return value


def _as_value(value: Any) -> Any:
    """A plain scalar takes its YAML 1.2 core-schema value (number, boolean or null)."""
    if isinstance(value, CoreScalar):
        return value.value
    return value


def _plain_values(value: Any) -> Any:
    """Free-form data: every plain scalar takes its core-schema value, recursively."""
    if isinstance(value, CoreScalar):
        return value.value
    if isinstance(value, dict):
        return {key: _plain_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_values(item) for item in value]
    return value


def _as_id_list(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    return value


Text = Annotated[str, Field(strict=True, min_length=1), BeforeValidator(_as_text)]
Id = Annotated[
    str,
    StringConstraints(strict=True, pattern=ID_PATTERN),
    BeforeValidator(_as_text),
    Field(description="Letters, digits, _ . - : (read exactly as written)"),
]
IdOrIds = Annotated[
    Id | Annotated[list[Id], Field(min_length=1)],
    BeforeValidator(_as_id_list),
    Field(description="An actor id, or a list of ids (a list expands to one edge each)"),
]
Codes = Annotated[
    dict[str, Annotated[str, Field(strict=True), BeforeValidator(_as_text)]],
    Field(description="External identifiers such as iso3 or cow, kept as text"),
]
Attrs = Annotated[
    dict[str, Any],
    BeforeValidator(_plain_values),
    Field(description="Free-form mapping; any keys"),
]
Confidence = Annotated[
    float, Field(strict=True, ge=0.0, le=1.0, allow_inf_nan=False), BeforeValidator(_as_value)
]
Valence = Annotated[
    float,
    Field(strict=True, ge=-1.0, le=1.0, allow_inf_nan=False),
    BeforeValidator(_as_value),
    Field(description="-1.0 (hostile) .. +1.0 (cooperative)"),
]
Bool = Annotated[bool, Field(strict=True), BeforeValidator(_as_value)]
Cameo = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^[0-9]{2,4}$"),
    BeforeValidator(_as_text),
    Field(description="CAMEO event code: 2 to 4 digits, as text"),
]
OptionalDate = Annotated[PartialDate | None, BeforeValidator(_as_text)]


class Model(BaseModel):
    """Shared configuration: unknown keys are errors, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


class Source(Model):
    """A document that evidence refers to."""

    id: Id
    title: Text
    publisher: Annotated[Text | None, BeforeValidator(_as_text)] = None
    published: OptionalDate = None
    url: Annotated[Text | None, BeforeValidator(_as_text)] = None


class Actor(Model):
    """A state, armed group, organisation, intergovernmental body, person or other actor."""

    id: Id
    name: Text
    kind: ActorKind
    aliases: list[Text] = Field(default_factory=list)
    affiliation: Annotated[Id | None, BeforeValidator(_as_text)] = Field(
        default=None, description="The actor this one speaks for (persons mainly)"
    )
    codes: Codes = Field(default_factory=dict)
    attrs: Attrs = Field(default_factory=dict)


class Evidence(Model):
    """A quote or pointer that supports a stance."""

    source: Annotated[Id | None, BeforeValidator(_as_text)] = None
    quote: Annotated[Text | None, BeforeValidator(_as_text)] = None
    attribution: Annotated[Text | None, BeforeValidator(_as_text)] = None


class Stance(Model):
    """A dated stance of one actor (or several) toward another (or several).

    Examples
    --------
    >>> s = Stance.model_validate({"actor": "EGY", "target": "ISR", "kind": "diplomatic",
    ...                            "valence": -0.5, "start": "2024-05"})
    >>> s.key, s.modality, s.start.last
    ('EGY>ISR:diplomatic:2024-05', 'actual', datetime.date(2024, 5, 31))
    """

    id: Annotated[Id | None, BeforeValidator(_as_text)] = None
    actor: IdOrIds
    target: IdOrIds
    kind: StanceKind
    label: Annotated[Text | None, BeforeValidator(_as_text)] = None
    valence: Valence
    modality: Modality = "actual"
    mutual: Bool = False
    start: PartialDate
    end: OptionalDate = None
    reported: OptionalDate = None
    confidence: Annotated[Confidence | None, BeforeValidator(_as_value)] = None
    cameo: Annotated[Cameo | None, BeforeValidator(_as_text)] = None
    evidence: list[Evidence] = Field(default_factory=list)
    attrs: Attrs = Field(default_factory=dict)

    _key: str | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _start_text(cls, data: Any) -> Any:
        # `start` is required, so a null there must stay visible as a missing date.
        if isinstance(data, dict) and isinstance(data.get("start"), CoreScalar):
            start = data["start"]
            if start.value is None:
                data = {**data, "start": None}
        return data

    @model_validator(mode="after")
    def _check(self) -> Stance:
        if self.end is not None and self.end.last < self.start.first:
            raise PydanticCustomError(
                "end_before_start",
                "end {end} is before start {start}",
                {"end": self.end.text, "start": self.start.text},
            )
        for name in ("actor", "target"):
            ids = getattr(self, name)
            if isinstance(ids, list):
                repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
                if repeated:
                    raise PydanticCustomError(
                        "repeated_id",
                        "{field} lists {ids} more than once",
                        {"field": name, "ids": ", ".join(repeated)},
                    )
        loops = sorted(set(self.actors) & set(self.targets))
        if loops:
            raise PydanticCustomError(
                "self_loop",
                "a stance from an actor to itself: {ids} is both actor and target",
                {"ids": ", ".join(loops)},
            )
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

    version: Annotated[Literal[1], BeforeValidator(_as_value)] = Field(
        default=1, description="Format version"
    )
    title: Annotated[Text | None, BeforeValidator(_as_text)] = None
    sources: list[Source] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)

    _source_path: str | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_check(self, info: ValidationInfo) -> Relations:
        if not (info.context or {}).get("skip_cross_check"):
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


def _ids(value: Any) -> Iterator[tuple[int | None, str]]:
    """The text ids in an ``actor``/``target`` value, with their list index."""
    value = _as_text(value)
    if isinstance(value, str):
        yield None, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            item = _as_text(item)
            if isinstance(item, str):
                yield index, item


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ``did you mean`` clause for a likely typo, or an empty string.

    Examples
    --------
    >>> suggest("valance", ["valence", "modality"])
    "; did you mean 'valence'?"
    """
    choices = list(choices)
    folded = {choice.casefold(): choice for choice in choices}
    matches = difflib.get_close_matches(word.casefold(), list(folded), n=3, cutoff=0.6)
    if not matches:
        return ""
    names = " or ".join(repr(folded[m]) for m in matches)
    return f"; did you mean {names}?"


def cross_check(data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Check what spans records: unique ids and that every id a record names exists.

    Works on raw data (as read from YAML, or dumped from a model) and skips values that are
    not well-formed, which field validation reports, so both kinds of problem are reported
    in one pass.

    Parameters
    ----------
    data : Any
        The document as a mapping.

    Returns
    -------
    list of (path, message)
        One entry a problem, in document order.

    Examples
    --------
    >>> cross_check({"actors": [{"id": "EGY", "name": "Egypt"}],
    ...              "stances": [{"actor": "EGY", "target": "EGYPT"}]})
    [(('stances', 0, 'target'), "unknown actor 'EGYPT'; did you mean 'EGY' (Egypt)?")]
    """
    problems: list[tuple[tuple[str | int, ...], str]] = []
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
            ident = _as_text(record.get("id"))
            if not isinstance(ident, str):
                continue
            if ident in seen:
                problems.append(
                    (
                        (name, index, "id"),
                        f"duplicate {label} id {ident!r} (also {name}[{seen[ident]}])",
                    )
                )
            else:
                seen[ident] = index
        return seen

    actors = unique("actors", "actor")
    sources = unique("sources", "source")
    unique("stances", "stance")
    names: dict[str, str] = {}
    for _, record in records("actors"):
        ident = _as_text(record.get("id"))
        if isinstance(ident, str):
            names[ident] = str(_as_text(record.get("name")) or ident)

    def unknown_actor(ident: str) -> str:
        lookup: dict[str, str] = {}
        for actor_id, name in names.items():
            lookup.setdefault(actor_id.casefold(), actor_id)
            lookup.setdefault(name.casefold(), actor_id)
        for _, record in records("actors"):
            aliases = record.get("aliases")
            actor_id = _as_text(record.get("id"))
            if isinstance(aliases, list) and isinstance(actor_id, str):
                for alias in aliases:
                    alias = _as_text(alias)
                    if isinstance(alias, str):
                        lookup.setdefault(alias.casefold(), actor_id)
        found = difflib.get_close_matches(ident.casefold(), list(lookup), n=6, cutoff=0.6)
        ids = list(dict.fromkeys(lookup[f] for f in found))[:3]
        hint = " or ".join(f"{i!r} ({names[i]})" for i in ids)
        return f"unknown actor {ident!r}" + (f"; did you mean {hint}?" if hint else "")

    for index, record in records("actors"):
        affiliation = _as_text(record.get("affiliation"))
        if isinstance(affiliation, str) and affiliation not in actors:
            problems.append((("actors", index, "affiliation"), unknown_actor(affiliation)))
    for index, record in records("stances"):
        for name in ("actor", "target"):
            for position, ident in _ids(record.get(name)):
                if ident not in actors:
                    path = (
                        ("stances", index, name)
                        if position is None
                        else ("stances", index, name, position)
                    )
                    problems.append((path, unknown_actor(ident)))
        problems.extend(_stance_checks(index, record))
        evidence = record.get("evidence")
        if isinstance(evidence, list):
            for position, item in enumerate(evidence):
                source = _as_text(item.get("source")) if isinstance(item, dict) else None
                if isinstance(source, str) and source not in sources:
                    problems.append(
                        (
                            ("stances", index, "evidence", position, "source"),
                            f"unknown source {source!r}" + suggest(source, sources),
                        )
                    )
    return problems


def _raw_date(value: Any) -> PartialDate | None:
    text = _as_text(value)
    if not isinstance(text, str):
        return None
    try:
        return PartialDate.parse(text)
    except ValueError:
        return None


def _stance_checks(index: int, record: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """The checks across a stance's own fields, on raw data, so that they are reported even
    when another field of the same stance is invalid (the model's validator then never runs).
    Messages equal the model's, so a problem found both ways is reported once."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    start, end = _raw_date(record.get("start")), _raw_date(record.get("end"))
    if start is not None and end is not None and end.last < start.first:
        found.append((("stances", index, "end"), f"end {end.text} is before start {start.text}"))
    actors = {ident for _, ident in _ids(record.get("actor"))}
    loops = sorted(actors & {ident for _, ident in _ids(record.get("target"))})
    if loops:
        found.append((
            ("stances", index, "target"),
            f"a stance from an actor to itself: {', '.join(loops)} is both actor and target",
        ))  # fmt: skip
    return found
