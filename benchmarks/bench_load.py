"""Load and start-up benchmarks for relgraph, as ratios to baselines measured in the same run.

``python benchmarks/bench_load.py`` prints, on the generated 100k-stance file (made with
``generate.py --actors 2000 --stances 100000 --seed 1`` when missing):

- a cold ``relgraph.read_relations`` (load + validate, in a fresh process that has not read
  the file; imports are done before the clock starts) as a ratio to a plain
  ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same file (target ≤ 0.5) and to
  ``json.loads`` of the same data (``json.dumps`` of the CSafeLoader result, dates as text),
  with each process's peak resident memory (target: below the CSafeLoader load's);
- start-up: ``relgraph --help`` against ``python -c "import typer"`` and
  ``relgraph validate data/relations.yaml`` against ``python -c "import typer, pydantic,
  yaml"`` (targets ≤ 1.5), and that neither command imports pyvis, networkx or matplotlib.

Every figure is the median of several fresh processes, the load measurements interleaved run
by run. ``--candidates`` adds the loader's parts, measured alone (see benchmarks/README.md).
Exits 1 when a target fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
DEFAULT_FILE = DATA / "stances-100k.yaml"
SEED_FILE = ROOT / "data" / "relations.yaml"
HEAVY = ("pyvis", "networkx", "matplotlib")
# Children may write bytecode, as an installed package has it: with PYTHONDONTWRITEBYTECODE
# set, every start-up would recompile relgraph's modules while the baselines' come compiled.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

# Each snippet runs in a fresh interpreter with the file path as argv[1]; it prints one JSON
# line: the seconds of the measured step and the process's peak RSS (KiB) before and after.
_PRELUDE = """
import gc, json, sys, time
sys.path.insert(0, "benchmarks")  # the child runs in the repository
from _peak import peak_kib as rss
path = sys.argv[1]
"""
_REPORT = """
print(json.dumps({"seconds": elapsed, "cpu": cpu, "rss_before": before, "rss_after": rss()}))
"""
_SNIPPETS: dict[str, str] = {
    "csafe": """
