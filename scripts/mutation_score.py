"""Print the mutation score per module from the last `mutmut run` (configured in pyproject.toml).

Usage:
    mutmut run                          # mutates the core modules, runs the fast tests per mutant
    python scripts/mutation_score.py    # killed / all per module, and the survivors to look at

A mutant is "killed" when some test fails on it; "survived" means the tests passed with the
bug in place. The score counts timeouts as killed (the mutant made the code hang, or slower than 5 x
its tests' time + 5 s: on a busy machine a slow run counts too, so the timeout column is shown apart)
and mutants no test reaches ("no tests") as survivors: nothing would notice that bug either.
Mutants a stopped run did not reach are counted apart ("not run").
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

KILLED = {"killed", "timeout"}


def results() -> list[tuple[str, str]]:
    """(mutant name, status) for every mutant of the last run."""
    mutmut = Path(sys.executable).parent / "mutmut"
    out = subprocess.run([str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True).stdout
    return [(m[1], m[2]) for line in out.splitlines() if (m := re.match(r"\s*(\S+): (.+)$", line))]


def module_of(mutant: str) -> str:
    """``kg.dates.x_find_dates__mutmut_3`` -> ``kg/dates.py`` (methods are ``xǁClassǁmethod``)."""
    module = re.split(r"\.x[_ǁ]", mutant, maxsplit=1)[0]
    path = module.replace(".", "/")
    return path + "/__init__.py" if Path(path).is_dir() else path + ".py"


def main() -> int:
    by_module: dict[str, Counter] = defaultdict(Counter)
    survivors: dict[str, list[str]] = defaultdict(list)
    for mutant, status in results():
        module = module_of(mutant)
        by_module[module][status] += 1
        if status not in KILLED and status != "not checked":
            survivors[module].append(f"{mutant} ({status})")
    if not by_module:
        print("no mutmut results: run `mutmut run` first")
        return 1
    print(f"{'module':<28}{'killed':>8}{'timeout':>9}{'survived':>10}{'no tests':>10}{'score':>8}{'not run':>9}")
    total: Counter = Counter()
    for module, counts in sorted(by_module.items()) + [("all", None)]:
        if counts is None:
            counts = total
        else:
            total.update(counts)
        killed, timeout, survived = counts["killed"], counts["timeout"], counts["survived"] + counts["suspicious"]
        untested = counts["no tests"]
        tested = killed + timeout + survived + untested
        score = f"{(killed + timeout) / tested:.0%}" if tested else "-"
        print(f"{module:<28}{killed:>8}{timeout:>9}{survived:>10}{untested:>10}{score:>8}{counts['not checked']:>9}")
    if "-v" in sys.argv:
        for module, names in sorted(survivors.items()):
            print(f"\n{module}: {len(names)} survivors (mutmut show NAME)")
            print("\n".join(f"  {name}" for name in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
