"""Checkers for the exercises of notebook 05 Cross-entropy and the loss zoo."""

from __future__ import annotations

import math

import numpy as np

from .. import losses
from .checking import Hint, compare_choice, compare_loss_and_grad, compare_number, exercise

_P = np.array([0.5, 0.25, 0.125, 0.125])


@exercise("05.1", "The entropy of p = (1/2, 1/4, 1/8, 1/8) in bits")
def check_entropy_in_bits(answer) -> Hint | None:
    bits = -np.sum(_P * np.log2(_P))
    return compare_number(answer, bits, [
        (bits * math.log(2), "that is in nats (natural log): bits use log base 2"),
        (bits * math.log10(2), "that is with log base 10: bits use log base 2"),
        (-bits, "wrong sign: each surprise −log p is positive, and so is their average"),
        (np.mean(-np.log2(_P)), "that is the plain average of the surprises: weight each by its probability"),
    ])


@exercise("05.2", "Logistic regression on separable data: the norm of w as the steps double")
def check_separable_weights(answer) -> Hint | None:
    return compare_choice(answer, "keeps growing", ["keeps growing", "settles to a finite value", "shrinks"])


_SCORES = np.array([[2.0, 3.5, -1.0], [1.5, 2.5, 2.0]])
_LABELS = np.array([0, 2])


@exercise("05.3", "The multiclass SVM loss of two examples")
def check_svm_loss_value(answer) -> Hint | None:
    loss = losses.svm_loss(_SCORES, _LABELS)[0]
    n, classes = _SCORES.shape
    terms = _SCORES - _SCORES[np.arange(n), _LABELS][:, None] + 1
    terms[np.arange(n), _LABELS] = 0
    return compare_number(answer, loss, [
        (loss * n, "that is the sum over the two examples: the loss is their mean"),
        (loss / classes, "you also divided by the number of classes (PyTorch's MultiMarginLoss does); "
                         "svm_loss does not"),
        (loss + 1, "you counted the correct class too: the sum runs over the wrong classes only"),
        (losses.svm_loss(_SCORES, _LABELS, delta=0.0)[0], "did you forget the margin Δ = 1?"),
        (terms.sum() / n, "some of your terms are negative: max(0, ·) clips each term at 0"),
    ])


def _logits(seed: int, shape: tuple[int, int]) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape) * 3


_SOFTMAX_CASES = [
    ("a batch of 4 rows and 5 classes", (_logits(1, (4, 5)), np.array([0, 3, 4, 3]))),
    ("a batch of one row", (_logits(2, (1, 5)), np.array([2]))),
    ("large logits (±1e4)",
     (np.array([[1e4, 0.0, -1e4], [-1e3, 1e3, 0.0], [1e4, 1e4, 1e4]]), np.array([0, 0, 2]))),
]
_FLOAT32_CASES = [("float32 logits", (_logits(3, (3, 4)).astype(np.float32), np.array([1, 0, 3])))]
_FLOAT32_TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


@exercise("05.4", "softmax_loss: the mean cross-entropy and its gradient")
def check_softmax_loss(function) -> Hint | None:
    reference = losses.softmax_loss
    return compare_loss_and_grad(function, reference, _SOFTMAX_CASES, "dlogits") \
        or compare_loss_and_grad(function, reference, _FLOAT32_CASES, "dlogits", **_FLOAT32_TOLERANCE)


_SVM_CASES = [
    ("a batch of 4 rows and 5 classes", (_logits(4, (4, 5)) / 3, np.array([1, 0, 4, 2]))),
    ("a batch of one row", (np.array([[0.2, 1.5, -0.7, 0.9]]), np.array([3]))),
    ("large scores (±1e4)", (np.array([[1e4, 0.0, -1e4], [-1e4, 1e4, 0.5]]), np.array([1, 2]))),
]


@exercise("05.5", "svm_loss: the multiclass hinge loss and its gradient")
def check_svm_loss(function) -> Hint | None:
    reference = losses.svm_loss
    return compare_loss_and_grad(function, reference, _SVM_CASES, "dscores") \
        or compare_loss_and_grad(function, reference, _FLOAT32_CASES, "dscores", **_FLOAT32_TOLERANCE)
