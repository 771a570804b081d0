"""Checkpoints: save a model's arrays to an ``.npz`` file and load them back, safely.

A checkpoint is a zip file of ``.npy`` arrays (numpy's ``.npz``, stored uncompressed) plus a
manifest, ``__course_lib_checkpoint__.json``: the format version and, for every array, its
dtype, shape and SHA-256 over its bytes. Four promises follow from that:

- ``save`` writes the whole file under a temporary name in the same folder and then renames it
  onto ``path`` (``os.replace`` is atomic): a crash or a full disk mid-write leaves either the
  old checkpoint or the new one, never half of one. A temporary file left by a save that was
  killed is removed by the next ``save`` or ``load`` of the same checkpoint.
- ``read`` checks every member against the manifest (sizes before reading, then dtype, shape and
  checksum), so a damaged file raises ``CheckpointError`` and never loads different numbers.
- ``load`` checks every name, shape and dtype before it copies a single number, so a refused
  load leaves the model exactly as it was; the error lists every offending array with both shapes.
- Names round-trip exactly: a name that a file cannot hold is refused by ``save``.

``save(path, model.state)`` stores the parameters and the buffers (batch norm's running
statistics): the whole model. ``save(path, model.params)`` stores the parameters alone; loading
it leaves the model's buffers as they are. Optimizer state (momenta, Adam's moments) is never
stored. PyTorch: ``torch.save(model.state_dict(), path)`` / ``model.load_state_dict(...)``;
TensorFlow 1 (the notes): ``tf.train.Saver(var_list).save`` / ``.restore``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from . import _checks

MARKER = "__course_lib_checkpoint__"
"""The name of the manifest (``MARKER + ".json"``); no array may take it."""

FORMAT = 2
"""The format version this module writes and reads (1 had no checksums and is not read)."""


class CheckpointError(ValueError):
    """A checkpoint cannot be written or read, or does not fit the model it is loaded into."""


def _check_name(name) -> str:
    if not isinstance(name, str) or not name:
        raise ValueError(f"params names must be non-empty strings, got {name!r}")
    if name == MARKER or "\\" in name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise ValueError(f"params names must not be {MARKER!r} nor hold control characters or "
                         f"backslashes (a zip file could not give them back unchanged), got {name!r}")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"params names must be valid text, got {name!r}") from None
    return name


def _check_params(params) -> dict[str, np.ndarray]:
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of name → array, got {type(params).__name__}")
    return {_check_name(name): np.ascontiguousarray(
        _checks.float_array(value, f"params[{name!r}]", finite=True))  # a diverged model is no checkpoint
        for name, value in params.items()}


def _digest(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


def _target(path) -> Path:
    """``path`` as a ``Path`` naming a file in an existing folder."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    if str(path) == "":
        raise ValueError("path must name a file, got ''")
    path = Path(path)
    try:
        folder = path.is_dir()
    except OSError as error:  # e.g. a name too long for the file system
        raise CheckpointError(f"cannot use {str(path)!r} as a checkpoint: {error.strerror}") from None
    if folder:
        raise ValueError(f"path must name a file, got the folder {str(path)!r}")
    return path


def _temporaries(path: Path) -> list[Path]:
    """Temporary files that a killed ``save`` of ``path`` left behind: ``.NAME.PID.*.tmp`` of a
    process that no longer runs (on Windows, where a process cannot be asked, of an hour ago)."""
    import glob
    import time

    left = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        if os.name == "nt":
            stale = time.time() - tmp.stat().st_mtime > 3600
        else:
            try:
                os.kill(int(pid), 0)
                stale = False
            except ProcessLookupError:
                stale = True
            except PermissionError:  # it runs, as another user
                stale = False
        if stale:
            left.append(tmp)
    return left


def _remove_temporaries(path: Path) -> None:
    for tmp in _temporaries(path):
        tmp.unlink(missing_ok=True)


