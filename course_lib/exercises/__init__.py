"""Exercise checkers: ``check("05.2", answer)`` prints whether your answer is right.

Pass a value for a "predict, then run" exercise, or your function for an "implement it" one.
A wrong answer gets a hint that points at the mistake, never the answer itself; an answer left
as ``...`` is "not attempted yet". Worked answers are in ``notebooks/solutions/``.
One module per chapter (``course_lib._chapters``) registers its checkers; this package imports
them all.
"""

from .._chapters import load
from . import checking
from .checking import REGISTRY, Result, check, evaluate

load(__name__)  # each chapter module registers its checkers on import

__all__ = ["REGISTRY", "Result", "check", "checking", "evaluate"]
