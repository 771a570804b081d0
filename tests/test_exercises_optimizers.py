"""The checkers of notebook 07's exercises: right answers pass, starters are not attempted, and
typical mistakes get a hint that points at them."""

import numpy as np
import pytest
from exercise_hints import verdict

from course_lib import optim


def learner_optimizer(update, base=optim.Adagrad):
    """A learner's optimizer class: the library's constructor with the given ``update``."""
    return type("LearnerOptimizer", (base,), {"update": update})


def starter(self, name, param, grad):
    raise NotImplementedError


# 07.1 · the stability limit of momentum

def test_momentum_limit_right_answer():
    assert verdict("07.1", 0.03).status == "right"


def test_momentum_limit_starter_is_not_attempted():
    assert verdict("07.1", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (0.02, "that is the limit of plain gradient descent (μ = 0): momentum moves it"),
    (0.01, "momentum raises the stable limit, it does not lower it"),
    (3.0, "that limit is for the curvature 1; the steep direction has curvature κ = 100"),
    (0.05, "0.05 is too large: with that rate momentum diverges along the steep direction y"),
    (0.025, "0.025 is too small: momentum still converges with a somewhat larger rate"),
    ("0.03", "answer with a number, got str"),
])
def test_momentum_limit_mistakes_get_hints(answer, hint):
    result = verdict("07.1", answer)
    assert result.status == "wrong"
    assert result.message == hint
    assert "0.03" not in result.message


# 07.2 · Adagrad, step by step

def adagrad_update(self, name, param, grad):
    G = self.sum_sq.setdefault(name, np.zeros_like(param))
    G += grad * grad
    param -= self.lr * grad / (np.sqrt(G) + self.eps)


def test_adagrad_library_and_learner_classes_are_right():
    assert verdict("07.2", optim.Adagrad).status == "right"
    assert verdict("07.2", learner_optimizer(adagrad_update)).status == "right"


def test_adagrad_starter_is_not_attempted():
    assert verdict("07.2", learner_optimizer(starter)).status == "not attempted"


def test_adagrad_an_instance_instead_of_the_class_is_named():
    assert verdict("07.2", optim.Adagrad()).message == \
        "pass your optimizer class itself (not an instance or a call), got Adagrad"


def test_adagrad_rebinding_instead_of_updating_in_place_is_named():
    def update(self, name, param, grad):
        G = self.sum_sq.setdefault(name, np.zeros_like(param))
        G += grad * grad
        param = param - self.lr * grad / (np.sqrt(G) + self.eps)  # noqa: F841

    assert verdict("07.2", learner_optimizer(update)).message.startswith(
        "for one parameter of 3 numbers, step 1: your step left the parameters unchanged: update each "
        "array in place (param -= ...)")


def test_adagrad_without_eps_fails_on_a_rare_feature():
    def update(self, name, param, grad):
        G = self.sum_sq.setdefault(name, np.zeros_like(param))
        G += grad * grad
        param -= self.lr * grad / np.sqrt(G)

    assert verdict("07.2", learner_optimizer(update)).message == (
        "for a gradient coordinate that is exactly 0 in the first steps (a rare feature), step 1: "
        "the update of 'w' contains NaN or inf (does something overflow or divide by zero?)")


def test_adagrad_eps_inside_the_square_root_is_named():
    def update(self, name, param, grad):
        G = self.sum_sq.setdefault(name, np.zeros_like(param))
        G += grad * grad
        param -= self.lr * grad / np.sqrt(G + self.eps)

    assert verdict("07.2", learner_optimizer(update)).message == (
        "for ε = 0.1 (large, to see where it sits), step 1: ε sits inside your square root: "
        "course_lib and PyTorch add it after the square root")


def test_adagrad_a_missing_square_root_is_named():
    def update(self, name, param, grad):
        G = self.sum_sq.setdefault(name, np.zeros_like(param))
        G += grad * grad
        param -= self.lr * grad / (G + self.eps)

    assert verdict("07.2", learner_optimizer(update)).message == \
        "for one parameter of 3 numbers, step 1: you divide by G itself: Adagrad divides by its square root"


def test_adagrad_forgetting_earlier_gradients_shows_at_step_2():
    def update(self, name, param, grad):
        param -= self.lr * grad / (np.sqrt(grad * grad) + self.eps)

    assert verdict("07.2", learner_optimizer(update)).message == (
        "for one parameter of 3 numbers, step 2: G must add up the squared gradients of all the "
        "steps so far, not only the current one")


