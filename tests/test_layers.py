"""The import contract of DESIGN §3, held by import-linter: layers point one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "relgraph"


def test_the_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 broken" in out


def test_every_module_is_in_a_layer() -> None:
    # a module outside the contract would escape it: every top-level module is named there
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    modules = {p.stem for p in SRC.glob("*.py")} | {p.name for p in SRC.iterdir() if p.is_dir()}
    modules -= {"__init__", "__main__", "__pycache__", "py"}
    missing = sorted(m for m in modules if f"relgraph.{m}" not in config)
    assert missing == []


def test_no_library_module_imports_the_package_face() -> None:
    # `from relgraph import X` inside the package runs back up through the lazy face
    offenders = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "relgraph" and node.level == 0:
                names = {alias.name for alias in node.names}
                if names - {"_yaml", "_scalar"}:
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def test_modules_are_reachable_from_the_package_in_a_fresh_interpreter() -> None:
    import subprocess
    import sys

    code = "import relgraph, pydoc; print(pydoc.render_doc(relgraph.timeline).splitlines()[0])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "relgraph.timeline" in out.stdout
