"""The Makefile's commands as a newcomer runs them: `make lab` takes options and works as root."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def lab_command(*variables: str) -> str:
    """The command `make lab` would run (dry run; the venv counts as installed)."""
    result = subprocess.run(["make", "-s", "-n", "-o", ".venv/.installed", "lab", *variables],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_make_lab_passes_args_to_jupyterlab():
    command = lab_command("ARGS=--port 8890 --no-browser --IdentityProvider.token=abc", "USER_ID=1000")
    assert command.endswith("--port 8890 --no-browser --IdentityProvider.token=abc notebooks/")


def test_make_lab_allows_root_only_for_root():
    assert "--allow-root" in lab_command("USER_ID=0").split()
    assert "--allow-root" not in lab_command("USER_ID=1000").split()


def test_make_lab_turns_off_the_news_pop_up_and_the_update_check():
    options = lab_command("USER_ID=1000").split()
    assert "--LabApp.news_url=None" in options
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in options


def test_the_browser_check_runs_jupyterlab_with_the_options_of_make_lab():
    check = (ROOT / "tools" / "browser_check.py").read_text(encoding="utf-8")
    for option in re.findall(r"--LabApp\.\S+", lab_command("USER_ID=1000")):
        assert f'"{option}"' in check
