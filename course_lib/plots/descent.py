"""Drawing functions for notebook 02 gradient descent."""

from __future__ import annotations

import numpy as np

from .. import _checks, optim, surfaces
from .base import COLORS, Live, log_y

__all__ = ["draw_surface", "draw_directional_derivative", "draw_descent_1d", "draw_descent_2d"]


def _decades(values, floor: float = 1e-16) -> tuple[float, float]:
    """The powers of ten just around the finite ``values`` (those below ``floor`` count as
    ``floor``): y limits for a log axis that fit the data instead of a fixed, mostly empty range."""
    values = np.asarray(values, dtype=float)
    values = np.maximum(values[np.isfinite(values)], floor)
    low, high = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
    return 10.0 ** low, 10.0 ** max(high, low + 1)


def _contours(ax, surface: surfaces.Surface, n: int, levels: int):
    """The contour lines of ``draw_surface`` (a ``ContourSet``)."""
    X, Y, Z = surface.grid(n)
    if Z.min() >= 0:
        ticks = np.geomspace(Z.max() * 1e-5, Z.max(), levels)
    else:
        ticks = np.unique(np.quantile(Z, np.linspace(0, 1, levels + 2)[1:-1]))
    return ax.contour(X, Y, Z, levels=ticks, cmap="viridis", linewidths=0.8)


def draw_surface(ax, surface: surfaces.Surface, *, n: int = 80, levels: int = 20):
    """Contour lines of ``surface`` over its plotting window, its minima marked with stars.

    Levels are spaced geometrically for a non-negative f (else at quantiles of the values), so
    steep walls and flat valleys both get lines. Returns the contour lines (a ``ContourSet``).
    """
    if not isinstance(surface, surfaces.Surface):
        raise TypeError(f"surface must be a course_lib.surfaces.Surface, got {type(surface).__name__}")
    contours = _contours(ax, surface, n, levels)
    for i, (mx, my) in enumerate(surface.minima):
        ax.plot(mx, my, "*", color="black", markersize=11, label="minimum" if i == 0 else None)
    ax.set_xlim(surface.xlim)
    ax.set_ylim(surface.ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return contours


def _arrow(ax, start, vector, color, label):
    """An arrow from ``start`` along ``vector`` (returned), with a legend entry of ``label``."""
    arrow = ax.annotate("", xy=start + vector, xytext=start,
                        arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 2})
    ax.plot([], [], color=color, linewidth=2, label=label)
    return arrow


def draw_directional_derivative(axes, *, angle: float = 0.0, surface: surfaces.Surface | None = None,
                                point=(1.5, 1.0)) -> Live:
    """The rate of change of f at ``point`` along the unit vector u at ``angle`` degrees.

    Left: contours, the gradient (black) and u (red). Right: D_u f = ∇f · u for every angle
    (a cosine of amplitude ‖∇f‖), the current angle marked; its maximum sits at the gradient's
    angle and equals ‖∇f‖. ``surface`` defaults to the quadratic with condition number 3.
    A new angle moves u, the marker and the title, which gives the angle (``Live``).
    """
    _checks.number(angle, "angle")
    drawn = surface
    surface = surfaces.quadratic(3.0) if surface is None else surface
    p = _checks.float_array(point, "point", ndim=1, shape="(2,)", finite=True)
    g = surface.grad(p)
    norm = float(np.hypot(*g))
    left, right = axes
    draw_surface(left, surface)
    _arrow(left, p, g / norm, "black", "gradient direction")
    u_arrow = _arrow(left, p, p, COLORS[1], "u")
    point_marker, = left.plot(*p, "o", color="black")
    left.set_aspect("equal")
    legend = left.legend(loc="lower left", fontsize=8)
    left.set_title(f"point ({p[0]:g}, {p[1]:g}) on {surface.name}")

    degrees = np.linspace(0, 360, 361)
    rad = np.deg2rad(degrees)
    right.plot(degrees, g[0] * np.cos(rad) + g[1] * np.sin(rad), color=COLORS[0],
               label="D_u f = ∇f · u")
    right.axhline(norm, color="gray", linestyle="--", linewidth=1, label="‖∇f‖")
    right.axvline(np.rad2deg(np.arctan2(g[1], g[0])) % 360, color="black", linestyle=":",
                  linewidth=1, label="gradient's angle")
    marker, = right.plot([], [], "o", color=COLORS[1], markersize=8)
    right.set_xlim(0, 360)
    right.set_xticks(range(0, 361, 90))
    right.set_ylim(-1.3 * norm, 1.9 * norm)
    right.set_xlabel("direction angle (degrees)")
    right.set_ylabel("directional derivative")
    right.legend(loc="upper center", fontsize=8, ncols=3)

    def update(*, angle: float, surface=drawn, point=point) -> bool:
        if surface is not drawn or not np.array_equal(point, p):
            return False
        angle = _checks.number(angle, "angle")
        theta = np.deg2rad(angle)
        u = np.array([np.cos(theta), np.sin(theta)])
        u_arrow.xy = p + u
        marker.set_data([angle % 360], [g @ u])
        right.set_title(f"u at {angle:.0f}°: D_u f = {g @ u:.3f}, maximum ‖∇f‖ = {norm:.3f}")
        return True

    update(angle=angle)
    return Live(update, [u_arrow, point_marker, legend, marker, right.title])


