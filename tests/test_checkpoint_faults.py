"""Checkpoints under attack: damaged bytes, crafted files, odd names and paths, killed saves."""

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from course_lib import checkpoint, layers


def mlp(seed=0):
    rng = np.random.default_rng(seed)
    return layers.Sequential(layers.Linear(2, 3, rng=rng), layers.Activation("relu"),
                             layers.Linear(3, 2, rng=rng))


def snapshot(model):
    return {name: value.copy() for name, value in model.state.items()}


def assert_unchanged(model, before):
    assert model.state.keys() == before.keys()
    for name, value in model.state.items():
        assert value.tobytes() == before[name].tobytes(), name


def crafted(path, arrays, *, manifest=None):
    """A checkpoint written by the real writer from ``arrays`` as given (no input checks), with
    ``manifest`` (a function of the manifest dict) applied to its manifest."""
    buffer = io.BytesIO()
    checkpoint._write(buffer, arrays)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == checkpoint.MARKER + ".json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            target.writestr(info.filename, data)
    return path


# Refused loads change nothing

@pytest.mark.parametrize("bad", [np.array(["ab", "cd", "ef"]), np.ones(3) * 1j,
                                 np.array(["2020-01-01"] * 3, dtype="datetime64[D]"),
                                 np.array([1, 2, 3], dtype=object)])
def test_a_checkpoint_whose_last_array_is_not_floats_changes_nothing(tmp_path, bad):
    model = mlp(seed=1)
    before = snapshot(model)
    arrays = {**{name: value + 1 for name, value in mlp(seed=2).params.items()}, "2.b": bad[:2]}
    try:
        crafted(tmp_path / "m.npz", arrays)
    except ValueError:  # numpy refuses to write an object array without pickling: nothing to load
        return
    with pytest.raises(checkpoint.CheckpointError, match="damaged or not a course_lib checkpoint"):
        checkpoint.load(tmp_path / "m.npz", model)
    assert_unchanged(model, before)


# Damage is detected, never loaded

def test_every_single_byte_change_is_refused_or_harmless(tmp_path):
    source = tmp_path / "m.npz"
    checkpoint.save(source, mlp().params)
    good = checkpoint.read(source)
    data = source.read_bytes()
    damaged = tmp_path / "d.npz"
    outcomes = {"refused": 0, "identical": 0}
    for position in range(len(data)):
        for change in (0xFF, 0x01):
            flipped = bytearray(data)
            flipped[position] ^= change
            damaged.write_bytes(bytes(flipped))
            try:
                back = checkpoint.read(damaged)
            except checkpoint.CheckpointError:
                outcomes["refused"] += 1
                continue
            assert back.keys() == good.keys(), position
            for name in good:
                assert back[name].tobytes() == good[name].tobytes(), (position, name)
            outcomes["identical"] += 1
    assert outcomes["refused"] > 0.75 * 2 * len(data)  # zip fields nothing reads (times, flags) may change


def test_every_truncation_is_refused(tmp_path):
    source = tmp_path / "m.npz"
    checkpoint.save(source, mlp().params)
    data = source.read_bytes()
    for length in range(0, len(data), 7):
        (tmp_path / "t.npz").write_bytes(data[:length])
        with pytest.raises(checkpoint.CheckpointError, match="damaged"):
            checkpoint.read(tmp_path / "t.npz")


def test_a_manifest_claiming_an_absurd_size_is_refused_before_allocating(tmp_path):
    def huge(manifest):
        manifest["arrays"]["w"]["shape"] = [2 ** 40]  # 8 TiB of float64
        return manifest

    path = crafted(tmp_path / "m.npz", {"w": np.zeros(4)}, manifest=huge)
    with pytest.raises(checkpoint.CheckpointError, match=r"array 'w' claims \d+ bytes for 8796093022208"):
        checkpoint.read(path)


def test_a_member_whose_size_field_is_absurd_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    checkpoint.save(path, {"w": np.zeros(4)})
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first central-directory entry
    while data[entry + 46: entry + 46 + 5] != b"w.npy":
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 24: entry + 28] = (0x7FFFFFF0).to_bytes(4, "little")  # uncompressed size: 2 GiB
    path.write_bytes(bytes(data))
    with pytest.raises(checkpoint.CheckpointError, match="damaged"):
        checkpoint.read(path)


def test_a_changed_checksum_is_refused(tmp_path):
    def wrong(manifest):
        manifest["arrays"]["w"]["sha256"] = "0" * 64
        return manifest

    path = crafted(tmp_path / "m.npz", {"w": np.zeros(4)}, manifest=wrong)
    with pytest.raises(checkpoint.CheckpointError, match="array 'w' does not match its checksum"):
        checkpoint.read(path)


def test_an_array_missing_from_the_manifest_is_refused(tmp_path):
    def forget(manifest):
        del manifest["arrays"]["b"]
        return manifest

    path = crafted(tmp_path / "m.npz", {"w": np.zeros(4), "b": np.ones(2)}, manifest=forget)
    with pytest.raises(checkpoint.CheckpointError, match="members do not match its manifest"):
        checkpoint.read(path)


# The format version is read

def test_a_newer_format_names_both_versions(tmp_path):
    def newer(manifest):
        manifest["format"] = 3
        return manifest

    path = crafted(tmp_path / "m.npz", {"w": np.zeros(4)}, manifest=newer)
    with pytest.raises(checkpoint.CheckpointError, match=r"has checkpoint format 3; this course_lib "
                                                         r"reads format 2 only \(it was written by a newer "
                                                         r"course_lib: upgrade course_lib to read it\)"):
        checkpoint.read(path)


