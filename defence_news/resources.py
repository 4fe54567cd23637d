"""Where the data files live, and reading them with messages that name the file and line.

Lexicons, gazetteers, the meeting catalogue and stop words are files in `data/` that a
domain expert edits; code reads them here and nowhere else. YAML is read with the safe
loader only: a lexicon file can describe words, never run code.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DataFileError(Exception):
    """A data file that cannot be used: names the file, the line when known, and the problem."""

    def __init__(self, file: str, problem: str, line: int | None = None):
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")
        self.file = file
        self.line = line
        self.problem = problem


def data_dir() -> Path:
    """Return the folder of data files: $DEFENCE_NEWS_DATA, else `data/` beside the package."""
    return Path(os.environ.get("DEFENCE_NEWS_DATA", PROJECT_ROOT / "data"))


def cache_dir() -> Path:
    """Return the folder of the processed store: $DEFENCE_NEWS_CACHE, else `.cache/` at the project root."""
    return Path(os.environ.get("DEFENCE_NEWS_CACHE", PROJECT_ROOT / ".cache"))


def save_in_cache(path: Path, data: bytes, replacing: str = "") -> None:
    """Write `data` to `path` (in the cache folder) whole or not at all, and delete the files of the same folder
    matching the glob `replacing` but `path` (those of other versions); a cache that cannot be written only
    costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        for old in path.parent.glob(replacing) if replacing else ():
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return


def data_file(name: str) -> Path:
    """Return the path of a data file by name, e.g. "countries.csv"."""
    return data_dir() / name


def read_text(path: Path) -> str:
    """Return a data file's text (UTF-8, BOM allowed), or raise DataFileError."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataFileError(str(path), "the file is missing") from None
    except UnicodeDecodeError as error:
        raise DataFileError(str(path), f"not UTF-8 text (byte {error.start})") from None


# libyaml (when PyYAML has it) parses the data files ten times faster than the Python parser, into the same values
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_load(text: str):
    try:
        return yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        # parsed again by the Python parser: its messages and lines are those users know
        return yaml.safe_load(text)


def parse_yaml(text: str, file: str) -> dict:
    """Return YAML text parsed with the safe loader; errors name the line."""
    try:
        parsed = _safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise DataFileError(file, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from None
    if not isinstance(parsed, dict):
        raise DataFileError(file, "expected a YAML mapping at the top level")
    return parsed


def read_yaml(path: Path) -> dict:
    """Return a YAML data file as a dict (safe loader)."""
    return parse_yaml(read_text(path), str(path))


def numbered_csv_rows(text: str, file: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Return (line, row) pairs: each CSV row as a dict of stripped strings, with the line it ends on.

    The line is the file's, not the row's position: blank lines and a quoted note that runs
    over two lines would otherwise send a curator to the wrong row.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFileError(file, f"missing column(s): {', '.join(missing)}", 1)
    rows = []
    for row in reader:
        if None in row:
            raise DataFileError(file, "more values than columns", reader.line_num)
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    return rows


def parse_csv(text: str, file: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Return CSV rows as dicts of stripped strings, checking that `required` columns exist."""
    return [row for _, row in numbered_csv_rows(text, file, required)]


def read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Return a CSV data file's rows (see parse_csv)."""
    return parse_csv(read_text(path), str(path), required)


def split_list(value: str) -> list[str]:
    """Return the items of a ";"-separated cell, blanks dropped."""
    return [item.strip() for item in value.split(";") if item.strip()]


def fingerprint(*parts: str | bytes) -> str:
    """Return a short hash of the given contents: the version of a data file or a cache key."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\x00")
    return digest.hexdigest()[:16]
