"""train.fit / evaluate / predict / History: the loop, early stopping, divergence, resuming."""

import numpy as np
import pytest

from course_lib import checkpoint, data, layers, losses, optim, train


def blobs(n=120, seed=0):
    return data.make_blobs(n, centers=3, spread=0.4, rng=seed)


def mlp(seed=0, hidden=8):
    rng = np.random.default_rng(seed)
    return layers.Sequential(layers.Linear(2, hidden, rng=rng), layers.Activation("relu"),
                             layers.Linear(hidden, 3, rng=rng))


def test_fit_learns_separable_blobs():
    X, y = blobs()
    model = mlp()
    history = train.fit(model, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=30,
                        batch_size=16, rng=0, progress=False)
    assert history.epochs == 30
    assert history.train_loss[-1] < 0.25 * history.train_loss[0]
    assert train.evaluate(model, losses.softmax_loss, X, y)[1] > 0.95


def test_one_full_batch_epoch_is_one_gradient_step_by_hand():
    model = layers.Linear(1, 1, rng=0)
    model.params["W"][...] = 0.0
    X, y = np.array([[1.0], [2.0]]), np.array([[1.0], [4.0]])
    train.fit(model, losses.mse_loss, optim.SGD(0.5), X, y, epochs=1, batch_size=2,
              shuffle=False, progress=False)
    # loss = mean((w·x + b − y)²); at w = b = 0: dL/dw = −(1·1 + 2·4) = −9, dL/db = −(1 + 4) = −5
    np.testing.assert_allclose(model.params["W"], [[4.5]])
    np.testing.assert_allclose(model.params["b"], [2.5])


def test_train_loss_is_the_example_weighted_mean_over_batches():
    X, y = blobs(10)
    model = mlp()
    before = {k: v.copy() for k, v in model.params.items()}
    history = train.fit(model, losses.softmax_loss, optim.SGD(1e-12), X, y, epochs=1,
                        batch_size=4, shuffle=False, progress=False)
    for name, value in before.items():
        model.params[name][...] = value
    expected = sum(losses.softmax_loss(model.forward(X[i:i + 4]), y[i:i + 4])[0] * len(y[i:i + 4])
                   for i in range(0, 10, 4)) / 10
    assert history.train_loss[0] == pytest.approx(expected, rel=1e-9)


def test_fit_is_reproducible_with_a_seed():
    X, y = blobs()
    runs = [train.fit(mlp(), losses.softmax_loss, optim.SGD(0.1), X, y, epochs=3, batch_size=8,
                      rng=5, progress=False).train_loss for _ in range(2)]
    assert runs[0] == runs[1]


def test_validation_history_and_repr():
    X, y = blobs()
    history = train.fit(mlp(), losses.softmax_loss, optim.SGD(0.1), X[:90], y[:90], epochs=2,
                        batch_size=30, val=(X[90:], y[90:]), rng=0, progress=False)
    assert len(history.val_loss) == len(history.val_acc) == 2
    assert repr(history).startswith("History(2 epochs, train loss ")
    assert ", val loss " in repr(history)
    assert repr(train.History()) == "History(no epochs)"


def test_early_stopping_restores_the_best_weights():
    X, y = blobs(90, seed=1)
    Xv, yv = blobs(60, seed=2)
    yv = (yv + 1) % 3  # wrong validation labels: the better the fit, the worse the val loss
    model = mlp()
    snapshots = []
    real_evaluate = train._evaluate

    def remember(model_, loss_fn, X_, y_):
        snapshots.append({k: v.copy() for k, v in model_.params.items()})
        return real_evaluate(model_, loss_fn, X_, y_)

    train._evaluate = remember
    try:
        history = train.fit(model, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=40,
                            batch_size=90, val=(Xv, yv), patience=3, rng=0, progress=False)
    finally:
        train._evaluate = real_evaluate
    best = history.best_epoch
    assert history.stopped_early and history.epochs == best + 4
    assert history.val_loss[best] == min(history.val_loss)
    for name, value in model.params.items():
        np.testing.assert_array_equal(value, snapshots[best][name])


def test_early_stopping_restores_batch_norms_running_statistics_too():
    # evaluation uses the running statistics: restoring the best epoch's weights alone gives a
    # model that scores differently from the recorded best
    X, y = blobs(90, seed=1)
    Xv, yv = blobs(60, seed=2)
    yv = (yv + 1) % 3
    rng = np.random.default_rng(0)
    model = layers.Sequential(layers.Linear(2, 8, rng=rng), layers.BatchNorm(8),
                              layers.Activation("relu"), layers.Linear(8, 3, rng=rng))
    history = train.fit(model, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=40,
                        batch_size=30, val=(Xv, yv), patience=3, rng=0, progress=False)
    assert history.stopped_early
    restored_loss, _ = train.evaluate(model, losses.softmax_loss, Xv, yv)
    assert restored_loss == history.val_loss[history.best_epoch]


