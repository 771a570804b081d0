"""Optimizers and schedules: steps by hand, closed forms, PyTorch's trajectories, state per
parameter name, Newton's method, and bad inputs."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import data, layers, losses, optim, surfaces, train

REFERENCE = json.loads((Path(__file__).parent / "data" / "torch_reference_optim.json").read_text())

FIRST_ORDER = {  # fresh optimizers (they keep state, so every test makes its own)
    "sgd": lambda: optim.SGD(lr=0.1),
    "momentum": lambda: optim.Momentum(lr=0.1, momentum=0.8),
    "nesterov": lambda: optim.Momentum(lr=0.1, momentum=0.8, nesterov=True),
    "adagrad": lambda: optim.Adagrad(lr=0.1),
    "adadelta": lambda: optim.Adadelta(),
    "rmsprop": lambda: optim.RMSProp(lr=0.1),
    "adam": lambda: optim.Adam(lr=0.1),
}


def run(opt, theta0, grads):
    """Apply ``opt`` to a copy of ``theta0`` with the given gradient sequence; return the path."""
    theta = np.array(theta0, dtype=float)
    path = []
    for g in grads:
        opt.step({"p": theta}, {"p": np.asarray(g, dtype=float)})
        path.append(theta.copy())
    return np.array(path)


# --- SGD ------------------------------------------------------------------------------------

def test_sgd_first_step_by_hand():
    theta = np.array([1.0, -2.0])
    optim.SGD(lr=0.1).step({"w": theta}, {"w": np.array([3.0, 4.0])})
    np.testing.assert_allclose(theta, [0.7, -2.4], rtol=1e-15)


def test_sgd_on_a_quadratic_follows_the_closed_form():
    # f = ½·h·θ², g = h·θ, so θ_t = (1 − lr·h)^t · θ_0
    h, lr, theta = 3.0, 0.1, np.array([2.0])
    opt = optim.SGD(lr)
    for t in range(1, 31):
        opt.step({"p": theta}, {"p": h * theta})
        assert theta[0] == pytest.approx(2.0 * 0.7**t, rel=1e-12)


def test_sgd_weight_decay_adds_lambda_theta_to_the_gradient():
    theta = np.array([1.0, -2.0])
    optim.SGD(lr=0.1, weight_decay=0.5).step({"w": theta}, {"w": np.array([3.0, 4.0])})
    # g + λθ = (3.5, 3.0); θ − 0.1·(3.5, 3.0)
    np.testing.assert_allclose(theta, [0.65, -2.3], rtol=1e-15)


def test_sgd_weight_decay_alone_shrinks_by_one_minus_lr_lambda():
    theta = np.array([2.0, -4.0])
    opt = optim.SGD(lr=0.1, weight_decay=0.5)
    for _ in range(3):
        opt.step({"w": theta}, {"w": np.zeros(2)})
    np.testing.assert_allclose(theta, np.array([2.0, -4.0]) * 0.95**3, rtol=1e-14)


# --- the other first-order methods, first steps by hand --------------------------------------

def test_momentum_first_two_steps_by_hand():
    # v1 = −0.1·2 = −0.2, θ1 = 0.8; v2 = 0.9·(−0.2) − 0.1·1 = −0.28, θ2 = 0.52
    path = run(optim.Momentum(lr=0.1, momentum=0.9), [1.0], [[2.0], [1.0]])
    np.testing.assert_allclose(path[:, 0], [0.8, 0.52], rtol=1e-15)


def test_nesterov_first_two_steps_by_hand():
    # θ += μ·v − lr·g: v1 = −0.2, θ1 = 1 − 0.18 − 0.2 = 0.62; v2 = −0.28, θ2 = 0.62 − 0.252 − 0.1
    path = run(optim.Momentum(lr=0.1, momentum=0.9, nesterov=True), [1.0], [[2.0], [1.0]])
    np.testing.assert_allclose(path[:, 0], [0.62, 0.268], rtol=1e-14)


def test_momentum_on_a_quadratic_follows_the_matrix_power():
    # (θ, v) evolves linearly: v' = μv − lr·h·θ, θ' = θ + v'
    h, lr, mu = 2.0, 0.1, 0.7
    T = np.array([[1 - lr * h, mu], [-lr * h, mu]])
    theta = np.array([1.5])
    opt = optim.Momentum(lr, mu)
    for t in range(1, 21):
        opt.step({"p": theta}, {"p": h * theta})
        expected = np.linalg.matrix_power(T, t) @ [1.5, 0.0]
        assert theta[0] == pytest.approx(expected[0], rel=1e-10, abs=1e-14)


def test_adagrad_first_steps_by_hand():
    # G1 = 4, θ1 = 1 − 0.5·2/2 = 0.5; G2 = 4 + 9 = 13, θ2 = 0.5 − 0.5·3/√13
    path = run(optim.Adagrad(lr=0.5, eps=1e-10), [1.0], [[2.0], [3.0]])
    np.testing.assert_allclose(path[:, 0], [0.5, 0.5 - 1.5 / math.sqrt(13)], rtol=1e-9)


def test_adadelta_first_step_by_hand():
    # E[g²] = 0.1·4 = 0.4; Δ = √(0 + eps)/√(0.4 + eps)·2
    eps = 1e-6
    path = run(optim.Adadelta(lr=1.0, rho=0.9, eps=eps), [1.0], [[2.0]])
    assert path[0, 0] == pytest.approx(1.0 - math.sqrt(eps) / math.sqrt(0.4 + eps) * 2, rel=1e-14)


def test_rmsprop_first_step_by_hand():
    # s = 0.01·4 = 0.04, θ = 1 − 0.01·2/(0.2 + 1e-8)
    path = run(optim.RMSProp(lr=0.01, alpha=0.99, eps=1e-8), [1.0], [[2.0]])
    assert path[0, 0] == pytest.approx(1.0 - 0.02 / (0.2 + 1e-8), rel=1e-14)


def test_adam_first_step_is_lr_times_the_sign_of_the_gradient():
    # m̂ = g, v̂ = g², so the step is lr·g/(|g| + eps), whatever the size of g
    g = np.array([1e3, -1e-3, 5.0])
    path = run(optim.Adam(lr=0.1), [1.0, 1.0, 1.0], [g])
    np.testing.assert_allclose(path[0], 1.0 - 0.1 * g / (np.abs(g) + 1e-8), rtol=1e-14)
    np.testing.assert_allclose(path[0], [0.9, 1.1, 0.9], rtol=1e-4)


def test_adam_second_step_by_hand():
    b1, b2, lr = 0.9, 0.999, 0.1
    m = 0.9 * (0.1 * 2.0) + 0.1 * 1.0
    v = 0.999 * (0.001 * 4.0) + 0.001 * 1.0
    theta1 = 1.0 - lr * 2.0 / (2.0 + 1e-8)
    expected = theta1 - lr / (1 - b1**2) * m / (math.sqrt(v) / math.sqrt(1 - b2**2) + 1e-8)
    path = run(optim.Adam(lr=lr, beta1=b1, beta2=b2), [1.0], [[2.0], [1.0]])
    assert path[1, 0] == pytest.approx(expected, rel=1e-14)


def test_adam_keeps_m_and_v_uncorrected():
    opt = optim.Adam(lr=0.1)
    run(opt, [1.0], [[2.0]])
    assert opt.m["p"][0] == pytest.approx(0.2)
    assert opt.v["p"][0] == pytest.approx(0.004)


# --- against PyTorch ----------------------------------------------------------------------------

@pytest.mark.parametrize("case", REFERENCE["runs"], ids=lambda r: r["label"])
def test_trajectory_matches_torch_optim(case):
    """40 steps on ½‖Aw − b‖² + Σ log cosh(M − C), recorded by tools/torch_reference.py."""
    problem = REFERENCE["problem"]
    A, b, C = (np.array(problem[k]) for k in ("A", "b", "C"))
    params = {"w": np.array(problem["w0"]), "M": np.array(problem["M0"])}
    opt = getattr(optim, case["course"])(**case["course_kwargs"])
    for k in range(REFERENCE["steps"]):
        opt.step(params, {"w": A.T @ (A @ params["w"] - b), "M": np.tanh(params["M"] - C)})
        for name in ("w", "M"):
            np.testing.assert_allclose(params[name], case["trajectory"][name][k], rtol=1e-10,
                                       atol=1e-12, err_msg=f"{name} after step {k + 1}")


def test_the_reference_covers_every_pytorch_counterpart():
    assert {r["course"] for r in REFERENCE["runs"]} == {"SGD", "Momentum", "Adagrad", "Adadelta",
                                                        "RMSProp", "Adam"}
    assert any(r["torch_kwargs"].get("nesterov") for r in REFERENCE["runs"])


# --- state per parameter name -----------------------------------------------------------------

@pytest.mark.parametrize("name", FIRST_ORDER)
def test_state_is_kept_per_parameter_name(name):
    """One optimizer on two arrays gives the same paths as two separate optimizers."""
    rng = np.random.default_rng(0)
    ga, gb = rng.standard_normal((6, 3)), rng.standard_normal((6, 2, 2))
    alone_a = run(FIRST_ORDER[name](), np.ones(3), ga)
    alone_b = run(FIRST_ORDER[name](), np.ones((2, 2)), gb)
    shared = FIRST_ORDER[name]()
    a, b = np.ones(3), np.ones((2, 2))
    for k in range(6):
        shared.step({"0.W": a, "2.W": b}, {"0.W": ga[k], "2.W": gb[k]})
    np.testing.assert_array_equal(a, alone_a[-1])
    np.testing.assert_array_equal(b, alone_b[-1])


def test_adam_counts_steps_per_parameter():
    """A parameter first seen at step 3 gets the bias correction of its own first step."""
    opt = optim.Adam(lr=0.1)
    a = np.array([1.0])
    for _ in range(2):
        opt.step({"a": a}, {"a": np.array([1.0])})
    b = np.array([1.0])
    opt.step({"a": a, "b": b}, {"a": np.array([1.0]), "b": np.array([4.0])})
    assert opt.steps == {"a": 3, "b": 1}
    assert b[0] == pytest.approx(0.9, rel=1e-7)


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_float32_parameters_stay_float32(name):
    opt = FIRST_ORDER[name]()
    theta = np.ones(4, dtype=np.float32)
    opt.step({"p": theta}, {"p": np.full(4, 0.5, dtype=np.float32)})
    assert theta.dtype == np.float32
    assert np.all(theta < 1)


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_one_optimizer_trains_a_whole_sequential(name):
    opt = FIRST_ORDER[name]()
    model = layers.Sequential(layers.Linear(4, 5, rng=0), layers.Activation("tanh"),
                              layers.Linear(5, 3, rng=1))
    X2, y = data.make_blobs(60, centers=3, rng=0)
    X = X2 @ np.array([[1.0, 0.5, -1.0, 0.0], [0.0, 1.0, 0.5, -1.0]])
    before = losses.softmax_loss(model.forward(X), y)[0]
    for _ in range(20):
        _, dlogits = losses.softmax_loss(model.forward(X), y)
        model.backward_params(dlogits)
        opt.step(model.params, model.grads)
    assert losses.softmax_loss(model.forward(X), y)[0] < before
    assert opt.t == 20


# --- properties -------------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=30))
def test_adagrad_effective_rate_never_rises(gradients):
    opt = optim.Adagrad(lr=0.1)
    rates = []
    for g in gradients:
        opt.step({"p": np.zeros(1)}, {"p": np.array([g])})
        rates.append(opt.lr / (np.sqrt(opt.sum_sq["p"][0]) + opt.eps))
    assert np.all(np.diff(rates) <= 0)


@pytest.mark.parametrize("name", FIRST_ORDER)
@settings(max_examples=20, deadline=None)
@given(theta=st.lists(st.floats(-10, 10, allow_nan=False), min_size=1, max_size=5))
def test_a_zero_gradient_from_rest_moves_nothing(name, theta):
    p = np.array(theta)
    FIRST_ORDER[name]().step({"p": p}, {"p": np.zeros_like(p)})
    np.testing.assert_array_equal(p, theta)


# --- Newton -----------------------------------------------------------------------------------

def test_newton_solves_a_quadratic_in_one_step():
    rng = np.random.default_rng(3)
    B = rng.standard_normal((6, 6))
    H, c = B @ B.T + np.eye(6), rng.standard_normal(6)  # f = ½θᵀHθ − cᵀθ, minimum H⁻¹c
    theta = rng.standard_normal(6)
    optim.Newton(hessian=lambda _: H).step({"p": theta}, {"p": H @ theta - c})
    np.testing.assert_allclose(theta, np.linalg.solve(H, c), rtol=1e-10)


def test_newton_asks_for_the_hessian_where_it_steps_from():
    surface = surfaces.rosenbrock()
    seen = []
    newton = optim.Newton(hessian=lambda p: seen.append(p.copy()) or surface.hessian(p))
    path = surfaces.descend(surface, newton, (-1.5, 2.0), steps=2)
    np.testing.assert_array_equal(seen, path[:2])


def test_newton_jumps_to_the_saddle_point():
    saddle = surfaces.saddle()
    path = surfaces.descend(saddle, optim.Newton(hessian=saddle.hessian), (1.5, -0.7), steps=3)
    np.testing.assert_allclose(path[1:], 0.0, atol=1e-15)


def test_newton_damping_by_hand():
    # one dimension: θ − lr·g/(h + λ) = 1 − 0.5·4/(2 + 2)
    theta = np.array([1.0])
    newton = optim.Newton(lr=0.5, damping=2.0, hessian=lambda _: np.array([[2.0]]))
    newton.step({"p": theta}, {"p": np.array([4.0])})
    assert theta[0] == pytest.approx(0.5)


def test_newton_takes_one_hessian_function_per_parameter():
    theta, bias = np.ones((2, 2)), np.array([3.0])
    newton = optim.Newton(hessian={"W": lambda _: np.diag([1.0, 2.0, 4.0, 8.0]), "b": lambda _: np.eye(1)})
    newton.step({"W": theta, "b": bias}, {"W": np.full((2, 2), 8.0), "b": np.array([1.0])})
    np.testing.assert_allclose(theta, [[-7.0, -3.0], [-1.0, 0.0]])  # a matrix parameter is reshaped
    np.testing.assert_allclose(bias, [2.0])


def test_newton_bad_inputs():
    theta = {"p": np.ones(2)}
    with pytest.raises(TypeError, match=r"hessian must be a function H = hessian\(θ\) or a dict of them "
                                        r"by parameter name, got int 3"):
        optim.Newton(hessian=3)
    with pytest.raises(ValueError, match=r"hessian has no function for the parameter 'p', only for \['q'\]"):
        optim.Newton(hessian={"q": np.eye}).step(theta, {"p": np.ones(2)})
    with pytest.raises(ValueError, match=r"hessian\('p'\) must have shape \(2, 2\) .* got shape \(3, 3\)"):
        optim.Newton(hessian=lambda _: np.eye(3)).step(theta, {"p": np.ones(2)})
    with pytest.raises(ValueError, match=r"singular: no Newton step exists; use damping > 0"):
        optim.Newton(hessian=lambda _: np.zeros((2, 2))).step(theta, {"p": np.ones(2)})
    with pytest.raises(ValueError, match=r"damping must be in \[0, inf\], got -1"):
        optim.Newton(damping=-1, hessian=np.eye)


# --- schedules --------------------------------------------------------------------------------

def test_step_decay_values():
    s = optim.step_decay(0.1, drop=0.5, every=10)
    assert [s(e) for e in (0, 9, 10, 25)] == pytest.approx([0.1, 0.1, 0.05, 0.025])


def test_exponential_decay_values():
    assert optim.exponential_decay(0.1, rate=0.9)(2) == pytest.approx(0.081)
    assert optim.exponential_decay(0.1, rate=0.5, decay_epochs=4)(2) == pytest.approx(0.1 / math.sqrt(2))


def test_inverse_time_decay_values():
    s = optim.inverse_time_decay(0.1, rate=0.5)
    assert [s(0), s(4)] == pytest.approx([0.1, 0.1 / 3])


def test_cosine_decay_values():
    s = optim.cosine_decay(0.1, epochs=10, lr_min=0.02)
    assert [s(0), s(5), s(10), s(50)] == pytest.approx([0.1, 0.06, 0.02, 0.02])


@pytest.mark.parametrize("name", sorted(optim.SCHEDULES))
@settings(max_examples=25, deadline=None)
@given(epoch=st.integers(0, 500), lr0=st.floats(1e-4, 10))
def test_every_schedule_starts_at_lr0_and_never_rises(name, epoch, lr0):
    s = optim.SCHEDULES[name](lr0, 40) if name == "cosine_decay" else optim.SCHEDULES[name](lr0)
    assert s(0) == pytest.approx(lr0)
    assert 0 <= s(epoch + 1) <= s(epoch) <= lr0


def test_a_schedule_drives_train_fit():
    X, y = data.make_blobs(40, centers=2, rng=0)
    model = layers.Sequential(layers.Linear(2, 2, rng=0))
    schedule = optim.step_decay(0.2, drop=0.1, every=2)
    history = train.fit(model, losses.softmax_loss, optim.SGD(1.0), X, y, epochs=5, batch_size=10,
                        rng=0, progress=False, lr_schedule=schedule)
    assert history.lr == pytest.approx([0.2, 0.2, 0.02, 0.02, 0.002])


# --- bad inputs -------------------------------------------------------------------------------

@pytest.mark.parametrize(("make", "message"), [
    (lambda: optim.SGD(lr=0), r"lr must be in \(0, inf\], got 0"),
    (lambda: optim.SGD(lr="0.1"), r"lr must be a real number, got str '0.1'"),
    (lambda: optim.SGD(lr=0.1, weight_decay=-0.1), r"weight_decay must be in \[0, inf\], got -0.1"),
    (lambda: optim.Momentum(0.1, momentum=1.0), r"momentum must be in \[0, 1\), got 1"),
    (lambda: optim.Momentum(0.1, nesterov="yes"), r"nesterov must be True or False, got 'yes'"),
    (lambda: optim.Adagrad(eps=0), r"eps must be in \(0, inf\], got 0"),
    (lambda: optim.Adadelta(rho=1.5), r"rho must be in \[0, 1\), got 1.5"),
    (lambda: optim.RMSProp(alpha=-0.1), r"alpha must be in \[0, 1\), got -0.1"),
    (lambda: optim.Adam(beta1=1.0), r"beta1 must be in \[0, 1\), got 1"),
    (lambda: optim.Adam(beta2=2), r"beta2 must be in \[0, 1\), got 2"),
    (lambda: optim.step_decay(0.1, every=0), r"every must be in \[1, inf\], got 0"),
    (lambda: optim.step_decay(0.1, drop=1.5), r"drop must be in \(0, 1\], got 1.5"),
    (lambda: optim.exponential_decay(-1.0), r"lr0 must be in \(0, inf\], got -1"),
    (lambda: optim.inverse_time_decay(0.1, decay_epochs=0), r"decay_epochs must be in \(0, inf\], got 0"),
    (lambda: optim.cosine_decay(0.1, epochs=10, lr_min=0.2), r"lr_min must be in \[0, 0.1\], got 0.2"),
    (lambda: optim.cosine_decay(0.1, epochs=10)(-1), r"epoch must be in \[0, inf\], got -1"),
    (lambda: optim.step_decay(0.1)(1.5), r"epoch must be an integer, got float 1.5"),
])
def test_bad_hyper_parameters_are_named_in_the_message(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_step_needs_the_same_names_in_params_and_grads():
    with pytest.raises(ValueError, match=r"params and grads must have the same names, "
                                         r"got \['0.W', '0.b'\] and \['0.W'\]"):
        optim.Adam().step({"0.W": np.ones(2), "0.b": np.ones(1)}, {"0.W": np.ones(2)})


@pytest.mark.parametrize(("params", "grads", "error", "message"), [
    ([np.ones(2)], {"w": np.ones(2)}, TypeError, r"params must be a dict of name → array, got list"),
    ({"w": "x"}, {"w": np.ones(2)}, TypeError, r"params\['w'\] must be an array of numbers, got str"),
    ({"w": np.array([np.nan, 1.0])}, {"w": np.ones(2)}, ValueError, r"params\['w'\] must contain only finite"),
    ({"w": np.ones(2)}, {"w": np.array([np.nan, 1.0])}, ValueError, r"grads\['w'\] must contain only numbers, not NaN"),
    ({"w": np.ones(2)}, {"w": np.ones(3)}, ValueError, r"grads\['w'\] must have the shape of params\['w'\] \(2,\)"),
])
def test_step_checks_params_and_grads(params, grads, error, message):
    with pytest.raises(error, match=message):
        optim.SGD(0.1).step(params, grads)


def test_newton_refuses_a_nan_hessian():
    with pytest.raises(ValueError, match=r"hessian\('p'\) must be finite, got NaN or inf"):
        optim.Newton(hessian=lambda _: np.array([[np.nan]])).step({"p": np.ones(1)}, {"p": np.ones(1)})


# --- AdamW (decoupled weight decay) --------------------------------------------------------------

def test_adamw_first_step_by_hand():
    # θ ← θ·(1 − lr·λ) = 0.98, then Adam's first step lr·g/(|g| + eps) ≈ 0.1
    path = run(optim.AdamW(lr=0.1, weight_decay=0.2), [1.0], [[3.0]])
    assert path[0, 0] == pytest.approx(0.98 - 0.1 * 3.0 / (3.0 + 1e-8), rel=1e-14)


def test_adamw_without_decay_is_adam():
    grads = np.random.default_rng(0).standard_normal((20, 3))
    np.testing.assert_array_equal(run(optim.AdamW(lr=0.1, weight_decay=0.0), np.ones(3), grads),
                                  run(optim.Adam(lr=0.1), np.ones(3), grads))


def test_adamw_decays_every_weight_alike_and_adam_l2_does_not():
    # a zero loss gradient: AdamW shrinks by (1 − lr·λ) per step whatever θ's scale; Adam with
    # L2 normalises λθ and moves every weight by about lr per step instead
    theta_w, theta_l2 = np.array([1.0, 100.0]), np.array([1.0, 100.0])
    adamw, adam_l2 = optim.AdamW(lr=0.01, weight_decay=0.5), optim.Adam(lr=0.01, weight_decay=0.5)
    for _ in range(10):
        adamw.step({"p": theta_w}, {"p": np.zeros(2)})
        adam_l2.step({"p": theta_l2}, {"p": np.zeros(2)})
    np.testing.assert_allclose(theta_w, np.array([1.0, 100.0]) * 0.995**10, rtol=1e-12)
    np.testing.assert_allclose(np.array([1.0, 100.0]) - theta_l2, [0.1, 0.1], rtol=5e-3)


def test_adamw_bad_weight_decay_is_named():
    with pytest.raises(ValueError, match=r"weight_decay must be in \[0, inf\], got -1"):
        optim.AdamW(weight_decay=-1)
