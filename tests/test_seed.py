"""The seed file, data/relations.yaml, read against the report it encodes.

The report itself lives in the team's shared folder beside the checkout (``../shared/seed/
article.txt``, or the path in ``RELGRAPH_SEED_ARTICLE``), not in the repository: it is The
Telegraph's text, not ours to relicense. Without it the quote test is skipped locally and
fails under CI, like the browser tests.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

import relgraph
from relgraph.model import Relations

ROOT = Path(__file__).parents[1]
SEED = ROOT / "data" / "relations.yaml"


@pytest.fixture(scope="module")
def seed() -> Relations:
    return relgraph.read_relations(SEED)


@pytest.fixture(scope="module")
def article() -> str:
    path = Path(
        os.environ.get("RELGRAPH_SEED_ARTICLE", ROOT.parent / "shared" / "seed" / "article.txt")
    )
    if not path.exists():
        reason = f"the seed report {path} is missing (set RELGRAPH_SEED_ARTICLE)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path.read_text(encoding="utf-8")


def test_every_quote_is_verbatim_in_the_report(seed: Relations, article: str) -> None:
    quotes = [(s.id, e.quote) for s in seed.stances for e in s.evidence if e.quote is not None]
    assert len(quotes) >= 30
    assert [(key, quote) for key, quote in quotes if quote not in article] == []


def test_a_quote_has_one_attribution_wherever_it_is_cited(seed: Relations) -> None:
    attributions: dict[str, set[str | None]] = defaultdict(set)
    for stance in seed.stances:
        for evidence in stance.evidence:
            if evidence.quote is not None:
                attributions[evidence.quote].add(evidence.attribution)
    assert {quote: who for quote, who in attributions.items() if len(who) > 1} == {}


def test_attributions_name_who_said_it(seed: Relations) -> None:
    said = {(s.id, e.quote): e.attribution for s in seed.stances for e in s.evidence if e.quote}
    rattled = "Neighbouring Egypt has been rattled by fighting on its doorstep"
    assert said["egy-isr-downgrade-ties", rattled] == (
        "unnamed Egyptian officials, via the Wall Street Journal"
    )
    qatar = "could face a wave of radicalisation unless there is a rescue plan for Gaza"
    assert said["qatpm-palciv-radicalisation-warning", qatar] == (
        "the prime minister of Qatar, as paraphrased by The Telegraph"
    )
    un = [who for (key, _), who in said.items() if key == "un-palciv-khan-younis-warning"]
    assert un == ["UN workers, as paraphrased by The Telegraph"] * 2


def test_corrections_of_the_careful_reading(seed: Relations) -> None:
    by_id = {s.id: s for s in seed.stances}
    # a one-day confirmation on an approximate day, quoting what was confirmed
    biden = by_id["biden-isr-confirm-withholding"]
    assert (biden.start.text, biden.end and biden.end.text) == ("2024-05-10~", "2024-05-10~")
    assert "Joe Biden confirmed the US was withholding some weapons deliveries to Israel" in [
        e.quote for e in biden.evidence
    ]
    # the doubt about Israel's intent is not a stance toward Israel
    assert "usa-isr-doubts-rafah-offensive" not in by_id
    # the invasion threat's start is uncertain, not a month it began
    assert by_id["isr-hamas-rafah-invasion-threat"].start.text == "2024-05?"
    # "total victory" is not Netanyahu's word in the report; the pledge stays at 2023-10~
    pledge = by_id["netanyahu-hamas-pledge-defeat"]
    assert "total victory" not in (pledge.label or "")
    assert pledge.start.text == "2023-10~"
    # the heckling and the global opposition, each from an unnamed actor with a coding note
    heckling = by_id["hecklers-netanyahu-memorial-day"]
    assert (heckling.target, heckling.start.text) == ("NETANYAHU", "2024-05-13")
    opposition = by_id["global-isr-oppose-rafah-invasion"]
    assert (opposition.target, opposition.valence < 0) == ("ISR", True)
    for actor in (heckling.actor, opposition.actor):
        assert isinstance(actor, str)
        assert seed.actor(actor).kind == "other"
        assert "coding_note" in seed.actor(actor).attrs


def test_the_idf_folds_into_israel(seed: Relations) -> None:
    # affiliated with Israel, so the roll-up, which folds every affiliated actor (DESIGN §2),
    # folds it into Israel
    assert seed.actor("IDF").affiliation == "ISR"
    graph = relgraph.Timeline(seed, rollup=True).at("2024-05-14")
    assert "IDF" not in graph
    assert graph.has_edge("ISR", "HAMAS", "idf-hamas-rafah-east-push")


def test_seed_data_points_editors_at_the_schema() -> None:
    first = SEED.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/relations.schema.json"


def test_seed_data_passes_the_json_schema() -> None:
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schema" / "relations.schema.json").read_text())
    # editors read YAML 1.2: dates stay text, numbers are numbers
    data = yaml.load(SEED.read_text(), Loader=yaml.BaseLoader)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    # BaseLoader reads every scalar as text, which the schema allows for text fields; the
    # numeric fields are the only ones it may flag
    assert {e.path[-1] for e in errors} <= {"valence", "confidence", "version", "mutual"}
