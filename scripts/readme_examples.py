"""Run the README's examples and check (or rewrite) the output it shows under each.

Usage:
    python scripts/readme_examples.py            # check: exit 1 and a diff when an example's output differs
    python scripts/readme_examples.py --update   # rewrite the README's outputs from real runs

An example is a line ``$ kg ...`` inside a fenced block; the lines after it, up to the next ``$``
line or the end of the block, are its output. Examples run in order, as a user would type them, in
a scratch folder holding links to ``seeds/``, ``queries/`` and ``tests/`` (so ``kg build seeds -o out``
comes first and the rest read ``out``), with standard output on a pseudo-terminal (tables, as a
user sees them) and standard error after it. A shown line ``…`` (or ``...``) stands for any number of
lines, and a shown line ending in ``…`` for any line that starts with what precedes it, so long
outputs can be cut. ``$ cat FILE`` followed by lines writes FILE with those lines first (a query
file an example then runs). A block preceded by an HTML comment
``<!-- example not run: REASON -->`` is left alone: it needs a server, the shared corpora, or an
edited article.
"""

from __future__ import annotations

import argparse
import difflib
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SKIP = re.compile(r"<!-- example not run: .+ -->")


@dataclass
class Example:
    command: str
    first: int  # index of the first output line in the README's lines
    last: int  # index one past the last output line


def examples(lines: list[str]) -> list[Example]:
    """Every ``$ kg`` example of the README, with where its output lines are."""
    found: list[Example] = []
    inside, skipped, previous = False, False, ""
    current: Example | None = None
    for index, line in enumerate(lines):
        if line.startswith("```"):
            if inside and current:
                current.last = index
                found.append(current)
            inside, current = not inside, None
            skipped = inside and bool(SKIP.fullmatch(previous.strip()))
        elif inside and not skipped and line.startswith("$ "):
            if current:
                current.last = index
                found.append(current)
            current = Example(line[2:], index + 1, index + 1) if line.startswith(("$ kg ", "$ cat ")) else None
        if line.strip():
            previous = line
    return found


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is what ``shown`` shows, with its elisions (``…`` lines and line endings)."""
    if not shown:
        return not actual
    head = shown[0]
    if head.strip() in ("…", "..."):
        return any(matches(shown[1:], actual[skip:]) for skip in range(len(actual) + 1))
    if not actual:
        return False
    same = actual[0].startswith(head[:-1]) if head.endswith("…") else actual[0] == head
    return same and matches(shown[1:], actual[1:])


def run(command: str, cwd: Path) -> list[str]:
    """The lines a user sees: standard output on a terminal, then standard error."""
    env = {**os.environ, "COLUMNS": "200", "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    controller, terminal = pty.openpty()
    process = subprocess.Popen(["timeout", "300", "bash", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=subprocess.PIPE)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    error = process.stderr.read()
    process.wait()
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n") + error.decode("utf-8", "replace")
    return text.splitlines()


def check(update: bool = False) -> list[str]:
    """Run every example; return a diff per example whose output differs (after rewriting, if ``update``)."""
    lines = README.read_text(encoding="utf-8").split("\n")
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for name in ("seeds", "queries", "tests"):
            (work / name).symlink_to(ROOT / name)
        replacements = []
        for example in examples(lines):
            shown = lines[example.first: example.last]
            written = re.fullmatch(r"cat ([\w.-]+)", example.command)
            if written and not (work / written[1]).exists():
                (work / written[1]).write_text("\n".join(shown) + "\n", encoding="utf-8")
            actual = run(example.command, work)
            if not matches(shown, actual):
                diff = difflib.unified_diff(shown, actual, "README", "actual", lineterm="", n=1)
                problems.append(f"$ {example.command}\n    " + "\n    ".join(diff))
                replacements.append((example, actual))
        shutil.rmtree(work / "out", ignore_errors=True)
    if update and replacements:
        for example, actual in reversed(replacements):
            lines[example.first: example.last] = actual
        README.write_text("\n".join(lines), encoding="utf-8")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the README's outputs from real runs")
    args = parser.parse_args()
    problems = check(update=args.update)
    for problem in problems:
        print(problem)
    if problems and not args.update:
        print(f"{len(problems)} README examples differ from a real run (python scripts/readme_examples.py --update)")
        return 1
    print(f"{len(problems)} examples rewritten" if args.update else "every README example matches a real run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
