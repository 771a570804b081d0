"""The one widget pattern: controls drive a pure drawing function."""

import asyncio
import io
import sys

import ipywidgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from course_lib import plots, widgets
from course_lib.widgets.explorer import loop_running


def _draw_line(ax, *, slope, offset=0.0):
    ax.plot([0, 1], [offset, offset + slope])
    ax.set_title(f"slope {slope}")


def test_explorer_draws_the_initial_state():
    explorer = widgets.Explorer(_draw_line, {"slope": ipywidgets.FloatSlider(value=2.0)})
    line = explorer.figure.axes[0].lines[0]
    assert list(line.get_ydata()) == [0.0, 2.0]
    assert explorer.values == {"slope": 2.0}


def test_changing_a_control_redraws_with_the_new_value():
    explorer = widgets.Explorer(_draw_line, {"slope": ipywidgets.FloatSlider(value=2.0)},
                                fixed={"offset": 1.0})
    first = explorer.image.value
    explorer.controls["slope"].value = 3.0
    assert explorer.image.value != first
    assert len(explorer.figure.axes[0].lines) == 1  # the old line is gone
    assert list(explorer.figure.axes[0].lines[0].get_ydata()) == [1.0, 4.0]
    assert explorer.figure.axes[0].get_title() == "slope 3.0"


def test_the_image_is_the_rendered_figure_and_pyplot_never_sees_it():
    open_figures = plt.get_fignums()
    explorer = widgets.Explorer(_draw_line, {"slope": ipywidgets.FloatSlider(value=2.0)},
                                figsize=(4, 3))
    picture = Image.open(io.BytesIO(explorer.image.value))
    dpi = explorer.figure.dpi
    assert picture.format == "PNG" and picture.size == (round(4 * dpi), round(3 * dpi))
    assert plt.get_fignums() == open_figures  # nothing for the inline backend to show again


def test_margins_are_fitted_once_then_kept_while_the_slider_moves():
    def draw(ax, *, digits):
        ax.plot([0, 1], [0, 10.0 ** digits])
        ax.set_ylabel("a label")

    explorer = widgets.Explorer(draw, {"digits": ipywidgets.IntSlider(value=1, max=8)})
    fitted = explorer.figure.axes[0].get_position().bounds
    assert fitted[0] > 0.125 - 0.05 and fitted != (0.125, 0.11, 0.775, 0.77)  # tight, not default
    explorer.controls["digits"].value = 8
    assert explorer.figure.axes[0].get_position().bounds == pytest.approx(fitted)


def test_axes_a_drawing_adds_do_not_pile_up():
    def draw(ax, *, level):
        image = ax.imshow([[0, level], [level, 0]])
        ax.figure.colorbar(image, ax=ax)

    explorer = widgets.Explorer(draw, {"level": ipywidgets.IntSlider(value=1, min=1)})
    for level in (2, 3, 4):
        explorer.controls["level"].value = level
    assert len(explorer.figure.axes) == 2  # the plot and one colorbar


def test_explorer_lays_out_several_axes():
    def draw(axes, *, n):
        for ax in axes:
            ax.plot(range(n))

    explorer = widgets.Explorer(draw, {"n": ipywidgets.IntSlider(value=3)}, ncols=2, figsize=(6, 2))
    assert len(explorer.figure.axes) == 2
    assert tuple(explorer.figure.get_size_inches()) == (6.0, 2.0)


def test_a_drawing_error_surfaces_to_the_caller():
    def broken(ax, *, a):
        raise ValueError(f"a must be positive, got {a}")

    with pytest.raises(ValueError, match="a must be positive, got -1"):
        widgets.Explorer(broken, {"a": ipywidgets.IntSlider(value=-1, min=-5)})


def test_the_picture_has_one_and_a_half_times_the_pixels_of_the_width_it_is_shown_at():
    with matplotlib.rc_context({"figure.dpi": 100}):
        explorer = widgets.Explorer(_draw_line, {"slope": ipywidgets.FloatSlider(value=2.0)},
                                    figsize=(4, 3))
    picture = Image.open(io.BytesIO(explorer.image.value))
    assert explorer.image.layout.width == "400px"  # a static 4-inch figure at 100 dpi: 400 px
    assert picture.size == (600, 450)  # sharp on a projector, also zoomed to 150 %


def test_the_plain_text_form_asks_to_run_the_cell_instead_of_listing_children():
    explorer = widgets.Explorer(_draw_line, {"slope": ipywidgets.FloatSlider(value=2.0)})
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Interactive figure: run this cell to see it.")
    assert "children" not in bundle["text/plain"]
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.model_id


