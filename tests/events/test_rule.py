"""The rule as portable expressions: tables that stay in the format, SQL for other engines."""

from __future__ import annotations

import ibis
import pytest

from relgraph.events import rule
from relgraph.model import STANCE_KINDS

EVENTS = ibis.table(
    {
        "file_index": "int32", "event_id": "string", "actor_code": "string",
        "target_code": "string", "day": "date", "root": "string", "quad": "int8",
        "score": "float64", "mentions": "int64", "url": "string", "is_root": "boolean",
        "malformed": "string", "line": "int64",
    },
    name="events",
)  # fmt: skip
CODES = ibis.table({"code": "string", "state": "string"}, name="codes")


def test_every_code_has_a_kind_of_the_format_and_a_quad() -> None:
    assert sorted(rule.CAMEO_KINDS) == [f"{i:02d}" for i in range(1, 21)]
    assert set(rule.CAMEO_KINDS.values()) <= set(STANCE_KINDS)
    assert set(rule.PLOVER_KINDS.values()) <= set(STANCE_KINDS)
    assert set(rule.PLOVER_KINDS) == set(rule.PLOVER_QUADS) | {"INVESTIGATE"}
    assert set(rule.PLOVER_ALIASES.values()) <= set(rule.PLOVER_KINDS)


@pytest.mark.parametrize("period", rule.PERIODS)
@pytest.mark.parametrize("measure", ["goldstein", "netcoop"])
def test_the_expressions_compile_to_bigquery_sql(period: str, measure: str) -> None:
    opts = rule.Options(period=period, measure=measure, min_events=2, root_only=True)
    classified = rule.classify(EVENTS, rule.code_ids(EVENTS, CODES), opts)
    fine = rule.fine_groups(classified)
    for expr in (
        rule.stance_groups(fine, opts),
        rule.reason_counts(fine),
        rule.reason_examples(classified),
        rule.below_min_events(fine, opts),
        rule.top_urls(classified, opts),
    ):
        sql = ibis.to_sql(expr, dialect="bigquery")
        assert "FROM `events`" in sql
        assert "`codes`" in sql
