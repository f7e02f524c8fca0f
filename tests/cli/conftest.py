"""Fixtures of the command-line tests: small relations files written for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

CASE = """\
title: A small test case
actors:
  - {id: EGY, name: Egypt, kind: state, aliases: [Cairo]}
  - {id: ISR, name: Israel, kind: state}
  - {id: USA, name: United States, kind: state}
  - {id: HAM, name: Hamas, kind: armed_group}
stances:
  - {id: treaty, actor: EGY, target: ISR, kind: alliance, valence: 0.5, mutual: true,
     start: 1979-03}
  - {id: downgrade, actor: EGY, target: ISR, kind: diplomatic, valence: -0.8,
     modality: considered, start: 2024-05~}
  - {id: war, actor: ISR, target: HAM, kind: conflict, valence: -1, mutual: true,
     start: 2023-10-07}
  - {id: arms, actor: USA, target: ISR, kind: military, valence: 0.6, start: 2023-10}
  - {id: pause, actor: USA, target: ISR, kind: military, valence: -0.8, start: 2024-05-08}
  - {id: mediate, actor: EGY, target: HAM, kind: mediation, valence: 0.3, start: 2024-02}
  - {id: sanctions, actor: USA, target: HAM, kind: economic, valence: -0.7, start: 2023-11,
     end: 2024-05-31}
"""


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """A small file of four actors and seven stances, with a title."""
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    return path
