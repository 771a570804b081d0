"""checkpoint.save / read / load: round trip, atomic writes, every mismatch, damaged files."""

import os
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import checkpoint, layers


def mlp(hidden=4, out=3, seed=0):
    rng = np.random.default_rng(seed)
    return layers.Sequential(layers.Linear(2, hidden, rng=rng), layers.Activation("relu"),
                             layers.Linear(hidden, out, rng=rng))


def test_round_trip_restores_every_parameter_exactly(tmp_path):
    source, target = mlp(seed=0), mlp(seed=1)
    checkpoint.save(tmp_path / "m.npz", source.params)
    checkpoint.load(tmp_path / "m.npz", target)
    for name, value in source.params.items():
        np.testing.assert_array_equal(target.params[name], value)


def bn_net(seed=0):
    rng = np.random.default_rng(seed)
    model = layers.Sequential(layers.Linear(2, 4, rng=rng), layers.BatchNorm(4),
                              layers.Linear(4, 3, rng=rng))
    model.forward(rng.standard_normal((5, 2)))  # moves the running statistics off 0 and 1
    return model


def test_a_checkpoint_of_the_state_restores_batch_norms_running_statistics(tmp_path):
    source, target = bn_net(seed=0), layers.Sequential(*bn_net(seed=1).layers)
    checkpoint.save(tmp_path / "m.npz", source.state)
    checkpoint.load(tmp_path / "m.npz", target)
    x = np.random.default_rng(2).standard_normal((6, 2))
    np.testing.assert_array_equal(target.eval().forward(x), source.eval().forward(x))


def test_a_checkpoint_of_params_alone_leaves_the_buffers_as_they_are(tmp_path):
    source, target = bn_net(seed=0), bn_net(seed=1)
    kept = target[1].running_mean.copy()
    checkpoint.save(tmp_path / "m.npz", source.params)
    checkpoint.load(tmp_path / "m.npz", target)
    np.testing.assert_array_equal(target.params["1.gamma"], source.params["1.gamma"])
    np.testing.assert_array_equal(target[1].running_mean, kept)


def test_a_checkpoint_with_some_buffers_must_have_them_all(tmp_path):
    source, target = bn_net(seed=0), bn_net(seed=1)
    before = {name: value.copy() for name, value in target.state.items()}
    partial = {name: value for name, value in source.state.items() if name != "1.running_var"}
    checkpoint.save(tmp_path / "m.npz", partial)
    with pytest.raises(checkpoint.CheckpointError,
                       match=r"1\.running_var: missing from the checkpoint, model \(4,\)"):
        checkpoint.load(tmp_path / "m.npz", target)
    for name, value in target.state.items():
        np.testing.assert_array_equal(value, before[name])


def test_buffers_of_a_model_that_has_none_are_unexpected(tmp_path):
    checkpoint.save(tmp_path / "m.npz", bn_net().state)
    plain = layers.Sequential(layers.Linear(2, 4, rng=0), layers.Activation("relu"),
                              layers.Linear(4, 3, rng=0))
    with pytest.raises(checkpoint.CheckpointError, match=r"1\.running_mean: unexpected"):
        checkpoint.load(tmp_path / "m.npz", plain)


@settings(max_examples=20, deadline=None)
@given(st.dictionaries(st.text("abcW.", min_size=1, max_size=5),
                       st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=6), max_size=4))
def test_read_gives_back_what_save_wrote(tmp_path_factory, arrays):
    path = tmp_path_factory.mktemp("ck") / "a.npz"
    params = {name: np.array(values) for name, values in arrays.items()}
    checkpoint.save(path, params)
    back = checkpoint.read(path)
    assert back.keys() == params.keys()
    for name in params:
        np.testing.assert_array_equal(back[name], params[name])


def test_load_copies_into_the_existing_arrays(tmp_path):
    model = mlp()
    arrays = model.params
    checkpoint.save(tmp_path / "m.npz", mlp(seed=5).params)
    assert checkpoint.load(tmp_path / "m.npz", model) is model
    for name, array in model.params.items():
        assert array is arrays[name]
    np.testing.assert_array_equal(model.params["0.W"], mlp(seed=5).params["0.W"])


def test_float64_checkpoint_loads_into_a_float32_model(tmp_path):
    checkpoint.save(tmp_path / "m.npz", {"W": np.array([[0.5, 1.5]]), "b": np.array([2.0, 3.0])})
    model = checkpoint.load(tmp_path / "m.npz", layers.Linear(1, 2, dtype=np.float32, rng=0))
    assert model.params["W"].dtype == np.float32
    np.testing.assert_array_equal(model.params["W"], [[0.5, 1.5]])


