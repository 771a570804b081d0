"""Checkers for the exercises of notebook 11 Playground and capstone."""

from __future__ import annotations

import numpy as np

from .. import data, layers, losses
from .checking import (
    NOT_COMPARABLE,
    Hint,
    Kind,
    call,
    compare_arrays,
    compare_choice,
    compare_number,
    exercise,
)


def _counted_model() -> layers.Sequential:
    return layers.Sequential(layers.Linear(64, 32), layers.BatchNorm(32), layers.Activation("relu"),
                             layers.Dropout(0.5), layers.Linear(32, 10))


@exercise("11.1", "The number of parameters of Linear(64, 32), BatchNorm(32), ReLU, Dropout, Linear(32, 10)")
def check_parameter_count(answer) -> Hint | None:
    weights, biases, batch_norm = 64 * 32 + 32 * 10, 32 + 10, 2 * 32
    hint = compare_number(answer, _counted_model().num_params, [
        (weights + biases, "BatchNorm has parameters too: a learned scale γ and shift β per feature"),
        (weights + batch_norm, "each Linear layer has a bias vector too"),
        (weights, "each Linear layer has a bias vector too, and BatchNorm has parameters"),
        (weights + biases + 2 * batch_norm, "running_mean and running_var are statistics, not parameters: "
                                            "no gradient reaches them and the optimizer never changes them"),
    ], rtol=1e-9)
    if hint is not None and hint.kind in (Kind.TOO_LARGE, Kind.TOO_SMALL):
        return f"{hint}: count each layer's arrays (W is n_in × n_out)"
    return hint


LINEAR_SOLVES = {"blobs"}  # no hidden layer, 50 epochs, seed 0: validation accuracy ≥ 0.95 (tested)


@exercise("11.2", "The data sets a network with no hidden layer classifies (≥ 95 % validation accuracy)")
def check_linear_data_sets(answer) -> Hint | None:
    names = sorted(data.TOY_SETS)
    if isinstance(answer, str) or not isinstance(answer, set | frozenset | list | tuple) \
            or not all(isinstance(name, str) for name in answer):
        return f"answer with a set of names from {names}, such as {{'moons'}}, got {answer!r}"
    unknown = sorted(set(answer) - set(names))
    if unknown:
        return f"not a playground data set: {unknown}; the names are {names}"
    if set(answer) - LINEAR_SOLVES:
        return ("at least one of your data sets needs a curved boundary, which a network with no hidden "
                "layer cannot draw: run the experiment and look at the decision regions")
    if LINEAR_SOLVES - set(answer):
        return "a data set whose classes straight lines can separate is missing"
    return None


@exercise("11.3", "After checkpoint.save and checkpoint.load: the capstone's test-set probabilities")
def check_checkpoint_round_trip(answer) -> Hint | None:
    hint = compare_choice(answer, "different", ["same", "different"])
    if hint is not None and hint.kind is Kind.OTHER_OPTION and answer == "same":
        return ("run it and compare the probabilities themselves, not only the predicted classes: "
                "does batch norm use anything in evaluation that is not in params?")
    return hint


def _probabilities(model, X) -> np.ndarray:
    """Softmax probabilities of ``model`` on ``X`` in evaluation mode (the mode is restored)."""
    with layers.evaluation_mode(model):
        return losses.softmax(model.forward(X))


def _ensemble_reference(models, X) -> np.ndarray:
    return np.mean([_probabilities(model, X) for model in models], axis=0)


def _models(count: int, scale: float = 1.0) -> list:
    """``count`` small untrained classifiers (4 inputs, 3 classes) with dropout, in training mode."""
    models = []
    for seed in range(count):
        g = np.random.default_rng(seed)
        models.append(layers.Sequential(layers.Linear(4, 8, rng=g), layers.Activation("relu"),
                                        layers.Dropout(0.5, rng=g), layers.Linear(8, 3, rng=g)))
        for array in models[-1].params.values():
            array *= scale
    return models


_X = np.random.default_rng(11).standard_normal((5, 4))
_ENSEMBLE_CASES = [
    ("three networks with dropout, 5 rows", lambda: _models(3), _X),
    ("a single network", lambda: _models(1), _X),
    ("a batch of one row", lambda: _models(3), _X[:1]),
    ("weights 100 times larger (logits in the tens of thousands)", lambda: _models(3, 100.0), _X),
]


@exercise("11.4", "ensemble_predict: the mean of the models' softmax probabilities")
def check_ensemble_predict(function) -> Hint | None:
    for description, make_models, X in _ENSEMBLE_CASES:
        with np.errstate(all="ignore"):
            value, hint = call(function, make_models(), X.copy())
        if hint is None:
            expected = _ensemble_reference(make_models(), X)
            hint = compare_arrays(value, expected, what="the result", rtol=1e-6, atol=1e-9)
            if hint is not None and hint.kind is Kind.SHAPE and np.shape(value) == (len(X),):
                hint = "return the averaged probabilities, shape (N, classes), not the predicted classes"
            elif hint is not None and hint.kind not in NOT_COMPARABLE:
                models = make_models()
                with np.errstate(all="ignore"):
                    again = [call(function, models, X.copy())[0] for _ in range(2)]
                    logits = np.mean([model.eval().forward(X) for model in make_models()], axis=0)
                if not np.allclose(*again):
                    hint = ("your result changes from call to call: the dropout layers are still on; put "
                            "each model in evaluation mode first")
                elif np.allclose(value, losses.softmax(logits), rtol=1e-6, atol=1e-9):
                    hint = "average the probabilities of the models, not their logits"
        if hint is not None:
            return f"for {description}: {hint}"
    return None


DEAD_UNITS_CONFIG = {"dataset": "circles", "hidden": (6,), "lr": 0.3, "seed": 2}
DEAD_UNITS_EPOCHS = 30


def _dead_units(config=None, epochs: int = DEAD_UNITS_EPOCHS) -> set[int]:
    """The units of the first hidden layer whose picture is blank: zero everywhere on the plane
    the playground draws (the data's extent and 0.3 around it), after ``epochs`` epochs."""
    from .. import playground

    config = config or playground.Config(**DEAD_UNITS_CONFIG)
    state = playground.train_epochs(playground.start(config), epochs)
    X = np.vstack([state.X_train, state.X_val])
    low, high = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
    first = playground.unit_outputs(state.model, (low[0], high[0]), (low[1], high[1]),
                                    features=state.config.features)[1]
    return {int(i) for i in np.flatnonzero(first.max(axis=(1, 2)) == 0)}


@exercise("11.6", "The dead units of the first hidden layer, read from their heatmaps")
def check_dead_units(answer) -> Hint | None:
    if isinstance(answer, str) or not isinstance(answer, set | frozenset | list | tuple) or not all(
            isinstance(i, int | np.integer) and not isinstance(i, bool) for i in answer):
        return f"answer with a set of unit numbers (0 is the top unit), such as {{1, 4}}, got {answer!r}"
    chosen, dead = {int(i) for i in answer}, _dead_units()
    width = DEAD_UNITS_CONFIG["hidden"][0]
    if not chosen <= set(range(width)):
        return f"the layer has {width} units, numbered 0 (top) to {width - 1} (bottom)"
    if chosen - dead:
        return ("at least one of your units computes something: a dead unit's heatmap is blank (white, "
                "zero everywhere), while a live ReLU unit is zero on one side of a line only")
    if dead - chosen:
        return "a blank unit is missing: look again at every heatmap of the hidden layer"
    return None
