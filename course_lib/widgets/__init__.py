"""Interactive explorers: thin ipywidgets shells around the drawing functions of ``plots``.

Every ``<thing>_explorer(**initial)`` returns an ``Explorer``: controls above a figure, where
each change of a control redraws the figure by calling the pure drawing function. Tests set
``explorer.controls["name"].value`` and inspect ``explorer.figure``. One module per chapter
(``course_lib._chapters``); everything is re-exported here.
"""

from .._chapters import load, public_names
from .explorer import Explorer

_EXPORTS = public_names(load(__name__))
globals().update(_EXPORTS)
__all__ = ["Explorer", *_EXPORTS]