def _regime(factor: float) -> str:
    """What gradient descent on a parabola does when each step multiplies x by ``factor``."""
    if abs(factor) >= 1:
        return "diverges" if abs(factor) > 1 else "oscillates forever"
    if factor < 0:
        return "oscillates and converges"
    return "converges monotonically" if factor > 0 else "converges in one step"


def _descent_1d_path(lr, curvature, start, steps) -> tuple[np.ndarray, float]:
    """The iterates x_0 … x_steps of ``optim.SGD(lr)`` on ½·curvature·x², and the factor 1 − lr·a."""
    lr = _checks.number(lr, "lr", low=0, low_open=True)
    a = _checks.number(curvature, "curvature", low=0, low_open=True)
    steps = _checks.integer(steps, "steps", low=1, high=200)
    x = np.array([_checks.number(start, "start")])
    sgd = optim.SGD(lr)
    path = [x[0]]
    for _ in range(steps):
        sgd.step({"x": x}, {"x": a * x})
        path.append(float(x[0]))
    return np.array(path), 1 - lr * a


def draw_descent_1d(axes, *, lr: float = 0.3, curvature: float = 2.0, start: float = 2.0,
                    steps: int = 20, max_curvature: float | None = None) -> Live:
    """Gradient descent x ← x − lr·f'(x) on the parabola f(x) = ½·curvature·x².

    Each step multiplies x by (1 − lr·curvature): slow below lr = 1/curvature, oscillating
    between 1/curvature and 2/curvature, divergent above the critical rate 2/curvature.
    Left: the iterates on the parabola. Right: |x_k| on a log scale (a straight line), fitted to
    the path, or from 1e-8 to 1e8 when ``max_curvature`` is given (an explorer). The f axis
    reaches the parabola's height at ``max_curvature`` (default: ``curvature``), so a slider up
    to it moves the parabola, the iterates and the titles on fixed axes (``Live``).
    """
    _descent_1d_path(lr, curvature, start, steps)  # checks the arguments
    top = _checks.number(curvature if max_curvature is None else max_curvature, "max_curvature",
                         low=curvature)
    x0, drawn_steps = float(start), steps
    left, right = axes
    width = 1.5 * abs(x0)
    grid = np.linspace(-width, width, 200)
    parabola, = left.plot(grid, grid, color="gray", label="f(x) = ½·a·x²")
    iterates, = left.plot([], [], "o-", color=COLORS[1], markersize=4, linewidth=1, label="iterates")
    start_marker, = left.plot([x0], [x0], "o", color="black", markersize=7, label="start")
    left.set_xlim(-width, width)
    left.set_ylim(-0.05 * top * width**2, 0.55 * top * width**2)
    left.set_xlabel("x")
    left.set_ylabel("f(x)")
    left.legend(loc="lower left", fontsize=8)

    distance, = right.plot(np.arange(steps + 1), np.ones(steps + 1), "o-", color=COLORS[1],
                           markersize=3, linewidth=1)
    fit = max_curvature is None  # a static figure: the log axis fits the path, else it is fixed
    right.set_ylim(_decades(np.abs(_descent_1d_path(lr, curvature, start, steps)[0])) if fit
                   else (1e-8, 1e8))
    log_y(right)  # after set_ylim: the tick locator depends on the range
    limits = right.get_ylim()
    right.set_xlabel("step k")
    right.set_ylabel("|x_k|  (distance to the minimum)")

    def update(*, lr: float, curvature: float, start: float = x0, steps: int = drawn_steps,
               max_curvature: float | None = max_curvature) -> bool:
        if start != x0 or steps != drawn_steps or curvature > top:
            return False
        path, factor = _descent_1d_path(lr, curvature, start, steps)
        if fit and _decades(np.abs(path)) != limits:
            return False
        a = float(curvature)
        parabola.set_ydata(0.5 * a * grid**2)
        start_marker.set_ydata([0.5 * a * x0**2])
        iterates.set_data(path, 0.5 * a * path**2)
        distance.set_ydata(np.maximum(np.abs(path), 1e-300))
        left.set_title(f"lr = {lr:.3g}, curvature a = {a:g}: {_regime(factor)}")
        right.set_title(f"each step multiplies x by 1 − lr·a = {factor:.3g}\n"
                        f"critical rate 2/a = {2 / a:.3g}")
        return True

    update(lr=lr, curvature=curvature)
    return Live(update, [parabola, iterates, start_marker, distance, left.title, right.title])


