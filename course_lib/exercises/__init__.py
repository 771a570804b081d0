"""Exercise checkers: ``check("05.2", answer)`` prints whether your answer is right.

Pass a value for a "predict, then run" exercise, or your function for an "implement it" one.
A wrong answer gets a hint that points at the mistake, never the answer itself; an answer left
as ``...`` is "not attempted yet". Worked answers are in ``notebooks/solutions/``.
One module per notebook registers its checkers; this package imports them all.
"""

from . import (  # noqa: F401  (each chapter module registers its checkers on import)
    activations,
    backprop,
    batchnorm,
    checking,
    descent,
    dropout,
    losses,
    optimizers,
    playground,
    regularization,
    softmax,
    training,
)
from .checking import REGISTRY, Result, check, evaluate

__all__ = ["REGISTRY", "Result", "check", "checking", "evaluate"]