def test_a_resumed_run_with_batch_norm_continues_from_its_running_statistics(tmp_path):
    X, y = blobs()

    def net(seed):
        rng = np.random.default_rng(seed)
        return layers.Sequential(layers.Linear(2, 8, rng=rng), layers.BatchNorm(8),
                                 layers.Activation("relu"), layers.Linear(8, 3, rng=rng))

    first = net(0)
    train.fit(first, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=2, batch_size=30, rng=0,
              progress=False, save_to=tmp_path / "run.npz")
    resumed = net(1)
    train.fit(resumed, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=0, batch_size=30,
              progress=False, resume_from=tmp_path / "run.npz")
    for name, value in first.state.items():
        np.testing.assert_array_equal(resumed.state[name], value, err_msg=name)


def test_nan_loss_raises_training_diverged_with_advice():
    X, y = blobs()

    def nan_loss(logits, y_):
        return float("nan"), np.zeros_like(logits)

    with pytest.raises(train.TrainingDiverged,
                       match=r"^the loss became nan at epoch 0, batch 0: the updates diverged\. "
                             r"Try a lower learning rate \(it is 0\.1\)\.$"):
        train.fit(mlp(), nan_loss, optim.SGD(0.1), X, y, epochs=1, batch_size=10, progress=False)


def test_a_learning_rate_far_too_high_raises_training_diverged():
    X, y = blobs()
    with np.errstate(all="ignore"), pytest.raises(train.TrainingDiverged, match="it is 1e\\+06"):
        train.fit(mlp(), losses.softmax_loss, optim.SGD(1e6), X * 1e3, y, epochs=50,
                  batch_size=10, rng=0, progress=False)


def test_lr_schedule_sets_the_learning_rate_of_each_epoch():
    X, y = blobs()
    sgd = optim.SGD(1.0)
    history = train.fit(mlp(), losses.softmax_loss, sgd, X, y, epochs=4, batch_size=40, rng=0,
                        progress=False, lr_schedule=lambda epoch: 0.1 / (epoch + 1))
    assert history.lr == pytest.approx([0.1, 0.05, 0.1 / 3, 0.025])
    assert sgd.lr == pytest.approx(0.025)


def test_progress_false_prints_nothing(capsys):
    X, y = blobs()
    train.fit(mlp(), losses.softmax_loss, optim.SGD(0.1), X, y, epochs=2, batch_size=40,
              rng=0, progress=False)
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


def test_progress_bar_counts_the_epochs(capsys):
    X, y = blobs()
    train.fit(mlp(), losses.softmax_loss, optim.SGD(0.1), X, y, epochs=3, batch_size=40, rng=0)
    err = capsys.readouterr().err
    assert "epochs: 100%" in err and "3/3" in err


def test_evaluate_and_predict_use_eval_mode_and_restore_it():
    X, y = blobs()
    model = mlp()
    logits = model.forward(X)
    loss, acc = train.evaluate(model, losses.softmax_loss, X, y)
    assert loss == pytest.approx(losses.softmax_loss(logits, y)[0])
    assert acc == pytest.approx(np.mean(logits.argmax(1) == y))
    np.testing.assert_array_equal(train.predict(model, X), logits.argmax(1))
    assert model.training
    model.eval()
    train.predict(model, X)
    assert not model.training


def test_resume_from_a_checkpoint_continues_the_same_run(tmp_path):
    X, y = blobs()
    whole = mlp()
    reference = train.fit(whole, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=6,
                          batch_size=20, shuffle=False, progress=False)
    first = mlp()
    history = train.fit(first, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=3, batch_size=20,
                        shuffle=False, progress=False, save_to=tmp_path / "run.npz")
    fresh = mlp(seed=99)  # a new process: other weights until the checkpoint is loaded
    train.fit(fresh, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=3, batch_size=20,
              shuffle=False, progress=False, resume_from=tmp_path / "run.npz", history=history)
    assert history.epochs == 6
    np.testing.assert_allclose(history.train_loss, reference.train_loss, rtol=1e-12)
    for name, value in whole.params.items():
        np.testing.assert_allclose(fresh.params[name], value, rtol=1e-12)