def test_adagrad_one_sum_for_all_parameters_is_named():
    def update(self, name, param, grad):
        G = self.sum_sq.setdefault("G", np.zeros_like(param))
        G += grad * grad
        param -= self.lr * grad / (np.sqrt(G) + self.eps)

    assert verdict("07.2", learner_optimizer(update)).message.startswith(
        "for two parameters of the same shape, step 1: two parameters share one G: keep a separate "
        "sum per parameter name")


def test_adagrad_wrong_sign_and_missing_learning_rate_are_named():
    def ascent(self, name, param, grad):
        G = self.sum_sq.setdefault(name, np.zeros_like(param))
        G += grad * grad
        param += self.lr * grad / (np.sqrt(G) + self.eps)

    def no_lr(self, name, param, grad):
        G = self.sum_sq.setdefault(name, np.zeros_like(param))
        G += grad * grad
        param -= grad / (np.sqrt(G) + self.eps)

    assert verdict("07.2", learner_optimizer(ascent)).message == \
        "for one parameter of 3 numbers, step 1: the update of 'w' has the wrong sign"
    assert verdict("07.2", learner_optimizer(no_lr)).message == \
        "for one parameter of 3 numbers, step 1: the update of 'w' is off by a constant factor of 10"


def test_adagrad_a_constructor_without_eps_is_reported():
    class NoEps(optim.Optimizer):
        def __init__(self, lr=0.01):
            super().__init__(lr)

    assert verdict("07.2", NoEps).message.startswith(
        "creating your optimizer with {'lr': 0.1, 'eps': 1e-10}: your function raised TypeError")


# 07.3 · Adam's first step

def test_adam_first_step_right_answer():
    assert verdict("07.3", [-0.1, -0.1, -0.1]).status == "right"
    assert verdict("07.3", np.array([-0.1, -0.1, -0.0999999])).status == "right"


def test_adam_first_step_starter_is_not_attempted():
    assert verdict("07.3", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    ([-1.0, -0.1, -0.001], "that is SGD's step −lr·g: Adam divides the step by √v̂ + ε"),
    ([-0.3162, -0.3162, -0.3162], "that is the step without bias correction: what are m̂ and v̂ after one step?"),
    ([-0.01, -0.01, -0.01], "that is the step with v bias-corrected but not m"),
    ([0.1, 0.1, 0.1], "your step has the wrong sign"),
    ([-0.1, -0.1], "your step has the wrong shape: expected (3,), got (2,)"),
])
def test_adam_first_step_mistakes_get_hints(answer, hint):
    result = verdict("07.3", answer)
    assert result.status == "wrong"
    assert result.message == hint


# 07.4 · Adam, step by step

def adam_update(self, name, param, grad):
    m = self.m.setdefault(name, np.zeros_like(param))
    v = self.v.setdefault(name, np.zeros_like(param))
    t = self.steps[name] = self.steps.get(name, 0) + 1
    m[...] = self.beta1 * m + (1 - self.beta1) * grad
    v[...] = self.beta2 * v + (1 - self.beta2) * grad**2
    param -= self.lr * (m / (1 - self.beta1**t)) / (np.sqrt(v / (1 - self.beta2**t)) + self.eps)


def adam_with(update):
    return learner_optimizer(update, base=optim.Adam)


def test_adam_library_and_learner_classes_are_right():
    assert verdict("07.4", optim.Adam).status == "right"
    assert verdict("07.4", adam_with(adam_update)).status == "right"


def test_adam_counting_steps_with_the_base_class_t_is_right_too():
    def update(self, name, param, grad):
        m = self.m.setdefault(name, np.zeros_like(param))
        v = self.v.setdefault(name, np.zeros_like(param))
        m[...] = self.beta1 * m + (1 - self.beta1) * grad
        v[...] = self.beta2 * v + (1 - self.beta2) * grad**2
        m_hat, v_hat = m / (1 - self.beta1**self.t), v / (1 - self.beta2**self.t)
        param -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    assert verdict("07.4", adam_with(update)).status == "right"


def test_adam_starter_is_not_attempted():
    assert verdict("07.4", adam_with(starter)).status == "not attempted"


def test_adam_the_notes_in_place_bias_correction_has_its_own_hint():
    def update(self, name, param, grad):  # the notes' rule: m /= 1 - beta1**t, v /= 1 - beta2**t
        m = self.m.setdefault(name, np.zeros_like(param))
        v = self.v.setdefault(name, np.zeros_like(param))
        t = self.steps[name] = self.steps.get(name, 0) + 1
        m[...] = self.beta1 * m + (1 - self.beta1) * grad
        v[...] = self.beta2 * v + (1 - self.beta2) * grad**2
        m /= 1 - self.beta1**t
        v /= 1 - self.beta2**t
        param -= self.lr * m / (np.sqrt(v) + self.eps)

    assert verdict("07.4", adam_with(update)).message == (
        "for one parameter of 3 numbers, step 2: the bias-corrected values were written back into m "
        "and v (the notes' bug, claim C43): keep m and v as plain running means and use corrected "
        "copies for the step only")