def test_all_controls_of_an_explorer_share_one_label_width():
    controls = {"slope": ipywidgets.FloatSlider(value=2.0, description="slope"),
                "offset": ipywidgets.FloatSlider(description="offset of the line")}
    widgets.Explorer(_draw_line, controls)
    widths = {control.style.description_width for control in controls.values()}
    assert widths == {"19ch"}  # "offset of the line" has 18 characters


# --- live drawings: a move updates artists and blits them onto the cached background -------------

def _draw_live_line(ax, *, slope, height=1.0):
    """A live drawing: the line moves with ``slope``; ``height`` changes the y limits (background)."""
    ax.plot([0, 1], [0, 0], color="gray")  # background
    line, = ax.plot([0, 1], [0, 0], color="red")
    ax.set_xlim(0, 1)
    calls = []

    def update(*, slope, height=height):
        if height <= 0:
            return False
        calls.append(slope)
        line.set_ydata([0, slope])
        ax.set_ylim(-height, height)
        ax.set_title(f"slope {slope:g}")
        return True

    update(slope=slope)
    live = plots.Live(update, [line, ax.title], redraw_on=frozenset({"height"}))
    ax.calls = calls
    return live


def _pixels(explorer) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(explorer.image.value)).convert("RGBA"))


def test_the_png_is_the_rendered_figure_pixel_for_pixel():
    explorer = widgets.Explorer(_draw_line, {"slope": ipywidgets.FloatSlider(value=2.0)}, figsize=(3, 2))
    np.testing.assert_array_equal(_pixels(explorer), np.asarray(explorer.figure.canvas.buffer_rgba()))


def test_a_live_move_blits_without_drawing_anew_and_shows_what_a_full_drawing_shows():
    explorer = widgets.Explorer(_draw_live_line, {"slope": ipywidgets.FloatSlider(value=0.5, min=-1, max=1)},
                                figsize=(3, 2))
    ax = explorer.figure.axes[0]
    explorer.controls["slope"].value = -0.75
    assert explorer.figure.axes[0] is ax and ax.calls == [0.5, -0.75]  # updated, not drawn anew
    assert explorer.last_move == "blit"
    fresh = widgets.Explorer(_draw_live_line, {"slope": ipywidgets.FloatSlider(value=-0.75, min=-1, max=1)},
                             figsize=(3, 2))
    np.testing.assert_array_equal(_pixels(explorer), _pixels(fresh))  # the blit is the same picture


def test_a_background_keyword_renders_the_kept_figure_again():
    controls = {"slope": ipywidgets.FloatSlider(value=0.5, min=-1, max=1),
                "height": ipywidgets.FloatSlider(value=1.0, min=0, max=4)}
    explorer = widgets.Explorer(_draw_live_line, controls, figsize=(3, 2))
    ax = explorer.figure.axes[0]
    controls["height"].value = 3.0
    assert explorer.figure.axes[0] is ax and ax.get_ylim() == (-3.0, 3.0)
    assert explorer.last_move == "render"
    rendered = _pixels(explorer)
    explorer.redraw()  # drawn anew, with the margins kept from the first drawing
    np.testing.assert_array_equal(rendered, _pixels(explorer))  # new ticks and all


def test_an_update_that_cannot_follow_draws_anew():
    controls = {"slope": ipywidgets.FloatSlider(value=0.5, min=-1, max=1),
                "height": ipywidgets.FloatSlider(value=1.0, min=0, max=4)}
    explorer = widgets.Explorer(_draw_live_line, controls, figsize=(3, 2))
    ax = explorer.figure.axes[0]
    controls["height"].value = 0.0
    assert explorer.figure.axes[0] is not ax  # update said False: the figure was drawn anew
    assert explorer.last_move == "draw"


def test_a_live_drawing_in_a_notebook_figure_shows_its_artists():
    fig, ax = plt.subplots(figsize=(3, 2))
    live = _draw_live_line(ax, slope=0.5)
    assert repr(live) == ("Live(2 artists, 0 slow ones drawn again on [], "
                          "rendered again on ['height'])")  # no address for nbval
    assert not any(artist.get_animated() for artist in live.artists)  # savefig draws them
    plt.close(fig)


