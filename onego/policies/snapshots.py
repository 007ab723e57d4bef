"""A matching run's snapshot of the facts it read (数据快照): written once per run, read per result.

A run reads the same facts for every policy, so it keeps them once (`RunFacts`): blocks of `BLOCK` enterprises in
credit-code order, each with its codes and, per fact key, their values as JSON (numbers, true/false, ISO dates,
exact decimals as text, null where missing). A result's facts are its enterprise's values of the keys its policy
reads — what the rule saw, whatever the facts are now. One block is read to explain one result; a page of results
in code order reads one or two. ADR 0002 says why the values are not repeated on every result row.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from onego.policies.models import MatchResult, MatchRun, RunFacts, RunPolicy
from onego.policies.rules import version_facts

BLOCK: Final = 4096

Facts = dict[str, Any]


def blocks(run: MatchRun, codes: Sequence[str], values: Mapping[str, Sequence[Any]]) -> Iterator[RunFacts]:
    """The snapshot's rows: `codes` sorted, `values[key][i]` the JSON value of key for codes[i] (None: missing)."""
    for start in range(0, len(codes), BLOCK):
        part = list(codes[start : start + BLOCK])
        yield RunFacts(
            run=run,
            first_code=part[0],
            codes=part,
            facts={key: list(column[start : start + BLOCK]) for key, column in values.items()},
        )


def facts_of(run_id: int, codes: Iterable[str], keys: Iterable[str] | None = None) -> dict[str, Facts]:
    """The snapshot's facts of each code (only `keys`, if given; missing values left out). A code the run had
    no facts for is absent."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    keep = None if keys is None else set(keys)
    heads = list(
        RunFacts.objects.filter(run_id=run_id).order_by("first_code").values_list("pk", "first_code")
    )
    firsts = [first for _, first in heads]
    needed: dict[int, list[str]] = {}
    for code in wanted:
        at = bisect_right(firsts, code) - 1
        if at >= 0:
            needed.setdefault(heads[at][0], []).append(code)
    out: dict[str, Facts] = {}
    for block in RunFacts.objects.filter(pk__in=list(needed)).only("codes", "facts"):
        position = {code: row for row, code in enumerate(block.codes)}
        columns = [(key, column) for key, column in block.facts.items() if keep is None or key in keep]
        for code in needed[block.pk]:
            row = position.get(code)
            if row is not None:
                out[code] = {key: column[row] for key, column in columns if column[row] is not None}
    return out


def entry_facts(entry: RunPolicy, results: Sequence[MatchResult]) -> dict[str, Facts]:
    """The facts each result of one run policy was decided on, by credit code: the policy's own keys."""
    return facts_of(entry.run_id, [result.entity_code for result in results], version_facts(entry.version))


def result_facts(result: MatchResult) -> Facts:
    """The facts one result was decided on."""
    return entry_facts(result.entry, [result]).get(result.entity_code, {})
