"""Drawing functions: each draws one state onto matplotlib axes and returns nothing.

A drawing function is pure (same arguments, same picture) and fast, so the widgets in
``course_lib.widgets`` can call it on every slider move and the tests can call it on the Agg
backend. One module per chapter (``course_lib._chapters``); everything is re-exported here.
"""

from .._chapters import load, public_names
from .base import COLORS, Live, use_course_style

_EXPORTS = public_names(load(__name__))
globals().update(_EXPORTS)
__all__ = ["COLORS", "Live", "use_course_style", *_EXPORTS]
