"""Merging relations: one actor per id, unique stance ids, derived keys derived again."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from relgraph.dataset import dataset_to_relations, read_dataset
from relgraph.errors import LoadError, QueryError
from relgraph.events.dyadic import read_atop, read_cow_mid, sha256_of
from relgraph.load import read_relations
from relgraph.merge import merge_relations, write_relations

DATA = Path(__file__).resolve().parents[1] / "data" / "dyadic"

A = """\
title: A
sources:
  - {id: nyt, title: The New York Times}
actors:
  - {id: USA, name: United States, kind: state, aliases: [Washington], codes: {iso3: USA}}
  - {id: GBR, name: United Kingdom, kind: state}
stances:
  - {id: nato, actor: USA, target: GBR, kind: alliance, valence: 1, mutual: true, start: 1949}
  - {actor: USA, target: GBR, kind: diplomatic, valence: 0.5, start: 2024-05}
"""
B = """\
title: B
sources:
  - {id: nyt, title: The New York Times}
actors:
  - {id: USA, name: United States, kind: state, aliases: [US], codes: {cow: "2"}}
  - {id: RUS, name: Russia, kind: state}
  - {id: GBR, name: United Kingdom, kind: state}
stances:
  - {id: cold-war, actor: USA, target: RUS, kind: conflict, valence: -0.8, start: 1947}
  - {actor: USA, target: GBR, kind: diplomatic, valence: -0.1, start: 2024-05}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_merge_yaml_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", A)
    b = write(tmp_path, "b.yaml", B)
    merged = merge_relations([a, b])
    actors = {row["id"]: row for row in merged.actors.to_pylist()}
    assert list(actors) == ["USA", "GBR", "RUS"]
    assert actors["USA"]["aliases"] == ["Washington", "US"]
    assert dict(actors["USA"]["codes"]) == {"iso3": "USA", "cow": "2"}
    assert merged.sources is not None
    assert merged.sources.column("id").to_pylist() == ["nyt"]
    assert merged.title == "A + B"
    rows = merged.stances.to_pylist()
    assert [row["id"] for row in rows] == ["nato", None, "cold-war", None]
    assert [json.loads(row["attrs"])["relgraph_input"] for row in rows] == [
        str(a), str(a), str(b), str(b),
    ]  # fmt: skip
    # the two stances without an id get their keys derived again on the merged set
    relations = dataset_to_relations(merged)
    assert [s.key for s in relations.stances] == [
        "nato",
        "USA>GBR:diplomatic:2024-05",
        "cold-war",
        "USA>GBR:diplomatic:2024-05#2",
    ]
    assert merged.provenance["merged"][0]["sha256"] == hashlib.sha256(a.read_bytes()).hexdigest()
    assert merged.provenance["merged"][1]["path"] == str(b)


def test_conflicting_actor_names_both_inputs(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", A)
    b = write(tmp_path, "b.yaml", B.replace("name: United States", "name: USA", 1))
    with pytest.raises(LoadError) as caught:
        merge_relations([a, b])
    assert str(caught.value).splitlines() == [
        f"1 problem in {b}",
        f"{b}: actor USA: name 'USA' here but 'United States' in {a}; "
        "give --prefer first or --prefer last to keep one",
    ]
    first = {
        r["id"]: r["name"] for r in merge_relations([a, b], prefer="first").actors.to_pylist()
    }
    last = {r["id"]: r["name"] for r in merge_relations([a, b], prefer="last").actors.to_pylist()}
    assert (first["USA"], last["USA"]) == ("United States", "USA")
    provenance = merge_relations([a, b], prefer="last").provenance
    assert provenance["conflicts_settled_by_prefer"] == {"actors": 1, "sources": 0}


def test_conflicting_kind_and_source(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", A)
    b = write(
        tmp_path,
        "b.yaml",
        B.replace("United States, kind: state", "United States, kind: other").replace(
            "title: The New York Times", "title: NYT"
        ),
    )
    with pytest.raises(LoadError) as caught:
        merge_relations([a, b])
    lines = str(caught.value).splitlines()
    assert lines[0] == f"2 problems in {b}"
    assert f"{b}: actor USA: kind 'other' here but 'state' in {a}" in lines[1] + lines[2]
    assert f"{b}: source nyt: title 'NYT' here but 'The New York Times' in {a}" in "\n".join(lines)


def test_stance_ids_unique_or_prefixed(tmp_path: Path) -> None:
    a = write(tmp_path, "alliances.yaml", A)
    b = write(tmp_path, "disputes.yaml", B.replace("id: cold-war", "id: nato"))
    with pytest.raises(LoadError, match=r"stance nato: id also used in .*alliances.yaml"):
        merge_relations([a, b])
    merged = merge_relations([a, b], prefix_ids=True)
    assert merged.stances.column("id").to_pylist() == [
        "alliances:nato", None, "disputes:nato", None,
    ]  # fmt: skip
    with pytest.raises(QueryError, match="--prefer must be first or last"):
        merge_relations([a, b], prefer="middle")


def test_many_id_clashes_are_counted_in_the_heading(tmp_path: Path) -> None:
    alliances = read_atop(DATA / "atop_major_powers.csv")
    first = alliances.write(tmp_path / "first")
    second = alliances.write(tmp_path / "second")
    with pytest.raises(LoadError) as caught:
        merge_relations([first, second])
    lines = str(caught.value).splitlines()
    clashes = alliances.stances.num_rows
    assert lines[0] == f"{clashes} problems in {second}"  # not the 21 lines listed
    assert lines[-1].endswith(f"{clashes - 20:,} more stance ids also used in another input")
    assert len(lines) == 1 + 20 + 1


def test_merge_datasets_and_yaml_to_both_outputs(tmp_path: Path) -> None:
    alliances, disputes = tmp_path / "alliances", tmp_path / "disputes"
    atop = read_atop(DATA / "atop_major_powers.csv")
    mid = read_cow_mid(DATA / "cow_mid_major_powers.csv")
    atop.write(alliances)
    mid.write(disputes)
    curated = write(
        tmp_path,
        "curated.yaml",
        "actors:\n  - {id: USA, name: United States, kind: state}\n"
        "  - {id: GBR, name: United Kingdom, kind: state}\n"
        "stances:\n  - {actor: USA, target: GBR, kind: diplomatic, valence: 0.9, start: 1946}\n",
    )
    merged = merge_relations([alliances, disputes, curated])
    total = atop.stances.num_rows + mid.stances.num_rows + 1
    assert merged.stances.num_rows == total
    assert [m["sha256"] for m in merged.provenance["merged"]] == [
        sha256_of(alliances), sha256_of(disputes), sha256_of(curated),
    ]  # fmt: skip
    assert merged.provenance["merged"][0]["provenance"]["importer"] == "atop"

    out = write_relations(merged, tmp_path / "system")
    again = read_dataset(out)
    assert again.stances.num_rows == total
    assert again.provenance["merged"][1]["path"] == str(disputes)
    yaml_out = write_relations(merged, tmp_path / "system.yaml")
    relations = read_relations(yaml_out)
    assert len(relations.stances) == total
    inputs = {s.attrs["relgraph_input"] for s in relations.stances}
    assert inputs == {str(alliances), str(disputes), str(curated)}
    assert yaml_out.read_text(encoding="utf-8").startswith("# relgraph provenance: {")
