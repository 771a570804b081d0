"""The chapter modules that ``plots``, ``widgets`` and ``exercises`` each have, listed once.

Each package has one module per name here (``plots/softmax.py``, ``widgets/softmax.py``,
``exercises/softmax.py``); a new chapter adds its name here and its modules there.
"""

from __future__ import annotations

import importlib
from types import ModuleType

CHAPTERS = ("softmax", "descent", "backprop", "activations", "losses", "regularization", "optimizers",
            "dropout", "batchnorm", "training", "playground")
"""In the order of the notebooks (01 softmax … 11 playground)."""


def load(package: str) -> list[ModuleType]:
    """Import every chapter module of ``package`` (e.g. ``"course_lib.plots"``), in chapter order."""
    return [importlib.import_module(f"{package}.{name}") for name in CHAPTERS]


def public_names(modules: list[ModuleType]) -> dict[str, object]:
    """Every name the chapter modules export in ``__all__``; a name exported twice is an error."""
    names: dict[str, object] = {}
    for module in modules:
        for name in module.__all__:
            if name in names:
                raise ImportError(f"{name!r} is exported by two chapter modules of "
                                  f"{module.__name__.rsplit('.', 1)[0]}")
            names[name] = getattr(module, name)
    return names
