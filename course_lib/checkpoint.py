"""Checkpoints: save a model's arrays to an ``.npz`` file and load them back, safely.

``save`` writes the whole file under a temporary name in the same folder and then renames it
onto ``path`` (``os.replace`` is atomic), so a crash or a full disk mid-write leaves either the
old checkpoint or the new one, never half of one. ``load`` reads and checks everything (each
name and each shape) before it copies a single number, so a mismatch leaves the model as it was,
and the error lists every offending parameter with both shapes.

``save(path, model.state)`` stores the parameters and the buffers (batch norm's running
statistics): the whole model. ``save(path, model.params)`` stores the parameters alone; loading
it leaves the model's buffers as they are. Optimizer state (momenta, Adam's moments) is never
stored. PyTorch: ``torch.save(model.state_dict(), path)`` / ``model.load_state_dict(...)``;
TensorFlow 1 (the notes): ``tf.train.Saver(var_list).save`` / ``.restore``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from . import _checks

MARKER = "__course_lib_checkpoint__"
"""The entry that marks an ``.npz`` file as a course_lib checkpoint (its value: format version 1)."""


class CheckpointError(ValueError):
    """A checkpoint cannot be read, or does not fit the model it is loaded into."""


def _check_params(params) -> dict[str, np.ndarray]:
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of name → array, got {type(params).__name__}")
    checked = {}
    for name, value in params.items():
        if not isinstance(name, str) or not name or name == MARKER:
            raise ValueError(f"params names must be non-empty strings other than {MARKER!r}, "
                             f"got {name!r}")
        checked[name] = _checks.float_array(value, f"params[{name!r}]")
    return checked


def save(path: str | os.PathLike, params: Mapping[str, np.ndarray]) -> Path:
    """Write ``params`` (``model.state``, or ``model.params`` alone) to the ``.npz`` file
    ``path``, atomically.

    The arrays go to a temporary file in the same folder, which is flushed to disk and then
    renamed onto ``path``; if anything fails on the way, the temporary file is removed and an
    existing checkpoint at ``path`` is untouched. Returns ``path`` as a ``Path``.
    """
    import tempfile  # here, not at the top: keeps `import course_lib` fast

    path = Path(path)
    params = _check_params(params)
    if not path.parent.is_dir():
        raise ValueError(f"path must be in an existing folder, got {str(path)!r}")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            np.savez(file, **{MARKER: np.array(1)}, **params)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """The arrays stored in checkpoint ``path``, by name (raises ``CheckpointError`` if damaged)."""
    import zipfile  # here, not at the top: keeps `import course_lib` fast

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {str(path)!r}")
    try:
        file = np.load(path, allow_pickle=False)
        if not isinstance(file, np.lib.npyio.NpzFile):
            raise ValueError(f"it holds a single {type(file).__name__}, not named arrays")
        with file:
            arrays = {name: file[name] for name in file.files}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise CheckpointError(f"{str(path)!r} is damaged or not an .npz file "
                              f"({type(error).__name__}: {error})") from None
    if MARKER not in arrays:
        raise CheckpointError(f"{str(path)!r} is an .npz file but not a course_lib checkpoint "
                              f"(it has no {MARKER!r} entry; its arrays: {sorted(arrays)})")
    del arrays[MARKER]
    return arrays


def _mismatches(targets: Mapping[str, np.ndarray], stored: dict[str, np.ndarray],
                pairs: dict[str, str], unexpected: list[str]) -> list[str]:
    """One line per problem: a model name with no stored array, an array the model has no
    place for, or two shapes that differ."""
    problems = []
    for name, source in pairs.items():
        if name not in targets:
            problems.append(f"  {name}: named in names, but the model has no such array "
                            f"(it has {sorted(targets)})")
        elif source not in stored:
            problems.append(f"  {name}: missing from the checkpoint, model {targets[name].shape}")
        elif stored[source].shape != targets[name].shape:
            where = "" if source == name else f" (stored as {source})"
            problems.append(f"  {name}: wrong shape, checkpoint {stored[source].shape}{where}, "
                            f"model {targets[name].shape}")
    problems += [f"  {source}: unexpected, checkpoint {stored[source].shape}, not in the model"
                 for source in unexpected]
    return problems


def load(path: str | os.PathLike, model, *,
         names: Iterable[str] | Mapping[str, str] | None = None):
    """Copy the arrays stored at ``path`` into ``model.state``, in place; return ``model``.

    By default every parameter of the model must be in the checkpoint with the same shape, and
    the checkpoint may hold nothing else. Buffers come all together or not at all: a checkpoint
    of ``model.params`` alone leaves them as they are, one that holds some must hold them all.
    ``names`` restricts loading to some arrays (e.g. the body of a network whose head changed):
    a list of names, or a dict ``{model name: checkpoint name}`` when layers were renumbered.
    All names and shapes are checked first; on any mismatch ``CheckpointError`` lists each one
    (missing, unexpected, wrong shape, with both shapes) and the model is not touched. Values
    are copied into the existing arrays (``array[...] = value``), so optimizers holding them
    keep working.
    """
    params = getattr(model, "params", None)
    if not isinstance(params, Mapping):
        raise TypeError(f"model must have a params dict (a course_lib layer), "
                        f"got {type(model).__name__}")
    buffers = getattr(model, "buffers", {})
    stored = read(path)
    with_buffers = names is not None or any(name in stored for name in buffers)
    targets = {**params, **buffers} if with_buffers else dict(params)
    if names is None:
        pairs = {name: name for name in targets}
        unexpected = [name for name in stored if name not in targets]
    else:
        if isinstance(names, str):
            raise TypeError(f"names must be a list of names or a dict, got str {names!r}")
        pairs = dict(names) if isinstance(names, Mapping) else {name: name for name in names}
        unexpected = []
    problems = _mismatches(targets, stored, pairs, unexpected)
    if problems:
        raise CheckpointError(f"the checkpoint {str(path)!r} does not fit the model; nothing was "
                              f"loaded. {len(problems)} mismatch(es):\n" + "\n".join(problems))
    for name, source in pairs.items():
        targets[name][...] = stored[source]
    return model
