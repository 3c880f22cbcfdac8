"""Where the ontology and the saved queries live, in a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ontology_dir", "queries_dir"]

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    # In a checkout (or an editable install) the folders sit beside the package;
    # a built wheel carries them inside it, under kg/_data/.
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg installation is missing its {name}/ folder")


def ontology_dir() -> Path:
    return _data_dir("ontology")


def queries_dir() -> Path:
    return _data_dir("queries")
