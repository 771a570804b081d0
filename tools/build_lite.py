"""Build the JupyterLite edition of the course into build/lite/ (`make lite`).

JupyterLab runs in the reader's browser with the Pyodide kernel; the folder is static files only,
so any static host serves it and nothing leaves that host when a notebook runs.

What goes in, and how it is checked (tools/lite/sources.json pins every version and sha256):
- the Pyodide 0.27.7 core (pyodide.js, pyodide.asm.js/.wasm, python_stdlib.zip) and its
  official pyodide-lock.json, from the npm package `pyodide` (tarball checked by sha256);
- the Pyodide packages the course needs (numpy, matplotlib, scikit-learn, IPython and what they
  depend on, by the official lock), taken from the PyPI package that bundles the 0.27.7
  distribution; each file must have the sha256 that the official lock gives it;
- ipywidgets, comm, tqdm (pure-Python wheels from PyPI, sha256 pinned) and a course_lib wheel
  built from this repository, added to the lock so that the kernel loads them at start;
- the 12 notebooks and the worked answers, with the kernelspec of the Pyodide kernel.
A file whose sha256 differs from the pin fails the build (LiteBuildError), also in the cache.

Usage: python tools/build_lite.py [--out build/lite] [--cache build/lite-cache]
(run with .venv-lite's Python: it calls that environment's `jupyter lite`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tools" / "lite" / "sources.json"
PYODIDE_DIR = Path("static") / "pyodide"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
# The notebook's arrow-key shortcuts of command mode (move between cells and headings), narrowed so
# that they leave a focused slider handle alone: in the JupyterLab of JupyterLite 0.5 they take the
# key press from the slider (which then does not move), where the JupyterLab of `make lab` does not.
COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
ARROW_COMMANDS = {"ArrowDown": "notebook:move-cursor-down", "ArrowUp": "notebook:move-cursor-up",
                  "ArrowLeft": "notebook:move-cursor-heading-above-or-collapse",
                  "ArrowRight": "notebook:move-cursor-heading-below-or-expand"}
# Every cell stays in the page (a widget scrolled out of view keeps working, and a test can reach
# it); no news pop-up or update check over the first notebook; sliders take the arrow keys.
SETTINGS_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": [
        shortcut for key, command in ARROW_COMMANDS.items() for shortcut in (
            {"command": command, "keys": [key], "selector": COMMAND_MODE, "disabled": True},
            {"command": command, "keys": [key], "selector": COMMAND_MODE + ":not(.noUi-handle)"})]},
}
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}


class LiteBuildError(RuntimeError):
    """A fetched file is not the pinned one, or a needed file is missing."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify(data: bytes, expected: str, what: str) -> bytes:
    """Return data if its sha256 is `expected`, else raise LiteBuildError naming both."""
    got = sha256_of(data)
    if got != expected:
        raise LiteBuildError(f"sha256 mismatch for {what}: expected {expected}, got {got}")
    return data


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_closure(lock: dict, names: list[str]) -> list[str]:
    """The lock's keys of `names` and of everything they depend on, by the lock itself."""
    keys = {canonical(k): k for k in lock["packages"]}
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if canonical(name) not in keys:
            raise LiteBuildError(f"{name!r} is not in the official pyodide-lock.json")
        key = keys[canonical(name)]
        if key not in seen:
            seen.add(key)
            todo.extend(lock["packages"][key]["depends"])
    return sorted(seen)


def fetch(cache: Path, file: str, sha256: str, command: list[str]) -> bytes:
    """The pinned file from the cache, else fetched with `command` into it; always checked."""
    path = cache / file
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        print("fetching", " ".join(command[-3:]), flush=True)
        subprocess.run(command, check=True, cwd=cache, stdout=subprocess.DEVNULL)
        if not path.exists():
            raise LiteBuildError(f"{' '.join(command)} did not produce {file}")
    return verify(path.read_bytes(), sha256, f"{path} (delete it to fetch it again; if a fresh "
                  "copy differs too, the registry serves another file than the one pinned)")


def fetch_npm(cache: Path, spec: dict) -> bytes:
    return fetch(cache, spec["file"], spec["sha256"], ["npm", "pack", "--silent", spec["npm"]])


def fetch_pypi(cache: Path, spec: dict) -> bytes:
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--pre", "-d", "."]
    return fetch(cache, spec["file"], spec["sha256"], [*pip, spec["pypi"]])


def wheel_version(file: str) -> str:
    return file.split("-")[1]


def lock_entry(name: str, file: str, sha256: str, imports: list[str], depends: list[str]) -> dict:
    return {"name": name, "version": wheel_version(file), "file_name": file, "install_dir": "site",
            "sha256": sha256, "package_type": "package", "imports": imports, "depends": depends,
            "unvendored_tests": False, "shared_library": False}


