"""The checkers of notebook 10's exercises: right answers pass, starters are not attempted, and
typical mistakes get a hint that points at them."""

import numpy as np
import pytest
from exercise_hints import verdict

from course_lib import data

# 10.1 · steps in 5 epochs of 1079 examples, batch size 128

def test_steps_right_answer():
    assert verdict("10.1", 45).status == "right"
    assert verdict("10.1", 45.0).status == "right"


def test_steps_starter_is_not_attempted():
    assert verdict("10.1", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (40, "you counted only the full batches: the last, smaller batch of each epoch is a step too"),
    (43, "batches do not run across epochs: every epoch ends with its own smaller batch"),
    (42.15, "a number of steps is a whole number: how many batches does one epoch have?"),
    (9, "that is one epoch; the question asks for 5"),
    (8, "that is one epoch's full batches; the question asks for 5 epochs, last batches included"),
    (50, "50 is too large: count the batches of one epoch first"),
    ("45", "answer with a number, got str"),
])
def test_steps_mistakes_get_hints(answer, hint):
    result = verdict("10.1", answer)
    assert result.status == "wrong"
    assert result.message == hint
    assert "45" not in result.message


# 10.2 · batch gradient descent: the learning rate with the lower loss

def test_batch_learning_rate_right_answer():
    assert verdict("10.2", 1.0).status == "right"


def test_batch_learning_rate_starter_is_not_attempted():
    assert verdict("10.2", ...).status == "not attempted"


def test_batch_learning_rate_the_other_option_and_a_non_option_get_hints():
    assert verdict("10.2", 0.05).message == "0.05 is not it: run the experiment and look again"
    assert verdict("10.2", "1.0").message == "answer with one of [0.05, 1.0], got '1.0'"


# 10.5 · a mini-batch generator

def shuffled(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def test_minibatches_learner_and_library_generators_are_right():
    assert verdict("10.5", shuffled).status == "right"
    assert verdict("10.5", lambda X, y, b, rng: data.minibatches(X, y, b, rng=rng)).status == "right"


def test_minibatches_a_list_of_batches_is_right_too():
    assert verdict("10.5", lambda X, y, b, rng: list(shuffled(X, y, b, rng))).status == "right"


def test_minibatches_starter_is_not_attempted():
    def starter(X, y, batch_size, rng):
        raise NotImplementedError

    def starter_generator(X, y, batch_size, rng):
        raise NotImplementedError
        yield

    assert verdict("10.5", starter).status == "not attempted"
    assert verdict("10.5", starter_generator).status == "not attempted"


def in_stored_order(X, y, batch_size, rng):
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]


def full_batches_only(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X) - batch_size + 1, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def with_replacement(X, y, batch_size, rng):
    for start in range(0, len(X), batch_size):
        idx = rng.integers(0, len(X), min(batch_size, len(X) - start))
        yield X[idx], y[idx]


def two_orders(X, y, batch_size, rng):
    order_X, order_y = rng.permutation(len(X)), rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        yield X[order_X[start:start + batch_size]], y[order_y[start:start + batch_size]]


def shuffles_X_in_place(X, y, batch_size, rng):
    rng.shuffle(X)
    return in_stored_order(X, y, batch_size, rng)


def within_each_batch(X, y, batch_size, rng):
    for start in range(0, len(X), batch_size):
        idx = start + rng.permutation(min(batch_size, len(X) - start))
        yield X[idx], y[idx]


def seeded_inside(X, y, batch_size, rng):
    return shuffled(X, y, batch_size, np.random.default_rng(0))


def unseeded(X, y, batch_size, rng):
    return shuffled(X, y, batch_size, np.random.default_rng())


def one_batch_too_many(X, y, batch_size, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X) + 1, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


@pytest.mark.parametrize(("function", "hint"), [
    (in_stored_order, "for N = 10 and batch_size = 3: the examples come in their stored order: shuffle them first"),
    (full_batches_only, "for N = 10 and batch_size = 3: the last, smaller batch is missing: every example "
                        "must be used once per epoch"),
    (with_replacement, "for N = 10 and batch_size = 3: some examples come more than once and others never: "
                       "shuffle a permutation of the indices instead of drawing them at random"),
    (two_orders, "for N = 10 and batch_size = 3: the rows of X_batch and y_batch do not belong together: "
                 "index X and y with the same indices"),
    (shuffles_X_in_place, "for N = 10 and batch_size = 3: your function changed X or y: shuffle an array "
                          "of indices, not the data"),
    (within_each_batch, "for N = 10 and batch_size = 3: every batch holds the same examples each epoch, "
                        "only in another order: shuffle the whole set, then cut it into batches"),
    (seeded_inside, "two epochs with the same generator came in the same order: draw a new order every epoch"),
    (unseeded, "two generators with the same seed gave different orders: draw the order from the rng "
               "you are given"),
    (one_batch_too_many, "for N = 10 and batch_size = 5: your last batch is empty: stop when every example "
                         "has been used"),
    (lambda X, y, b, rng: None, "for N = 10 and batch_size = 3: your function should yield (X_batch, y_batch) "
                                "pairs, got NoneType"),
    (lambda X, y, b, rng: [X], "for N = 10 and batch_size = 3: each batch should be a pair (X_batch, y_batch), "
                               "got ndarray"),
])
def test_minibatches_mistakes_get_hints(function, hint):
    result = verdict("10.5", function)
    assert result.status == "wrong"
    assert result.message == hint


def test_minibatches_a_ragged_batch_is_told_that_its_rows_differ_in_length():
    def ragged(X, y, batch_size, rng):
        yield [list(X[0]), list(X[1][:1])], y[:2]

    assert verdict("10.5", ragged).message == "for N = 10 and batch_size = 3: X_batch has rows of different " \
                                              "lengths (2 and 1): an array needs rows of one length"


def test_minibatches_labels_that_are_not_numbers_are_named():
    def words(X, y, batch_size, rng):
        yield X, np.array(["cat"] * len(X))

    assert verdict("10.5", words).message == \
        "for N = 10 and batch_size = 3: y_batch should be numbers, got an array of dtype <U3"


# 10.6 · gradient accumulation

def weighted(grads, sizes):
    return sum(n * g for g, n in zip(grads, sizes, strict=True)) / sum(sizes)


def test_accumulation_right_answer():
    assert verdict("10.6", weighted).status == "right"


def test_accumulation_starter_is_not_attempted():
    def starter(grads, sizes):
        raise NotImplementedError

    assert verdict("10.6", starter).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (lambda grads, sizes: sum(grads),
     "for two micro-batches of 4 rows: you added the gradients; each is the gradient of a *mean* loss, so the "
     "sum is too large: weight each by its share of the rows"),
    (lambda grads, sizes: sum(grads) / len(grads),
     "for micro-batches of 4, 4 and 2 rows: a plain average of the micro-batch gradients gives the short last "
     "micro-batch as much weight as a full one: weight each by its share of the rows"),
    (lambda grads, sizes: grads[0],
     "for two micro-batches of 4 rows: the result differs from the expected values"),
    (lambda grads, sizes: weighted(grads, sizes).ravel(),
     "for two micro-batches of 4 rows: the result has the wrong shape: expected (3, 2), got (6,)"),
])
def test_accumulation_mistakes_get_hints(answer, hint):
    result = verdict("10.6", answer)
    assert result.status == "wrong"
    assert result.message.startswith(hint)
