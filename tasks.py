"""Set up and run the project with nothing but Python 3.11+.

    python3 tasks.py run     # install what the app needs into .venv, build the store, start the dashboard
    python3 tasks.py test    # install the app and test tools into .venv, run every test

Each step installs only what is missing, so running it again is quick.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _run(*args: str | Path) -> None:
    print("$", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True)


def _install(requirements: str) -> None:
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{requirements}"
    wanted = (ROOT / requirements).read_text() + (ROOT / "requirements.txt").read_text()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    _run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", requirements)
    stamp.write_text(wanted)


def run() -> None:
    _install("requirements.txt")
    _run(PYTHON, "-m", "defence_news", "build")
    _run(PYTHON, "-m", "streamlit", "run", "dashboard.py", *sys.argv[2:])


def test() -> None:
    _install("requirements-dev.txt")
    _run(PYTHON, "-m", "pytest", *sys.argv[2:])


if __name__ == "__main__":
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    try:
        commands[sys.argv[1]]()
    except subprocess.CalledProcessError as failed:
        sys.exit(failed.returncode)
