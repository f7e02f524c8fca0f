"""notebooks/international_system.ipynb runs top to bottom on the shipped extract."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOK = NOTEBOOKS / "international_system.ipynb"


def test_outputs_are_not_committed() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


def test_notebook_uses_no_private_name() -> None:
    source = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells)
    assert "relgraph._" not in source
    assert "._" not in source.replace("__", "")


def text_of(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.extend(str(v) for k, v in output.data.items() if k.startswith("text/"))
    return "".join(parts)


def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("RELGRAPH_DYADIC", raising=False)  # the shipped extract

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=300,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )  # fmt: skip
    client.execute()

    cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert not [o for c in cells for o in c.outputs if o.output_type == "error"]
    everything = "\n".join(text_of(c) for c in cells)
    assert "ATOP 5.1 alliances: 343 stances, 9 actors from 3628 rows (81 left out)" in everything
    assert "left out: 81 rows: no obligation" in everything
    assert "COW-MID 5 disputes: 984 stances, 9 actors from 1502 rows (0 left out)" in everything
    assert "9 states, 1327 stances" in everything
    # the balance rows state the frustration index's exactness; nine states are always exact
    assert "1816  ties   6  triangles   4  balanced 1.00  frustration 0 (exact)" in everything
    assert "(upper bound)" not in everything
    assert "of 199 years have an unbalanced triangle" in everything
    assert "21 decades on the slider" in everything
    assert " flips (first in " in everything
    images = [o for c in cells for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1
    pages = [o for c in cells for o in c.outputs if "text/html" in o.get("data", {})]
    assert len(pages) == 1
    assert "<iframe" in pages[0].data["text/html"]
