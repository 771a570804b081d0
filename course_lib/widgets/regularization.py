"""Explorers for notebook 06 regularization."""

from __future__ import annotations

import ipywidgets

from .. import _checks
from ..plots.regularization import draw_coefficient_paths, draw_polynomial_fit
from .explorer import Explorer

__all__ = ["polynomial_fit_explorer", "coefficient_paths_explorer"]


def polynomial_fit_explorer(*, degree: int = 9, lam: float = 1e-8) -> Explorer:
    """A degree slider (0 to 15) and a logarithmic λ slider (1e-8 to 10) above the polynomial
    fit and its coefficient sizes (``plots.draw_polynomial_fit``)."""
    degree = _checks.integer(degree, "degree", low=0, high=15)
    lam = _checks.number(lam, "lam", low=1e-8, high=10)
    controls = {
        "degree": ipywidgets.IntSlider(value=degree, min=0, max=15, description="degree",
                                       continuous_update=True),
        "lam": ipywidgets.FloatLogSlider(value=lam, base=10, min=-8, max=1, step=0.25,
                                         description="λ", readout_format=".1e",
                                         continuous_update=True),
    }
    return Explorer(draw_polynomial_fit, controls, fixed={"max_degree": controls["degree"].max},
                    ncols=2, figsize=(10, 3.8))


def coefficient_paths_explorer(*, lam: float = 0.1) -> Explorer:
    """A logarithmic λ slider (1e-3 to 10^0.5) above the lasso and ridge coefficient paths of
    ``plots.draw_coefficient_paths``, marking the weights at that λ."""
    lam = _checks.number(lam, "lam", low=1e-3, high=10**0.5)
    slider = ipywidgets.FloatLogSlider(value=lam, base=10, min=-3, max=0.5, step=0.125,
                                       description="λ", readout_format=".2g")
    return Explorer(draw_coefficient_paths, {"lam": slider}, ncols=2, figsize=(10, 3.8))