def test_continued_history_counts_epochs_on_for_the_schedule():
    X, y = blobs()
    model, sgd = mlp(), optim.SGD(1.0)
    history = train.fit(model, losses.softmax_loss, sgd, X, y, epochs=2, batch_size=40, rng=0,
                        progress=False, lr_schedule=lambda e: 2.0 ** -e)
    train.fit(model, losses.softmax_loss, sgd, X, y, epochs=2, batch_size=40, rng=0,
              progress=False, lr_schedule=lambda e: 2.0 ** -e, history=history)
    assert history.lr == [1.0, 0.5, 0.25, 0.125]


def test_save_to_holds_the_restored_best_weights_after_early_stopping(tmp_path):
    X, y = blobs(90, seed=1)
    Xv, yv = blobs(60, seed=2)
    model = mlp()
    train.fit(model, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=40, batch_size=90,
              val=(Xv, (yv + 1) % 3), patience=3, rng=0, progress=False,
              save_to=tmp_path / "best.npz")
    stored = checkpoint.read(tmp_path / "best.npz")
    for name, value in model.params.items():
        np.testing.assert_array_equal(stored[name], value)


def test_resume_from_a_checkpoint_that_does_not_fit_changes_nothing(tmp_path):
    checkpoint.save(tmp_path / "m.npz", mlp(hidden=5).params)
    model = mlp()
    before = model.params["0.W"].copy()
    X, y = blobs()
    with pytest.raises(checkpoint.CheckpointError, match=r"0\.W: wrong shape, checkpoint \(2, 5\)"):
        train.fit(model, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=1, batch_size=10,
                  progress=False, resume_from=tmp_path / "m.npz")
    np.testing.assert_array_equal(model.params["0.W"], before)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"epochs": -1}, ValueError, r"epochs must be in \[0, inf\], got -1"),
    ({"epochs": 1.5}, TypeError, "epochs must be an integer, got float"),
    ({"batch_size": 0}, ValueError, r"batch_size must be in \[1, inf\], got 0"),
    ({"val": [1, 2]}, TypeError, r"val must be a tuple \(X_val, y_val\), got list"),
    ({"patience": 2}, ValueError, "patience needs val="),
    ({"patience": 0, "val": blobs(10)}, ValueError, r"patience must be in \[1, inf\], got 0"),
    ({"rng": "seed"}, TypeError, "rng must be a numpy.random.Generator"),
    ({"history": [1.0]}, TypeError, "history must be a train.History to continue, got list"),
])
def test_fit_rejects_bad_arguments(kwargs, error, match):
    X, y = blobs()
    arguments = {"epochs": 1, "batch_size": 10, "progress": False, **kwargs}
    with pytest.raises(error, match=match):
        train.fit(mlp(), losses.softmax_loss, optim.SGD(0.1), X, y, **arguments)


def test_fit_rejects_bad_data_loss_and_optimizer():
    X, y = blobs()
    sgd = optim.SGD(0.1)
    with pytest.raises(ValueError, match=r"y must have 120 labels \(one per row\), got 5"):
        train.fit(mlp(), losses.softmax_loss, sgd, X, y[:5], epochs=1, batch_size=10)
    with pytest.raises(ValueError, match=r"X must have shape \(N, D\), got shape \(120,\)"):
        train.fit(mlp(), losses.softmax_loss, sgd, X[:, 0], y, epochs=1, batch_size=10)
    with pytest.raises(TypeError, match="loss_fn must be callable as loss_fn.logits, y., got str"):
        train.fit(mlp(), "softmax", sgd, X, y, epochs=1, batch_size=10)
    with pytest.raises(TypeError, match="optimizer must have a step.params, grads. method, got float"):
        train.fit(mlp(), losses.softmax_loss, 0.1, X, y, epochs=1, batch_size=10)
    with pytest.raises(ValueError, match=r"val\[1\] must have 120 labels \(one per row\), got 3"):
        train.fit(mlp(), losses.softmax_loss, sgd, X, y, epochs=1, batch_size=10, val=(X, y[:3]))


def test_evaluate_and_predict_reject_bad_inputs():
    with pytest.raises(ValueError, match=r"X must have shape \(N, D\), got shape \(3,\)"):
        train.predict(mlp(), np.ones(3))
    with pytest.raises(TypeError, match="X must be an array of numbers, got str"):
        train.evaluate(mlp(), losses.softmax_loss, "abc", [0])


def test_zero_epochs_returns_an_empty_history_and_leaves_the_weights():
    X, y = blobs()
    model = mlp()
    before = model.params["0.W"].copy()
    history = train.fit(model, losses.softmax_loss, optim.SGD(0.1), X, y, epochs=0,
                        batch_size=10, progress=False)
    assert history.epochs == 0 and history.train_loss == []
    np.testing.assert_array_equal(model.params["0.W"], before)