def test_adam_without_bias_correction_is_named():
    def update(self, name, param, grad):
        m = self.m.setdefault(name, np.zeros_like(param))
        v = self.v.setdefault(name, np.zeros_like(param))
        m[...] = self.beta1 * m + (1 - self.beta1) * grad
        v[...] = self.beta2 * v + (1 - self.beta2) * grad**2
        param -= self.lr * m / (np.sqrt(v) + self.eps)

    assert verdict("07.4", adam_with(update)).message.startswith(
        "for one parameter of 3 numbers, step 1: m and v are not bias-corrected")


def test_adam_eps_inside_the_square_root_is_named():
    def update(self, name, param, grad):
        m = self.m.setdefault(name, np.zeros_like(param))
        v = self.v.setdefault(name, np.zeros_like(param))
        t = self.steps[name] = self.steps.get(name, 0) + 1
        m[...] = self.beta1 * m + (1 - self.beta1) * grad
        v[...] = self.beta2 * v + (1 - self.beta2) * grad**2
        param -= self.lr * (m / (1 - self.beta1**t)) / np.sqrt(v / (1 - self.beta2**t) + self.eps)

    assert verdict("07.4", adam_with(update)).message.endswith(
        "ε sits inside your square root: course_lib and PyTorch add it after the square root")


def test_adam_hard_coded_betas_fail_on_other_betas():
    def update(self, name, param, grad):
        m = self.m.setdefault(name, np.zeros_like(param))
        v = self.v.setdefault(name, np.zeros_like(param))
        t = self.steps[name] = self.steps.get(name, 0) + 1
        m[...] = 0.9 * m + 0.1 * grad
        v[...] = 0.999 * v + 0.001 * grad**2
        param -= self.lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + self.eps)

    assert verdict("07.4", adam_with(update)).message.startswith(
        "for β₁ = 0.5 and β₂ = 0.8, step 2: the update of 'w' differs from the expected values")


def test_adam_a_step_count_starting_at_zero_gives_inf_at_the_first_step():
    def update(self, name, param, grad):
        m = self.m.setdefault(name, np.zeros_like(param))
        v = self.v.setdefault(name, np.zeros_like(param))
        t = self.steps[name] = self.steps.get(name, -1) + 1
        m[...] = self.beta1 * m + (1 - self.beta1) * grad
        v[...] = self.beta2 * v + (1 - self.beta2) * grad**2
        param -= self.lr * (m / (1 - self.beta1**t)) / (np.sqrt(v / (1 - self.beta2**t)) + self.eps)

    assert verdict("07.4", adam_with(update)).message == (
        "for one parameter of 3 numbers, step 1: the update of 'w' contains NaN or inf (does "
        "something overflow or divide by zero?)")


def test_adagrad_that_fails_only_for_large_gradients_names_their_scale():
    def clipped(self, name, param, grad):
        adagrad_update(self, name, param, np.clip(grad, -100, 100))

    assert verdict("07.2", learner_optimizer(clipped)).message.startswith(
        "for gradients on the scale of 1e4, step 2: the update of 'w' differs from the expected values")


# 07.6 · the noise floor

def test_noise_floor_right_answer():
    # 0.05/(2·1.95) + 0.05/(2·1.5) = 0.012821 + 0.016667
    assert verdict("07.6", 0.029487).status == "right"


def test_noise_floor_starter_is_not_attempted():
    assert verdict("07.6", ...).status == "not attempted"


@pytest.mark.parametrize(("answer", "hint"), [
    (0.058974, "twice too large: f = ½·Σ hᵢθᵢ², so the floor has a factor ½"),
    (0.028974, "that is the variance of θ summed over the coordinates; f weights each by ½hᵢ"),
    (0.012821, "that is the floor of the gentle coordinate alone: f sums both"),
    (0.016667, "that is the floor of the steep coordinate alone: f sums both"),
    (0.025, "that drops the ηhᵢ in 2 − ηhᵢ: for the steep coordinate ηh = 0.5 is not small"),
    (0.1, "0.1 is too large"),
    ("0.03", "answer with a number, got str"),
])
def test_noise_floor_mistakes_get_hints(answer, hint):
    result = verdict("07.6", answer)
    assert result.status == "wrong"
    assert result.message == hint
