"""The loader: one invalid file per failure mode, exact reading of scalars, never a traceback."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relgraph
from relgraph import LoadError, parse_relations, read_relations

DATA = Path(__file__).parent / "data"
INVALID = DATA / "invalid"

# file -> (line, column, "path: message") of its first problem, and how many problems it has
CASES: dict[str, tuple[int, int, str, int]] = {
    "affiliation-cycle.yaml": (
        9,
        18,
        "actors[1].affiliation: affiliation cycle DOD → ARMY → DOD: an actor cannot be "
        "affiliated with itself, directly or through others",
        1,
    ),
    "colon-in-label.yaml": (
        13,
        17,
        "stances[0]: yaml: mapping values are not allowed in this context; a ': ' inside text "
        'starts a mapping: put the whole text in quotes (label: "Biden: no more bombs for Rafah")',
        1,
    ),
    "control-character-escape.yaml": (
        4,
        11,
        "actors[0].name: control character '\\x1b' (U+001B) is not allowed in text: remove it",
        1,
    ),
    "control-character-raw.yaml": (
        6,
        32,
        "control character '\\x07' (U+0007) is not allowed in text: remove it",
        1,
    ),
    "edges-per-stance.yaml": (
        208,
        13,
        "stances[0].target: expands to 101 actors × 100 targets = 10,100 edges, more than the "
        "limit of 10,000 edges per stance (Limits.edges_per_stance): split the stance, "
        "or raise the limit",
        1,
    ),
    "stance-kind-as-actor-kind.yaml": (
        5,
        11,
        "actors[0].kind: must be one of state, armed_group, organization, igo, person, other "
        "(got 'alliance'); 'alliance' is a kind of stance, not of actor",
        1,
    ),
    "undeclared-source.yaml": (
        16,
        17,
        "stances[0].evidence[0].source: unknown source 'wsj-2024-05-13': declare it under "
        "'sources:' with an id and a title",
        1,
    ),
    "alias.yaml": (9, 5, "actors[2]: anchors (&a) and aliases are not supported", 2),
    "bad-id.yaml": (
        9,
        9,
        "actors[2].id: must be an id of letters, digits and _ . - : "
        "(no spaces) (got 'Gaza Strip')",
        1,
    ),
    "billion-laughs.yaml": (1, 4, "a: anchors (&a) and aliases are not supported", 17),
    "cameo-shape.yaml": (
        15,
        12,
        "stances[0].cameo: must be a CAMEO code of 2 to 4 digits (got '1a')",
        1,
    ),
    "complex-key.yaml": (10, 9, "actors[1].attrs: a key must be plain text, not a list", 1),
    "confidence-out-of-range.yaml": (
        15,
        17,
        "stances[0].confidence: must be between 0 and 1 (got 2)",
        1,
    ),
    "deep-nesting.yaml": (10, 70, "actors[1].attrs.x...[0][0]: nesting deeper than 64 levels", 1),
    "duplicate-actor-id.yaml": (
        9,
        9,
        "actors[2].id: duplicate actor id 'EGY' (also actors[0])",
        1,
    ),
    "duplicate-key.yaml": (
        15,
        5,
        "stances[0].valence: duplicate key 'valence' (first at line 13)",
        1,
    ),
    "empty.yaml": (1, 1, "the file is empty: expected a mapping with 'actors' and 'stances'", 1),
    "end-before-start.yaml": (
        15,
        10,
        "stances[0].end: end 2024-05-01 is before start 2024-05-14",
        1,
    ),
    "latin1.yaml": (
        4,
        11,
        "the file is not UTF-8 (byte 0xc9 cannot be decoded); save it as UTF-8",
        1,
    ),
    "missing-valence.yaml": (10, 5, "stances[0].valence: required field is missing", 1),
    "month-13.yaml": (14, 12, "stances[0].start: 2024-13: month must be 01 to 12 (got 13)", 1),
    "no-such-day.yaml": (
        15,
        10,
        "stances[0].end: 2023-02-29 is not a day of the calendar (February 2023 has 28 days)",
        1,
    ),
    "null-name.yaml": (7, 11, "actors[1].name: must be text (got nothing)", 1),
    "python-tag.yaml": (
        9,
        8,
        "title: tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not supported",
        1,
    ),
    "quoted-number.yaml": (
        13,
        14,
        "stances[0].valence: must be a number (got '-0.5'); remove the quotes",
        1,
    ),
    "self-loop.yaml": (
        11,
        13,
        "stances[0].target: a stance from an actor to itself: ISR is both actor and target",
        1,
    ),
    "tab-indent.yaml": (9, 1, "YAML does not allow tabs for indentation: indent with spaces", 1),
    "timestamp-date.yaml": (15, 15, "stances[0].reported: '2024-05-14T10:00:00' is not a date", 1),
    "top-level-list.yaml": (
        1,
        1,
        "the file must be a mapping with 'actors' and 'stances' (got a list)",
        1,
    ),
    "two-documents.yaml": (9, 1, "the file holds several YAML documents; relgraph reads one", 1),
    "typo-field.yaml": (
        15,
        5,
        "stances[0].valance: unknown field 'valance'; did you mean 'valence'?",
        1,
    ),
    "unclosed-quote.yaml": (
        9,
        1,
        "yaml: found unexpected end of stream (while scanning a quoted scalar at line 7)",
        1,
    ),
    "unknown-actor-id.yaml": (
        11,
        13,
        "stances[0].target: unknown actor 'ISRAEL'; did you mean 'ISR' (Israel)?",
        1,
    ),
    "unknown-actor-kind.yaml": (
        5,
        11,
        "actors[0].kind: must be one of state, armed_group, "
        "organization, igo, person, other (got 'stat'); did you mean "
        "'state'?",
        1,
    ),
    "unknown-affiliation.yaml": (12, 18, "actors[2].affiliation: unknown actor 'US'", 1),
    "unknown-modality.yaml": (
        15,
        15,
        "stances[0].modality: must be one of actual, considered, "
        "threatened (got 'consider'); did you mean 'considered'?",
        1,
    ),
    "unknown-source.yaml": (
        19,
        17,
        "stances[0].evidence[0].source: unknown source "
        "'telegraf-2024-05-14' (sources are declared under 'sources:'); "
        "did you mean 'telegraph-2024-05-14'?",
        1,
    ),
    "unknown-top-level-key.yaml": (
        9,
        1,
        "stance: unknown field 'stance'; did you mean 'stances'?",
        1,
    ),
    "utf16.yaml": (1, 1, "the file is UTF-16", 1),
    "valence-out-of-range.yaml": (
        13,
        14,
        "stances[0].valence: must be between -1 and 1 (got 1.5)",
        1,
    ),
    "version-2.yaml": (1, 10, "version: format version 2 is not supported", 1),
    "yaml11-boolean.yaml": (15, 13, "stances[0].mutual: must be true or false (got 'yes')", 1),
}


def test_every_invalid_file_has_a_case() -> None:
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_file_reports_line_column_and_message(name: str) -> None:
    line, column, message, count = CASES[name]
    path = INVALID / name
    with pytest.raises(LoadError) as caught:
        read_relations(path)
    problems = caught.value.problems
    assert len(problems) == count
    first = problems[0]
    assert (first.file, first.line, first.column) == (str(path), line, column)
    assert message in str(first).split(f"{path}:{line}:{column}: ", 1)[1]
    assert str(caught.value).splitlines()[0] == (
        f"{count} problem{'s' if count > 1 else ''} in {path}"
    )


def test_every_problem_is_reported_at_once() -> None:
    text = (INVALID / "typo-field.yaml").read_text().replace("kind: state", "kind: stat", 1)
    text = text.replace("target: ISR", "target: ISRR")
    with pytest.raises(LoadError) as caught:
        parse_relations(text, name="r.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "r.yaml:5:11: actors[0].kind: must be one of state, armed_group, organization, igo, "
        "person, other (got 'stat'); did you mean 'state'?",
        "r.yaml:11:13: stances[0].target: unknown actor 'ISRR'; did you mean 'ISR' (Israel)?",
        "r.yaml:15:5: stances[0].valance: unknown field 'valance'; did you mean 'valence'?",
    ]


def test_huge_scalar_is_refused() -> None:
    text = "title: " + "x" * (relgraph.load._yaml.MAX_SCALAR + 1) + "\nactors: []\n"
    with pytest.raises(LoadError, match=r"<string>:1:8: title: a value of 1,048,577 characters"):
        parse_relations(text)


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        read_relations(tmp_path / "nope.yaml")
    assert str(caught.value.problems[0]) == (
        f"{tmp_path / 'nope.yaml'}: cannot read the file: No such file or directory"
    )


def test_plain_scalars_stay_text_and_numbers_are_numbers() -> None:
    rel = read_relations(DATA / "valid" / "plain-scalars-as-text.yaml")
    norway, ontario = rel.actors
    assert (rel.title, norway.id, ontario.id) == ("NO", "NO", "ON")
    assert norway.codes == {"iso3": "NOR", "cow": "385", "octal": "0777", "sci": "1e3"}
    assert ontario.aliases == ["yes", "true", "1.0"]
    stance = rel.stances[0]
    assert (stance.cameo, stance.start.text, stance.label) == ("014", "2024", None)
    assert stance.valence == 0.0
    assert isinstance(stance.valence, float)
    assert stance.mutual is True


def test_bom_and_crlf_are_handled() -> None:
    rel = read_relations(DATA / "valid" / "bom-crlf.yaml")
    assert rel.actors[0].id == "EGY"
    assert rel.stances[0].start.text == "2024-05~"
    assert rel.stances[0].approximate


def test_read_records_path_and_sha256() -> None:
    import hashlib

    path = DATA / "valid" / "bom-crlf.yaml"
    rel = read_relations(path)
    assert rel.source_path == str(path)
    assert rel.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_derived_keys_never_collide() -> None:
    rel = parse_relations("""
actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state},
         {id: C, name: C, kind: state}]
stances:
  - {actor: A, target: B, kind: conflict, valence: -1, start: 2024}
  - {actor: A, target: B, kind: conflict, valence: -0.5, start: 2024}
  - {id: listed, actor: A, target: [B, C], kind: statement, valence: 0.1, start: 2024}
  - {actor: [A, B], target: C, kind: statement, valence: 0.1, start: 2024-05~}
""")
    assert [s.key for s in rel.stances] == [
        "A>B:conflict:2024",
        "A>B:conflict:2024#2",
        "listed",
        "A+B>C:statement:2024-05~",
    ]
    assert [e.key for e in rel.edges] == [
        "A>B:conflict:2024",
        "A>B:conflict:2024#2",
        "listed#A>B",
        "listed#A>C",
        "A+B>C:statement:2024-05~#A>C",
        "A+B>C:statement:2024-05~#B>C",
    ]


def test_model_validate_runs_cross_record_checks() -> None:
    with pytest.raises(ValueError, match="stances.0.target: unknown actor 'X'"):
        relgraph.Relations.model_validate({
            "actors": [{"id": "A", "name": "A", "kind": "state"}],
            "stances": [{"actor": "A", "target": "X", "kind": "other", "valence": 0,
                         "start": "2024"}],
        })  # fmt: skip


def test_seed_file_is_valid_and_faithful() -> None:
    rel = read_relations(Path(__file__).parents[1] / "data" / "relations.yaml")
    ids = {a.id for a in rel.actors}
    assert {"USA", "ISR", "EGY", "QAT", "HAMAS"} <= ids
    for person in ("CAMPBELL", "BIDEN", "NETANYAHU"):
        assert rel.actor(person).kind == "person"
        assert rel.actor(person).affiliation
    by_id = {s.id: s for s in rel.stances}
    downgrade = by_id["egy-isr-downgrade-ties"]
    assert (downgrade.modality, downgrade.actor, downgrade.target) == ("considered", "EGY", "ISR")
    treaty = by_id["egy-isr-peace-treaty"]
    assert treaty.valence > 0
    assert treaty.modality == "actual"
    assert treaty.end is None
    assert by_id["usa-isr-withhold-weapons"].valence < 0
    # every quote verbatim in the report: tests/test_seed.py


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_no_text_raises_anything_but_load_error(text: str) -> None:
    problems: list[relgraph.Problem] = []
    try:
        parse_relations(text)
    except LoadError as error:
        problems = error.problems or [relgraph.Problem("", 0, 0, "", "")]
    assert all(p.file == "<string>" and p.line >= 0 and p.message for p in problems)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_no_bytes_raise_anything_but_load_error(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("b") / "r.yaml"
    path.write_bytes(raw)
    with contextlib.suppress(LoadError):
        read_relations(path)


def test_import_and_validate_stay_light() -> None:
    import subprocess

    code = (
        "import sys, relgraph.cli, relgraph.cli.core;"
        "relgraph.cli.core.summarize('data/relations.yaml');"
        "print(sorted(m for m in ('networkx', 'pyvis', 'matplotlib', 'numpy') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    assert out.stdout.strip() == "[]"


def test_checks_within_a_stance_run_beside_its_field_errors() -> None:
    text = """\
actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
stances:
  - {actor: A, target: B, kind: militar, valence: -1, start: 2024-05-10, end: 2024-05-01}
  - {actor: A, target: A, kind: conflict, valence: -3, start: 2024}
  - {actor: A, target: A, kind: conflict, valence: -1, start: 2024}
"""
    with pytest.raises(LoadError) as caught:
        parse_relations(text, name="r.yaml")
    assert [(p.line, p.column, p.path) for p in caught.value.problems] == [
        (3, 33, "stances[0].kind"),
        (3, 79, "stances[0].end"),
        (4, 24, "stances[1].target"),
        (4, 52, "stances[1].valence"),
        (5, 24, "stances[2].target"),
    ]


def test_a_very_long_number_stays_text_in_a_text_field() -> None:
    digits = "1" * 5000
    rel = parse_relations(
        f"actors: [{{id: A, name: A, kind: state}}, {{id: B, name: B, kind: state}}]\n"
        f"stances: [{{actor: A, target: B, kind: other, valence: 0, start: 2024,"
        f" label: {digits}}}]\n"
    )
    assert rel.stances[0].label == digits
    with pytest.raises(LoadError, match=r"stances\[0\]\.valence: must be a finite number"):
        parse_relations(
            "actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]\n"
            f"stances: [{{actor: A, target: B, kind: other, valence: {digits}, start: 2024}}]\n"
        )


TWO_ACTORS = "actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]\n"


@pytest.mark.parametrize(
    ("written", "column", "shown"),
    [
        ('"a\\e[31mb"', 23, "'\\x1b' (U+001B)"),
        ('"a\\rb"', 23, "'\\r' (U+000D)"),
        ('"a\\x7fb"', 23, "'\\x7f' (U+007F)"),
        ('"a\\x85b"', 23, "'\\x85' (U+0085)"),
        ('"a\\uFFFEb"', 23, "'\\ufffe' (U+FFFE)"),
        ('"a\\0b"', 23, "'\\x00' (U+0000)"),
        ("a\x01b", 24, "'\\x01' (U+0001)"),
        ("'a\x7fb'", 25, "'\\x7f' (U+007F)"),
        ("a\uffffb", 24, "'\\uffff' (U+FFFF)"),
    ],
)
def test_control_characters_in_text_are_refused_where_they_are(
    written: str, column: int, shown: str
) -> None:
    # an escape is located at its scalar, a character written raw where it is
    text = TWO_ACTORS + "stances: [{actor: A, target: B, kind: other, valence: 0,\n"
    text += f"  start: 2024, label: {written}}}]\n"
    with pytest.raises(LoadError) as caught:
        parse_relations(text, name="r.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, column)
    assert problem.message == f"control character {shown} is not allowed in text: remove it"


def test_tabs_and_line_breaks_in_text_are_kept() -> None:
    rel = parse_relations(
        TWO_ACTORS + "stances: [{actor: A, target: B, kind: other, valence: 0, start: 2024,"
        ' label: "a\\tb\\nc"}]\n'
    )
    assert rel.stances[0].label == "a\tb\nc"


def test_a_control_character_in_a_key_is_refused() -> None:
    with pytest.raises(LoadError, match=r"r.yaml:1:9: attrs: control character '\\x1b'"):
        parse_relations('attrs: {"\\e": 1}\n' + TWO_ACTORS, name="r.yaml")


def test_suggestions_are_judged_once_per_distinct_id_and_capped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import difflib

    from relgraph import model

    calls: list[str] = []
    close_matches = difflib.get_close_matches

    def counted(word: str, *args: object, **kwargs: object) -> list[str]:
        calls.append(word)
        return close_matches(word, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(model.difflib, "get_close_matches", counted)
    actors = "".join(f"  - {{id: S{i:04d}, name: State {i}, kind: state}}\n" for i in range(2000))
    stances = "".join(
        f"  - {{actor: S{i % 2000:04d}, target: [X{i:04d}, X{i:04d}z], kind: other, valence: 0,"
        " start: 2024}\n"
        for i in range(2000)
    )  # 4,000 distinct unknown ids, each named twice (the second pass locates them)
    with pytest.raises(LoadError) as caught:
        parse_relations(f"actors:\n{actors}stances:\n{stances}")
    problems = caught.value.problems
    assert len(problems) == 4000
    assert all("unknown actor 'X" in p.message for p in problems)
    # one difflib pass per distinct id, for the first MAX_SUGGESTED ids only
    assert len(calls) == len(set(calls)) == model.MAX_SUGGESTED
    assert problems[0].message.startswith("unknown actor 'X0000'; did you mean 'S0000' (State 0)")
    assert problems[-1].message == "unknown actor 'X1999z'"


def test_one_unknown_id_named_many_times_is_judged_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import difflib

    from relgraph import model

    calls: list[str] = []
    close_matches = difflib.get_close_matches

    def counted(word: str, *args: object, **kwargs: object) -> list[str]:
        calls.append(word)
        return close_matches(word, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(model.difflib, "get_close_matches", counted)
    stances = "".join(
        f"  - {{actor: A, target: BB, kind: other, valence: 0, start: {2000 + i % 20}}}\n"
        for i in range(500)
    )
    with pytest.raises(LoadError) as caught:
        parse_relations(TWO_ACTORS + f"stances:\n{stances}")
    assert len(caught.value.problems) == 500
    assert calls == ["bb"]  # compared without case


def test_a_file_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    from relgraph.load import Limits

    path = tmp_path / "r.yaml"
    path.write_text(TWO_ACTORS)
    with pytest.raises(LoadError) as caught:
        read_relations(path, limits=Limits(file_bytes=20))
    assert str(caught.value.problems[0]) == (
        f"{path}: the file is 71 bytes, more than the limit of 20 (Limits.file_bytes): loading "
        "it would take about 1 kB of memory; raise the limit to read it anyway, or keep data "
        "this large as a columnar dataset"
    )
    assert read_relations(path, limits=Limits(file_bytes=71)).actors[1].id == "B"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_not_read_forever(device: str) -> None:
    with pytest.raises(LoadError) as caught:
        read_relations(device)
    assert str(caught.value.problems[0]) == (
        f"{device}: is a device: relgraph reads regular files and pipes"
    )


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="is a directory without a dataset.json: neither a"):
        read_relations(tmp_path)


def test_a_named_pipe_without_a_writer_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from relgraph import load

    monkeypatch.setattr(load, "PIPE_WAIT", 0.2)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(LoadError) as caught:
        read_relations(fifo)
    assert str(caught.value.problems[0]) == (
        f"{fifo}: is a named pipe and nothing wrote to it within 0.2 s: relgraph reads "
        "regular files and pipes with data"
    )


def test_a_pipe_with_data_is_read(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w") as out:
            out.write(TWO_ACTORS)

    writer = threading.Thread(target=write)
    writer.start()
    rel = read_relations(fifo)
    writer.join()
    assert [a.id for a in rel.actors] == ["A", "B"]
    # an anonymous pipe, as bash's <(cat FILE) gives one
    done = (
        __import__("subprocess").run(
            [
                "bash",
                "-c",
                f"{sys.executable} -c 'import relgraph, sys; "
                "print(len(relgraph.read_relations(sys.argv[1]).actors))' <(cat "
                f"{tmp_path / 'r.yaml'})",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if (tmp_path / "r.yaml").write_text(TWO_ACTORS)
        else None
    )
    assert done is not None
    assert done.stdout.strip() == "2", done.stderr


def test_a_file_name_that_is_not_utf8_is_shown_as_text(tmp_path: Path) -> None:
    import json
    import os

    raw_name = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    with open(raw_name, "wb") as out:
        out.write(TWO_ACTORS.encode())
    rel = read_relations(os.fsdecode(raw_name))
    assert rel.source_path == f"{tmp_path}/caf\\xe9.yaml"
    json.dumps(rel.source_path).encode("utf-8")  # no lone surrogate left to fail on
    with open(raw_name, "ab") as out:
        out.write(b"oops: 1\n")
    with pytest.raises(LoadError) as caught:
        read_relations(os.fsdecode(raw_name))
    assert (
        str(caught.value)
        .encode("utf-8")
        .startswith(f"1 problem in {tmp_path}/caf\\xe9.yaml".encode())
    )


def test_the_stance_rules_hold_for_models_built_in_python() -> None:
    base = {"actor": "A", "target": "B", "kind": "other", "valence": 0, "start": "2024-05"}
    with pytest.raises(ValueError, match="end 2024-04 is before start 2024-05"):
        relgraph.Stance.model_validate({**base, "end": "2024-04"})
    with pytest.raises(ValueError, match="a stance from an actor to itself: A is both"):
        relgraph.Stance.model_validate({**base, "target": ["A", "B"]})
    with pytest.raises(ValueError, match="target lists B more than once"):
        relgraph.Stance.model_validate({**base, "target": ["B", "B"]})
    many = [f"T{i}" for i in range(10_001)]
    with pytest.raises(ValueError, match="expands to 1 actors × 10,001 targets"):
        relgraph.Stance.model_validate({**base, "target": many})


def test_the_fields_read_as_values_are_the_models_numbers_and_booleans() -> None:
    # the reader gives a plain scalar its core-schema value only in VALUE_FIELDS: that list
    # must be exactly the fields the models type as numbers or booleans
    from relgraph.model import FREE_FORM_FIELDS, VALUE_FIELDS

    schema = relgraph.Relations.model_json_schema()
    valued: set[str] = set()
    free: set[str] = set()
    for definition in [schema, *schema["$defs"].values()]:
        for name, prop in definition.get("properties", {}).items():
            types = {alt.get("type") for alt in prop.get("anyOf", [prop])}
            if types & {"number", "integer", "boolean"}:
                valued.add(name)
            if prop.get("type") == "object" and prop.get("additionalProperties") is True:
                free.add(name)
    assert valued == VALUE_FIELDS
    assert free == FREE_FORM_FIELDS


def test_values_are_read_by_field() -> None:
    rel = parse_relations(
        TWO_ACTORS.replace("kind: state}", "kind: state, attrs: {n: 1e3, t: NO, z: ~}}", 1)
        + "stances: [{actor: A, target: B, kind: other, valence: -5e-1, confidence: 1,"
        " mutual: true, start: 2024, label: 1e3, cameo: 014, attrs: {y: [0x1F, yes]}}]\n"
    )
    assert rel.actors[0].attrs == {"n": 1000.0, "t": "NO", "z": None}
    stance = rel.stances[0]
    assert (stance.valence, stance.confidence, stance.mutual) == (-0.5, 1.0, True)
    assert (stance.label, stance.cameo, stance.start.text) == ("1e3", "014", "2024")
    assert stance.attrs == {"y": [31, "yes"]}
    with pytest.raises(
        LoadError,
        match=r"stances\[0\]\.confidence: must be between 0 and 1 "
        r"\(got 1e3\)",
    ):
        parse_relations(
            TWO_ACTORS + "stances: [{actor: A, target: B, kind: other, valence: 0,"
            " confidence: 1e3, start: 2024}]\n"
        )


def test_a_field_error_after_valid_stances_is_located_and_alone() -> None:
    # valid stances are turned into models one by one as the loader goes; a later invalid
    # one must still be reported exactly, and the earlier ones not at all
    stance = "  - {actor: A, target: B, kind: other, valence: VALENCE, start: 2024}\n"
    text = TWO_ACTORS + "stances:\n" + stance.replace("VALENCE", "0") * 3
    text += stance.replace("VALENCE", "2")
    with pytest.raises(LoadError) as caught:
        parse_relations(text, name="r.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "r.yaml:6:49: stances[3].valence: must be between -1 and 1 (got 2)"
    ]


def test_a_lone_surrogate_from_python_is_a_problem_not_a_traceback() -> None:
    with pytest.raises(LoadError) as caught:
        parse_relations("title: ok\nactors: []\nnote: a\udc80b\n", name="r.yaml")
    assert str(caught.value.problems[0]) == "r.yaml:3:8: a lone surrogate (U+DC80) is not text"


def test_a_pipe_longer_than_the_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    import subprocess

    code = (
        "import relgraph, sys\n"
        "from relgraph.load import Limits\n"
        "try:\n"
        "    relgraph.read_relations(sys.argv[1], limits=Limits(file_bytes=1 << 20))\n"
        "except relgraph.LoadError as error:\n"
        "    print(error.problems[0].message)\n"
    )
    done = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -c "$0" <(cat /dev/zero)', code],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.stdout == (
        "the file is larger than the limit of 1,048,576 bytes (Limits.file_bytes): loading it "
        "would take more than 13.6 MB of memory; raise the limit to read it anyway, or keep "
        "data this large as a columnar dataset\n"
    )


def test_edges_in_all_are_limited_at_the_stance_that_passes_the_limit() -> None:
    from relgraph.load import Limits

    actors = "".join(f"  - {{id: A{i}, name: A{i}, kind: state}}\n" for i in range(6))
    stance = "  - {actor: [A0, A1], target: [A2, A3, A4], kind: other, valence: 0, start: 2024}\n"
    text = f"actors:\n{actors}stances:\n{stance * 4}"
    assert len(parse_relations(text, limits=Limits(edges=24)).edges) == 24
    with pytest.raises(LoadError) as caught:
        parse_relations(text, name="r.yaml", limits=Limits(edges=20))
    assert [str(p) for p in caught.value.problems] == [
        "r.yaml:12:5: stances[3]: the stances up to this one expand to 24 edges, more than the "
        "limit of 20 edges in all (Limits.edges): shorten the lists, or raise the limit"
    ]
