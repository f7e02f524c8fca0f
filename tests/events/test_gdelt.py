"""GDELT import checked against an independent plain-Python computation on real extracts."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from relgraph.dataset import Dataset
from relgraph.errors import LoadError
from relgraph.events import read_events
from relgraph.events.rule import CAMEO_KINDS
from relgraph.events.states import state_for_cameo

DATA = Path(__file__).resolve().parents[1] / "data" / "events"
GDELT1 = DATA / "gdelt1_sample.tsv"
GDELT2 = DATA / "gdelt2_sample.export.CSV"


def _period(day: dt.date, period: str) -> str:
    if period == "month":
        return day.strftime("%Y-%m")
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "year":
        return str(day.year)
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return day.isoformat()


def expected_stances(
    files: list[Path],
    *,
    period: str = "month",
    root_only: bool = False,
    start: dt.date | None = None,
    end: dt.date | None = None,
    min_events: int = 1,
) -> dict[str, dict[str, Any]]:
    """The rule of DESIGN §5 in plain Python, one line at a time."""
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            url = cols[57] if len(cols) == 58 else cols[60] if len(cols) == 61 else ""
            try:
                day = dt.datetime.strptime(cols[1], "%Y%m%d").date()
            except ValueError:
                continue
            if (start and day < start) or (end and day > end):
                continue
            if root_only and cols[25] != "1":
                continue
            codes = []
            for code in (cols[7], cols[17]):
                state = state_for_cameo(code)
                codes.append(state.id if state else code)
            actor, target = codes
            if not actor or not target or actor == target:
                continue
            if cols[30] == "":
                continue
            group = groups.setdefault(
                (actor, target, _period(day, period)),
                {"n": 0, "score": 0.0, "roots": Counter(), "quads": Counter(), "urls": Counter()},
            )
            group["n"] += 1
            group["score"] += float(cols[30])
            group["roots"][cols[28]] += 1
            group["quads"][int(cols[29])] += 1
            if url:
                group["urls"][url] += int(cols[31] or 0)
    out = {}
    for (actor, target, label), g in groups.items():
        if g["n"] < min_events:
            continue
        top = max(g["roots"].values())
        root = min(r for r, c in g["roots"].items() if c == top)
        urls = sorted(g["urls"].items(), key=lambda item: (-item[1], item[0]))[:3]
        out[f"ev-{actor}-{target}-{label}"] = {
            "valence": max(-1.0, min(1.0, g["score"] / g["n"] / 10)),
            "kind": CAMEO_KINDS[root],
            "cameo": root,
            "n": g["n"],
            "quads": [g["quads"][q] for q in (1, 2, 3, 4)],
            "urls": [u for u, _ in urls],
        }
    return out


def actual_stances(dataset: Dataset) -> dict[str, dict[str, Any]]:
    urls = {}
    if dataset.sources is not None:
        urls = dict(
            zip(
                dataset.sources.column("id").to_pylist(),
                dataset.sources.column("url").to_pylist(),
                strict=True,
            )
        )
    out = {}
    for row in dataset.stances.to_pylist():
        attrs = json.loads(row["attrs"])
        out[row["id"]] = {
            "valence": row["valence"],
            "kind": row["kind"],
            "cameo": row["cameo"],
            "n": attrs["n_events"],
            "quads": [attrs[f"q{q}"] for q in (1, 2, 3, 4)],
            "urls": [urls[e["source"]] for e in row["evidence"] or []],
        }
    return out


def assert_same(actual: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]) -> None:
    assert sorted(actual) == sorted(expected)
    for key, want in expected.items():
        got = actual[key]
        assert math.isclose(got.pop("valence"), want["valence"], abs_tol=1e-12), key
        want = {k: v for k, v in want.items() if k != "valence"}
        assert got == want, key


@pytest.mark.parametrize("period", ["month", "week", "day", "quarter", "year"])
def test_gdelt_1_and_2_match_an_independent_computation(period: str) -> None:
    dataset, report = read_events([GDELT1, GDELT2], source="gdelt", period=period)
    expected = expected_stances([GDELT1, GDELT2], period=period)
    assert len(expected) > 50
    assert_same(actual_stances(dataset), expected)
    assert report.events_read == 501
    assert report.events_used == sum(s["n"] for s in expected.values())
    assert report.events_read == report.events_used + sum(
        v["count"] for v in report.left_out.values()
    )


def test_root_only_range_and_min_events_match_too() -> None:
    dataset, report = read_events(
        [GDELT2], source="gdelt", root_only=True, start="2024-08-01", end="2024-08-19",
        min_events=2,
    )  # fmt: skip
    expected = expected_stances(
        [GDELT2], root_only=True, start=dt.date(2024, 8, 1), end=dt.date(2024, 8, 19),
        min_events=2,
    )  # fmt: skip
    assert expected
    assert_same(actual_stances(dataset), expected)
    assert report.left_out["not a root event (--root-only)"]["count"] > 0
    assert report.left_out["outside --from/--to"]["count"] > 0
    below = report.left_out["below --min-events"]
    assert below["count"] >= below["stances"] > 0


def test_periods_name_their_days() -> None:
    dataset, _ = read_events([GDELT2], source="gdelt", period="week")
    rows = {r["id"]: r for r in dataset.stances.to_pylist()}
    week = next(r for k, r in rows.items() if k.endswith("-2024-W34"))
    assert (week["start"], week["end"]) == ("2024-08-19", "2024-08-25")
    quarter, _ = read_events([GDELT2], source="gdelt", period="quarter")
    q = next(r for r in quarter.stances.to_pylist() if r["id"].endswith("-2024-Q3"))
    assert (q["start"], q["end"]) == ("2024-07-01", "2024-09-30")
    year, _ = read_events([GDELT2], source="gdelt", period="year")
    y = year.stances.to_pylist()[0]
    assert y["start"] == y["end"] == y["id"][-4:]


def test_actors_are_crosswalked_and_other_codes_counted() -> None:
    dataset, report = read_events([GDELT1, GDELT2], source="gdelt")
    actors = {row["id"]: row for row in dataset.actors.to_pylist()}
    assert actors["USA"]["kind"] == "state"
    assert dict(actors["USA"]["codes"]) == {"iso3": "USA", "cow": "2", "cameo": "USA"}
    others = {i for i, row in actors.items() if row["kind"] == "other"}
    assert others
    assert all(actors[i]["name"] == i for i in others)
    assert set(report.unknown_codes["codes"]) == others
    assert report.unknown_codes["events"] == sum(
        s["n"]
        for key, s in expected_stances([GDELT1, GDELT2]).items()
        if any(part in others for part in key.split("-")[1:3])
    )


def _sample_lines() -> list[str]:
    return GDELT2.read_text(encoding="utf-8").splitlines()


def _set(line: str, **columns: str) -> str:
    cols = line.split("\t")
    for key, value in columns.items():
        cols[int(key[1:]) - 1] = value
    return "\t".join(cols)


def test_every_reason_is_counted_with_examples(tmp_path: Path) -> None:
    base = next(
        line for line in _sample_lines()
        if line.split("\t")[7] == "USA" and line.split("\t")[17] not in ("", "USA")
    )  # fmt: skip
    base = _set(base, c26="1", c2="20240815")
    rows = [
        _set(base, c1="900000001"),  # counts
        _set(base, c1="900000002", c2="20241332"),  # bad date
        _set(base, c1="900000003", c8=""),  # no actor
        _set(base, c1="900000004", c18="USA"),  # actor equals target
        _set(base, c1="900000005", c31=""),  # no score
        _set(base, c1="900000006", c29="--", c30=""),  # unknown event code
        _set(base, c1="900000007", c2="20200101"),  # outside --from/--to
        _set(base, c1="900000008", c26="0"),  # not a root event
        "\t".join(base.split("\t")[:30]),  # short line (line 9)
        base + "\textra",  # long line (line 10)
        _set(base, c1="900000011", c18="EUR"),  # counts, a region: kind other
    ]
    first = tmp_path / "a.export.CSV"
    first.write_text("\n".join(rows) + "\n", encoding="utf-8")
    second = tmp_path / "b.export.CSV"
    second.write_text(rows[0] + "\n" + _set(base, c1="900000012") + "\n", encoding="utf-8")
    dataset, report = read_events(
        [first, second], source="gdelt", root_only=True, start="2024", min_events=2
    )
    counts = {reason: entry["count"] for reason, entry in report.left_out.items()}
    assert counts == {
        "short line": 1,
        "long line": 1,
        "duplicate event id": 1,
        "bad date": 1,
        "outside --from/--to": 1,
        "not a root event (--root-only)": 1,
        "no actor or target": 1,
        "actor equals target": 1,
        "unknown event code": 1,
        "no score": 1,
        "below --min-events": 1,
    }
    examples = {reason: entry["examples"] for reason, entry in report.left_out.items()}
    assert examples["bad date"] == ["900000002"]
    assert examples["duplicate event id"] == ["900000001"]
    assert examples["short line"] == [f"{first}:9"]
    assert examples["long line"] == [f"{first}:10"]
    assert report.events_read == 13
    assert report.events_used == 2
    assert dataset.stances.num_rows == 1  # USA>target with 2 events; USA>EUR had 1
    provenance = dataset.provenance
    assert provenance["left_out"]["no score"] == {"count": 1, "examples": ["900000005"]}
    assert [i["path"] for i in provenance["inputs"]] == [str(first), str(second)]
    assert all(len(i["sha256"]) == 64 for i in provenance["inputs"])
    assert provenance["options"]["min_events"] == 2
    assert provenance["engine"].startswith("duckdb ")


def test_gz_zip_and_globs_read_the_same_events(tmp_path: Path) -> None:
    plain, _ = read_events([GDELT2], source="gdelt")
    gz = tmp_path / "x.export.CSV.gz"
    gz.write_bytes(gzip.compress(GDELT2.read_bytes()))
    archive = tmp_path / "y.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(GDELT2, "20240819130000.export.CSV")
    for path in (gz, archive):
        dataset, report = read_events([path], source="gdelt")
        assert dataset.stances.equals(plain.stances)
        assert report.inputs[0]["path"] == str(path)
    both, report = read_events([str(tmp_path / "*.export.CSV.*")], source="gdelt")
    assert report.left_out["duplicate event id"]["count"] == report.events_read // 2
    assert both.stances.column("id").equals(plain.stances.column("id"))


def test_a_zip_that_expands_too_far_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("events.CSV", b"\0" * 5_000_000)
    with pytest.raises(LoadError, match="bomb.zip: the zip archive expands to more than"):
        read_events([archive], source="gdelt")
    assert not list(tmp_path.glob("relgraph-zip-*"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.CSV", "a\tb\tc\n", "not a GDELT events file: its first line has 3 tab-separated"),
        ("x.zip", "not a zip", "not a zip archive"),
        ("x.CSV.gz", "not gzip", "cannot read the file"),
        ("x.CSV", b"\xff\xfe\x00", "not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_what_its_name_says(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(LoadError) as caught:
        read_events([path], source="gdelt")
    assert str(caught.value.problems[0]).startswith(f"{path}: {message}")


def test_parquet_with_gdelt_column_names_gives_the_same_stances(tmp_path: Path) -> None:
    import duckdb

    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, 62))
    parquet = tmp_path / "events.parquet"
    duckdb.sql(
        f"""COPY (SELECT c1::BIGINT AS GLOBALEVENTID, c2::INTEGER AS SQLDATE, c6 AS Actor1Code,
                   c16 AS Actor2Code, c8 AS Actor1CountryCode, c18 AS Actor2CountryCode,
                   c26::INTEGER AS IsRootEvent, c29 AS EventRootCode, c30::INTEGER AS QuadClass,
                   c31::DOUBLE AS GoldsteinScale, c32::INTEGER AS NumMentions, c61 AS SOURCEURL
            FROM read_csv('{GDELT2}', delim='\t', header=false, columns={{{cols}}}, quote='',
                          auto_detect=false)) TO '{parquet}' (FORMAT parquet)"""
    )
    from_tsv, _ = read_events([GDELT2], source="gdelt")
    from_parquet, report = read_events([parquet], source="gdelt")
    assert report.inputs[0]["format"] == "GDELT (Parquet)"
    assert_same(actual_stances(from_parquet), actual_stances(from_tsv))
    bad = tmp_path / "other.parquet"
    duckdb.sql(f"COPY (SELECT 1 AS x) TO '{bad}' (FORMAT parquet)")
    with pytest.raises(LoadError, match="other.parquet: the Parquet file lacks the columns"):
        read_events([bad], source="gdelt")
