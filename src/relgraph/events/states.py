"""One id scheme for states: the crosswalk of COW, ISO3, CAMEO and ICEWS country codes.

COW, CAMEO and ISO 3166 letter codes collide: COW's ``AUS``, ``SWZ``, ``MNG``, ``SLV`` and
``CZE`` are Austria, Switzerland, Montenegro, Slovenia and Czechoslovakia, while in ISO3 they
are Australia, Eswatini, Mongolia, El Salvador and Czechia. Every importer therefore gives a
state one id: its ISO 3166-1 alpha-3 code where it has one (COW 2 -> ``USA``, 255 -> ``DEU``,
305 -> ``AUT``, 900 -> ``AUS``; CAMEO ``ROM`` -> ``ROU``), else ``cow:`` and its COW
abbreviation (``cow:AUH`` for Austria-Hungary, ``cow:GFR`` for West Germany). A code the
crosswalk does not know (CAMEO regions such as ``EUR``, ``AFR``, ``WST``; groups such as
``HMS``, Hamas) is not a state: importers give it ``kind: other`` and count it.

The table ships as ``relgraph/events/data/states.csv``, one row per state, with the columns
``id, name, iso3, cow, cow_abb, cameo, icews_name``. It was compiled for relgraph from public
code lists, not copied from any other crosswalk:

- the Correlates of War Project's State System Membership List v2016 (COW number,
  abbreviation; every COW state since 1816 is a row);
- ISO 3166-1 alpha-3 codes, as published by the ISO 3166 Maintenance Agency (current codes
  only: states that ended before ISO 3166, such as Czechoslovakia, keep a ``cow:`` id);
- the CAMEO country codes (Schrodt, *CAMEO Conflict and Mediation Event Observations Codebook*
  1.1b3, 2012, and GDELT's ``CAMEO.country.txt``), which equal ISO3 except ``ROM`` (Romania),
  ``MTN`` (Montenegro) and ``IMY`` (Isle of Man);
- the country names of the ICEWS coded event data (Boschee et al. 2015, Harvard Dataverse),
  e.g. "Russian Federation", "Occupied Palestinian Territory", "Holy See".

Four rows have ISO3 codes but no COW number, because event data code them as countries:
Palestine (``PSE``), the Holy See (``VAT``), Western Sahara (``ESH``) and the Isle of Man
(``IMN``). COW 345 (Yugoslavia, continued by Serbia from 2006) is ``SRB``, "Serbia".

Examples
--------
>>> state_for_cow(2)
State(id='USA', name='United States', codes={'iso3': 'USA', 'cow': '2', 'cameo': 'USA'})
>>> state_for_cameo("ROM").id, state_for_icews("Russian Federation").id
('ROU', 'RUS')
>>> state_for_cameo("EUR") is None
True
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "COLUMNS",
    "State",
    "crosswalk",
    "state_for_cameo",
    "state_for_cow",
    "state_for_cow_abb",
    "state_for_icews",
    "state_for_iso3",
    "states",
]

COLUMNS: tuple[str, ...] = ("id", "name", "iso3", "cow", "cow_abb", "cameo", "icews_name")


class State(NamedTuple):
    """A state under relgraph's id scheme: its id, its common English name and its codes.

    ``codes`` holds ``iso3``, ``cow`` (the number, as text) and ``cameo`` where known, as an
    actor's ``codes`` mapping does.
    """

    id: str
    name: str
    codes: dict[str, str]


@functools.cache
def _rows() -> tuple[dict[str, str | None], ...]:
    text = resources.files("relgraph.events").joinpath("data/states.csv").read_text("utf-8")
    rows = []
    for row in csv.DictReader(text.splitlines()):
        rows.append({column: (row[column] or None) for column in COLUMNS})
    return tuple(rows)


def states() -> list[State]:
    """Every state of the crosswalk, in COW order, then the states without a COW number.

    Returns
    -------
    list of State

    Examples
    --------
    >>> [s.id for s in states()][:3]
    ['USA', 'CAN', 'BHS']
    """
    return [_state(row) for row in _rows()]


def _state(row: dict[str, str | None]) -> State:
    codes = {key: row[key] for key in ("iso3", "cow", "cameo") if row[key] is not None}
    return State(str(row["id"]), str(row["name"]), codes)  # type: ignore[arg-type]


@functools.cache
def _index(column: str) -> dict[str, State]:
    return {str(row[column]): _state(row) for row in _rows() if row[column] is not None}


def state_for_cow(code: int | str) -> State | None:
    """The state with this Correlates of War number, or None.

    Examples
    --------
    >>> state_for_cow(305).id, state_for_cow("900").id, state_for_cow(300).id
    ('AUT', 'AUS', 'cow:AUH')
    """
    return _index("cow").get(str(code).strip())


def state_for_cow_abb(code: str) -> State | None:
    """The state with this COW abbreviation (``AUS`` is Austria there), or None.

    Examples
    --------
    >>> state_for_cow_abb("AUS").name, state_for_cow_abb("CZE").id
    ('Austria', 'cow:CZE')
    """
    return _index("cow_abb").get(code)


def state_for_iso3(code: str) -> State | None:
    """The state with this ISO 3166-1 alpha-3 code (``AUS`` is Australia there), or None.

    Examples
    --------
    >>> state_for_iso3("AUS").name, state_for_iso3("SWZ").name
    ('Australia', 'Eswatini')
    """
    return _index("iso3").get(code)


def state_for_cameo(code: str) -> State | None:
    """The state with this CAMEO country code (``ROM`` is Romania), or None for a region,
    a group or an unknown code.

    Examples
    --------
    >>> state_for_cameo("ROM").id, state_for_cameo("PSE").name, state_for_cameo("HMS")
    ('ROU', 'Palestine', None)
    """
    return _index("cameo").get(code)


def state_for_icews(name: str) -> State | None:
    """The state ICEWS names so ("Occupied Palestinian Territory"), or None.

    Examples
    --------
    >>> state_for_icews("Holy See").id, state_for_icews("Occupied Palestinian Territory").id
    ('VAT', 'PSE')
    """
    return _index("icews_name").get(name)


def crosswalk() -> pa.Table:
    """The crosswalk as an Arrow table, ready to join in DuckDB (or any Arrow engine).

    Columns: ``id``, ``name``, ``iso3``, ``cow`` (int32), ``cow_abb``, ``cameo``,
    ``icews_name``; every column but ``id`` and ``name`` may be null.

    Returns
    -------
    pyarrow.Table

    Examples
    --------
    >>> import duckdb
    >>> states_table = crosswalk()
    >>> states_table.schema.field("cow").type
    DataType(int32)
    >>> duckdb.sql("SELECT id, name FROM states_table WHERE cameo = 'ROM'").fetchall()
    [('ROU', 'Romania')]
    """
    import pyarrow as pa

    rows = _rows()
    arrays = []
    for column in COLUMNS:
        values = [row[column] for row in rows]
        if column == "cow":
            arrays.append(pa.array([None if v is None else int(v) for v in values], pa.int32()))
        else:
            arrays.append(pa.array(values, pa.string()))
    return pa.Table.from_arrays(arrays, names=list(COLUMNS))
