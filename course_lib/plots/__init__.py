"""Drawing functions: each draws one state onto matplotlib axes and returns nothing.

A drawing function is pure (same arguments, same picture) and fast, so the widgets in
``course_lib.widgets`` can call it on every slider move and the tests can call it on the Agg
backend. One module per notebook; everything is re-exported here.
"""

from . import (
    activations,
    backprop,
    batchnorm,
    descent,
    dropout,
    losses,
    optimizers,
    playground,
    regularization,
    softmax,
    training,
)
from .activations import *  # noqa: F403
from .backprop import *  # noqa: F403
from .base import COLORS, show_source, use_course_style
from .batchnorm import *  # noqa: F403
from .descent import *  # noqa: F403
from .dropout import *  # noqa: F403
from .losses import *  # noqa: F403
from .optimizers import *  # noqa: F403
from .playground import *  # noqa: F403
from .regularization import *  # noqa: F403
from .softmax import *  # noqa: F403
from .training import *  # noqa: F403

_CHAPTERS = (
    activations,
    backprop,
    batchnorm,
    descent,
    dropout,
    losses,
    optimizers,
    playground,
    regularization,
    softmax,
    training,
)
__all__ = ["COLORS", "show_source", "use_course_style"]
__all__ += [name for chapter in _CHAPTERS for name in chapter.__all__]
