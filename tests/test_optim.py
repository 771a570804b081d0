"""Optimizers: steps by hand, closed forms, PyTorch's trajectories, state per name, bad inputs."""

import numpy as np
import pytest

from course_lib import optim


def test_sgd_first_step_by_hand():
    theta = np.array([1.0, -2.0])
    optim.SGD(lr=0.1).step({"w": theta}, {"w": np.array([3.0, 4.0])})
    np.testing.assert_allclose(theta, [0.7, -2.4], rtol=1e-15)


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


def test_weight_decay_must_be_non_negative():
    with pytest.raises(ValueError, match=r"weight_decay must be in \[0, inf\], got -0.1"):
        optim.SGD(lr=0.1, weight_decay=-0.1)
