"""Checkers of notebook 05's exercises: right answers pass, starters are not attempted, mistakes get hints."""

import numpy as np
import pytest
from exercise_hints import starter, verdict
from sklearn.datasets import load_breast_cancer

from course_lib import data, losses
from course_lib.activations import sigmoid


def softmax_loss(logits, y):
    """A learner's answer to 05.4."""
    rows = np.arange(len(y))
    log_p = losses.log_softmax(logits)
    dlogits = np.exp(log_p)
    dlogits[rows, y] -= 1
    return -log_p[rows, y].mean(), dlogits / len(y)


def svm_loss(scores, y):
    """A learner's answer to 05.5."""
    rows = np.arange(len(y))
    terms = np.maximum(0, scores - scores[rows, y][:, None] + 1)
    terms[rows, y] = 0
    dscores = (terms > 0).astype(scores.dtype)
    dscores[rows, y] = -dscores.sum(axis=1)
    return terms.sum() / len(y), dscores / len(y)


# 05.1: the entropy of (1/2, 1/4, 1/8, 1/8) in bits

def test_05_1_the_entropy_in_bits_is_right():
    assert verdict("05.1", 1.75).status == "right"
    assert verdict("05.1", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (1.75 * np.log(2), "that is in nats (natural log): bits use log base 2"),
    (1.75 * np.log10(2), "that is with log base 10: bits use log base 2"),
    (-1.75, "wrong sign: each surprise −log p is positive, and so is their average"),
    (2.25, "that is the plain average of the surprises: weight each by its probability"),
    (2.0, "2 is too large"),
])
def test_05_1_typical_mistakes_get_their_hint(answer, hint):
    message = verdict("05.1", answer).message
    assert message == hint and "1.75" not in message


# 05.2: logistic regression on separable data

def test_05_2_keeps_growing_is_right():
    assert verdict("05.2", "keeps growing").status == "right"
    assert verdict("05.2", ...).status == "not attempted"


def test_05_2_settling_is_wrong():
    assert verdict("05.2", "settles to a finite value").message == \
        "'settles to a finite value' is not it: run the experiment and look again"


def test_05_2_the_expected_option_is_what_gradient_descent_does_on_all_30_features():
    cancer = load_breast_cancer()
    split = data.train_val_test_split(cancer.data, cancer.target, val_fraction=0.0, test_fraction=0.25, rng=0)
    X = data.standardize(split.X_train)[0].T
    Y = split.y_train[None, :].astype(float)
    w, b, norms = np.zeros((30, 1)), 0.0, []
    for step in range(1, 4001):
        dZ = sigmoid(w.T @ X + b) - Y
        w -= X @ dZ.T / X.shape[1]
        b -= dZ.mean()
        if step in (1000, 2000, 4000):
            norms.append(np.linalg.norm(w))
    assert norms[0] + 1 < norms[1] < norms[2] - 1


# 05.3: the SVM loss of two examples

def test_05_3_the_mean_hinge_loss_is_right():
    assert verdict("05.3", 2.25).status == "right"
    assert verdict("05.3", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (4.5, "that is the sum over the two examples: the loss is their mean"),
    (0.75, "you also divided by the number of classes (PyTorch's MultiMarginLoss does); svm_loss does not"),
    (3.25, "you counted the correct class too: the sum runs over the wrong classes only"),
    (1.0, "did you forget the margin Δ = 1?"),
    (1.25, "some of your terms are negative: max(0, ·) clips each term at 0"),
    (10, "10 is too large"),
])
def test_05_3_typical_mistakes_get_their_hint(answer, hint):
    message = verdict("05.3", answer).message
    assert message == hint and "2.25" not in message


# 05.4: the softmax loss

def test_05_4_the_library_and_a_log_softmax_implementation_are_right():
    assert verdict("05.4", losses.softmax_loss).status == "right"
    assert verdict("05.4", softmax_loss).status == "right"


def test_05_4_the_starter_is_not_attempted():
    assert verdict("05.4", starter).status == "not attempted"


def test_05_4_a_gradient_not_divided_by_n_is_off_by_the_batch_size():
    def not_averaged(logits, y):
        loss, dlogits = softmax_loss(logits, y)
        return loss, dlogits * len(y)

    assert verdict("05.4", not_averaged).message == \
        "for a batch of 4 rows and 5 classes: dlogits is off by a constant factor of 4"


def test_05_4_y_minus_p_has_the_wrong_sign():
    assert verdict("05.4", lambda z, y: (softmax_loss(z, y)[0], -softmax_loss(z, y)[1])).message == \
        "for a batch of 4 rows and 5 classes: dlogits has the wrong sign"


def test_05_4_a_summed_loss_is_off_by_the_batch_size():
    assert verdict("05.4", lambda z, y: (softmax_loss(z, y)[0] * len(y), softmax_loss(z, y)[1])).message == \
        "for a batch of 4 rows and 5 classes: the loss is off by a constant factor of 4"


def test_05_4_per_example_losses_have_the_wrong_shape():
    def per_example(logits, y):
        return losses.sparse_softmax_cross_entropy_with_logits(y, logits), softmax_loss(logits, y)[1]

    assert verdict("05.4", per_example).message == \
        "for a batch of 4 rows and 5 classes: the loss has the wrong shape: expected (), got (4,)"


def test_05_4_returning_the_loss_alone_asks_for_a_pair():
    assert verdict("05.4", lambda z, y: softmax_loss(z, y)[0]).message == \
        "for a batch of 4 rows and 5 classes: your function should return a pair (loss, dlogits), got float64"


def test_05_4_a_naive_softmax_overflows_for_large_logits():
    def naive(logits, y):
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        rows = np.arange(len(y))
        dlogits = p.copy()
        dlogits[rows, y] -= 1
        return -np.log(p[rows, y]).mean(), dlogits / len(y)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        message = verdict("05.4", naive).message
    assert message == "for large logits (±1e4): the loss contains NaN or inf " \
                      "(does something overflow or divide by zero?)"


def test_05_4_squeezing_the_logits_fails_for_a_batch_of_one():
    def squeezing(logits, y):
        return softmax_loss(logits.squeeze(), y)

    assert verdict("05.4", squeezing).message.startswith("for a batch of one row: your function raised IndexError")


# 05.5: the SVM loss and its gradient

def test_05_5_the_library_and_a_hand_derived_gradient_are_right():
    assert verdict("05.5", losses.svm_loss).status == "right"
    assert verdict("05.5", svm_loss).status == "right"


def test_05_5_the_starter_is_not_attempted():
    assert verdict("05.5", starter).status == "not attempted"


def test_05_5_forgetting_the_correct_class_column_is_reported():
    def no_correct_column(scores, y):
        loss, dscores = svm_loss(scores, y)
        dscores[np.arange(len(y)), y] = 0
        return loss, dscores

    assert verdict("05.5", no_correct_column).message.startswith(
        "for a batch of 4 rows and 5 classes: dscores differs from the expected values")


def test_05_5_a_gradient_not_divided_by_n_is_off_by_the_batch_size():
    assert verdict("05.5", lambda s, y: (svm_loss(s, y)[0], svm_loss(s, y)[1] * len(y))).message == \
        "for a batch of 4 rows and 5 classes: dscores is off by a constant factor of 4"


def test_05_5_counting_the_correct_class_in_the_loss_is_reported():
    assert verdict("05.5", lambda s, y: (svm_loss(s, y)[0] + 1, svm_loss(s, y)[1])).message == \
        "for a batch of 4 rows and 5 classes: the loss differs from the expected value (difference 1)"
