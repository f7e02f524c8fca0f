"""notebooks/explore.ipynb runs top to bottom on the venv's Python and shows its findings."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

import relgraph
from conftest import run_notebook, text_of

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXPLORE = NOTEBOOKS / "explore.ipynb"

# The public names the notebook uses; it may use nothing else from relgraph.
PUBLIC = (
    "read_relations",
    "Timeline",
    "balance",
    "balance_series",
    "signed_projection",
    "stats",
    "plot_pair",
    "plot_balance",
    "figure",
    "figure_series",
    "save_figure",
    "render_graph",
    "render_timeline",
    "write_gexf",
    "write_panel",
    "Filters",
)


def test_outputs_are_not_committed() -> None:
    notebook = nbformat.read(EXPLORE, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


def test_notebook_uses_only_the_public_api() -> None:
    source = "\n".join(c.source for c in nbformat.read(EXPLORE, as_version=4).cells)
    assert "from relgraph" not in source
    assert "relgraph._" not in source


def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert [name for name in PUBLIC if not hasattr(relgraph, name)] == []
    cells = run_notebook(EXPLORE, tmp_path, monkeypatch, timeout=180)
    everything = "\n".join(text_of(c) for c in cells)
    assert "Gaza war diplomacy, May 2024" in everything
    assert "stances in force" in everything
    # what changed since January: Egypt's considered downgrade began
    assert "egy-isr-downgrade-ties  [considered, valence -0.5]" in everything
    # the Egypt-Israel history, treaty first
    assert "1979-03 – open   EGY → ISR actual" in everything
    # balance, and the sign flip when considered stances count
    assert "frustration index:" in everything
    assert "actual only → sign 1" in everything
    assert "{'considered': 1} → sign -1" in everything
    assert "2024-05  ties" in everything
    # figures inline (the seed day, the pair, balance, the months) and the interactive views
    assert "seed-day.svg" in everything
    assert "8 panels" in everything
    images = [o for c in cells for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 4
    pages = [o for c in cells for o in c.outputs if "text/html" in o.get("data", {})]
    assert len(pages) == 2
    assert all("<iframe" in page.data["text/html"] for page in pages)
    assert "wrote seed.gexf" in everything
    assert "period,start,end,window_start,actor,target,count,mean_valence" in everything