import yaml
text = open(path, encoding="utf-8").read()
before = rss(); start = time.perf_counter(); cpu = time.process_time()
yaml.load(text, Loader=yaml.CSafeLoader)
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "json": """
text = open(path, encoding="utf-8").read()
before = rss(); start = time.perf_counter(); cpu = time.process_time()
json.loads(text)
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "read_relations": """
import relgraph, relgraph.load
before = rss(); start = time.perf_counter(); cpu = time.process_time()
relgraph.read_relations(path)
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    # --- candidates ------------------------------------------------------------------------
    "csafe_nogc": """
import yaml
text = open(path, encoding="utf-8").read()
before = rss(); start = time.perf_counter(); cpu = time.process_time()
gc.disable(); yaml.load(text, Loader=yaml.CSafeLoader); gc.enable()
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "csafe_freeze": """
import yaml
text = open(path, encoding="utf-8").read()
gc.freeze()
before = rss(); start = time.perf_counter(); cpu = time.process_time()
gc.disable(); yaml.load(text, Loader=yaml.CSafeLoader); gc.enable()
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "cbase_nogc": """
import yaml
text = open(path, encoding="utf-8").read()
before = rss(); start = time.perf_counter(); cpu = time.process_time()
gc.disable(); yaml.load(text, Loader=yaml.CBaseLoader); gc.enable()
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "compose_nogc": """
from relgraph.load import _yaml
from relgraph.model import FREE_FORM_FIELDS, VALUE_FIELDS
source = open(path, "rb").read()
before = rss(); start = time.perf_counter(); cpu = time.process_time()
gc.disable(); doc = _yaml.compose(source, values=VALUE_FIELDS, free_form=FREE_FORM_FIELDS)
gc.enable()
assert not doc.problems
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "compose_positions_nogc": """
from relgraph.load import _yaml
from relgraph.model import FREE_FORM_FIELDS, VALUE_FIELDS
source = open(path, "rb").read()
before = rss(); start = time.perf_counter(); cpu = time.process_time()
gc.disable()
doc = _yaml.compose(
    source, values=VALUE_FIELDS, free_form=FREE_FORM_FIELDS, positions=True
)
gc.enable()
assert not doc.problems
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "events_only": """
import yaml
source = open(path, "rb").read()
before = rss(); start = time.perf_counter(); cpu = time.process_time()
parser = yaml.CBaseLoader(source)
while type(parser.get_event()) is not yaml.StreamEndEvent:
    pass
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "check_only_nogc": """
from relgraph.load import _yaml
from relgraph.model import FREE_FORM_FIELDS, VALUE_FIELDS, cross_check
source = open(path, "rb").read()
gc.disable(); data = _yaml.compose(source, values=VALUE_FIELDS, free_form=FREE_FORM_FIELDS).data
before = rss(); start = time.perf_counter(); cpu = time.process_time()
assert not cross_check(data)
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "validate_only_nogc": """
from relgraph.load import _yaml
from relgraph.model import FREE_FORM_FIELDS, VALUE_FIELDS, Relations
source = open(path, "rb").read()
gc.disable(); data = _yaml.compose(source, values=VALUE_FIELDS, free_form=FREE_FORM_FIELDS).data
before = rss(); start = time.perf_counter(); cpu = time.process_time()
Relations.model_validate(data, context={"skip_cross_check": True}); gc.enable()
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
    "error_path": """
import relgraph
from relgraph.errors import LoadError
text = open(path, encoding="utf-8").read()
# one actor renamed: every stance naming it is a problem, with a suggestion
text = text.replace("- id: AAB\\n", "- id: AAB-renamed\\n", 1)
before = rss(); start = time.perf_counter(); cpu = time.process_time()
try:
    relgraph.parse_relations(text)
except LoadError as error:
    assert error.problems
elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu
""",
}
_CANDIDATES = [
    ("csafe_nogc", "yaml.load CSafeLoader, gc off"),
    ("csafe_freeze", "yaml.load CSafeLoader, gc.freeze + off"),
    ("cbase_nogc", "yaml.load CBaseLoader (all text), gc off"),
    ("events_only", "libyaml events alone (PyYAML's CParser)"),
    ("compose_nogc", "compose from events, no positions, gc off"),
    ("compose_positions_nogc", "compose from events with positions, gc off"),
    ("check_only_nogc", "cross-record and stance rules alone"),
    ("validate_only_nogc", "pydantic model_validate alone"),
    ("error_path", "one actor renamed: every problem located"),
]


