"""The columnar dataset: write whole or not at all, read, validate like YAML, convert."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from relgraph.dataset import (
    MAX_ROWS_PER_RULE,
    conform_table,
    dataset_from_relations,
    dataset_to_relations,
    dataset_to_yaml,
    is_dataset,
    read_dataset,
    schemas,
    write_dataset,
)
from relgraph.errors import LoadError, OutputError
from relgraph.load import parse_relations, read_relations

SEED = Path(__file__).resolve().parents[1] / "data" / "relations.yaml"

ACTORS = pa.table({"id": ["EGY", "ISR"], "name": ["Egypt", "Israel"], "kind": ["state", "state"]})


def stances(**columns: list[object]) -> pa.Table:
    base: dict[str, list[object]] = {
        "actor": [["EGY"]],
        "target": [["ISR"]],
        "kind": ["diplomatic"],
        "valence": [-0.5],
        "start": ["2024-05-14"],
    }
    base.update(columns)
    return pa.table(base)


def test_seed_file_round_trips_through_a_dataset(tmp_path: Path) -> None:
    rel = read_relations(SEED)
    ds = dataset_from_relations(rel)
    out = tmp_path / "seed"
    write_dataset(
        out, actors=ds.actors, stances=ds.stances, sources=ds.sources, title=ds.title,
        provenance={"input": "seed"},
    )  # fmt: skip
    assert is_dataset(out)
    back = read_dataset(out)
    assert back.title == rel.title
    assert back.provenance["input"] == "seed"
    assert back.stances.schema == schemas()["stances"]
    assert dataset_to_relations(back).model_dump() == rel.model_dump()
    # and the YAML text it makes reads back to the same model
    assert parse_relations(dataset_to_yaml(back)).model_dump() == rel.model_dump()


def test_text_that_looks_like_other_types_stays_text() -> None:
    rel = parse_relations(
        "actors:\n"
        "  - {id: NO, name: 'null', kind: state, aliases: ['yes', '1e3'], codes: {cow: '0385'}}\n"
        "  - {id: ON, name: '014', kind: state, attrs: {note: '1e3', n: 3}}\n"
        "stances:\n"
        "  - {actor: NO, target: ON, kind: other, valence: 0, start: 2024, cameo: '014',\n"
        "     label: 'a: b # c', attrs: {x: [1, 'two']}}\n"
    )
    text = dataset_to_yaml(dataset_from_relations(rel))
    assert parse_relations(text).model_dump() == rel.model_dump()


def _yaml_messages(text: str) -> dict[str, str]:
    with pytest.raises(LoadError) as caught:
        parse_relations(text, name="r.yaml")
    return {p.path: p.message for p in caught.value.problems}


def _dataset_messages(tmp_path: Path, actors: pa.Table, table: pa.Table) -> dict[str, str]:
    with pytest.raises(LoadError) as caught:
        write_dataset(tmp_path / "ds", actors=actors, stances=table, provenance={})
    problems = caught.value.problems
    assert all(p.file == str(tmp_path / "ds" / "stances.parquet") for p in problems)
    assert all(p.line == 1 for p in problems)
    assert not (tmp_path / "ds").exists()
    return {f"stances[0].{p.path}": p.message for p in problems}


@pytest.mark.parametrize(
    ("yaml_stance", "columns"),
    [
        ("valence: 1.5", {"valence": [1.5]}),
        ("valence: -1, confidence: 2", {"valence": [-1.0], "confidence": [2.0]}),
        ("target: ISRAEL", {"target": [["ISRAEL"]]}),
        ("target: EGY", {"target": [["EGY"]]}),
        ("start: 2024-13", {"start": ["2024-13"]}),
        ("end: 2023-02-29", {"end": ["2023-02-29"]}),
        ("start: 2024-05-14, end: 2024-05-01", {"end": ["2024-05-01"]}),
        ("kind: diplomatc", {"kind": ["diplomatc"]}),
        ("modality: considred", {"modality": ["considred"]}),
        ("cameo: '1a'", {"cameo": ["1a"]}),
        ("id: 'egy isr'", {"id": ["egy isr"]}),
        ('label: "a\\eb"', {"label": ["a\x1bb"]}),
        ("target: [ISR,ISR]", {"target": [["ISR", "ISR"]]}),
        ("kind: state", {"kind": ["state"]}),
    ],
)
def test_a_bad_record_gets_the_same_message_as_yaml_and_as_dataset(
    tmp_path: Path, yaml_stance: str, columns: dict[str, list[object]]
) -> None:
    fields = {"actor": "EGY", "target": "ISR", "kind": "diplomatic", "valence": "-0.5",
              "start": "2024-05-14"}  # fmt: skip
    for item in yaml_stance.split(", "):
        key, value = item.split(": ", 1)
        fields[key] = value
    body = ", ".join(f"{k}: {v}" for k, v in fields.items())
    text = (
        "actors:\n  - {id: EGY, name: Egypt, kind: state}\n"
        "  - {id: ISR, name: Israel, kind: state}\n"
        f"stances:\n  - {{{body}}}\n"
    )
    expected = _yaml_messages(text)
    assert expected
    assert _dataset_messages(tmp_path, ACTORS, stances(**columns)) == expected


def test_duplicate_ids_and_unknown_references_name_rows(tmp_path: Path) -> None:
    actors = pa.table(
        {
            "id": ["EGY", "ISR", "EGY"],
            "name": ["Egypt", "Israel", "Egypt again"],
            "kind": ["state", "state", "stat"],
            "affiliation": [None, None, "ISRL"],
        }
    )
    table = stances(
        actor=[["EGY", "ISR"], ["EGY"]],
        target=[["ISR"], ["QAT"]],
        kind=["diplomatic", "other"],
        valence=[0.1, 0.2],
        start=["2024", "2024"],
        evidence=[[{"source": "nyt", "quote": "q", "attribution": None}], None],
    )
    with pytest.raises(LoadError) as caught:
        write_dataset(tmp_path / "ds", actors=actors, stances=table, provenance={})
    lines = str(caught.value).splitlines()[1:]
    root = tmp_path / "ds"
    assert lines == [
        f"{root}/actors.parquet: row 3: affiliation: unknown actor 'ISRL'; did you mean "
        "'ISR' (Israel)?",
        f"{root}/actors.parquet: row 3: id: duplicate actor id 'EGY' (also row 1)",
        f"{root}/actors.parquet: row 3: kind: must be one of state, armed_group, organization,"
        " igo, person, other (got 'stat'); did you mean 'state'?",
        f"{root}/stances.parquet: row 1: evidence[0].source: unknown source 'nyt': declare it "
        "under 'sources:' with an id and a title",
        f"{root}/stances.parquet: row 1: target: a stance from an actor to itself: ISR is both "
        "actor and target",
        f"{root}/stances.parquet: row 2: target: unknown actor 'QAT'",
    ]


def test_affiliation_cycles_and_control_characters_are_refused_as_in_yaml(
    tmp_path: Path,
) -> None:
    actors = pa.table(
        {
            "id": ["EGY", "ISR", "HAM", "PSE"],
            "name": ["Egypt", "Israel", "Hamas", "Palestine"],
            "kind": ["state", "state", "armed_group", "state"],
            "aliases": [None, ["Isra\x1bel"], None, None],
            "affiliation": [None, None, "PSE", "HAM"],
            "codes": [None, None, None, [("cow", "6\x85")]],
        },
        schema=schemas()["actors"].remove(6),
    )
    table = stances(
        evidence=[[{"source": None, "quote": "q\x07", "attribution": None}]],
        attrs=['{"note": ["fine", {"x": "a\\u009bb"}]}'],  # escaped inside the JSON
    )
    with pytest.raises(LoadError) as caught:
        write_dataset(tmp_path / "ds", actors=actors, stances=table, provenance={})
    root = tmp_path / "ds"
    assert str(caught.value).splitlines()[1:] == [
        f"{root}/actors.parquet: row 2: aliases[0]: control character '\\x1b' (U+001B) is not "
        "allowed in text: remove it",
        f"{root}/actors.parquet: row 3: affiliation: affiliation cycle HAM → PSE → HAM: an actor "
        "cannot be affiliated with itself, directly or through others",
        f"{root}/actors.parquet: row 4: codes.cow: control character '\\x85' (U+0085) is "
        "not allowed in text: remove it",
        f"{root}/stances.parquet: row 1: attrs: control character '\\x9b' (U+009B) is not "
        "allowed in text: remove it",
        f"{root}/stances.parquet: row 1: evidence[0].quote: control character '\\x07' (U+0007) "
        "is not allowed in text: remove it",
    ]
    assert not root.exists()


def test_many_bad_rows_are_named_up_to_a_limit_then_counted(tmp_path: Path) -> None:
    n = MAX_ROWS_PER_RULE + 50
    table = stances(
        actor=[["EGY"]] * n,
        target=[["ISR"]] * n,
        kind=["other"] * n,
        valence=[2.0] * n,
        start=["2024"] * n,
    )
    with pytest.raises(LoadError) as caught:
        write_dataset(tmp_path / "ds", actors=ACTORS, stances=table, provenance={})
    problems = caught.value.problems
    assert len(problems) == MAX_ROWS_PER_RULE + 1
    assert problems[-1].message == "... and 50 more rows with this problem"
    assert problems[-1].line == MAX_ROWS_PER_RULE + 1
    # the heading counts every bad row, not the lines listed
    assert str(caught.value).splitlines()[0].startswith(f"{n} problems in ")


def test_rewrite_replaces_a_dataset_whole_and_a_failed_write_keeps_the_old(
    tmp_path: Path,
) -> None:
    out = tmp_path / "ds"
    write_dataset(out, actors=ACTORS, stances=stances(), title="one", provenance={})
    write_dataset(out, actors=ACTORS, stances=stances(valence=[0.5]), title="two", provenance={})
    assert read_dataset(out).title == "two"
    with pytest.raises(LoadError):
        write_dataset(out, actors=ACTORS, stances=stances(valence=[5.0]), provenance={})
    assert read_dataset(out).stances.column("valence").to_pylist() == [0.5]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]


def test_refuses_to_replace_something_that_is_not_a_dataset(tmp_path: Path) -> None:
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(OutputError, match="is not a relgraph dataset"):
        write_dataset(other, actors=ACTORS, stances=stances(), provenance={})
    assert (other / "keep.txt").read_text() == "mine"
    file = tmp_path / "file.yaml"
    file.write_text("x")
    with pytest.raises(OutputError, match="is not a relgraph dataset"):
        write_dataset(file, actors=ACTORS, stances=stances(), provenance={})
    # an empty directory may become a dataset
    empty = tmp_path / "empty"
    empty.mkdir()
    write_dataset(empty, actors=ACTORS, stances=stances(), provenance={})
    assert is_dataset(empty)


def test_a_table_may_be_a_directory_of_part_files(tmp_path: Path) -> None:
    out = tmp_path / "ds"
    write_dataset(out, actors=ACTORS, stances=stances(), provenance={})
    parts = out / "stances.parquet"
    parts.unlink()
    parts.mkdir()
    full = conform_table(
        stances(actor=[["EGY"], ["ISR"]], target=[["ISR"], ["EGY"]], kind=["other"] * 2,
                valence=[0.1, 0.2], start=["2024", "2025"]),
        "stances",
    )  # fmt: skip
    pq.write_table(full.slice(0, 1), parts / "part-00000.parquet")
    pq.write_table(full.slice(1, 1), parts / "part-00001.parquet")
    (parts / "_SUCCESS").write_text("")
    assert read_dataset(out).stances.column("valence").to_pylist() == [0.1, 0.2]


def test_reading_something_else_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not a dataset directory"):
        read_dataset(tmp_path)
    (tmp_path / "dataset.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(LoadError, match='"format" must be "relgraph-dataset"'):
        read_dataset(tmp_path)
    out = tmp_path / "ds"
    write_dataset(out, actors=ACTORS, stances=stances(), provenance={})
    pq.write_table(pa.table({"id": [1], "nme": ["x"], "kind": ["state"]}), out / "actors.parquet")
    with pytest.raises(LoadError) as caught:
        read_dataset(out)
    assert [str(p) for p in caught.value.problems] == [
        f"{out}/actors.parquet: id: must be text (got a column of int64)",
        f"{out}/actors.parquet: name: required field is missing",
        f"{out}/actors.parquet: nme: unknown field 'nme'; did you mean 'name'?",
    ]
    (out / "stances.parquet").write_text("not parquet")
    with pytest.raises(LoadError, match="stances.parquet: cannot read as Parquet"):
        read_dataset(out)
