"""notebooks/international_system.ipynb runs top to bottom on the shipped extract."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conftest import run_notebook, text_of

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


def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RELGRAPH_DYADIC", raising=False)  # the shipped extract
    cells = run_notebook(NOTEBOOK, tmp_path, monkeypatch)
    everything = "\n".join(text_of(c) for c in cells)
    assert "ATOP 5.1 alliances: 343 stances, 9 actors from 3,628 rows (81 left out)" in everything
    assert "left out: 81 rows: no obligation" in everything
    assert "COW-MID 5 disputes: 984 stances, 9 actors from 1,502 rows (0 left out)" in everything
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
