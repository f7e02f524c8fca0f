"""The rule from events to stances, written once as ibis expressions.

Nothing here reads files or knows the engine: the functions take an ibis table of events
with the canonical columns below and return expressions that DuckDB runs by default, Spark
runs for inputs past one machine, and BigQuery compiles to SQL (``ibis.to_sql(expr,
dialect="bigquery")``). :mod:`relgraph.events.read` fills the canonical table from files.

Canonical event columns (every one nullable):

==============  ========  ==================================================================
column          type      meaning
==============  ========  ==================================================================
``file_index``  int32     which input file (for duplicates across files: the first wins)
``event_id``    string    the source's event id
``actor_code``  string    the actor's code as the source writes it (country code or name)
``target_code`` string    the target's code
``day``         date      the event's day; null when the source's date is not a real date
``root``        string    CAMEO root code (``"01"``..``"20"``) or PLOVER category (upper case)
``quad``        int8      quad class 1..4 when the source gives one
``score``       float64   Goldstein score or intensity (-10..10)
``mentions``    int64     GDELT NumMentions (ranks the evidence URLs)
``url``         string    the source article
``is_root``     boolean   GDELT IsRootEvent
``malformed``   string    ``"short line"`` or ``"long line"`` for a line that is not a record
``line``        int64     the line number of a malformed line, when the reader knows it
==============  ========  ==================================================================

The code table maps codes to state ids (columns ``code``, ``state``), built from the
crosswalk of :mod:`relgraph.events.states` for the source's kind of code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = [
    "CAMEO_KINDS",
    "PERIODS",
    "PLOVER_ALIASES",
    "PLOVER_KINDS",
    "PLOVER_QUADS",
    "QUAD_SCHEMES",
    "REASONS",
    "Options",
    "below_min_events",
    "classify",
    "code_ids",
    "fine_groups",
    "flat_stances",
    "reason_counts",
    "reason_examples",
    "stance_groups",
    "top_urls",
]

PERIODS = ("day", "week", "month", "quarter", "year")

#: the stance kind of each CAMEO root code
CAMEO_KINDS: dict[str, str] = {
    "01": "statement",  # make public statement
    "02": "statement",  # appeal
    "03": "diplomatic",  # express intent to cooperate
    "04": "diplomatic",  # consult
    "05": "diplomatic",  # engage in diplomatic cooperation
    "06": "economic",  # engage in material cooperation
    "07": "humanitarian",  # provide aid
    "08": "diplomatic",  # yield
    "09": "other",  # investigate
    "10": "statement",  # demand
    "11": "statement",  # disapprove
    "12": "diplomatic",  # reject
    "13": "statement",  # threaten
    "14": "statement",  # protest
    "15": "military",  # exhibit force posture
    "16": "diplomatic",  # reduce relations
    "17": "conflict",  # coerce
    "18": "conflict",  # assault
    "19": "conflict",  # fight
    "20": "conflict",  # use unconventional mass violence
}

#: the stance kind of each PLOVER category (POLECAT's event types are PLOVER categories)
PLOVER_KINDS: dict[str, str] = {
    "AGREE": "diplomatic",
    "CONSULT": "diplomatic",
    "SUPPORT": "statement",
    "CONCEDE": "diplomatic",
    "COOPERATE": "diplomatic",
    "AID": "humanitarian",
    "RETREAT": "military",
    "REQUEST": "statement",
    "ACCUSE": "statement",
    "REJECT": "diplomatic",
    "THREATEN": "statement",
    "PROTEST": "statement",
    "SANCTION": "economic",
    "MOBILIZE": "military",
    "COERCE": "conflict",
    "ASSAULT": "conflict",
    "INVESTIGATE": "other",
}

#: older PLOVER names, read as the current category
PLOVER_ALIASES: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "FIGHT": "ASSAULT",
}

#: quad class of each PLOVER category (INVESTIGATE: 2 under gdelt, 3 under icews)
PLOVER_QUADS: dict[str, int] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}

#: CAMEO root -> quad class under each --quad-scheme, as (first root, last root, quad)
QUAD_SCHEMES: dict[str, tuple[tuple[int, int, int], ...]] = {
    "gdelt": ((1, 5, 1), (6, 9, 2), (10, 14, 3), (15, 20, 4)),
    "icews": ((1, 5, 1), (6, 8, 2), (9, 13, 3), (14, 20, 4)),
}

#: why an event does not count, in the order the rule asks
REASONS = (
    "short line",
    "long line",
    "duplicate event id",
    "bad date",
    "outside --from/--to",
    "not a root event (--root-only)",
    "no actor or target",
    "actor equals target",
    "unknown event code",
    "no score",
)


@dataclass(frozen=True)
class Options:
    """What the rule needs to know besides the events (see ``read_events``)."""

    period: str = "month"
    measure: str = "goldstein"
    min_events: int = 1
    root_only: bool = False
    start: dt.date | None = None
    end: dt.date | None = None
    quad_scheme: str = "gdelt"
    codes: str = "cameo"  # "cameo" (CAMEO roots) or "plover" (categories)
    dedupe: bool = True


def _quad_from_root(root: Any, options: Options) -> Any:
    import ibis

    if options.codes == "plover":
        quads = dict(PLOVER_QUADS)
        quads["INVESTIGATE"] = 2 if options.quad_scheme == "gdelt" else 3
        return root.cases(*quads.items(), else_=ibis.null("int8")).cast("int8")
    number = root.cast("int32")  # roots are checked to be "01".."20" first
    branches = [
        (number.between(low, high), ibis.literal(quad, "int8"))
        for low, high, quad in QUAD_SCHEMES[options.quad_scheme]
    ]
    return ibis.cases(*branches, else_=ibis.null("int8"))


def _clean(code: Any) -> Any:
    """A source code as an id: trimmed, empty as null, other characters as ``_``."""
    import ibis

    text = code.strip()
    return ibis.ifelse(text == "", ibis.null("string"), text.re_replace(r"[^A-Za-z0-9_.:-]", "_"))


def code_ids(events: ir.Table, codes: ir.Table) -> ir.Table:
    """The id of every distinct actor or target code of the events (few rows): the state the
    code table maps it to, else the code cleaned into an id (null when empty).

    Parameters
    ----------
    events : ibis Table
        Events with the canonical columns (module docstring).
    codes : ibis Table
        ``code`` -> ``state`` (the state id) for the source's kind of actor code.

    Returns
    -------
    ibis Table
        Columns ``code`` (as the source wrote it) and ``id``; materialise it once, then pass
        it to :func:`classify`, so that the per-event work is two joins.
    """
    import ibis

    raw = events.select(_code=events.actor_code).union(
        events.select(_code=events.target_code), distinct=True
    )
    known = codes.select(_known=codes.code, _state=codes.state)
    raw = raw.left_join(known, raw._code.strip() == known._known)
    return raw.select(code=raw._code, id=ibis.coalesce(raw._state, _clean(raw._code)))


def classify(events: ir.Table, ids: ir.Table, options: Options) -> ir.Table:
    """Each event with its actor and target ids, its period, its root and quad class, and
    the reason it does not count (null when it counts).

    Parameters
    ----------
    events : ibis Table
        Events with the canonical columns (module docstring).
    ids : ibis Table
        ``code`` -> ``id`` for every actor and target code (:func:`code_ids`).
    options : Options

    Returns
    -------
    ibis Table
        Columns ``reason``, ``actor``, ``target`` (ids), ``period`` (the first day of the
        period), ``root``, ``quad``, ``score``, ``mentions``, ``url``, ``file_index``,
        ``event_id``, ``line``.
    """
    import ibis

    e = events
    if options.dedupe:
        # the first file holding an event id wins; later files' copies are duplicates
        first = e.file_index.min().over(group_by=e.event_id)
        e = e.mutate(_duplicate=e.event_id.notnull() & (e.file_index > first))
    else:
        e = e.mutate(_duplicate=ibis.literal(False))
    if options.codes == "plover":
        root = e.root.upper().strip()
        root = root.cases(*PLOVER_ALIASES.items(), else_=root)
        known_root = root.isin(list(PLOVER_KINDS))
    else:
        root = e.root
        known_root = root.isin(list(CAMEO_KINDS))
    e = e.mutate(_root=ibis.ifelse(known_root, root, ibis.null("string")))
    given = e.quad.cast("int8")
    e = e.mutate(_quad=ibis.ifelse(given.between(1, 4), given, _quad_from_root(e._root, options)))
    a = ids.select(_a_code=ids.code, _a_id=ids.id)
    t = ids.select(_t_code=ids.code, _t_id=ids.id)
    e = e.left_join(a, e.actor_code == a._a_code).left_join(t, e.target_code == t._t_code)
    actor = e._a_id
    target = e._t_id
    outside = ibis.literal(False)
    if options.start is not None:
        outside = outside | (e.day < options.start)
    if options.end is not None:
        outside = outside | (e.day > options.end)
    score_needed = options.measure == "goldstein"
    reason = ibis.cases(
        (e.malformed.notnull(), e.malformed),
        (e._duplicate, "duplicate event id"),
        (e.day.isnull(), "bad date"),
        (outside, "outside --from/--to"),
        (ibis.literal(options.root_only) & ~e.is_root.fill_null(False),
         "not a root event (--root-only)"),
        (actor.isnull() | target.isnull(), "no actor or target"),
        (actor == target, "actor equals target"),
        (e._root.isnull() | e._quad.isnull(), "unknown event code"),
        (ibis.literal(score_needed) & e.score.isnull(), "no score"),
        else_=ibis.null("string"),
    )  # fmt: skip
    return e.select(
        reason=reason,
        actor=actor,
        target=target,
        period=_period_start(e.day, options.period),
        root=e._root,
        quad=e._quad,
        score=e.score,
        mentions=e.mentions,
        url=e.url,
        file_index=e.file_index,
        event_id=e.event_id,
        line=e.line,
    )


def _period_start(day: Any, period: str) -> Any:
    if period == "day":
        return day
    unit = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}[period]
    return day.truncate(unit)


def fine_groups(classified: ir.Table) -> ir.Table:
    """One scan: counts by reason, and per (actor, target, period, root)
    the numbers a stance needs. Rows that do not count fall into one group per reason (their
    other keys null)."""
    import ibis

    c = classified
    counted = c.reason.isnull()

    def key(column: Any) -> Any:
        return ibis.ifelse(counted, column, ibis.null(column.type()))

    g = c.mutate(
        actor=key(c.actor),
        target=key(c.target),
        period=key(c.period),
        root=key(c.root),
    )
    return g.group_by(["reason", "actor", "target", "period", "root"]).aggregate(
        n=g.count(),
        q1=(g.quad == 1).sum(),
        q2=(g.quad == 2).sum(),
        q3=(g.quad == 3).sum(),
        q4=(g.quad == 4).sum(),
        score_sum=g.score.sum(),
        score_n=g.score.count(),
    )


def reason_counts(fine: ir.Table) -> ir.Table:
    """Events left out, by reason (from the grouped scan)."""
    left = fine.filter(fine.reason.notnull())
    return left.group_by("reason").aggregate(n=left.n.sum())


def reason_examples(classified: ir.Table) -> ir.Table:
    """The least and greatest event id of each reason, and for malformed lines their least
    and greatest place in the input (file index * 10^12 + line)."""
    left = classified.filter(classified.reason.notnull())
    at = left.file_index.cast("int64") * 1_000_000_000_000 + left.line
    return left.group_by("reason").aggregate(
        first_id=left.event_id.min(),
        last_id=left.event_id.max(),
        first_at=at.min(),
        last_at=at.max(),
    )


def stance_groups(fine: ir.Table, options: Options) -> ir.Table:
    """One row per (actor, target, period) with at least ``min_events`` events: ``n``,
    ``q1``..``q4``, ``score_sum``, ``score_n``, ``valence`` and ``root`` (the most frequent
    root code or category; ties: the lower one). Below ``min_events``: see
    :func:`below_min_events`."""
    import ibis

    used = fine.filter(fine.reason.isnull())
    keys = ["actor", "target", "period"]
    totals = used.group_by(keys).aggregate(
        n=used.n.sum(),
        q1=used.q1.sum(),
        q2=used.q2.sum(),
        q3=used.q3.sum(),
        q4=used.q4.sum(),
        score_sum=used.score_sum.sum(),
        score_n=used.score_n.sum(),
    )
    rank = ibis.row_number().over(group_by=keys, order_by=[ibis.desc(used.n), used.root])
    mode = used.mutate(_rank=rank).filter(lambda t: t._rank == 0)
    mode = mode.select(_ma=mode.actor, _mt=mode.target, _mp=mode.period, root=mode.root)
    totals = totals.filter(totals.n >= options.min_events)
    joined = totals.join(
        mode,
        [totals.actor == mode._ma, totals.target == mode._mt, totals.period == mode._mp],
    )
    if options.measure == "goldstein":
        raw = joined.score_sum / joined.score_n / 10.0
    else:
        raw = (joined.q1 + joined.q2 - joined.q3 - joined.q4).cast("float64") / joined.n
    valence = raw.clip(lower=-1.0, upper=1.0)
    score_mean = ibis.ifelse(
        joined.score_n > 0, joined.score_sum / joined.score_n, ibis.null("float64")
    )
    return joined.select(
        "actor",
        "target",
        "period",
        "n",
        "q1",
        "q2",
        "q3",
        "q4",
        "root",
        valence=valence,
        score_mean=score_mean,
    )


def below_min_events(fine: ir.Table, options: Options) -> ir.Table:
    """The (actor, target, period) groups with fewer than ``min_events`` events."""
    used = fine.filter(fine.reason.isnull())
    totals = used.group_by(["actor", "target", "period"]).aggregate(n=used.n.sum())
    return totals.filter(totals.n < options.min_events)


def top_urls(classified: ir.Table, options: Options, *, limit: int = 3) -> ir.Table:
    """Up to ``limit`` distinct URLs per (actor, target, period) among the events that count,
    by total mentions (most first), then URL text."""
    import ibis

    c = classified.filter(
        classified.reason.isnull() & classified.url.notnull() & (classified.url != "")
    )
    keys = ["actor", "target", "period"]
    per_url = c.group_by([*keys, "url"]).aggregate(mentions=c.mentions.fill_null(0).sum())
    rank = ibis.row_number().over(
        group_by=keys, order_by=[ibis.desc(per_url.mentions), per_url.url]
    )
    ranked = per_url.mutate(_rank=rank).filter(lambda t: t._rank < limit)
    return ranked.group_by(keys).aggregate(
        **{f"url{i + 1}": ranked.url.max(where=ranked._rank == i) for i in range(limit)}
    )


def flat_stances(groups: ir.Table, urls: ir.Table | None, options: Options) -> ir.Table:
    """One flat row per stance: ``actor, target, start, end, kind, valence, n_events, q1..q4,
    score_mean, url_1..url_3`` (no lists, so any engine can export it as CSV; ``relgraph
    import stances`` reads it back). ``groups`` from :func:`stance_groups`, ``urls`` from
    :func:`top_urls` (None when the source has no URLs)."""
    import ibis

    kinds = PLOVER_KINDS if options.codes == "plover" else CAMEO_KINDS
    g = groups
    if urls is not None:
        u = urls.select(
            _ua=urls.actor, _ut=urls.target, _up=urls.period,
            url_1=urls.url1, url_2=urls.url2, url_3=urls.url3,
        )  # fmt: skip
        g = g.left_join(u, [g.actor == u._ua, g.target == u._ut, g.period == u._up])
    else:
        g = g.mutate(**{f"url_{i}": ibis.null("string") for i in (1, 2, 3)})
    p = g.period
    day = p.strftime("%Y-%m-%d")
    quarter_end = p + ibis.interval(months=3) - ibis.interval(days=1)
    start, end = {
        "day": (day, day),
        "week": (day, (p + ibis.interval(days=6)).strftime("%Y-%m-%d")),
        "month": (p.strftime("%Y-%m"),) * 2,
        "quarter": (day, quarter_end.strftime("%Y-%m-%d")),
        "year": (p.strftime("%Y"),) * 2,
    }[options.period]  # fmt: skip
    return (
        g.select(
            actor=g.actor,
            target=g.target,
            start=start,
            end=end,
            kind=g.root.cases(*kinds.items(), else_="other"),
            valence=g.valence,
            n_events=g.n,
            q1=g.q1,
            q2=g.q2,
            q3=g.q3,
            q4=g.q4,
            score_mean=g.score_mean,
            url_1=g.url_1,
            url_2=g.url_2,
            url_3=g.url_3,
            _period=g.period,
        )
        .order_by(["actor", "target", "_period"])
        .drop("_period")
    )
