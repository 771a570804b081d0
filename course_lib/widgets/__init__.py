"""Interactive explorers: thin ipywidgets shells around the drawing functions of ``plots``.

Every ``<thing>_explorer(**initial)`` returns an ``Explorer``: controls above a figure, where
each change of a control redraws the figure by calling the pure drawing function. Tests set
``explorer.controls["name"].value`` and inspect ``explorer.figure``.
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
from .batchnorm import *  # noqa: F403
from .descent import *  # noqa: F403
from .dropout import *  # noqa: F403
from .explorer import Explorer
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
__all__ = ["Explorer"]
__all__ += [name for chapter in _CHAPTERS for name in chapter.__all__]
