"""Execute notebooks in place, top to bottom, in this environment's Python (`make notebooks`).

Usage: python tools/run_notebooks.py [--check | --other-loops] [NOTEBOOK ...]
       (default: every notebooks/*.ipynb, then the worked answers in notebooks/solutions/)

Each notebook runs in a fresh kernel started from this interpreter (never a kernelspec found
elsewhere on the machine), with its folder as the working directory. Re-running an unchanged
notebook on the same machine writes the same bytes:

- no execution timestamps are recorded, consecutive stream outputs are merged;
- widget model ids (random in the kernel) are renamed to ids derived from the notebook's name and
  the order in which the ids first appear;
- the elapsed time and rate of a finished progress bar are dropped from the saved widget state.

The kernel computes with the code paths of ``pinned_numerics.py``, as the tests do, so the bytes
are also the same on another x86-64 machine. Tracebacks and printed text show the repository's
files by relative paths and the Python installation as ``<python>``, so the bytes are the same
wherever the clone lives. The kernel talks over local (ipc) sockets where the system has them.

``--other-loops`` executes every notebook, without writing, on NumPy's and OpenBLAS's other loops
(``pinned_numerics.OTHER_LOOPS``), which round differently, and reports every notebook in which a
cell fails (exit 1): its printed digits may differ, its asserts must still hold.

``--check`` executes without writing and reports every notebook that would change (exit 1), apart
from the outputs of cells marked ``# NBVAL_IGNORE_OUTPUT`` (timings vary from run to run).
Figures are compared as pictures, not bytes: BLAS rounds differently from machine to machine, so a
figure may differ in a few pixels (``PIXEL_STEP``, ``CHANGED_PIXELS``); everything else must match
exactly.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager
from pinned_numerics import OTHER_LOOPS, pin

ROOT = Path(__file__).resolve().parents[1]
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TQDM_TIMING = re.compile(r"\s?\[\d+:\d\d(<|&lt;)(\d+:\d\d|\?),\s[^\]]*\]")  # tqdm pads with U+2007


def model_ids(nb: nbformat.NotebookNode) -> list[str]:
    """The widget model ids of ``nb`` in an order that does not depend on the ids themselves.

    Depth-first from the widgets the outputs show, through the ``IPY_MODEL_<id>`` references of
    each saved state; models no output reaches follow, sorted by their state.
    """
    shown = [output["data"][WIDGET_VIEW]["model_id"] for cell in nb.cells
             for output in cell.get("outputs", []) if WIDGET_VIEW in output.get("data", {})]
    saved = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order: dict[str, None] = {}

    def visit(model_id: str) -> None:
        if model_id in order:
            return
        order[model_id] = None
        state = json.dumps(saved.get(model_id, {}), sort_keys=True)
        for child in re.findall(r"IPY_MODEL_([0-9a-f]{32})", state):
            visit(child)

    for model_id in shown:
        visit(model_id)
    unreached = [m for m in saved if m not in order]
    for model_id in sorted(unreached, key=lambda m: json.dumps(saved[m], sort_keys=True)):
        visit(model_id)
    return list(order)


def stable_model_ids(nb: nbformat.NotebookNode, seed: str) -> nbformat.NotebookNode:
    """``nb`` with each widget model id replaced by ``md5(seed:position)``, its state in that order."""
    ids = model_ids(nb)
    if not ids:
        return nb
    new = {old: hashlib.md5(f"{seed}:{i}".encode()).hexdigest() for i, old in enumerate(ids)}
    widgets = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
    if widgets is not None:
        widgets["state"] = {m: widgets["state"][m] for m in ids if m in widgets["state"]}
    text = re.sub("|".join(map(re.escape, new)), lambda m: new[m.group(0)], nbformat.writes(nb))
    return nbformat.reads(text, as_version=4)


def strip_progress_timing(nb: nbformat.NotebookNode) -> None:
    """Drop tqdm's ``[elapsed<remaining, rate]`` from the string values of the saved widget state."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model in state.values():
        values = model.get("state", {})
        for key, value in values.items():
            if isinstance(value, str):
                values[key] = TQDM_TIMING.sub("", value)


def machine_prefixes() -> list[tuple[str, str]]:
    """(folder of this machine, what a saved output shows instead), longest folder first: the
    repository becomes a relative path, the Python installation ``<python>``."""
    import site
    import sysconfig

    pairs = [(str(ROOT) + os.sep, "")]
    pairs += [(folder + os.sep, "<python>" + os.sep) for folder in
              {*site.getsitepackages(), sysconfig.get_paths()["stdlib"], sys.prefix, sys.base_prefix}]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def without_machine_paths(nb: nbformat.NotebookNode) -> None:
    """Replace this machine's folders in tracebacks and printed text by relative paths, so the saved
    notebook is the same wherever the repository lives (``File course_lib/losses.py:82``)."""
    prefixes = machine_prefixes()

    def clean(text: str) -> str:
        for folder, shown in prefixes:
            text = text.replace(folder, shown)
        return text

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [clean(line) for line in output.traceback]
                output.evalue = clean(output.evalue)
            elif output.output_type == "stream":
                output.text = clean(output.text)


def execute(path: Path, loops: dict[str, str] | None = None) -> tuple[str, float]:
    """Execute the notebook at ``path`` in a fresh kernel; return its new text and the seconds it
    took. The kernel computes with NumPy's and OpenBLAS's pinned code paths, or with ``loops``."""
    nb = nbformat.read(path, as_version=4)
    environment = {**os.environ, **loops} if loops is not None else pin(dict(os.environ))
    sockets = tempfile.mkdtemp(prefix="kernel-")  # ipc: local sockets, none of TCP's warnings
    local = {} if os.name == "nt" else {"transport": "ipc", "ip": os.path.join(sockets, "ipc")}
    km = KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager(),
                       **local)
    client = NotebookClient(nb, km=km, timeout=300, record_timing=False, coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute(env=environment)
    finally:  # the client leaves a kernel it did not start running: stop it here
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)
    seconds = time.perf_counter() - start
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    strip_progress_timing(nb)
    without_machine_paths(nb)
    return nbformat.writes(stable_model_ids(nb, path.stem)) + "\n", seconds