def test_a_format_that_is_not_a_version_is_called_damaged(tmp_path):
    def bogus(manifest):
        manifest["format"] = "two"
        return manifest

    path = crafted(tmp_path / "m.npz", {"w": np.zeros(4)}, manifest=bogus)
    with pytest.raises(checkpoint.CheckpointError, match=r"has checkpoint format 'two'; this course_lib reads "
                                                         r"format 2 only \(the file is damaged or foreign\)"):
        checkpoint.read(path)


def test_a_format_1_checkpoint_is_named_as_such(tmp_path):
    np.savez(tmp_path / "old.npz", **{checkpoint.MARKER: np.array(1)}, w=np.zeros(3))
    with pytest.raises(checkpoint.CheckpointError, match="has checkpoint format 1 .*load it with the course_lib that wrote it and save it again"):
        checkpoint.read(tmp_path / "old.npz")


# Names round-trip exactly, or are refused

@pytest.mark.parametrize("name", ["allow_pickle", "0.W", "file", "a/b", "名字", "x.npy", " w "])
def test_unusual_names_round_trip(tmp_path, name):
    checkpoint.save(tmp_path / "m.npz", {name: np.arange(3.0)})
    back = checkpoint.read(tmp_path / "m.npz")
    assert list(back) == [name]
    np.testing.assert_array_equal(back[name], np.arange(3.0))


@pytest.mark.parametrize("name", ["a\x00b", "tab\tname", "a\\b", "\ud800"])
def test_names_a_file_cannot_give_back_are_refused_and_nothing_is_written(tmp_path, name):
    with pytest.raises(ValueError, match="params names must"):
        checkpoint.save(tmp_path / "m.npz", {"w": np.ones(2), name: np.ones(2)})
    assert os.listdir(tmp_path) == []


# Paths

def test_an_empty_path_is_refused():
    with pytest.raises(ValueError, match="path must name a file, got ''"):
        checkpoint.save("", {"w": np.ones(2)})


def test_a_folder_is_not_a_checkpoint_path(tmp_path):
    with pytest.raises(ValueError, match="path must name a file, got the folder"):
        checkpoint.save(tmp_path, {"w": np.ones(2)})
    with pytest.raises(ValueError, match="path must name a file, got the folder"):
        checkpoint.load(tmp_path, mlp())


def test_a_path_that_is_not_a_path_is_refused():
    with pytest.raises(TypeError, match="path must be a str or os.PathLike, got int"):
        checkpoint.save(5, {"w": np.ones(2)})


def test_a_name_too_long_for_the_file_system_is_refused_and_nothing_is_written(tmp_path):
    with pytest.raises(checkpoint.CheckpointError, match="cannot .* checkpoint.*: File name too long"):
        checkpoint.save(tmp_path / ("x" * 300 + ".npz"), {"w": np.ones(2)})
    assert os.listdir(tmp_path) == []


# Temporary files of killed saves

def test_a_dead_saves_temporary_file_is_removed_by_the_next_save_and_load(tmp_path):
    path = tmp_path / "m.npz"
    dead = tmp_path / ".m.npz.999999999.abcd.tmp"  # no process has that id
    alive = tmp_path / f".m.npz.{os.getppid()}.efgh.tmp"  # the test runner's parent still runs
    other = tmp_path / ".n.npz.999999999.abcd.tmp"  # another checkpoint's
    for file in (dead, alive, other):
        file.write_bytes(b"half a checkpoint")
    checkpoint.save(path, {"w": np.ones(2)})
    assert sorted(os.listdir(tmp_path)) == sorted(["m.npz", alive.name, other.name])
    dead.write_bytes(b"half a checkpoint")
    checkpoint.read(path)
    assert not dead.exists()


SAVER = textwrap.dedent("""
    import sys
    import numpy as np
    from course_lib import checkpoint
    path, value = sys.argv[1], float(sys.argv[2])
    print("ready", flush=True)
    checkpoint.save(path, {"a": np.full(1_000_000, value), "b": np.full(1_000_000, -value)})
    print("saved", flush=True)
""")


def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_checkpoint(tmp_path):
    path = tmp_path / "m.npz"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    def start(value: float) -> subprocess.Popen:
        saver = subprocess.Popen([sys.executable, "-c", SAVER, str(path), str(value)],
                                 stdout=subprocess.PIPE, text=True, env=env)
        assert saver.stdout.readline() == "ready\n"
        return saver

    whole = start(0.5)  # how long one save takes on this machine, now
    began = time.perf_counter()
    assert whole.stdout.readline() == "saved\n"
    seconds = time.perf_counter() - began
    whole.wait()
    outcomes = set()
    for trial, wait in enumerate(np.linspace(0, 3, 12)):  # from at once to well after the save's time
        before = set(checkpoint.read(path)["a"][:1])
        saver = start(trial + 1.0)
        time.sleep(wait * seconds)
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        stored = checkpoint.read(path)  # the old checkpoint or the new one, never half of one
        value = stored["a"][0]
        assert value in before | {trial + 1.0}
        np.testing.assert_array_equal(stored["a"], np.full(1_000_000, value))
        np.testing.assert_array_equal(stored["b"], np.full(1_000_000, -value))
        outcomes.add("new" if value == trial + 1.0 else "old")
    checkpoint.save(path, {"a": np.zeros(2)})
    assert os.listdir(tmp_path) == ["m.npz"]
    assert outcomes == {"old", "new"}  # the kills landed before and after the rename