def _measure(name: str, path: Path) -> dict[str, float]:
    code = _PRELUDE + _SNIPPETS[name] + _REPORT
    done = subprocess.run(
        [sys.executable, "-c", code, os.fspath(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=ENV,
    )
    if done.returncode != 0:
        return {"error": 1.0}
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _median_runs(
    rows: Sequence[tuple[str, Path]], repeat: int
) -> dict[str, dict[str, float] | None]:
    """Each row's median over ``repeat`` fresh processes, the rows interleaved run by run, so
    that the load of a shared machine drifting during the benchmark hits all of them alike."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in rows}
    for _ in range(repeat):
        for name, path in rows:
            runs[name].append(_measure(name, path))
    medians: dict[str, dict[str, float] | None] = {}
    for name, done in runs.items():
        if any("error" in run for run in done):
            medians[name] = None
            continue
        medians[name] = {
            "seconds": statistics.median(run["seconds"] for run in done),
            "cpu": statistics.median(run["cpu"] for run in done),
            "rss_mib": statistics.median(run["rss_after"] for run in done) / 1024,
            "rss_growth_mib": statistics.median(
                run["rss_after"] - run["rss_before"] for run in done
            )
            / 1024,
        }
    return medians


def _json_copy(path: Path) -> Path:
    """The same data as JSON (CSafeLoader's reading, dates as text), made once per file."""
    target = path.with_suffix(".json")
    if not target.exists() or target.stat().st_mtime < path.stat().st_mtime:
        # in a child process, so that this one stays small
        code = (
            "import json, sys, yaml\n"
            "data = yaml.load(open(sys.argv[1], encoding='utf-8').read(), "
            "Loader=yaml.CSafeLoader)\n"
            "with open(sys.argv[2], 'w', encoding='utf-8') as out:\n"
            "    json.dump(data, out, default=str, ensure_ascii=False)\n"
        )
        tmp = target.with_name(target.name + ".tmp")
        subprocess.run([sys.executable, "-c", code, os.fspath(path), os.fspath(tmp)], check=True)
        tmp.replace(target)
    return target


def _ensure_file(path: Path) -> None:
    if path.exists():
        return
    sys.path.insert(0, os.fspath(HERE))
    from generate import main as generate_main

    print(f"generating {path.relative_to(ROOT)} ...", flush=True)
    generate_main(["--actors", "2000", "--stances", "100000", "--seed", "1", "-o", str(path)])


def _command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("relgraph")
    if script.exists():
        return [os.fspath(script), *args]
    return [sys.executable, "-m", "relgraph", *args]


def _wall(commands: Sequence[Sequence[str]], repeat: int) -> list[float]:
    """Median wall time of each command; runs are interleaved so drift hits all alike."""
    times: list[list[float]] = [[] for _ in commands]
    for command in commands:  # warm-up: bytecode written, files in the page cache
        subprocess.run(command, capture_output=True, check=False, cwd=ROOT, env=ENV)
    for _ in range(repeat):
        for index, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False, cwd=ROOT, env=ENV)
            times[index].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def heavy_imports(argv: Sequence[str]) -> list[str] | None:
    """Which of pyvis, networkx, matplotlib the CLI imports for ``argv`` (None: it crashed).

    Parameters
    ----------
    argv : sequence of str
        The command's arguments, e.g. ``["--help"]``.

    Returns
    -------
    list of str or None
        The heavy modules found in ``sys.modules`` after the command ran in a fresh process.
    """
    code = (
        "import sys, json\n"
        f"sys.argv = ['relgraph', *{list(argv)!r}]\n"
        "try:\n"
        "    from relgraph.cli import main\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"found = sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})\n"
        "print('\\n@@' + json.dumps(found))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=ENV,
    )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("@@"):
            found: list[str] = json.loads(line[2:])
            return found
    return None


# The least a typer command line that parses one argument costs (with yaml imported too).
_TYPER_APP = """
import typer, pydantic, yaml
app = typer.Typer()
@app.command()
def validate(path: str) -> None:
    print(path)
@app.command()
def schema() -> None:
    pass
app()
"""


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def bench_load(path: Path, repeat: int, candidates: bool, say: Callable[[str], None]) -> bool:
    """Print the cold load figures; return whether the target holds."""
    size = path.stat().st_size / 1e6
    say(
        f"cold load of {path.relative_to(ROOT)} ({size:.1f} MB), "
        f"median of {repeat} interleaved processes"
    )
    json_path = _json_copy(path)
    rows = [
        ("csafe", "yaml.load CSafeLoader (baseline)", path),
        ("json", "json.loads of the same data", json_path),
        ("read_relations", "relgraph.read_relations (load + validate)", path),
    ]
    if candidates:
        rows += [(name, label, path) for name, label in _CANDIDATES]
    results = _median_runs([(name, source) for name, _, source in rows], repeat)
    say(
        f"  {'':46s} {'seconds':>8s} {'÷ CSafe':>8s} {'÷ json':>8s} {'CPU s':>8s} "
        f"{'÷ CSafe':>8s} {'peak RSS':>9s} {'(growth)':>10s}"
    )
    base, js = results.get("csafe"), results.get("json")
    for name, label, _ in rows:
        result = results[name]
        if result is None:
            say(f"  {label:46s} {'(not available)':>8s}")
            continue
        to_base = f"{result['seconds'] / base['seconds']:8.3f}" if base else f"{'':8s}"
        to_json = f"{result['seconds'] / js['seconds']:8.1f}" if js else f"{'':8s}"
        cpu_base = f"{result['cpu'] / base['cpu']:8.3f}" if base else f"{'':8s}"
        say(
            f"  {label:46s} {result['seconds']:8.3f} {to_base} {to_json} {result['cpu']:8.3f} "
            f"{cpu_base} {result['rss_mib']:5.0f} MiB {result['rss_growth_mib']:6.0f} MiB"
        )
    base, ours = results["csafe"], results["read_relations"]
    if base is None or ours is None:
        say("load+validate ≤ 0.5 × CSafeLoader: FAIL (could not run)")
        return False
    ratio: float = ours["seconds"] / base["seconds"]
    ok = ratio <= 0.5
    say(f"load+validate ≤ 0.5 × CSafeLoader: {ratio:.3f}  {_verdict(ok)}")
    cpu_ratio = ours["cpu"] / base["cpu"]
    say(f"  (in CPU time, which a busy shared machine disturbs less: {cpu_ratio:.3f})")
    memory: float = ours["rss_mib"] / base["rss_mib"]
    below = memory < 1.0
    say(f"load+validate peak RSS < CSafeLoader's: {memory:.3f}  {_verdict(below)}")
    return ok and below