def _draw_layers(ax, *, slope, shade=0.2, label="fit", where="upper left"):
    """A slow band (follows ``shade`` only) under a moving line, and a legend over it whose
    label is ``label``: a live drawing with all three kinds of live artist."""
    band = ax.axhspan(-0.5, 0.5, color=str(shade))
    line, = ax.plot([0, 1], [0, 0], color="red", label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(-1, 1)
    legend = ax.legend(loc=where, frameon=True)
    draws = {"band": 0, "legend": 0}
    for name, artist in (("band", band), ("legend", legend)):
        def counted(renderer, draw=artist.draw, name=name):
            draws[name] += 1
            draw(renderer)
        artist.draw = counted

    def update(*, slope, shade, label, where=where):
        line.set_ydata([0, slope])
        band.set_color(str(shade))
        legend.get_texts()[0].set_text(label)

    update(slope=slope, shade=shade, label=label)
    ax.draws = draws
    return plots.Live(update, [line, legend], slow=[band], slow_on=frozenset({"shade"}))


def _layers(**start):
    controls = {"slope": ipywidgets.FloatSlider(value=0.5, min=-1, max=1),
                "shade": ipywidgets.FloatSlider(value=0.2, min=0, max=1),
                "label": ipywidgets.Text(value="fit")}
    for name, value in start.items():
        controls[name].value = value
    return widgets.Explorer(_draw_layers, controls, figsize=(3, 2))


def _close(a, b, levels=8):
    """Two pictures that differ at most by rounding where a kept legend is blended again."""
    return np.abs(a.astype(int) - b.astype(int)).max() <= levels


def test_a_move_keeps_the_slow_artists_and_an_unchanged_legend_and_shows_the_same_picture():
    explorer = _layers()
    draws = explorer.figure.axes[0].draws
    before = dict(draws)
    explorer.controls["slope"].value = -0.75
    assert explorer.last_move == "blit" and draws == before  # band and legend: kept pictures
    assert _close(_pixels(explorer), _pixels(_layers(slope=-0.75)))


def test_a_slow_keyword_draws_the_slow_artists_again_and_a_changed_legend_too():
    explorer = _layers()
    draws = explorer.figure.axes[0].draws
    explorer.controls["shade"].value = 0.6
    assert draws == {"band": 2, "legend": 1}
    explorer.controls["slope"].value = 0.25  # the new shade is kept
    assert draws == {"band": 2, "legend": 1}
    explorer.controls["label"].value = "a longer label"  # the legend changed: drawn again
    assert draws == {"band": 2, "legend": 2}
    assert _close(_pixels(explorer), _pixels(_layers(shade=0.6, slope=0.25, label="a longer label")))
    assert not _close(_pixels(explorer), _pixels(_layers(shade=0.2, slope=0.25, label="a longer label")))


def test_a_legend_at_the_best_place_is_drawn_on_every_move():
    controls = {"slope": ipywidgets.FloatSlider(value=0.5, min=-1, max=1),
                "shade": ipywidgets.FloatSlider(value=0.2, min=0, max=1),
                "label": ipywidgets.Text(value="fit")}
    explorer = widgets.Explorer(_draw_layers, controls, fixed={"where": "best"}, figsize=(3, 2))
    draws = explorer.figure.axes[0].draws
    explorer.controls["slope"].value = -0.75
    assert draws["legend"] == 2  # "best" follows the data, so no kept picture of it


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide's event loop always runs")
def test_loop_running_tells_a_script_from_code_on_an_event_loop():
    async def on_the_loop():
        return loop_running()

    assert not loop_running()
    assert asyncio.run(on_the_loop())


def _draw_under_legend(ax, *, y):
    """A wide live line at height ``y`` through a legend that the drawing leaves in the background."""
    ax.plot([0, 1], [0.5, 0.5], color="gray", label="a line of the background")
    line, = ax.plot([0, 1], [0, 0], color="red", linewidth=40)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="center", framealpha=1)

    def update(*, y):
        line.set_ydata([y, y])

    update(y=y)
    return plots.Live(update, [line])


def test_a_legend_stays_over_the_live_artists_of_its_axes():
    explorer = widgets.Explorer(_draw_under_legend, {"y": ipywidgets.FloatSlider(value=0.1)},
                                figsize=(3, 2))
    explorer.controls["y"].value = 0.5  # the line now runs through the legend
    legend = explorer.figure.axes[0].get_legend()
    box = legend.get_window_extent()
    row = explorer.figure.canvas.get_width_height(physical=True)[1] - round(box.y0 + 3)
    inside = _pixels(explorer)[row, round(box.x0 + 0.5 * box.width)]
    assert tuple(inside) == (255, 255, 255, 255)  # the legend's white frame, not the red line