def test_a_regression_has_no_accuracy():
    model = layers.Linear(1, 1, rng=0)
    X, y = np.array([[1.0], [2.0]]), np.array([[1.0], [4.0]])
    history = train.fit(model, losses.mse_loss, optim.SGD(0.01), X, y, epochs=2, batch_size=2,
                        val=(X, y), progress=False)
    assert history.train_acc == [] and history.val_acc == []
    assert "acc" not in repr(history)
    assert train.evaluate(model, losses.mse_loss, X, y)[1] is None


def test_step_names_its_arguments():
    X, y = blobs(6)
    with pytest.raises(ValueError, match=r"Xb must have shape \(N, 2\), got shape \(6, 1\)"):
        train.step(mlp(), losses.softmax_loss, optim.SGD(0.1), X[:, :1], y)
    with pytest.raises(ValueError, match=r"yb must be in \[0, inf\), got -1 at position 0"):
        train.step(mlp(), losses.softmax_loss, optim.SGD(0.1), X, np.r_[-1, y[1:]])


def test_fit_checks_labels_and_rows_up_front():
    X, y = blobs(6)
    with pytest.raises(TypeError, match=r"y must hold integer class labels, got an array of shape \(6,\) and dtype float64"):
        train.fit(mlp(), losses.softmax_loss, optim.SGD(0.1), X, y + 0.5, epochs=0, batch_size=2)
    with pytest.raises(ValueError, match=r"X must have at least one row, got shape \(0, 2\)"):
        train.fit(mlp(), losses.softmax_loss, optim.SGD(0.1), X[:0], y[:0], epochs=0, batch_size=2)


def test_train_epoch_returns_the_mean_loss_and_accuracy():
    X, y = blobs(12)
    model = mlp()
    loss, acc = train.train_epoch(model, losses.softmax_loss, optim.SGD(1e-12), X, y, batch_size=12,
                                  shuffle=False)
    assert loss == pytest.approx(losses.softmax_loss(model.forward(X), y)[0], rel=1e-9)
    assert acc == pytest.approx(np.mean(model.forward(X).argmax(axis=1) == y))


def test_accumulated_micro_batches_take_the_step_of_one_big_batch():
    X, y = blobs(24)
    big, accumulated = mlp(), mlp()
    loss = train.step(big, losses.softmax_loss, optim.SGD(0.5), X, y)[0]
    accumulated_loss = train.accumulated_step(accumulated, losses.softmax_loss, optim.SGD(0.5), X, y,
                                              micro_batch=6)  # 4 micro-batches of 6 = one batch of 24
    assert accumulated_loss == pytest.approx(loss, rel=1e-12)
    for name, value in big.params.items():
        np.testing.assert_allclose(accumulated.params[name], value, rtol=1e-12, atol=1e-15)


def test_accumulation_weights_a_short_last_micro_batch_by_its_rows():
    X, y = blobs(10)
    targets = np.eye(3)[y]  # a regression with the mean squared error: also a mean loss
    big, accumulated = mlp(hidden=5), mlp(hidden=5)
    train.step(big, losses.mse_loss, optim.SGD(0.3), X, targets)
    train.accumulated_step(accumulated, losses.mse_loss, optim.SGD(0.3), X, targets, micro_batch=4)  # 4 + 4 + 2
    for name, value in big.params.items():
        np.testing.assert_allclose(accumulated.params[name], value, rtol=1e-12, atol=1e-15)


def test_summing_micro_batch_gradients_of_a_mean_loss_would_take_k_times_the_step():
    X, y = blobs(12)
    model = mlp()
    before = {k: v.copy() for k, v in model.params.items()}
    train.accumulated_step(model, losses.softmax_loss, optim.SGD(0.1), X, y, micro_batch=4)
    accumulated = {k: before[k] - model.params[k] for k in before}
    summed = {k: np.zeros_like(v) for k, v in before.items()}
    for start in range(0, 12, 4):
        for k, v in before.items():
            model.params[k][...] = v
        model.backward_params(losses.softmax_loss(model.forward(X[start:start + 4]), y[start:start + 4])[1])
        for k in summed:
            summed[k] += 0.1 * model.grads[k]
    for k in summed:
        np.testing.assert_allclose(summed[k], 3 * accumulated[k], rtol=1e-10, atol=1e-14)


def test_accumulated_step_rejects_a_micro_batch_below_one_by_name():
    X, y = blobs(6)
    with pytest.raises(ValueError, match="micro_batch must be"):
        train.accumulated_step(mlp(), losses.softmax_loss, optim.SGD(0.1), X, y, micro_batch=0)
    with pytest.raises(ValueError, match="Xb and yb|yb"):
        train.accumulated_step(mlp(), losses.softmax_loss, optim.SGD(0.1), X, y[:4], micro_batch=2)
