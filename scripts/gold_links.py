"""Make a folder of links to the articles of one gold set, so that kg can build just those.

Usage: python scripts/gold_links.py tests/gold/wide /tmp/wide-src

Each gold file names its article ("file") and the folder of ../shared/corpus it comes from
("corpus"; the dev sets have none: dev). File names stay as they are: they are how kg eval
finds an article's gold.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def main(gold: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    missing = []
    for path in sorted(gold.glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        source = CORPUS / entry.get("corpus", "dev") / entry["file"]
        if not source.is_file():
            missing.append(str(source))
            continue
        link = out / entry["file"]
        if not link.exists():
            link.symlink_to(source)
    if missing:
        print(f"{len(missing)} articles are not under {CORPUS}: {', '.join(missing[:3])}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