def build_course_lib_wheel(dest: Path) -> Path:
    """course_lib as a wheel, built from a clean copy of the package (no stale build/lib)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        shutil.copytree(ROOT / "course_lib", src / "course_lib",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src / name)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                        "--no-build-isolation", "-w", str(dest), str(src)], check=True)
    (wheel,) = dest.glob("course_lib-*.whl")
    return wheel


def stage_pyodide(sources: dict, cache: Path, out: Path) -> list[str]:
    """Write the checked Pyodide files, the extra wheels and the trimmed lock into out."""
    out.mkdir(parents=True, exist_ok=True)
    core = sources["pyodide"]
    with tarfile.open(fileobj=_bytes_io(fetch_npm(cache, core))) as tar:
        official = json.load(tar.extractfile("package/pyodide-lock.json"))
        if official["info"]["version"] != core["version"]:
            raise LiteBuildError(f"the npm lock is for Pyodide {official['info']['version']}")
        for name in core["core"]:
            (out / name).write_bytes(tar.extractfile(f"package/{name}").read())

    bundle = sources["pyodide_packages"]
    keep = lock_closure(official, bundle["need"])
    packages = {}
    with zipfile.ZipFile(_bytes_io(fetch_pypi(cache, bundle))) as whl:
        for key in keep:
            entry = official["packages"][key]
            member = bundle["folder"] + entry["file_name"]
            try:
                data = whl.read(member)
            except KeyError:
                raise LiteBuildError(f"{member} is missing from {bundle['file']}") from None
            verify(data, entry["sha256"], f"{entry['file_name']} (from {bundle['file']})")
            (out / entry["file_name"]).write_bytes(data)
            packages[key] = entry

    for wheel in sources["wheels"]:
        data = fetch_pypi(cache, wheel)
        (out / wheel["file"]).write_bytes(data)
        name = canonical(wheel["pypi"].split("==")[0])
        packages[name] = lock_entry(name, wheel["file"], wheel["sha256"], wheel["imports"],
                                    wheel["depends"])

    course_wheel = build_course_lib_wheel(out)
    packages["course-lib"] = lock_entry("course-lib", course_wheel.name,
                                        sha256_of(course_wheel.read_bytes()), ["course_lib"],
                                        sources["course_lib_depends"])
    lock = {"info": official["info"], "packages": packages}
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    return sorted(packages)


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


def stage_notebooks(dest: Path) -> list[str]:
    """Copies of the chapters and worked answers, set to the Pyodide kernel."""
    names = []
    for nb in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in nb.parts:
            continue
        rel = nb.relative_to(ROOT / "notebooks")
        doc = json.loads(nb.read_text(encoding="utf-8"))
        doc.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        names.append(rel.as_posix())
    return names


def lite_config(preload: list[str]) -> dict:
    """jupyter-lite.json: the self-hosted Pyodide, everything preloaded, no PyPI fallback."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Deep-learning fundamentals (in the browser)",
            "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
            # window.jupyterapp, which `make test-lite` drives (as JupyterLab's own option)
            "exposeAppInBrowser": True,
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "pyodideUrl": f"./{PYODIDE_DIR.as_posix()}/pyodide.js",
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": preload},
                }
            },
        },
    }


def build(out: Path, cache: Path) -> None:
    started = time.monotonic()
    sources = json.loads(SOURCES.read_text())
    with tempfile.TemporaryDirectory() as tmp:
        lite_dir = Path(tmp)
        packages = stage_pyodide(sources, cache, lite_dir / PYODIDE_DIR)
        preload = sorted({"course-lib", "ipython", "ssl", "sqlite3", "comm", "micropip"} & set(packages))
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(lite_config(preload), indent=1))
        (lite_dir / "overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES, indent=1))
        notebooks = stage_notebooks(lite_dir / "files")
        if out.exists():
            shutil.rmtree(out)
        jupyter = Path(sys.executable).with_name("jupyter")
        subprocess.run([str(jupyter), "lite", "build", "--lite-dir", str(lite_dir), "--contents",
                        str(lite_dir / "files"), "--output-dir", str(out.resolve()),
                        "--no-sourcemaps"], check=True, cwd=lite_dir, stdout=subprocess.DEVNULL)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"build/lite: {len(notebooks)} notebooks, {len(packages)} Pyodide packages, "
          f"{size / 1e6:.1f} MB, built in {time.monotonic() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lite")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "lite-cache")
    args = parser.parse_args(argv)
    try:
        build(args.out, args.cache)
    except LiteBuildError as err:
        print(f"make lite: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
