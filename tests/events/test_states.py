"""The state crosswalk: the traps of COW, ISO3, CAMEO and ICEWS codes."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from relgraph.events import states
from relgraph.events.states import (
    crosswalk,
    state_for_cameo,
    state_for_cow,
    state_for_cow_abb,
    state_for_icews,
    state_for_iso3,
)
from relgraph.model import ID_PATTERN


@pytest.mark.parametrize(
    ("abb", "cow_name", "iso3", "iso_name"),
    [
        ("AUS", "Austria", "AUS", "Australia"),
        ("SWZ", "Switzerland", "SWZ", "Eswatini"),
        ("MNG", "Montenegro", "MNG", "Mongolia"),
        ("SLV", "Slovenia", "SLV", "El Salvador"),
        ("CZE", "Czechoslovakia", "CZE", "Czechia"),
    ],
)
def test_cow_and_iso3_letter_codes_that_collide_name_different_states(
    abb: str, cow_name: str, iso3: str, iso_name: str
) -> None:
    by_cow = state_for_cow_abb(abb)
    by_iso = state_for_iso3(iso3)
    assert by_cow is not None
    assert by_iso is not None
    assert (by_cow.name, by_iso.name) == (cow_name, iso_name)
    assert by_cow.id != by_iso.id


def test_ids_are_iso3_else_cow_abbreviation() -> None:
    assert state_for_cow(2) == (
        "USA",
        "United States",
        {"iso3": "USA", "cow": "2", "cameo": "USA"},
    )
    assert [state_for_cow(c).id for c in (255, 305, 900, 300, 315, 260, 730, 732)] == [  # type: ignore[union-attr]
        "DEU", "AUT", "AUS", "cow:AUH", "cow:CZE", "cow:GFR", "cow:KOR", "KOR",
    ]  # fmt: skip
    assert state_for_cow(9999) is None


@pytest.mark.parametrize(
    ("cameo", "state_id"),
    [("ROM", "ROU"), ("MTN", "MNE"), ("IMY", "IMN"), ("PSE", "PSE"), ("USA", "USA")],
)
def test_cameo_country_codes(cameo: str, state_id: str) -> None:
    state = state_for_cameo(cameo)
    assert state is not None
    assert state.id == state_id
    assert state.codes["cameo"] == cameo


@pytest.mark.parametrize("code", ["EUR", "AFR", "WST", "HMS", "ROU", ""])
def test_regions_groups_and_iso3_only_codes_are_not_cameo_states(code: str) -> None:
    assert state_for_cameo(code) is None


@pytest.mark.parametrize(
    ("name", "state_id"),
    [
        ("Russian Federation", "RUS"),
        ("Occupied Palestinian Territory", "PSE"),
        ("Holy See", "VAT"),
        ("United States", "USA"),
        ("Moldova, Republic of", "MDA"),
        ("Democratic Republic of Congo", "COD"),
    ],
)
def test_icews_country_names(name: str, state_id: str) -> None:
    state = state_for_icews(name)
    assert state is not None
    assert state.id == state_id


def test_the_table_is_one_row_per_state_with_valid_unique_ids() -> None:
    import re

    table = crosswalk()
    assert table.column_names == list(states.COLUMNS)
    assert table.schema.field("cow").type == pa.int32()
    assert all(table.schema.field(c).type == pa.string() for c in states.COLUMNS if c != "cow")
    for column in ("id", "iso3", "cow", "cow_abb", "cameo", "icews_name"):
        values = [v for v in table.column(column).to_pylist() if v is not None]
        assert len(values) == len(set(values)), column
    assert all(re.match(ID_PATTERN, i) for i in table.column("id").to_pylist())
    assert table.num_rows == len(states.states()) > 200


def test_the_table_joins_in_duckdb() -> None:
    con = duckdb.connect()
    con.register("xwalk", crosswalk())
    con.register("events", pa.table({"code": ["ROM", "EUR", "USA", "HMS"]}))
    rows = con.sql(
        "SELECT e.code, s.id FROM events e LEFT JOIN xwalk s ON e.code = s.cameo ORDER BY 1"
    ).fetchall()
    assert rows == [("EUR", None), ("HMS", None), ("ROM", "ROU"), ("USA", "USA")]
