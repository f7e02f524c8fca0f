"""The GDELT import on a real local Spark session equals the DuckDB engine's.

One small session (``local[2]``, two shuffle partitions) serves the module. Without pyspark
or Java 17+ the tests skip, except under CI (``CI`` set), where that fails the run.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from relgraph.dataset import read_dataset
from relgraph.errors import LoadError, QueryError
from relgraph.events import read_events

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DATA = Path(__file__).resolve().parents[1] / "data" / "events"
# py4j (pyspark's bridge to the JVM) leaves its sockets to the garbage collector
pytestmark = [
    pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
SAMPLES = [DATA / "gdelt2_sample.export.CSV", DATA / "gdelt1_sample.tsv"]


def _java_major() -> int | None:
    java = shutil.which("java")
    if java is None:
        return None
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    found = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """A real local Spark session, small: the machine's cores are shared."""
    reason = None
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        reason = 'pyspark is missing: pip install "relgraph[spark]"'
    major = _java_major()
    if reason is None and (major is None or major < 17):
        reason = f"Spark needs Java 17 or later (found: {major or 'none'})"
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("relgraph tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def spark_import(
    spark: SparkSession, paths: list[Any], out: Path, **options: Any
) -> tuple[Any, Any]:
    from relgraph.events.engines import import_events_spark

    report = import_events_spark(paths, out, source="gdelt", spark=spark, **options)
    return read_dataset(out), report


def assert_same_dataset(got: Any, want: Any, *, same_format: bool = True) -> None:
    """Same rows in every table; valences and mean scores within 1e-9."""
    assert got.actors.to_pylist() == want.actors.to_pylist()
    assert (got.sources.to_pylist() if got.sources else []) == (
        want.sources.to_pylist() if want.sources else []
    )
    rows = sorted(got.stances.to_pylist(), key=lambda r: r["id"])
    expected = sorted(want.stances.to_pylist(), key=lambda r: r["id"])
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert rows  # the comparison is not vacuous
    for row, other in zip(rows, expected, strict=True):
        assert math.isclose(row.pop("valence"), other.pop("valence"), abs_tol=1e-9), row["id"]
        attrs, other_attrs = json.loads(row.pop("attrs")), json.loads(other.pop("attrs"))
        score, other_score = attrs.pop("score_mean", None), other_attrs.pop("score_mean", None)
        assert (score is None) == (other_score is None), row["id"]
        if score is not None:
            assert math.isclose(score, other_score, abs_tol=1e-9), row["id"]
        if not same_format:  # a remote file's version is not read by the driver
            assert attrs.pop("source_format").startswith("GDELT")
            other_attrs.pop("source_format")
        assert attrs == other_attrs, row["id"]
        assert row == other


def counts(report: Any) -> dict[str, Any]:
    return {
        "read": report.events_read,
        "used": report.events_used,
        "left_out": {k: v["count"] for k, v in report.left_out.items()},
        "unknown": report.unknown_codes,
        "stances": report.stances,
        "actors": report.actors,
    }


def test_samples_equal_duckdb(spark: SparkSession, tmp_path: Path) -> None:
    got, report = spark_import(spark, SAMPLES, tmp_path / "spark")
    want, want_report = read_events(SAMPLES, source="gdelt")
    assert_same_dataset(got, want)
    assert counts(report) == counts(want_report)
    assert (
        report.left_out["no actor or target"]["examples"]
        == (want_report.left_out["no actor or target"]["examples"])
    )
    # written by Spark: part files under stances.parquet, renamed into place whole
    assert (tmp_path / "spark" / "stances.parquet").is_dir()
    assert list((tmp_path / "spark" / "stances.parquet").glob("part-*.parquet"))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    provenance = got.provenance
    assert provenance["engine"].startswith("spark ")
    assert [i["format"] for i in provenance["inputs"]] == ["GDELT 2.0", "GDELT 1.0"]
    assert all(len(i["sha256"]) == 64 for i in provenance["inputs"])


def _line(rng: random.Random, event_id: int, day: str) -> str:
    """A GDELT 2.0 line (61 columns): actors from a few states, regions and blanks; roots,
    quad classes, scores and mentions drawn so that ties in kind and in URL rank occur."""
    codes = ["USA", "RUS", "CHN", "ISR", "EGY", "ROM", "EUR", "HMS", "", ""]
    cols = [""] * 61
    cols[0] = str(event_id)
    cols[1] = day
    cols[7], cols[17] = rng.choice(codes), rng.choice(codes)
    cols[5], cols[15] = cols[7] + "GOV", cols[17] + "MIL"
    cols[25] = rng.choice(["1", "0"])
    root = rng.choice(["01", "04", "05", "14", "18", "19", "20", "99"])
    cols[26] = cols[27] = root + "0"
    cols[28] = root
    cols[29] = rng.choice(["", "1", "2", "3", "4"])
    cols[30] = rng.choice(["", "-10", "-2.5", "0", "1.9", "3.4", "7", "10"])
    cols[31] = str(rng.choice([1, 1, 2, 5, 10]))
    cols[59] = day + "120000"
    cols[60] = f"https://news.example/{rng.randrange(12)}.html"
    return "\t".join(cols)