def bench_startup(repeat: int, say: Callable[[str], None]) -> bool:
    """Print the start-up figures; return whether every target holds."""
    say(f"start-up, median wall time of {repeat} processes")
    py = sys.executable
    seed = os.fspath(SEED_FILE.relative_to(ROOT))
    help_s, typer_s, validate_s, imports_s, floor_s = _wall(
        [
            _command("--help"),
            [py, "-c", "import typer"],
            _command("validate", seed),
            [py, "-c", "import typer, pydantic, yaml"],
            [py, "-c", _TYPER_APP, "validate", seed],
        ],
        repeat,
    )
    ok = True
    for label, ours, base, base_label in [
        ("relgraph --help", help_s, typer_s, 'python -c "import typer"'),
        (f"relgraph validate {seed}", validate_s, imports_s, "import typer, pydantic, yaml"),
    ]:
        ratio = ours / base
        ok &= ratio <= 1.5
        say(
            f"  {label:38s} {ours:6.3f} s vs {base_label:30s} {base:6.3f} s: "
            f"{ratio:.2f} ≤ 1.5  {_verdict(ratio <= 1.5)}"
        )
    say(
        f"  (reference: a one-command typer app that only echoes its argument takes "
        f"{floor_s:.3f} s, {floor_s / imports_s:.2f} × the import baseline,\n"
        f"   as typer parses arguments through pydantic; relgraph validate is "
        f"{validate_s / floor_s:.2f} × that app)"
    )
    for argv in (["--help"], ["validate", seed]):
        found = heavy_imports(argv)
        clean = found == []
        ok &= clean
        shown = "could not run" if found is None else (", ".join(found) or "none")
        say(
            f"  relgraph {' '.join(argv):30s} imports of {'/'.join(HEAVY)}: {shown}  "
            f"{_verdict(clean)}"
        )
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the figures.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 when every target holds, 1 otherwise.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="relations file")
    parser.add_argument("--repeat", type=int, default=3, help="processes per load figure")
    parser.add_argument("--startup-repeat", type=int, default=7, help="runs per start-up figure")
    parser.add_argument("--candidates", action="store_true", help="also time the candidates")
    parser.add_argument("--skip-load", action="store_true", help="only the start-up figures")
    parser.add_argument("--skip-startup", action="store_true", help="only the load figures")
    args = parser.parse_args(argv)
    path = args.file.resolve()
    ok = True
    if not args.skip_load:
        if path == DEFAULT_FILE:
            _ensure_file(path)
        ok &= bench_load(path, args.repeat, args.candidates, lambda s: print(s, flush=True))
    if not args.skip_startup:
        ok &= bench_startup(args.startup_repeat, lambda s: print(s, flush=True))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
