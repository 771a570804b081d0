"""Softmax, cross-entropy (TensorFlow-style and loss-and-gradient pairs), SVM, regression and
margin losses: hand-computed values, numerical gradients, invariants, stability, bad inputs."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib import gradcheck, losses

NOTES_LOGITS = np.array([[1.0, 2.0, 3.0]] * 3)
NOTES_LABELS = np.array([[0.0, 0.0, 1.0]] * 3)


# --- softmax, log-softmax, logsumexp ---------------------------------------------------------

def test_softmax_of_1_2_3_matches_the_notes():
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(losses.softmax([1.0, 2.0, 3.0]), e / e.sum())
    np.testing.assert_allclose(losses.softmax([1.0, 2.0, 3.0]), [0.09003057, 0.24472847, 0.66524096])


def test_logsumexp_of_two_equal_values_is_value_plus_log2():
    assert losses.logsumexp([5.0, 5.0]) == pytest.approx(5 + math.log(2))


def test_log_softmax_is_log_of_softmax():
    z = np.array([[0.5, -1.0, 2.0], [3.0, 3.0, 3.0]])
    np.testing.assert_allclose(losses.log_softmax(z), np.log(losses.softmax(z)))


def test_softmax_and_logsumexp_respect_axis():
    z = np.array([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_allclose(losses.softmax(z, axis=0).sum(axis=0), [1, 1])
    np.testing.assert_allclose(losses.logsumexp(z, axis=0), np.log(np.exp(z).sum(axis=0)))


@pytest.mark.parametrize("fn", [losses.softmax, losses.log_softmax, losses.logsumexp])
def test_stable_at_1e4_and_float32_is_preserved(fn):
    z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]], dtype=np.float32)
    out = fn(z)
    assert out.dtype == np.float32
    assert np.all(np.isfinite(out))


def test_softmax_at_1e4_puts_all_mass_on_the_largest_logit():
    np.testing.assert_array_equal(losses.softmax([1e4, 0.0, -1e4]), [1.0, 0.0, 0.0])
    assert losses.logsumexp([1e4, 1e4]) == pytest.approx(1e4 + math.log(2))


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, (3, 4), elements=st.floats(-50, 50)), st.floats(-100, 100))
def test_softmax_sums_to_one_and_is_shift_invariant(z, c):
    p = losses.softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert np.all(p >= 0)
    np.testing.assert_allclose(losses.softmax(z + c), p, atol=1e-12)
    np.testing.assert_allclose(losses.logsumexp(z + c), losses.logsumexp(z) + c, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: losses.softmax("abc"), TypeError, "z must be an array of numbers, got str 'abc'"),
    (lambda: losses.log_softmax([1.0, 2.0], axis=2), ValueError, r"axis must be in \[-1, 0\] for a 1-D array, got 2"),
    (lambda: losses.logsumexp([1j, 2.0]), TypeError, "z must be real, got complex dtype complex128"),
])
def test_softmax_family_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- TensorFlow-style cross-entropy ----------------------------------------------------------

def test_softmax_cross_entropy_reproduces_the_notes_tensorflow_example():
    per_example = losses.softmax_cross_entropy_with_logits(NOTES_LABELS, NOTES_LOGITS)
    assert per_example.shape == (3,)
    np.testing.assert_allclose(per_example, -np.log(0.66524096), rtol=1e-7)
    assert per_example.sum() == pytest.approx(1.2228179, abs=1e-7)


def test_sparse_labels_give_the_same_numbers_as_one_hot():
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((6, 4))
    y = np.array([0, 3, 1, 1, 2, 0])
    np.testing.assert_allclose(losses.sparse_softmax_cross_entropy_with_logits(y, logits),
                               losses.softmax_cross_entropy_with_logits(np.eye(4)[y], logits))


def test_softmax_cross_entropy_with_probability_labels_by_hand():
    # labels (0.5, 0.5) on logits (0, 0): −(0.5·log 0.5 + 0.5·log 0.5) = log 2
    loss = losses.softmax_cross_entropy_with_logits([[0.5, 0.5]], [[0.0, 0.0]])
    np.testing.assert_allclose(loss, [math.log(2)])


def test_softmax_cross_entropy_of_one_example_is_a_scalar():
    loss = losses.softmax_cross_entropy_with_logits([0.0, 1.0], [0.0, 0.0])
    assert loss.shape == ()
    assert float(loss) == pytest.approx(math.log(2))


def test_sigmoid_cross_entropy_by_hand():
    # x = 0: log 2 for any label; x = 2, z = 1: log(1 + e^−2); x = −3, z = 0.25: see formula
    out = losses.sigmoid_cross_entropy_with_logits([1.0, 1.0, 0.25], [0.0, 2.0, -3.0])
    expected = [math.log(2), math.log1p(math.exp(-2)), 0 + 3 * 0.25 + math.log1p(math.exp(-3))]
    np.testing.assert_allclose(out, expected)


def test_sigmoid_cross_entropy_equals_the_textbook_formula():
    x = np.linspace(-6, 6, 13)
    z = np.linspace(0, 1, 13)
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(losses.sigmoid_cross_entropy_with_logits(z, x),
                               -z * np.log(s) - (1 - z) * np.log(1 - s))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_tensorflow_style_losses_are_stable_at_1e4(dtype):
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]], dtype=dtype)
    onehot = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=dtype)
    dense = losses.softmax_cross_entropy_with_logits(onehot, logits)
    sparse = losses.sparse_softmax_cross_entropy_with_logits([1, 0], logits)
    sig = losses.sigmoid_cross_entropy_with_logits(onehot, logits)
    for out in (dense, sparse, sig):
        assert out.dtype == dtype
        assert np.all(np.isfinite(out))
    np.testing.assert_allclose(dense, [2e4, 2e4 + math.log(2)], rtol=1e-6)
    np.testing.assert_allclose(sig, [[1e4, 1e4, math.log(2)], [1e4, 1e4, 1e4]], rtol=1e-6)


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, (4, 5), elements=st.floats(-30, 30)),
       hnp.arrays(np.float64, (4, 5), elements=st.floats(0.01, 1)), st.floats(-100, 100))
def test_cross_entropy_is_nonnegative_and_shift_invariant(logits, weights, c):
    labels = weights / weights.sum(axis=1, keepdims=True)
    loss = losses.softmax_cross_entropy_with_logits(labels, logits)
    assert np.all(loss >= 0)
    np.testing.assert_allclose(losses.softmax_cross_entropy_with_logits(labels, logits + c), loss,
                               rtol=1e-9, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 50), st.floats(-1e4, 1e4))
def test_uniform_logits_cost_log_of_the_class_count(num_classes, value):
    logits = np.full((2, num_classes), value)
    loss = losses.sparse_softmax_cross_entropy_with_logits([0, num_classes - 1], logits)
    np.testing.assert_allclose(loss, math.log(num_classes), rtol=1e-12)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: losses.softmax_cross_entropy_with_logits([[1.0, 0.0], [0.7, 0.7]], np.zeros((2, 2))),
     ValueError, r"labels must be one-hot or probability rows \(entries ≥ 0 summing to 1\), but row 1 is \[0.7 0.7\] with sum 1.4"),
    (lambda: losses.softmax_cross_entropy_with_logits([[1.5, -0.5]], np.zeros((1, 2))),
     ValueError, r"but row 0 is \[ 1.5 -0.5\] with sum 1"),
    (lambda: losses.softmax_cross_entropy_with_logits([[1.0, 0.0]], np.zeros((1, 3))),
     ValueError, r"labels must have the shape of logits \(1, 3\), got \(1, 2\)"),
    (lambda: losses.softmax_cross_entropy_with_logits([[1.0, 0.0]], np.zeros((1, 2, 1))),
     ValueError, r"logits must have shape \(N, C\) or \(C,\), got shape \(1, 2, 1\)"),
    (lambda: losses.softmax_cross_entropy_with_logits([[np.nan, 1.0]], np.zeros((1, 2))),
     ValueError, "labels must contain only finite numbers, got NaN or inf"),
    (lambda: losses.sparse_softmax_cross_entropy_with_logits([0, 3, 1], np.zeros((3, 3))),
     ValueError, r"labels must be in \[0, 2\], got 3 at position 1"),
    (lambda: losses.sparse_softmax_cross_entropy_with_logits([0, -1], np.zeros((2, 3))),
     ValueError, r"labels must be in \[0, 2\], got -1 at position 1"),
    (lambda: losses.sparse_softmax_cross_entropy_with_logits([0.5, 1], np.zeros((2, 3))),
     TypeError, "labels must hold integer class labels"),
    (lambda: losses.sparse_softmax_cross_entropy_with_logits([0, 1], np.zeros((3, 3))),
     ValueError, r"logits and labels must have the same number of rows, got shapes \(3, 3\) and \(2,\)"),
    (lambda: losses.sigmoid_cross_entropy_with_logits([[0.0, 1.2]], np.zeros((1, 2))),
     ValueError, r"labels must be in \[0, 1\], got 1.2 at index \(0, 1\)"),
    (lambda: losses.sigmoid_cross_entropy_with_logits([0.0, 1.0], np.zeros(3)),
     ValueError, r"labels must have the shape of logits \(3,\), got \(2,\)"),
])
def test_tensorflow_style_losses_say_which_label_is_wrong(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- loss-and-gradient pairs -----------------------------------------------------------------

def test_softmax_loss_by_hand():
    # uniform logits over 4 classes: loss log 4; gradient (1/4 − 1{c = y}) / N
    loss, dlogits = losses.softmax_loss(np.zeros((2, 4)), [1, 3])
    assert loss == pytest.approx(math.log(4))
    np.testing.assert_allclose(dlogits, [[0.125, -0.375, 0.125, 0.125], [0.125, 0.125, 0.125, -0.375]])


def test_softmax_loss_is_the_mean_of_the_sparse_tensorflow_loss():
    rng = np.random.default_rng(3)
    logits, y = rng.standard_normal((7, 5)), rng.integers(0, 5, 7)
    loss, _ = losses.softmax_loss(logits, y)
    assert loss == pytest.approx(losses.sparse_softmax_cross_entropy_with_logits(y, logits).mean())


def test_svm_loss_of_the_notes_scores_is_zero():
    loss, dscores = losses.svm_loss([[10.0, -1.0, -1.0], [10.0, 9.0, 9.0]], [0, 0])
    assert loss == 0.0
    np.testing.assert_array_equal(dscores, np.zeros((2, 3)))


def test_svm_loss_by_hand():
    # cs231n's example: scores (3.2, 5.1, −1.7), correct class 0, Δ = 1:
    # max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1) = 2.9 + 0
    loss, dscores = losses.svm_loss([[3.2, 5.1, -1.7]], [0])
    assert loss == pytest.approx(2.9)
    np.testing.assert_allclose(dscores, [[-1.0, 1.0, 0.0]])


def test_svm_loss_is_not_divided_by_the_class_count():
    loss, _ = losses.svm_loss(np.zeros((2, 5)), [0, 4], delta=2.0)
    assert loss == pytest.approx(4 * 2.0)


def test_mse_and_mae_by_hand():
    pred, target = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 0.0], [6.0, 4.0]])
    mse, dmse = losses.mse_loss(pred, target)
    mae, dmae = losses.mae_loss(pred, target)
    assert mse == pytest.approx((0 + 4 + 9 + 0) / 4)
    assert mae == pytest.approx((0 + 2 + 3 + 0) / 4)
    np.testing.assert_allclose(dmse, [[0, 1.0], [-1.5, 0]])
    np.testing.assert_allclose(dmae, [[0, 0.25], [-0.25, 0]])


def test_binary_cross_entropy_loss_by_hand():
    loss, dlogits = losses.binary_cross_entropy_loss([0.0, 0.0], [1.0, 0.0])
    assert loss == pytest.approx(math.log(2))
    np.testing.assert_allclose(dlogits, [-0.25, 0.25])


def test_binary_cross_entropy_loss_is_finite_at_1e4():
    loss, dlogits = losses.binary_cross_entropy_loss([1e4, -1e4, 1e4], [1.0, 0.0, 0.0])
    assert loss == pytest.approx(1e4 / 3)
    np.testing.assert_allclose(dlogits, [0, 0, 1 / 3])


def test_softmax_loss_is_stable_at_1e4_and_keeps_float32():
    logits = np.array([[1e4, -1e4, 0.0]], dtype=np.float32)
    loss, dlogits = losses.softmax_loss(logits, [1])
    assert loss == pytest.approx(2e4)
    assert dlogits.dtype == np.float32
    np.testing.assert_allclose(dlogits, [[1.0, -1.0, 0.0]])


def _scalar(fn, target):
    return lambda x: fn(x, target)[0]


@pytest.mark.parametrize("name", ["softmax", "svm", "mse", "mae", "bce"])
def test_loss_gradients_match_numerical_gradients(name):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((5, 4))
    target = {"softmax": rng.integers(0, 4, 5), "svm": rng.integers(0, 4, 5),
              "mse": rng.standard_normal((5, 4)), "mae": rng.standard_normal((5, 4)),
              "bce": rng.uniform(0, 1, (5, 4))}[name]
    fn = {"softmax": losses.softmax_loss, "svm": losses.svm_loss, "mse": losses.mse_loss,
          "mae": losses.mae_loss, "bce": losses.binary_cross_entropy_loss}[name]
    _, analytic = fn(x, target)
    numeric = gradcheck.numerical_gradient(_scalar(fn, target), x)
    assert gradcheck.rel_error(analytic, numeric) < 1e-6


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: losses.softmax_loss(np.zeros(3), [0]), ValueError, r"logits must have shape \(N, C\), got shape \(3,\)"),
    (lambda: losses.softmax_loss(np.zeros((2, 3)), [0, 3]), ValueError, r"y must be in \[0, 2\], got 3 at position 1"),
    (lambda: losses.softmax_loss(np.zeros((0, 3)), np.zeros(0, dtype=int)), ValueError, r"logits must have at least one row, got shape \(0, 3\)"),
    (lambda: losses.svm_loss(np.zeros((2, 3)), [0, 1], delta=-1), ValueError, r"delta must be in \[0, inf\], got -1"),
    (lambda: losses.svm_loss(np.zeros((2, 3)), [0]), ValueError, r"scores and y must have the same number of rows, got shapes \(2, 3\) and \(1,\)"),
    (lambda: losses.mse_loss(np.zeros(3), np.zeros(4)), ValueError, r"pred and target must have the same shape, got \(3,\) and \(4,\)"),
    (lambda: losses.mae_loss([], []), ValueError, r"pred must not be empty, got shape \(0,\)"),
    (lambda: losses.binary_cross_entropy_loss(np.zeros((2, 1)), np.zeros(2)), ValueError, r"logits and y must have the same shape, got \(2, 1\) and \(2,\)"),
    (lambda: losses.binary_cross_entropy_loss(np.zeros(2), [0.0, 2.0]), ValueError, r"y must be in \[0, 1\], got 2 at index \(1,\)"),
    (lambda: losses.binary_cross_entropy_loss(np.zeros(2), [np.nan, 1.0]), ValueError, r"y must contain only finite numbers, got NaN or inf \(nan at index \(0,\)\)"),
])
def test_loss_pairs_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- margin losses ---------------------------------------------------------------------------

def test_margin_losses_by_hand():
    m = np.array([-2.0, 0.0, 0.5, 2.0])
    expected = {"zero_one": [1, 1, 0, 0], "perceptron": [2, 0, 0, 0], "hinge": [3, 1, 0.5, 0],
                "logistic": np.log1p(np.exp(-m)), "exponential": np.exp(-m), "square": [9, 1, 0.25, 1]}
    assert set(losses.MARGIN_LOSSES) == set(expected)
    for name, fn in losses.MARGIN_LOSSES.items():
        np.testing.assert_allclose(fn(m), expected[name], err_msg=name)


def test_hinge_logistic_in_bits_and_exponential_bound_the_zero_one_loss():
    m = np.linspace(-5, 5, 1001)
    for bound in (losses.hinge(m), losses.logistic(m) / math.log(2), losses.exponential(m)):
        assert np.all(bound >= losses.zero_one(m))


def test_logistic_margin_loss_is_binary_cross_entropy_with_labels_in_0_1():
    f = np.linspace(-4, 4, 9)
    for y in (-1.0, 1.0):
        np.testing.assert_allclose(losses.logistic(y * f),
                                   losses.sigmoid_cross_entropy_with_logits(np.full(9, (y + 1) / 2), f))


def test_logistic_margin_loss_is_stable_at_1e4():
    np.testing.assert_allclose(losses.logistic([-1e4, 1e4]), [1e4, 0.0])


@pytest.mark.parametrize("name", sorted(losses.MARGIN_LOSSES))
def test_margin_losses_reject_text(name):
    with pytest.raises(TypeError, match="m must be an array of numbers, got str 'x'"):
        losses.MARGIN_LOSSES[name]("x")


# --- the same numbers as PyTorch (values recorded with torch 2.13, float64) -------------------

TORCH_LOGITS = np.array([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0]])
TORCH_Y = np.array([0, 2])


def test_cross_entropies_match_torch():
    probs = np.array([[0.7, 0.2, 0.1], [0.0, 0.5, 0.5]])
    np.testing.assert_allclose(losses.softmax_cross_entropy_with_logits(probs, TORCH_LOGITS),
                               [0.9913112966571571, 2.5549852353771474], rtol=1e-14)
    np.testing.assert_allclose(losses.sparse_softmax_cross_entropy_with_logits(TORCH_Y, TORCH_LOGITS),
                               [0.24131129665715703, 5.054985235377147], rtol=1e-14)
    loss, dlogits = losses.softmax_loss(TORCH_LOGITS, TORCH_Y)  # F.cross_entropy(logits, y).backward()
    assert loss == pytest.approx(2.6481482660171523, rel=1e-14)
    np.testing.assert_allclose(dlogits, [[-0.10720148270536206, 0.019556286635343725, 0.08764519607001835],
                                         [0.023561708262332073, 0.47324956127644685, -0.49681126953877885]],
                               rtol=1e-13)


def test_binary_cross_entropy_matches_torch_bce_with_logits():
    x = np.array([[-3.0, 0.0, 2.5], [10.0, -0.5, 1.0]])
    z = np.array([[0.0, 1.0, 0.25], [1.0, 0.5, 0.0]])
    np.testing.assert_allclose(losses.sigmoid_cross_entropy_with_logits(z, x),
                               [[0.048587351573742055, 0.6931471805599453, 1.9538897342925496],
                                [4.539889921686465e-05, 0.7240769841801067, 1.3132616875182228]], rtol=1e-12)
    loss, dlogits = losses.binary_cross_entropy_loss(x, z)
    assert loss == pytest.approx(0.7888347228372973, rel=1e-14)
    np.testing.assert_allclose(dlogits, [[0.00790431219626113, -0.08333333333333333, 0.11235696999645943],
                                         [-7.566311450398396e-06, -0.020409888533642433, 0.12184309643833414]],
                               rtol=1e-10)


def test_regression_losses_and_svm_match_torch():
    pred, target = np.array([[1.0, 2.0], [3.0, -4.0]]), np.array([[0.5, 2.0], [1.0, 1.0]])
    assert losses.mse_loss(pred, target)[0] == 7.3125  # F.mse_loss
    assert losses.mae_loss(pred, target)[0] == 1.875  # F.l1_loss
    # F.multi_margin_loss averages over the C classes too; ×C gives the cs231n loss
    assert losses.svm_loss(TORCH_LOGITS, TORCH_Y)[0] == pytest.approx(4.5)  # (0 + (3 + 6)) / 2


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, 6, elements=st.floats(-1e4, 1e4)),
       hnp.arrays(np.float64, 6, elements=st.floats(0, 1)))
def test_binary_cross_entropy_is_finite_and_at_least_the_label_entropy(x, z):
    loss = losses.sigmoid_cross_entropy_with_logits(z, x)
    assert np.all(np.isfinite(loss))
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.nan_to_num(z * np.log(z)) - np.nan_to_num((1 - z) * np.log1p(-z))
    assert np.all(loss >= entropy - 1e-9)
