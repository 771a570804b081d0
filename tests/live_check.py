"""A check for every live explorer: a move's blitted picture is the picture a full drawing gives."""

import io

import numpy as np
from PIL import Image


def pixels(explorer) -> np.ndarray:
    """The explorer's picture as shown, decoded."""
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGBA"))


def assert_moves_match_a_full_drawing(explorer, moves: dict) -> None:
    """Set each control of ``moves`` ({name: value}) in turn; after each, the picture shown (blitted
    or rendered again) must equal, pixel for pixel, the one ``explorer.redraw()`` draws anew from
    the same values (same figure, same margins). A live artist left out of ``Live.artists``, or
    updated wrongly, shows up as a difference."""
    for name, value in moves.items():
        explorer.controls[name].value = value
        shown = pixels(explorer)
        explorer.redraw()
        np.testing.assert_array_equal(shown, pixels(explorer), err_msg=f"after {name} = {value!r}")
        assert explorer.live is not None, "the drawing returned no Live: every move draws anew"