def generated(tmp_path: Path) -> list[Path]:
    """Two files of generated events: bad dates, duplicates across files, short and long
    lines (fixed seed)."""
    rng = random.Random(11)
    days = ["20240101", "20240115", "20240131", "20240205", "20240229", "20240701", "20241330"]
    first = [_line(rng, 1000 + i, rng.choice(days)) for i in range(1500)]
    second = [_line(rng, 5000 + i, rng.choice(days)) for i in range(1000)]
    second += first[:40]  # the same event ids again: duplicates (the first file wins)
    first.insert(10, "\t".join(["77", "20240101"] + [""] * 30))  # short line
    second.insert(5, first[20] + "\textra\tcolumns")  # long line
    paths = [tmp_path / "a.export.CSV", tmp_path / "b.export.CSV"]
    for path, lines in zip(paths, (first, second), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def test_generated_rows_equal_duckdb(spark: SparkSession, tmp_path: Path) -> None:
    paths = generated(tmp_path)
    options = {"period": "week", "min_events": 2, "start": "2024-01-01", "end": "2024-06-30"}
    got, report = spark_import(spark, paths, tmp_path / "spark", **options)
    want, want_report = read_events(paths, source="gdelt", **options)
    assert_same_dataset(got, want)
    assert counts(report) == counts(want_report)
    reasons = ("duplicate event id", "bad date", "outside --from/--to", "short line",
               "long line", "unknown event code", "no score", "below --min-events")  # fmt: skip
    for reason in reasons:
        assert report.left_out[reason]["count"] > 0, reason
    # malformed lines: DuckDB names FILE:LINE; Spark has no line numbers and says so
    assert want_report.left_out["long line"]["examples"] == [f"{paths[1]}:6"]
    assert report.left_out["long line"]["examples"] == []
    assert report.left_out["long line"]["note"] == "Spark gives no line numbers"


def test_remote_inputs_record_size_and_time_and_zip(
    spark: SparkSession, tmp_path: Path, cli: Any
) -> None:
    archive = tmp_path / "sample.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(SAMPLES[1], "gdelt1_sample.tsv")
    url = SAMPLES[0].resolve().as_uri()  # a URL: read by Spark, not by this process
    out = tmp_path / "out"
    code, stdout, stderr = cli(
        "import", "gdelt", url, archive, "-o", out, "--engine", "spark", "--period", "year",
    )  # fmt: skip
    assert code == 0, stderr
    assert f"Wrote {out}:" in stdout
    assert "left out" in stderr
    got = read_dataset(out)
    want, _ = read_events(SAMPLES, source="gdelt", period="year")
    assert_same_dataset(got, want, same_format=False)
    first, second = got.provenance["inputs"]
    assert first["path"] == str(archive)  # local files first, hashed
    assert len(first["sha256"]) == 64
    assert second["path"].endswith("gdelt2_sample.export.CSV")
    assert "sha256" not in second
    assert second["size"] == SAMPLES[0].stat().st_size
    assert second["modified"][:4].isdigit()


def test_refusals(spark: SparkSession, tmp_path: Path) -> None:
    from relgraph.events.engines import import_events_spark

    archive = tmp_path / "x.zip"
    archive.write_bytes(b"PK")
    with pytest.raises(LoadError, match="Spark reads text, not .zip"):
        import_events_spark([archive.resolve().as_uri()], tmp_path / "o", spark=spark)
    with pytest.raises(QueryError, match="--engine spark reads GDELT"):
        import_events_spark([archive], tmp_path / "o", source="icews", spark=spark)
    with pytest.raises(QueryError, match="writes a dataset directory"):
        import_events_spark(SAMPLES, tmp_path / "o.yaml", spark=spark)
    missing = (tmp_path / "none-*.CSV").resolve().as_uri()
    with pytest.raises(LoadError, match="Spark cannot list the input|no file matches"):
        import_events_spark([missing], tmp_path / "o", spark=spark)
    assert not (tmp_path / "o").exists()