def test_save_replaces_an_older_checkpoint_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "m.npz"
    checkpoint.save(path, {"w": np.zeros(3)})
    checkpoint.save(path, {"w": np.ones(3)})
    np.testing.assert_array_equal(checkpoint.read(path)["w"], np.ones(3))
    assert sorted(os.listdir(tmp_path)) == ["m.npz"]


def test_a_crash_mid_write_keeps_the_old_checkpoint_whole(tmp_path, monkeypatch):
    path = tmp_path / "m.npz"
    checkpoint.save(path, {"w": np.arange(4.0)})
    real_write = checkpoint._write

    def crash_after_half(file, params):
        real_write(file, params)
        file.truncate(file.tell() // 2)  # half of the new file is on disk ...
        raise KeyboardInterrupt("power cut")  # ... when the process dies

    monkeypatch.setattr(checkpoint, "_write", crash_after_half)
    with pytest.raises(KeyboardInterrupt, match="power cut"):
        checkpoint.save(path, {"w": np.full(4, 9.0)})
    monkeypatch.undo()
    np.testing.assert_array_equal(checkpoint.read(path)["w"], np.arange(4.0))
    assert sorted(os.listdir(tmp_path)) == ["m.npz"]


def test_a_crash_before_the_rename_leaves_no_file_at_a_new_path(tmp_path, monkeypatch):
    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(checkpoint.CheckpointError, match="cannot write a checkpoint at .*new.npz.*: disk full"):
        checkpoint.save(tmp_path / "new.npz", {"w": np.ones(2)})
    assert os.listdir(tmp_path) == []


def test_wrong_shape_is_reported_with_both_shapes_and_nothing_is_loaded(tmp_path):
    checkpoint.save(tmp_path / "m.npz", mlp(hidden=4, seed=3).params)
    model = mlp(hidden=5)
    before = {k: v.copy() for k, v in model.params.items()}
    with pytest.raises(checkpoint.CheckpointError) as error:
        checkpoint.load(tmp_path / "m.npz", model)
    message = str(error.value)
    assert "nothing was loaded. 3 mismatch(es)" in message
    assert "0.W: wrong shape, checkpoint (2, 4), model (2, 5)" in message
    assert "0.b: wrong shape, checkpoint (4,), model (5,)" in message
    assert "2.W: wrong shape, checkpoint (4, 3), model (5, 3)" in message
    assert "2.b" not in message
    for name, value in model.params.items():
        np.testing.assert_array_equal(value, before[name])


def test_loading_a_deeper_network_lists_every_mismatch(tmp_path):
    deeper = layers.Sequential(layers.Linear(2, 4, rng=0), layers.Activation("relu"),
                               layers.Linear(4, 4, rng=0), layers.Activation("relu"),
                               layers.Linear(4, 3, rng=0))
    checkpoint.save(tmp_path / "deep.npz", deeper.params)
    model = mlp()
    before = model.params["0.W"].copy()
    with pytest.raises(checkpoint.CheckpointError, match="4 mismatch") as error:
        checkpoint.load(tmp_path / "deep.npz", model)
    assert str(error.value).splitlines()[1:] == [
        "  2.W: wrong shape, checkpoint (4, 4), model (4, 3)",
        "  2.b: wrong shape, checkpoint (4,), model (3,)",
        "  4.W: unexpected, checkpoint (4, 3), not in the model",
        "  4.b: unexpected, checkpoint (3,), not in the model"]
    np.testing.assert_array_equal(model.params["0.W"], before)


def test_each_kind_of_mismatch_has_its_own_line(tmp_path):
    checkpoint.save(tmp_path / "m.npz", {"a": np.zeros(2), "b": np.zeros((2, 3)),
                                         "extra": np.zeros(7)})
    model = layers.Layer()
    model.params = {"a": np.ones(2), "b": np.ones((3, 2)), "new": np.ones(5)}
    with pytest.raises(checkpoint.CheckpointError) as error:
        checkpoint.load(tmp_path / "m.npz", model)
    lines = str(error.value).splitlines()[1:]
    assert lines == ["  b: wrong shape, checkpoint (2, 3), model (3, 2)",
                     "  new: missing from the checkpoint, model (5,)",
                     "  extra: unexpected, checkpoint (7,), not in the model"]
    np.testing.assert_array_equal(model.params["a"], np.ones(2))


def test_names_load_only_the_listed_parameters(tmp_path):
    checkpoint.save(tmp_path / "m.npz", mlp(out=3, seed=7).params)
    model = mlp(out=5, seed=0)
    head = model.params["2.W"].copy()
    checkpoint.load(tmp_path / "m.npz", model, names=["0.W", "0.b"])
    np.testing.assert_array_equal(model.params["0.W"], mlp(seed=7).params["0.W"])
    np.testing.assert_array_equal(model.params["2.W"], head)


def test_names_as_a_dict_maps_renumbered_layers(tmp_path):
    checkpoint.save(tmp_path / "m.npz", mlp(seed=7).params)
    model = layers.Sequential(layers.Linear(2, 4, rng=0), layers.Activation("relu"),
                              layers.Linear(4, 4, rng=0), layers.Activation("relu"),
                              layers.Linear(4, 3, rng=0))
    checkpoint.load(tmp_path / "m.npz", model, names={"0.W": "0.W", "0.b": "0.b",
                                                      "4.W": "2.W", "4.b": "2.b"})
    np.testing.assert_array_equal(model.params["4.W"], mlp(seed=7).params["2.W"])


def test_names_report_a_name_the_model_does_not_have(tmp_path):
    checkpoint.save(tmp_path / "m.npz", mlp().params)
    with pytest.raises(checkpoint.CheckpointError, match=r"9\.W: named in names, but the model "
                                                         r"has no such array"):
        checkpoint.load(tmp_path / "m.npz", mlp(), names=["9.W"])


def test_a_truncated_file_is_reported_as_damaged(tmp_path):
    path = tmp_path / "m.npz"
    checkpoint.save(path, mlp().params)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(checkpoint.CheckpointError, match="is damaged or not a course_lib checkpoint"):
        checkpoint.load(path, mlp())


def test_flipped_bytes_are_reported_as_damaged(tmp_path):
    path = tmp_path / "m.npz"
    checkpoint.save(path, {"w": np.zeros(1000)})
    data = bytearray(path.read_bytes())
    data[600:700] = b"\xff" * 100  # inside the array's bytes: the CRC no longer matches
    path.write_bytes(bytes(data))
    with pytest.raises(checkpoint.CheckpointError, match="damaged"):
        checkpoint.read(path)


@pytest.mark.parametrize("content", [b"", b"hello, I am a text file\n", b"PK\x03\x04 junk"])
def test_files_that_are_not_npz_are_reported(tmp_path, content):
    path = tmp_path / "m.npz"
    path.write_bytes(content)
    with pytest.raises(checkpoint.CheckpointError, match="is damaged or not a course_lib checkpoint"):
        checkpoint.read(path)


def test_a_single_npy_array_is_not_a_checkpoint(tmp_path):
    path = tmp_path / "m.npy"
    np.save(path, np.zeros(3))
    with pytest.raises(checkpoint.CheckpointError, match="is damaged or not a course_lib checkpoint .BadZipFile"):
        checkpoint.read(path)


def test_a_foreign_npz_file_is_reported(tmp_path):
    np.savez(tmp_path / "other.npz", weights=np.zeros(3))
    with pytest.raises(checkpoint.CheckpointError,
                       match=r"not a course_lib checkpoint .*its arrays: \['weights'\]"):
        checkpoint.read(tmp_path / "other.npz")


def test_a_pickled_object_array_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    with zipfile.ZipFile(path, "w") as archive:
        with archive.open("w.npy", "w") as member:
            np.save(member, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(checkpoint.CheckpointError, match=r"not a course_lib checkpoint .*its arrays: \['w'\]"):
        checkpoint.read(path)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no checkpoint at"):
        checkpoint.load(tmp_path / "nope.npz", mlp())


@pytest.mark.parametrize(("params", "error", "match"), [
    ([1, 2], TypeError, "params must be a dict of name → array, got list"),
    ({"": np.ones(2)}, ValueError, "params names must be non-empty strings"),
    ({3: np.ones(2)}, ValueError, "params names must be non-empty strings, got 3"),
    ({checkpoint.MARKER: np.ones(2)}, ValueError, "must not be '__course_lib_checkpoint__'"),
    ({"w": "abc"}, TypeError, r"params\['w'\] must be an array of numbers"),
])
def test_save_rejects_bad_params(tmp_path, params, error, match):
    with pytest.raises(error, match=match):
        checkpoint.save(tmp_path / "m.npz", params)


def test_save_rejects_a_missing_folder(tmp_path):
    with pytest.raises(ValueError, match="path must be in an existing folder"):
        checkpoint.save(tmp_path / "no" / "m.npz", {"w": np.ones(2)})


def test_load_rejects_a_model_without_params(tmp_path):
    checkpoint.save(tmp_path / "m.npz", {"w": np.ones(2)})
    with pytest.raises(TypeError, match="model must have a params dict .* got int"):
        checkpoint.load(tmp_path / "m.npz", 5)
    with pytest.raises(TypeError, match="names must be a list of names or a dict, got str"):
        checkpoint.load(tmp_path / "m.npz", mlp(), names="0.W")
