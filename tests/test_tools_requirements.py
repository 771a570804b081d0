"""The oldest supported versions are declared once: requirements-oldest.txt pins the lower bounds
of requirements.txt, and `make test-oldest` (and CI) run the whole suite with them."""

import re
from pathlib import Path

from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def requirement_lines(name: str) -> list[str]:
    lines = (ROOT / name).read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def specifiers(name: str, operator: str) -> dict[str, Version]:
    """Package name (lower case) -> the version after ``operator`` on its line."""
    found = {}
    for line in requirement_lines(name):
        if line == "-e .":
            continue
        pattern = rf"([A-Za-z0-9_.-]+)\s*(?:\[[^\]]*\])?\s*{re.escape(operator)}\s*([0-9][^,;\s]*).*"
        match = re.fullmatch(pattern, line)
        assert match, f"{name}: {line!r} has no {operator} version"
        found[match.group(1).lower()] = Version(match.group(2))
    return found


def test_every_dependency_has_a_lower_bound_and_an_oldest_pin_and_they_agree():
    assert specifiers("requirements-oldest.txt", "==") == specifiers("requirements.txt", ">=")


def test_both_install_the_course_package_itself():
    assert "-e ." in requirement_lines("requirements.txt")
    assert "-e ." in requirement_lines("requirements-oldest.txt")