def _write(file, params: dict[str, np.ndarray]) -> None:
    """Write the arrays and their manifest to the open binary ``file``."""
    import zipfile

    manifest = {"format": FORMAT, "arrays": {
        name: {"dtype": value.dtype.str, "shape": list(value.shape), "sha256": _digest(value)}
        for name, value in params.items()}}
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MARKER + ".json", json.dumps(manifest, sort_keys=True))
        for name, value in params.items():
            with archive.open(name + ".npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, value, allow_pickle=False)


def save(path: str | os.PathLike, params: Mapping[str, np.ndarray]) -> Path:
    """Write ``params`` (``model.state``, or ``model.params`` alone) to the ``.npz`` file
    ``path``, atomically; return ``path`` as a ``Path``.

    The arrays go to a temporary file ``.NAME.PID.XXXX.tmp`` in the same folder, which is
    flushed to disk and then renamed onto ``path``; if anything fails on the way, the temporary
    file is removed, an existing checkpoint at ``path`` is untouched and a write error is raised
    as ``CheckpointError`` naming ``path``.
    """
    import tempfile  # here, not at the top: keeps `import course_lib` fast

    path = _target(path)
    params = _check_params(params)
    if not path.parent.is_dir():
        raise ValueError(f"path must be in an existing folder, got {str(path)!r}")
    _remove_temporaries(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    except OSError as error:
        raise CheckpointError(f"cannot write a checkpoint at {str(path)!r}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as file:
            _write(file, params)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise CheckpointError(f"cannot write a checkpoint at {str(path)!r}: "
                              f"{error.strerror or error}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _manifest(archive, where: str) -> dict:
    """The checked manifest of the open zip ``archive``."""
    names = set(archive.namelist())
    if MARKER + ".npy" in names:
        raise CheckpointError(f"{where} has checkpoint format 1 (no checksums); this course_lib "
                              f"reads format {FORMAT} only (load it with the course_lib that wrote it "
                              f"and save it again)")
    if MARKER + ".json" not in names:
        arrays = sorted(name.removesuffix(".npy") for name in names)
        raise CheckpointError(f"{where} is an .npz file but not a course_lib checkpoint "
                              f"(it has no {MARKER + '.json'!r} manifest; its arrays: {arrays})")
    info = archive.getinfo(MARKER + ".json")
    if info.file_size > 1 << 24:
        raise CheckpointError(f"{where} is damaged: its manifest claims {info.file_size} bytes")
    manifest = json.loads(archive.read(info).decode("utf-8"))
    version = manifest.get("format") if isinstance(manifest, dict) else None
    if version != FORMAT:
        advice = ("it was written by a newer course_lib: upgrade course_lib to read it"
                  if isinstance(version, int) and version > FORMAT else "the file is damaged or foreign")
        raise CheckpointError(f"{where} has checkpoint format {version!r}; this course_lib reads "
                              f"format {FORMAT} only ({advice})")
    arrays = manifest.get("arrays")
    if not isinstance(arrays, dict) or names != {MARKER + ".json"} | {n + ".npy" for n in arrays}:
        raise CheckpointError(f"{where} is damaged: its members do not match its manifest")
    return arrays


def _member(archive, name: str, entry: dict, limit: int) -> np.ndarray:
    """The array ``name`` of ``archive``, checked against its manifest ``entry``."""
    info = archive.getinfo(name + ".npy")
    dtype, shape = np.dtype(entry["dtype"]), tuple(int(n) for n in entry["shape"])
    if dtype.kind != "f" or min(shape, default=1) < 0:
        raise ValueError(f"array {name!r} is listed as {dtype} {shape}, not a float array")
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if info.compress_type != 0 or not nbytes <= info.file_size <= min(nbytes + 4096, limit):
        raise ValueError(f"array {name!r} claims {info.file_size} bytes for {nbytes} of data")
    stream = io.BytesIO(archive.read(info))
    version = np.lib.format.read_magic(stream)
    if version not in ((1, 0), (2, 0)):
        raise ValueError(f"array {name!r} has .npy format {version}, not 1.0 or 2.0")
    header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
              else np.lib.format.read_array_header_2_0)(stream)
    if header != (shape, False, dtype):
        raise ValueError(f"array {name!r}'s header {header} differs from its manifest")
    value = np.frombuffer(stream.read(), dtype=dtype)
    if value.size * dtype.itemsize != nbytes or _digest(value) != entry["sha256"]:
        raise ValueError(f"array {name!r} does not match its checksum")
    return value.reshape(shape).copy()


def read(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """The arrays stored in checkpoint ``path``, by name; ``CheckpointError`` if the file is
    damaged, foreign, or of another format version (nothing is trusted before it is checked)."""
    import zipfile  # here, not at the top: keeps `import course_lib` fast

    path = _target(path)
    if not path.is_file():
        raise FileNotFoundError(f"no checkpoint at {str(path)!r}")
    where = repr(str(path))
    _remove_temporaries(path)
    with open(path, "rb") as file:  # an unreadable file is an OSError, not damage
        limit = os.fstat(file.fileno()).st_size
        try:
            with zipfile.ZipFile(file) as archive:
                entries = _manifest(archive, where)
                return {name: _member(archive, name, entry, limit) for name, entry in entries.items()}
        except CheckpointError:
            raise
        except Exception as error:  # any failure to parse a file nobody vouches for means damage
            raise CheckpointError(f"{where} is damaged or not a course_lib checkpoint "
                                  f"({type(error).__name__}: {error})") from None


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
    The whole file and all names and shapes are checked first; on any mismatch
    ``CheckpointError`` lists each one (missing, unexpected, wrong shape, with both shapes) and
    the model is not touched. Values are copied into the existing arrays (``array[...] = value``,
    float64 into a float32 model rounds), so optimizers holding them keep working.
    """
    params = getattr(model, "params", None)
    if not isinstance(params, Mapping):
        raise TypeError(f"model must have a params dict (a course_lib layer), "
                        f"got {type(model).__name__}")
    buffers = getattr(model, "buffers", {})
    if names is not None and (isinstance(names, str) or not isinstance(names, Iterable)):
        raise TypeError(f"names must be a list of names or a dict, got {type(names).__name__} {names!r}")
    stored = read(path)
    with_buffers = names is not None or any(name in stored for name in buffers)
    targets = {**params, **buffers} if with_buffers else dict(params)
    if names is None:
        pairs = {name: name for name in targets}
        unexpected = [name for name in stored if name not in targets]
    else:
        pairs = dict(names) if isinstance(names, Mapping) else {name: name for name in names}
        unexpected = []
    problems = _mismatches(targets, stored, pairs, unexpected)
    if problems:
        raise CheckpointError(f"the checkpoint {str(path)!r} does not fit the model; nothing was "
                              f"loaded. {len(problems)} mismatch(es):\n" + "\n".join(problems))
    for name, source in pairs.items():
        targets[name][...] = stored[source]
    return model
