"""notebooks/explore.ipynb runs top to bottom on the venv's Python and shows its findings."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import relgraph

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


def kernel_on_this_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the kernel named python3 run this interpreter (the venv's), whatever is installed."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    # Jupyter's own runtime files stay out of the home directory.
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("MPLBACKEND", "Agg")


def text_of(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.extend(str(v) for k, v in output.data.items() if k.startswith("text/"))
    return "".join(parts)


def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert [name for name in PUBLIC if not hasattr(relgraph, name)] == []
    kernel_on_this_python(tmp_path, monkeypatch)
    notebook = nbformat.read(EXPLORE, as_version=4)
    probe = nbformat.v4.new_code_cell("import sys; print(sys.executable)")
    notebook.cells.insert(0, probe)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=180,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    cells = [c for c in notebook.cells if c.cell_type == "code"]
    for cell in cells:
        assert not [o for o in cell.outputs if o.output_type == "error"]
    assert text_of(cells[0]).strip() == sys.executable
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