def _named_surface(name: str, condition: float) -> surfaces.Surface:
    """The test surface ``name``; the quadratic with condition number ``condition``."""
    return surfaces.quadratic(condition) if name == "quadratic" else surfaces.SURFACES[name]()


def _descent_2d_values(name: str, lr: float, condition: float, steps: int):
    """The path of ``optim.SGD(lr)`` on the named surface from its start, and f along it."""
    surf = _named_surface(name, condition)
    path = surfaces.descend(surf, optim.SGD(lr), surf.start, steps)
    with np.errstate(over="ignore", invalid="ignore"):
        return path, surf.value(path)


def draw_descent_2d(axes, *, surface: str = "quadratic", lr: float = 0.1, condition: float = 10.0,
                    steps: int = 100, max_steps: int | None = None) -> Live:
    """Plain gradient descent (``optim.SGD``) on a named test surface from its usual start.

    ``condition`` is the condition number κ of the quadratic ½(x² + κy²) (ignored for other
    surfaces). Left: contours and the path. Right: f at each step, on a log scale fitted to
    the values, or from 1e-16 to 1e8 when ``max_steps`` is given (an explorer), up to step
    ``max_steps`` (default: ``steps``). On these fixed axes a new learning rate,
    κ or number of steps (up to ``max_steps``) moves the path, the curve and the contours only
    (``Live``); a new surface renders the figure again.
    """
    name = _checks.choice(surface, "surface", surfaces.SURFACES)
    _checks.number(condition, "condition", low=1)
    steps = _checks.integer(steps, "steps", low=1, high=5000)
    last = _checks.integer(steps if max_steps is None else max_steps, "max_steps", low=steps,
                           high=5000)
    left, right = axes
    drawn = [(name, name == "quadratic" and condition)]  # the surface whose contours are drawn
    contours = draw_surface(left, _named_surface(name, condition))  # under the path
    path_line, = left.plot([], [], ".-", color=COLORS[1], markersize=3, linewidth=1,
                           label="gradient descent")
    start_marker, = left.plot([], [], "o", color="black", label="start")
    left.legend(loc="lower right", fontsize=8)
    curve, = right.plot([], [], color=COLORS[1])
    right.set_xlim(0, last)
    fit = max_steps is None  # a static figure: the log axis fits f along the path, else it is fixed
    right.set_ylim(_decades(_descent_2d_values(name, lr, condition, steps)[1]) if fit
                   else (1e-16, 1e8))
    log_y(right)  # after set_ylim: the tick locator depends on the range
    limits = right.get_ylim()
    right.set_xlabel("step k")
    right.set_ylabel("f(x_k)")
    slow = [contours]  # a new κ replaces the contour lines

    drawn_max_steps = max_steps

    def update(*, surface: str, lr: float, condition: float, steps: int,
               max_steps: int | None = drawn_max_steps) -> bool:
        name = _checks.choice(surface, "surface", surfaces.SURFACES)
        condition = _checks.number(condition, "condition", low=1)
        steps = _checks.integer(steps, "steps", low=1, high=5000)
        if steps > last or max_steps != drawn_max_steps:
            return False
        quadratic = name == "quadratic"
        surf = _named_surface(name, condition)
        if drawn[0] != (name, quadratic and condition):
            if drawn[0][0] == name:  # another κ: new contour lines, a slow live artist
                slow[0].remove()
                contours = _contours(left, surf, 80, 20)
            else:  # another surface: new contours, minima and limits (rendered again)
                for artist in (*left.collections, *(line for line in left.lines
                                                    if line not in (path_line, start_marker))):
                    artist.remove()
                contours = draw_surface(left, surf)
            contours.set_animated(path_line.get_animated())  # blitted like the rest, if it is
            slow[0] = contours
            drawn[0] = (name, quadratic and condition)
        path, values = _descent_2d_values(name, lr, condition, steps)
        if fit and _decades(values) != limits:
            return False
        finite = np.isfinite(values)
        path_line.set_data(path[finite, 0], path[finite, 1])
        start_marker.set_data(*([c] for c in surf.start))
        curve.set_data(np.flatnonzero(finite), np.maximum(values[finite], 1e-300))
        title = f"{name}, lr = {lr:.3g}"
        if quadratic:
            title += f", κ = {condition:.3g} (critical lr 2/κ = {2 / condition:.3g})"
        left.set_title(title, fontsize=10)
        if not finite.all():
            status = f"diverged: overflow at step {int(np.argmin(finite))}"
        elif values[-1] > values[0]:
            status = f"diverging: f grew from {values[0]:.3g} to {values[-1]:.3g}"
        else:
            status = f"f after {steps} steps = {values[-1]:.3g}"
        right.set_title(status, fontsize=10)
        return True

    update(surface=surface, lr=lr, condition=condition, steps=steps)
    return Live(update, [path_line, start_marker, curve, left.title, right.title],
                redraw_on=frozenset({"surface"}), slow=slow, slow_on=frozenset({"condition"}))
