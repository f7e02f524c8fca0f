"""Shared fixtures and helpers: the CLI runner, the seed timeline, small slices made through
the real loader, and the headless browser.

The browser is launched once per session, for tests marked ``browser``; it is Debian's
chromium (Playwright's own browser download cannot work here). Test modules import the plain
helpers (``from conftest import stance_graph``): ``tests`` is on pytest's ``pythonpath``."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from relgraph.timeline import StanceGraph, Timeline

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "relations.yaml"
NAMES = {"EGY": "Egypt", "ISR": "Israel", "USA": "United States", "QAT": "Qatar", "HAM": "Hamas"}


def stance_graph(*stances: tuple[Any, ...], nodes: list[str] | None = None) -> StanceGraph:
    """The slice on 2024-01-15 of a file with these stances, made by the real loader.

    Each stance is ``(actor, target, valence[, modality[, mutual]])``, in force from 2024-01
    and keyed s0, s1, ...; ``nodes`` are further actors, listed first.
    """
    from relgraph.load import parse_relations
    from relgraph.timeline import Timeline

    actors = list(nodes or [])
    for actor, target, *_ in stances:
        actors += [node for node in (actor, target) if node not in actors]
    lines = ["actors:"]
    lines += [f"  - {{id: {a}, name: {NAMES.get(a, a)}, kind: state}}" for a in actors]
    lines.append("stances:" if stances else "stances: []")
    for number, (actor, target, valence, *rest) in enumerate(stances):
        modality = rest[0] if rest else "actual"
        mutual = "true" if len(rest) > 1 and rest[1] else "false"
        lines.append(
            f"  - {{id: s{number}, actor: {actor}, target: {target}, kind: diplomatic, "
            f"valence: {valence}, modality: {modality}, mutual: {mutual}, start: 2024-01}}"
        )
    return Timeline(parse_relations("\n".join(lines) + "\n")).at("2024-01-15")


def run_notebook(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, timeout: int = 300
) -> list[Any]:
    """Execute a notebook on this interpreter's kernel (the venv's, whatever is installed);
    return its code cells with their outputs. Jupyter's runtime files stay in ``tmp_path``."""
    import json
    import sys

    import nbformat
    from nbclient import NotebookClient

    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    probe = nbformat.v4.new_code_cell("import sys; print(sys.executable)")
    notebook.cells.insert(0, probe)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert text_of(cells[0]).strip() == sys.executable
    assert not [o for c in cells for o in c.outputs if o.output_type == "error"]
    return cells[1:]


def text_of(cell: Any) -> str:
    """The text a notebook cell printed or displayed."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.extend(str(v) for k, v in output.data.items() if k.startswith("text/"))
    return "".join(parts)


@pytest.fixture(autouse=True)
def _narrow_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables are as wide as the terminal: the tests see a 100-column one, wherever they run."""
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture(scope="session")
def seed_timeline() -> Timeline:
    """The seed file's timeline (data/relations.yaml), read once."""
    from relgraph.timeline import read_timeline

    return read_timeline(SEED)


@pytest.fixture
def cli() -> Callable[..., tuple[int, str, str]]:
    """Run the command line in-process: ``cli("show", FILE, "--at", DAY)`` gives
    ``(exit code, stdout, stderr)``."""
    from typer.testing import CliRunner

    from relgraph.cli import app

    runner = CliRunner()

    def run(*args: str | os.PathLike[str]) -> tuple[int, str, str]:
        result = runner.invoke(app, [os.fspath(a) for a in args])
        return result.exit_code, result.stdout, result.stderr

    return run


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium; skipped when it is missing, except under CI where that fails."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class LoadedPage:
    """A browser tab with a page loaded, and what it did: console errors and requests."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def wait_until(self, expression: str, timeout: float = 30.0) -> None:
        """Poll ``expression`` until it is truthy (wait_for_function needs eval, which the
        page's Content-Security-Policy forbids)."""
        wait_until(self.page, expression, timeout)


def wait_until(page: Any, expression: str, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression in ``page`` (a Page or a Frame) until it is truthy."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


@pytest.fixture(name="wait_until")
def wait_until_fixture() -> Callable[..., None]:
    """:func:`wait_until`, for tests that drive frames themselves."""
    return wait_until


@pytest.fixture
def load_page(browser: Browser, tmp_path: Path) -> Iterator[Callable[[str], LoadedPage]]:
    """Open HTML text as a file:// page with every network request aborted and recorded.

    Waits until the network is drawn (``window.relgraph.drawn``) when the page is a relgraph
    page; ``requests`` lists every URL asked for except the page's own file.
    """
    contexts = []

    def load(html: str, *, name: str = "page.html", wait_drawn: bool = True) -> LoadedPage:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        url = path.as_uri()
        context = browser.new_context(viewport={"width": 1400, "height": 850})
        contexts.append(context)
        page = context.new_page()
        loaded = LoadedPage(page)

        def on_console(message: Any) -> None:
            if message.type in ("error", "warning"):
                loaded.errors.append(f"console {message.type}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: loaded.errors.append(f"page error: {error}"))

        def route(handle: Any) -> None:
            if handle.request.url == url:
                handle.continue_()
            else:
                loaded.requests.append(handle.request.url)
                handle.abort()

        context.route("**/*", route)
        page.on(
            "request",
            lambda request: (
                loaded.requests.append(request.url)
                if request.url != url and request.url not in loaded.requests
                else None
            ),
        )
        page.goto(url)
        if wait_drawn:
            loaded.wait_until("!!(window.relgraph && window.relgraph.drawn)")
        return loaded

    yield load
    for context in contexts:
        context.close()
