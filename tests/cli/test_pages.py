"""``relgraph render`` and ``relgraph timeline``, in-process: exact output and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import relgraph
from relgraph.cli import app
from relgraph.render import page_data
from relgraph.timeline import Timeline

SEED = Path(__file__).parents[2] / "data" / "relations.yaml"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def edge_keys(path: Path) -> list[str]:
    return sorted(e["id"] for e in page_data(path.read_text(encoding="utf-8"))["edges"])


def test_render_a_day(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    assert run("render", SEED, "--at", "2024-05-14", "-o", out) == (0, f"Wrote {out}\n", "")
    graph = Timeline(relgraph.read_relations(SEED)).at("2024-05-14")
    assert edge_keys(out) == sorted(k for _, _, k in graph.edges(keys=True))
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["provenance"]["slice"] == {"at": "2024-05-14"}


def test_render_a_period_with_filters(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    code, stdout, _ = run(
        "render", SEED, "--from", "2024-05", "--to", "2024-05", "--modality", "considered",
        "--kind", "diplomatic", "-o", out,
    )  # fmt: skip
    assert (code, stdout) == (0, f"Wrote {out}\n")
    assert edge_keys(out) == ["egy-isr-downgrade-ties", "egy-isr-recall-ambassador"]
    provenance = page_data(out.read_text(encoding="utf-8"))["provenance"]
    assert provenance["filters"] == {"kinds": ["diplomatic"], "modalities": ["considered"]}
    assert provenance["slice"] == {"start": "2024-05-01", "end": "2024-05-31"}


def test_timeline_steps(tmp_path: Path) -> None:
    out = tmp_path / "timeline.html"
    code, stdout, stderr = run(
        "timeline", SEED, "--from", "2024-04", "--to", "2024-05", "--step", "week", "-o", out
    )
    assert (code, stdout, stderr) == (0, f"Wrote {out}\n", "")
    data = page_data(out.read_text(encoding="utf-8"))
    periods = Timeline(relgraph.read_relations(SEED)).periods("2024-04", "2024-05", "week")
    assert [p["label"] for p in data["periods"]] == [p.label for p in periods]
    assert data["provenance"]["slice"]["step"] == "week"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["render", "--at", "2024-05"],
            "Error: --at 2024-05 is a whole month, not a day: give YYYY-MM-DD, or ask for the "
            "period with --from 2024-05 --to 2024-05\n",
        ),
        (
            ["timeline", "--step", "fortnight"],
            "Error: unknown step 'fortnight': use one of day, week, month, quarter, year, decade,"
            " auto\n",
        ),
    ],
)
def test_bad_requests_exit_1(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "x.html"
    assert run(args[0], SEED, *args[1:], "-o", out) == (1, "", message)
    assert not out.exists()


def test_unwritable_output_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "graph.html"
    assert run("render", SEED, "--at", "2024-05-14", "-o", out) == (
        1,
        "",
        f"Error: cannot write {out}: the directory {out.parent} does not exist\n",
    )


def test_open_writes_then_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    out = tmp_path / "graph.html"
    code, stdout, _ = run("render", SEED, "--at", "2024-05-14", "-o", out, "--open")
    assert (code, stdout) == (0, f"Wrote {out}\n")
    assert opened == [out.resolve().as_uri()]


def test_open_without_a_browser_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # webbrowser.open answers False when it finds no browser to run
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    out = tmp_path / "graph.html"
    assert run("render", SEED, "--at", "2024-05-14", "-o", out, "--open") == (
        0,
        f"Wrote {out}\n",
        f"Note: no web browser could be found to open the page; open {out} yourself.\n",
    )


@pytest.mark.parametrize(("name", "shown"), [("day.png", "the suffix .png"), ("day", "no suffix")])
@pytest.mark.parametrize("command", [["render", "--at", "2024-05-14"], ["timeline"]])
def test_a_page_is_named_html(tmp_path: Path, command: list[str], name: str, shown: str) -> None:
    out = tmp_path / name
    assert run(command[0], SEED, *command[1:], "-o", out) == (
        1,
        "",
        f"Error: cannot write {out}: a page is HTML, and {shown} says otherwise; name it "
        "day.html\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_page_limits_are_options(tmp_path: Path) -> None:
    out = tmp_path / "day.html"
    code, stdout, err = run("render", SEED, "--at", "2024-05-14", "--max-edges", "3", "-o", out)
    assert (code, stdout) == (1, "")
    assert err.startswith("Error: ")
    assert "--max-edges" in err
    assert not out.exists()


def test_timeline_without_dates_or_step_says_the_step_it_chose(tmp_path: Path) -> None:
    out = tmp_path / "timeline.html"
    code, stdout, stderr = run("timeline", SEED, "-o", out)
    timeline = Timeline(relgraph.read_relations(SEED))
    periods = timeline.periods()
    step = periods[0].step
    assert (code, stdout) == (0, f"Wrote {out}\n")
    assert stderr == (
        f"Note: one step per {step}, {len(periods)} steps over {periods[0].label}.."
        f"{periods[-1].label} (the finest step giving at most 100 that the dates can tell "
        "apart; --step to choose).\n"
    )
    assert len(page_data(out.read_text(encoding="utf-8"))["periods"]) == len(periods) <= 100


def test_merge_pairs_and_limits_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    assert run("render", SEED, "--at", "2024-05-14", "--merge-pairs", "-o", out)[0] == 0
    assert page_data(out.read_text(encoding="utf-8"))["merge"]["pairs"] is True
    code, stdout, stderr = run("render", SEED, "--at", "2024-05-14", "--max-edges", "3", "-o", out)
    assert (code, stdout) == (1, "")
    assert stderr.startswith("Error: the page would hold ")
    assert "--max-edges" in stderr
