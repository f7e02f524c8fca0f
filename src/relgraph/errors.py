"""The exceptions relgraph raises on purpose.

Everything a user can cause derives from :class:`RelgraphError`; the command line catches that
class alone, prints ``Error: ...`` and exits 1, so any other exception is a bug and keeps its
traceback::

    RelgraphError
    ├── LoadError        the relations file cannot be read, parsed or validated
    ├── QueryError       a day, period, step, actor or filter in a request is not valid
    └── OutputError      an output file or directory cannot be written
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["LoadError", "OutputError", "Problem", "QueryError", "RelgraphError"]


def plural(count: int, noun: str) -> str:
    """``1 stance``, ``2 stances``: a count and its noun, the wording of every message.

    Examples
    --------
    >>> plural(1, "actor"), plural(0, "edge"), plural(1234, "row")
    ('1 actor', '0 edges', '1,234 rows')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class RelgraphError(Exception):
    """Base class of every error relgraph raises for bad input or a failed request."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a relations file, located by line and column (both 1-based)."""

    file: str
    line: int
    column: int
    path: str
    message: str
    #: how many problems this line reports: more than one for a line that sums up the rest
    #: of a long list ("... and 1,234 more rows with this problem")
    count: int = field(default=1, compare=False)

    def __str__(self) -> str:
        # line 0: the problem concerns the whole file (it cannot be read or decoded)
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class LoadError(RelgraphError):
    """The relations file cannot be read, parsed or validated; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = sum(problem.count for problem in self.problems)
        head = f"{plural(count, 'problem')} in {self.problems[0].file}"
        super().__init__("\n".join([head, *map(str, self.problems)]))


class QueryError(RelgraphError, ValueError):
    """A day, period, step, actor or filter given to a query is not valid."""


class OutputError(RelgraphError):
    """An output file or directory cannot be written."""
