"""The checkers of notebook 11's exercises: right answers pass, starters are not attempted, and
typical mistakes get a hint that points at them."""

import numpy as np
import pytest
from exercise_hints import verdict

from course_lib import losses, playground
from course_lib.exercises.playground import LINEAR_SOLVES

# 11.1 · the number of parameters

def test_parameter_count_right_answer():
    assert verdict("11.1", 2474).status == "right"


def test_parameter_count_starter_is_not_attempted():
    assert verdict("11.1", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (2410, "BatchNorm has parameters too: a learned scale γ and shift β per feature"),
    (2432, "each Linear layer has a bias vector too"),
    (2368, "each Linear layer has a bias vector too, and BatchNorm has parameters"),
    (2538, "running_mean and running_var are statistics, not parameters: no gradient reaches them and "
           "the optimizer never changes them"),
    (2500, "2500 is too large: count each layer's arrays (W is n_in × n_out)"),
    ("2474", "answer with a number, got str"),
])
def test_parameter_count_mistakes_get_hints(answer, hint):
    result = verdict("11.1", answer)
    assert result.status == "wrong"
    assert result.message == hint
    assert "2474" not in result.message


# 11.2 · the data sets a linear classifier separates

def test_linear_data_sets_right_answer_in_any_collection():
    assert verdict("11.2", {"blobs"}).status == "right"
    assert verdict("11.2", ["blobs"]).status == "right"


def test_linear_data_sets_starter_is_not_attempted():
    assert verdict("11.2", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    ({"blobs", "moons"}, "at least one of your data sets needs a curved boundary, which a network with no "
                         "hidden layer cannot draw: run the experiment and look at the decision regions"),
    ({"circles"}, "at least one of your data sets needs a curved boundary, which a network with no "
                  "hidden layer cannot draw: run the experiment and look at the decision regions"),
    (set(), "a data set whose classes straight lines can separate is missing"),
    ({"moon"}, "not a playground data set: ['moon']; the names are ['blobs', 'circles', 'moons', "
               "'spirals', 'xor']"),
    ("blobs", "answer with a set of names from ['blobs', 'circles', 'moons', 'spirals', 'xor'], such as "
              "{'moons'}, got 'blobs'"),
])
def test_linear_data_sets_mistakes_get_hints(answer, hint):
    result = verdict("11.2", answer)
    assert result.status == "wrong"
    assert result.message == hint


def test_linear_data_sets_the_expected_answer_is_what_the_playground_measures():
    solved = set()
    for name in ("moons", "circles", "xor", "blobs", "spirals"):
        run = playground.train_epochs(playground.start(playground.Config(dataset=name, hidden=())), 50)
        if run.history.val_acc[-1] >= 0.95:
            solved.add(name)
    assert solved == LINEAR_SOLVES


# 11.3 · a checkpoint of a network with batch norm

def test_checkpoint_round_trip_right_answer():
    assert verdict("11.3", "different").status == "right"


def test_checkpoint_round_trip_starter_is_not_attempted():
    assert verdict("11.3", ...).status == "not attempted"


def test_checkpoint_round_trip_wrong_option_and_non_option_get_hints():
    assert verdict("11.3", "same").message == (
        "run it and compare the probabilities themselves, not only the predicted classes: does batch "
        "norm use anything in evaluation that is not in params?")
    assert verdict("11.3", "equal").message == "answer with one of ['same', 'different'], got 'equal'"


# 11.4 · an ensemble of classifiers

def ensemble(models, X):
    probabilities = []
    for model in models:
        model.eval()
        probabilities.append(losses.softmax(model.forward(X)))
    return np.mean(probabilities, axis=0)


def test_ensemble_right_answer():
    assert verdict("11.4", ensemble).status == "right"


def test_ensemble_starter_is_not_attempted():
    def starter(models, X):
        raise NotImplementedError

    assert verdict("11.4", starter).status == "not attempted"


def still_training(models, X):
    return np.mean([losses.softmax(model.forward(X)) for model in models], axis=0)


def averages_logits(models, X):
    return losses.softmax(np.mean([model.eval().forward(X) for model in models], axis=0))


def naive_softmax(models, X):
    probabilities = []
    for model in models:
        z = np.exp(model.eval().forward(X))
        probabilities.append(z / z.sum(axis=1, keepdims=True))
    return np.mean(probabilities, axis=0)


@pytest.mark.parametrize(("function", "hint"), [
    (still_training, "for three networks with dropout, 5 rows: your result changes from call to call: the "
                     "dropout layers are still on; put each model in evaluation mode first"),
    (averages_logits, "for three networks with dropout, 5 rows: average the probabilities of the models, "
                      "not their logits"),
    (naive_softmax, "for weights 100 times larger (logits in the tens of thousands): the result contains "
                    "NaN or inf (does something overflow or divide by zero?)"),
    (lambda models, X: ensemble(models, X).argmax(axis=1),
     "for three networks with dropout, 5 rows: return the averaged probabilities, shape (N, classes), "
     "not the predicted classes"),
    (lambda models, X: ensemble(models, X) * len(models),
     "for three networks with dropout, 5 rows: the result is off by a constant factor of 3"),
])
def test_ensemble_mistakes_get_hints(function, hint):
    result = verdict("11.4", function)
    assert result.status == "wrong"
    assert result.message == hint


def test_ensemble_a_ragged_result_is_told_that_its_rows_differ_in_length():
    assert verdict("11.4", lambda models, X: [[0.5, 0.5], [1.0]]).message == \
        "for three networks with dropout, 5 rows: the result has rows of different lengths (2 and 1): an " \
        "array needs rows of one length"


def test_checkpoint_round_trip_an_array_is_not_an_option():
    assert verdict("11.3", np.array([1, 2])).message == "answer with one of ['same', 'different'], got array([1, 2])"


# 11.6 · reading the heatmaps: dead units

def test_dead_units_right_answer_and_starter():
    assert verdict("11.6", {0, 3}).status == "right"
    assert verdict("11.6", [3, 0]).status == "right"
    assert verdict("11.6", ...).status == "not attempted"


def test_dead_units_the_expected_answer_is_what_the_playground_draws():
    from course_lib.exercises.playground import _dead_units
    assert _dead_units() == {0, 3}
    alive = _dead_units(playground.Config(dataset="circles", hidden=(6,), lr=0.03, seed=2))
    assert alive == set()  # a gentler learning rate keeps every unit alive


@pytest.mark.parametrize(("answer", "hint"), [
    ({0}, "a blank unit is missing: look again at every heatmap of the hidden layer"),
    ({0, 3, 5}, "at least one of your units computes something: a dead unit's heatmap is blank (white, "
                "zero everywhere), while a live ReLU unit is zero on one side of a line only"),
    ({6}, "the layer has 6 units, numbered 0 (top) to 5 (bottom)"),
    ("0, 3", "answer with a set of unit numbers (0 is the top unit), such as {1, 4}, got '0, 3'"),
    ({True}, "answer with a set of unit numbers (0 is the top unit), such as {1, 4}, got {True}"),
])
def test_dead_units_mistakes_get_hints(answer, hint):
    result = verdict("11.6", answer)
    assert result.status == "wrong" and result.message == hint