def run(path: Path) -> float:
    """Execute ``path`` in place; return the seconds it took."""
    text, seconds = execute(path)
    path.write_text(text, encoding="utf-8")
    return seconds


def without_varying_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` without the outputs of cells marked ``# NBVAL_IGNORE_OUTPUT``: timings and live
    widgets, whose outputs nbval does not compare either."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("# NBVAL_IGNORE_OUTPUT"):
            cell.outputs = []
    return nb


PIXEL_STEP = 24
"""A pixel counts as changed when a colour channel moves by more than this (of 255): rounding in
BLAS shifts an anti-aliased edge by a fraction of a pixel, which changes its shade a little."""

CHANGED_PIXELS = 25
"""A figure may have this many changed pixels (a 5×5 patch: a point that rounding moved by one
pixel) and still count as the same; a changed line, marker or label changes far more."""


def picture_difference(old: str, new: str) -> str | None:
    """How the base64 PNGs ``old`` and ``new`` differ beyond the tolerance (``None``: they agree)."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    a, b = (np.asarray(Image.open(io.BytesIO(base64.b64decode(png))).convert("RGBA"), dtype=np.int16)
            for png in (old, new))
    if a.shape != b.shape:
        return f"size {a.shape[1]}×{a.shape[0]} became {b.shape[1]}×{b.shape[0]} pixels"
    step = np.abs(a - b).max(axis=-1)
    changed = int(np.count_nonzero(step > PIXEL_STEP))
    if changed <= CHANGED_PIXELS:
        return None
    return f"{changed} of {step.size} pixels changed, by up to {int(step.max())} of 255"


def pictures(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Every PNG of ``nb`` by where it is (cell outputs and saved widget images), base64."""
    found = {}
    for index, cell in enumerate(nb.cells):
        for k, output in enumerate(cell.get("outputs", [])):
            if "image/png" in output.get("data", {}):
                found[f"cell {index}, output {k}"] = output["data"]["image/png"]
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id, model in state.items():
        for buffer in model.get("buffers", []):
            if model.get("model_name") == "ImageModel" and buffer.get("encoding") == "base64":
                found[f"widget image {model_id[:8]}"] = buffer["data"]
    return found


def without_pictures(nb: nbformat.NotebookNode) -> str:
    """The text of ``nb`` with every PNG replaced by a placeholder."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output["data"]["image/png"] = "<png>"
    for model in nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}).values():
        if model.get("model_name") == "ImageModel":
            for buffer in model.get("buffers", []):
                buffer["data"] = "<png>"
    return nbformat.writes(nb)


def differences(old_text: str, new_text: str) -> list[str]:
    """What differs between two saved notebooks, apart from the outputs nbval ignores: any text,
    or a picture beyond the tolerance of ``picture_difference`` (one line per picture)."""
    old, new = (without_varying_outputs(nbformat.reads(text, as_version=4)) for text in (old_text, new_text))
    if without_pictures(old) != without_pictures(new):
        return ["text or structure (code, printed output, metadata) differs"]
    old_pictures, new_pictures = pictures(old), pictures(new)
    return [f"{where}: {difference}" for where in old_pictures
            if (difference := picture_difference(old_pictures[where], new_pictures[where]))]


def failure_on_other_loops(path: Path) -> str | None:
    """The error of the first cell of ``path`` that fails on ``OTHER_LOOPS`` (``None``: none does)."""
    try:
        execute(path, OTHER_LOOPS)
    except CellExecutionError as error:
        lines = [line.strip() for line in re.sub(r"\x1b\[[0-9;]*m", "", str(error)).splitlines()]
        failing = [line for line in lines if line.startswith("---->")]  # the line that raised
        return " ".join([*failing[-1:], [line for line in lines if line][-1]])
    return None


def changes(path: Path) -> list[str]:
    """What executing ``path`` would change (see ``differences``); it runs in the notebook's own
    folder (a notebook may look at its surroundings) and writes nothing."""
    text, _ = execute(path)
    return differences(path.read_text(encoding="utf-8"), text)


def main(args: list[str]) -> int:
    check, other_loops = "--check" in args, "--other-loops" in args
    names = [a for a in args if a not in ("--check", "--other-loops")]
    folder = ROOT / "notebooks"
    paths = [Path(a).resolve() for a in names] or [*sorted(folder.glob("*.ipynb")),
                                                   *sorted((folder / "solutions").glob("*.ipynb"))]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"no such notebook: {missing[0]}", file=sys.stderr)
        return 2
    reported = []  # the notebooks that would change, or that fail on other loops
    for path in paths:
        start = time.perf_counter()
        if other_loops:
            failure = failure_on_other_loops(path)
            reported += [path.name] if failure else []
            verdict = f"FAILS on other loops: {failure}" if failure else "its asserts hold on other loops"
        elif not check:
            run(path)
            verdict = "executed"
        elif found := changes(path):
            reported.append(path.name)
            verdict = "WOULD CHANGE: " + "; ".join(found)
        else:
            verdict = "unchanged"
        print(f"{path.name}: {verdict}, {time.perf_counter() - start:.1f} s", flush=True)
    if reported:
        what = "fail on other loops" if other_loops else "would change on re-execution"
        print(f"{len(reported)} notebook(s) {what}: {', '.join(reported)}", file=sys.stderr)
    return 1 if reported else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
