"""Execute notebooks in place, top to bottom, in this environment's Python (`make notebooks`).

Usage: python tools/run_notebooks.py [--check] [NOTEBOOK ...]
       (default: every notebooks/*.ipynb, then the worked answers in notebooks/solutions/)

Each notebook runs in a fresh kernel started from this interpreter (never a kernelspec found
elsewhere on the machine), with its folder as the working directory. Re-running an unchanged
notebook on the same machine writes the same bytes:

- no execution timestamps are recorded, consecutive stream outputs are merged;
- widget model ids (random in the kernel) are renamed to ids derived from the notebook's name and
  the order in which the ids first appear;
- the elapsed time and rate of a finished progress bar are dropped from the saved widget state.

``--check`` executes without writing and reports every notebook whose bytes would change (exit 1),
apart from the outputs of cells marked ``# NBVAL_IGNORE_OUTPUT`` (timings vary from run to run).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

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


def execute(path: Path) -> tuple[str, float]:
    """Execute the notebook at ``path`` in a fresh kernel; return its new text and the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME,
                       kernel_spec_manager=NbvalKernelspecManager())
    client = NotebookClient(nb, km=km, timeout=300, record_timing=False, coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    strip_progress_timing(nb)
    return nbformat.writes(stable_model_ids(nb, path.stem)) + "\n", seconds


def run(path: Path) -> float:
    """Execute ``path`` in place; return the seconds it took."""
    text, seconds = execute(path)
    path.write_text(text, encoding="utf-8")
    return seconds


def without_varying_outputs(text: str) -> str:
    """The notebook ``text`` without the outputs of cells marked ``# NBVAL_IGNORE_OUTPUT``: timings
    and live widgets, whose outputs nbval does not compare either."""
    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("# NBVAL_IGNORE_OUTPUT"):
            cell.outputs = []
    return nbformat.writes(nb)


def changes(path: Path) -> bool:
    """Whether executing ``path`` would change its bytes, apart from the outputs of the cells marked
    ``# NBVAL_IGNORE_OUTPUT``. It runs in the notebook's own folder (a notebook may look at its
    surroundings) and writes nothing."""
    text, _ = execute(path)
    return without_varying_outputs(text) != without_varying_outputs(path.read_text(encoding="utf-8"))


def main(args: list[str]) -> int:
    check = "--check" in args
    names = [a for a in args if a != "--check"]
    folder = ROOT / "notebooks"
    paths = [Path(a).resolve() for a in names] or [*sorted(folder.glob("*.ipynb")),
                                                   *sorted((folder / "solutions").glob("*.ipynb"))]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"no such notebook: {missing[0]}", file=sys.stderr)
        return 2
    changed = []
    for path in paths:
        start = time.perf_counter()
        if not check:
            run(path)
            verdict = "executed"
        elif changes(path):
            changed.append(path.name)
            verdict = "WOULD CHANGE"
        else:
            verdict = "unchanged"
        print(f"{path.name}: {verdict}, {time.perf_counter() - start:.1f} s", flush=True)
    if changed:
        print(f"re-executing changes {len(changed)} notebook(s): {', '.join(changed)}", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
