"""Showing the library's own code in a notebook: the code a reader studies is the code tested."""

from __future__ import annotations

import inspect

from . import _checks


class Source:
    """The source code of a function or class, shown by Jupyter as a highlighted Python block.

    ``text`` is the code. A notebook renders the markdown form; a plain-text front end (a
    terminal, ``print``) shows the code itself.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return f"```python\n{self.text}```"

    def __repr__(self) -> str:
        return self.text.rstrip("\n")


def show_source(obj) -> Source:
    """The source of a course_lib function, method or class, for a notebook to display."""
    if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj)):
        raise TypeError(f"obj must be a function, method or class, got {_checks._describe(obj)}")
    return Source(inspect.getsource(obj))
