"""Record torch.optim trajectories that tests/test_optim.py compares course_lib.optim against.

PyTorch is not a dependency of the course. Run this with an interpreter that has it, e.g.

    python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch==2.13.0 numpy
    /tmp/torchenv/bin/python tools/torch_reference.py

It writes tests/data/torch_reference_optim.json: a small fixed problem with two named
parameters ("w", a vector, and "M", a matrix), and for each optimizer configuration the values
of both parameters after every step, in float64. The gradients are given by formula (not by
autograd), so torch and course_lib see bit-identical gradients for identical parameters:

    loss = ½‖A·w − b‖² + Σ log cosh(M − C),   ∂/∂w = Aᵀ(A·w − b),   ∂/∂M = tanh(M − C).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

STEPS = 40
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "torch_reference_optim.json"

# (label, torch class, torch kwargs, course_lib class, course_lib kwargs)
RUNS = [
    ("sgd", "SGD", {"lr": 0.1}, "SGD", {"lr": 0.1}),
    ("sgd_weight_decay", "SGD", {"lr": 0.1, "weight_decay": 0.05},
     "SGD", {"lr": 0.1, "weight_decay": 0.05}),
    ("momentum", "SGD", {"lr": 0.05, "momentum": 0.9}, "Momentum", {"lr": 0.05, "momentum": 0.9}),
    ("nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True},
     "Momentum", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("momentum_weight_decay", "SGD", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.01},
     "Momentum", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.01}),
    ("adagrad", "Adagrad", {"lr": 0.5}, "Adagrad", {"lr": 0.5}),
    ("adagrad_eps_weight_decay", "Adagrad", {"lr": 0.3, "eps": 1e-3, "weight_decay": 0.02},
     "Adagrad", {"lr": 0.3, "eps": 1e-3, "weight_decay": 0.02}),
    ("adadelta", "Adadelta", {}, "Adadelta", {}),
    ("adadelta_lr_rho_eps_weight_decay", "Adadelta",
     {"lr": 0.5, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.01},
     "Adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-4, "weight_decay": 0.01}),
    ("rmsprop", "RMSprop", {"lr": 0.01}, "RMSProp", {"lr": 0.01}),
    ("rmsprop_alpha_eps_weight_decay", "RMSprop",
     {"lr": 0.05, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.01},
     "RMSProp", {"lr": 0.05, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.01}),
    ("adam", "Adam", {"lr": 0.05}, "Adam", {"lr": 0.05}),
    ("adam_betas_eps_weight_decay", "Adam",
     {"lr": 0.1, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.01},
     "Adam", {"lr": 0.1, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.01}),
]


def problem() -> dict:
    rng = np.random.default_rng(7)
    return {"A": rng.standard_normal((5, 3)).tolist(), "b": rng.standard_normal(5).tolist(),
            "C": rng.standard_normal((2, 2)).tolist(),
            "w0": rng.standard_normal(3).tolist(), "M0": (2 * rng.standard_normal((2, 2))).tolist()}


def trajectory(data: dict, cls: str, kwargs: dict) -> dict:
    A, b, C = (torch.tensor(data[k], dtype=torch.float64) for k in ("A", "b", "C"))
    w = torch.tensor(data["w0"], dtype=torch.float64)
    M = torch.tensor(data["M0"], dtype=torch.float64)
    opt = getattr(torch.optim, cls)([w, M], foreach=False, **kwargs)
    path = {"w": [], "M": []}
    for _ in range(STEPS):
        w.grad = A.T @ (A @ w - b)
        M.grad = torch.tanh(M - C)
        opt.step()
        path["w"].append(w.tolist())
        path["M"].append(M.tolist())
    return path


def main() -> None:
    data = problem()
    runs = [{"label": label, "torch": cls, "torch_kwargs": tkw, "course": ccls,
             "course_kwargs": ckw, "trajectory": trajectory(data, cls, tkw)}
            for label, cls, tkw, ccls, ckw in RUNS]
    OUT.write_text(json.dumps({"torch_version": torch.__version__, "steps": STEPS,
                               "problem": data, "runs": runs}) + "\n")
    print(f"wrote {len(runs)} trajectories of {STEPS} steps to {OUT}")


if __name__ == "__main__":
    main()
