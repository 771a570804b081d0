"""course_lib's unit tests in the browser's Python: Pyodide 0.27.7 under Node (`make test-pyodide`).

Usage: python tools/pyodide_tests.py [--lite build/lite] [pytest arguments]

The JupyterLite edition runs course_lib on Python 3.12 with numpy 2.0.2, matplotlib 3.8.4 and
scikit-learn 1.6.1. This runs, in the same Pyodide as build/lite (from the same checked files),
every unit test module that can run there, against the repository's course_lib. Left out, and
covered by `make test` and `make test-oldest` on CPython: modules that need hypothesis (not in
Pyodide's distribution), start processes, or test the tools. Pyodide has no threads, so tqdm
cannot start its monitor thread and warns once: that warning is not an error here.
pytest, pluggy and iniconfig come from PyPI at the versions and sha256 of tools/lite/sources.json.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_lite  # noqa: E402 (the tools folder is not a package)

ROOT = Path(__file__).resolve().parents[1]
NOT_IN_PYODIDE = re.compile(r"^\s*(?:import|from)\s+(?:hypothesis|subprocess|nbformat|playwright|torch)\b"
                            r"|sys\.path\.insert|\btools\b|benchmarks", re.M)
TIMEOUT_S = 1800


def runnable_modules(tests: Path = ROOT / "tests") -> list[str]:
    """The test modules that import nothing Pyodide lacks, relative to the repository."""
    return [p.relative_to(ROOT).as_posix() for p in sorted(tests.glob("test_*.py"))
            if not p.name.startswith("test_tools_")
            and not NOT_IN_PYODIDE.search(p.read_text(encoding="utf-8"))]


def main(argv: list[str]) -> int:
    lite = ROOT / "build" / "lite"
    if argv[:1] == ["--lite"]:
        lite, argv = Path(argv[1]), argv[2:]
    pyodide = lite / "static" / "pyodide"
    if not (pyodide / "pyodide.js").exists():
        print(f"no Pyodide in {pyodide}: run `make lite`", file=sys.stderr)
        return 2
    if shutil.which("node") is None:
        print("node is needed (it comes with npm: apt-get install -y npm)", file=sys.stderr)
        return 2
    sources = build_lite.json.loads(build_lite.SOURCES.read_text())
    cache = ROOT / "build" / "lite-cache"
    with tempfile.TemporaryDirectory(prefix="pyodide-tests-") as wheels:
        for wheel in sources["test_wheels"]:
            (Path(wheels) / wheel["file"]).write_bytes(build_lite.fetch_pypi(cache, wheel))
        modules = runnable_modules()
        print(f"{len(modules)} test modules in Pyodide {sources['pyodide']['version']}", flush=True)
        command = ["node", str(ROOT / "tools" / "lite" / "pyodide_tests.cjs"), str(pyodide), str(ROOT),
                   wheels, "-q", "-W", "ignore::tqdm.std.TqdmMonitorWarning", *argv, *modules]
        try:
            return subprocess.run(command, cwd=ROOT, timeout=TIMEOUT_S).returncode
        except subprocess.TimeoutExpired:
            print(f"the tests in Pyodide took more than {TIMEOUT_S} s", file=sys.stderr)
            return 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except build_lite.LiteBuildError as err:
        print(f"make test-pyodide: {err}", file=sys.stderr)
        sys.exit(1)
