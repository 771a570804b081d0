"""course_lib: the tested NumPy code behind the deep-learning fundamentals notebooks.

Modules, one concept each: ``losses`` (softmax and the losses), ``activations``, ``layers``,
``normalization`` (batch norm of feature maps, and folding batch norm into a linear layer),
``regularization`` (norms and penalties), ``optim`` (optimizers and learning-rate schedules),
``gradcheck`` (numerical gradients), ``autograd`` (a scalar reverse-mode autodiff), ``guessing``
(the guess-the-number game), ``surfaces`` (2-D test functions), ``data``, ``experiments`` (the
seeded experiment runs the figures show), ``compare`` (fair comparisons over seeds, each arm at
its best setting), ``train`` (the training loop) and ``checkpoint`` (saving and loading
parameters); ``show_source(f)`` shows a function's code in a notebook. ``plots`` and ``widgets``
(matplotlib and ipywidgets) and ``exercises`` (the exercise checkers) are imported only when
first used, so ``import course_lib`` stays fast and needs no display.
"""

import importlib

from . import (
    activations,
    autograd,
    checkpoint,
    compare,
    data,
    experiments,
    gradcheck,
    guessing,
    layers,
    losses,
    normalization,
    optim,
    regularization,
    surfaces,
    train,
)
from .source import show_source

__version__ = "0.1.0"

_LAZY = ("plots", "widgets", "exercises")

__all__ = ["activations", "autograd", "checkpoint", "compare", "data", "experiments", "gradcheck", "guessing",
           "layers", "losses", "optim", "regularization", "surfaces", "train", "show_source", *_LAZY,
           "normalization"]


_NEEDS = {"plots": "plots", "widgets": "widgets"}
"""The optional dependency group (pyproject.toml) that ``plots`` and ``widgets`` need; the
exercise checkers, like the core, need NumPy alone."""


def __getattr__(name: str):
    if name in _LAZY:
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as missing:
            if name not in _NEEDS or (missing.name or "").split(".")[0] == __name__:
                raise
            raise ImportError(f"course_lib.{name} needs {missing.name}, which is not installed: "
                              f"pip install 'course_lib[{_NEEDS[name]}]'") from missing
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
