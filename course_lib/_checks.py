"""Input checks shared by every public function.

Each helper raises ``TypeError`` or ``ValueError`` with a message that names the argument,
says what was expected and shows what came. Public functions call these at their boundary;
inner loops never re-validate.
"""

from __future__ import annotations

import numbers

import numpy as np


def _describe(x) -> str:
    """A short description of what came, for error messages."""
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    return f"{type(x).__name__} {x!r}"[:80]


def _asarray(x, name: str) -> np.ndarray:
    """``np.asarray(x)``, with a named error for ragged nested lists."""
    try:
        return np.asarray(x)
    except ValueError:
        raise ValueError(f"{name} must be a rectangular array, got ragged {_describe(x)}") from None


def float_array(x, name: str, *, ndim: int | tuple[int, ...] | None = None,
                shape: str | None = None, finite: bool = False) -> np.ndarray:
    """``x`` as a float array: float32 stays float32, bools, integers and float64 become float64.

    float16 (and other float widths) are refused rather than silently widened: the course
    computes in float32 or float64 only. ``ndim`` is the required number of dimensions (or a
    tuple of allowed ones); ``shape`` is a human-readable shape such as ``"(N, D)"`` used in the
    message. With ``finite``, NaN and ±inf are refused and the first one is located.
    """
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {_describe(x)}")
    arr = _asarray(x, name)
    kind = arr.dtype.kind  # b bool, i/u integers, f floats, c complex; anything else is not a number
    if kind == "c":
        raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}")
    if kind not in "biuf":
        raise TypeError(f"{name} must be an array of numbers, got {_describe(x)}")
    if kind == "f" and arr.dtype not in (np.float32, np.float64):
        raise TypeError(f"{name} must be float32 or float64, got {_describe(arr)}; "
                        f"convert it with .astype(np.float32)")
    if arr.dtype != np.float32:
        arr = arr.astype(np.float64, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            want = shape or " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must have shape {want}, got shape {arr.shape}")
    if finite:
        all_finite(arr, name)
    return arr


def all_finite(arr: np.ndarray, name: str, *, inf: bool = False) -> None:
    """Refuse NaN and (unless ``inf``) ±inf in ``arr``, locating the first one."""
    bad = np.isnan(arr) if inf else ~np.isfinite(arr)
    if bad.any():
        i = np.unravel_index(np.flatnonzero(bad)[0], arr.shape)
        want = "numbers, not NaN" if inf else "finite numbers, got NaN or inf"
        raise ValueError(f"{name} must contain only {want} ({arr[i]} at index {tuple(map(int, i))})")


def shaped(x, name: str, shape: tuple[int | str, ...], *, what: str = "") -> np.ndarray:
    """``x`` as a finite float array (see ``float_array``) of ``shape``: an int entry is a
    required length, a str entry (``"N"``) any length. ``what`` says where the shape comes from."""
    want = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")" + what
    arr = float_array(x, name, ndim=len(shape), shape=want)
    if any(isinstance(n, int) and n != m for n, m in zip(shape, arr.shape, strict=True)):
        raise ValueError(f"{name} must have shape {want}, got shape {arr.shape}")
    all_finite(arr, name)
    return arr


def in_place(x, name: str) -> np.ndarray:
    """``x`` itself, a finite float32 or float64 numpy array: it is updated in place, so it is
    not converted."""
    if not isinstance(x, np.ndarray) or x.dtype not in (np.float32, np.float64):
        float_array(x, name)  # names what is wrong with it, if it is not numbers at all
        raise TypeError(f"{name} must be a float32 or float64 numpy array (it is updated in "
                        f"place), got {_describe(x)}")
    all_finite(x, name)
    return x


def layer(value, name: str = "layer"):
    """``value`` itself, which must be a course_lib ``Layer`` (``Sequential`` and friends)."""
    from .layers import Layer  # here: layers imports this module

    if not isinstance(value, Layer):
        raise TypeError(f"{name} must be a course_lib Layer (e.g. layers.Sequential), "
                        f"got {_describe(value)}")
    return value


def interval(value, name: str) -> tuple[float, float]:
    """A pair ``(low, high)`` of finite numbers (plot limits)."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise TypeError(f"{name} must be a pair (low, high) of numbers, got {_describe(value)}")
    return number(value[0], f"{name}[0]"), number(value[1], f"{name}[1]")


def array_dict(value, name: str, like: dict | None = None, like_name: str = "params") -> dict:
    """A dict of name → array (``params``, ``grads``), with the names of ``like`` when given.
    The entries are checked by the caller."""
    if not isinstance(value, dict):
        raise TypeError(f"{name} must be a dict of name → array, got {_describe(value)}")
    if like is not None and value.keys() != like.keys():
        raise ValueError(f"{like_name} and {name} must have the same names, got {sorted(like)} "
                         f"and {sorted(value)}")
    return value


def rows(x, name: str) -> np.ndarray:
    """``x`` as an array of examples, one per row (any dtype but object), without converting it."""
    if not isinstance(x, str | bytes) and x is not None:
        arr = _asarray(x, name)
        if arr.ndim and arr.dtype.kind != "O":
            return arr
    raise TypeError(f"{name} must be an array with one row per example, got {_describe(x)}")


def float_dtype(dtype, name: str = "dtype") -> np.dtype:
    """``np.float32`` or ``np.float64`` (as a dtype), the two precisions the course computes in."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name} must be np.float32 or np.float64, got {_describe(dtype)}") from None
    if result not in (np.float32, np.float64):
        raise ValueError(f"{name} must be np.float32 or np.float64, got {result}")
    return result


def flag(value, name: str) -> bool:
    """``True`` or ``False`` (a NumPy bool too); not any truthy value such as ``"no"``."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {_describe(value)}")
    return bool(value)


def labels(y, name: str, *, n: int | None = None, num_classes: int | None = None) -> np.ndarray:
    """Integer class labels of shape ``(n,)`` with values in ``[0, num_classes)`` (never negative)."""
    arr = _asarray(y, name)
    if arr.dtype.kind not in "iu":
        if arr.dtype.kind == "f" and arr.size and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise TypeError(f"{name} must hold integer class labels, got {_describe(y)}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must have shape (N,), got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name} must have {n} labels (one per row), got {arr.shape[0]}")
    top = np.inf if num_classes is None else num_classes
    if arr.size and (arr.min() < 0 or arr.max() >= top):
        i = np.flatnonzero((arr < 0) | (arr >= top))[0]
        upper = "inf)" if num_classes is None else f"{num_classes - 1}]"
        raise ValueError(f"{name} must be in [0, {upper}, got {arr[i]} at position {i}")
    return arr


def number(value, name: str, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False) -> float:
    """A finite real number in the interval given by ``low``/``high`` (closed unless ``*_open``).

    ±inf is refused even where the interval is unbounded: an infinite learning rate, noise or
    margin gives nothing but inf and NaN further on.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    value = float(value)
    if np.isinf(value):
        raise ValueError(f"{name} must be a finite number, got {value:g}")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if np.isnan(value) or too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        raise ValueError(f"{name} must be in {left}{lo}, {hi}{right}, got {value:g}")
    return value


def integer(value, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """An integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_describe(value)}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"{name} must be in [{lo}, {hi}], got {value}")
    return value


def choice(value, name: str, options) -> str:
    """One of ``options`` (strings, or numbers such as batch sizes)."""
    try:
        known = value in options
    except TypeError:  # an unhashable value such as a list is in no dict of options
        known = False
    if not known:
        raise ValueError(f"{name} must be one of {sorted(options)}, got {value!r}")
    return value


def rng(value, name: str = "rng") -> np.random.Generator:
    """A ``numpy.random.Generator``; ``None`` gives a fresh, unseeded one; an int seeds one."""
    if value is None:
        return np.random.default_rng()
    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"{name} must be an int seed of 0 or more, got {value}")
        return np.random.default_rng(int(value))
    raise TypeError(f"{name} must be a numpy.random.Generator, an int seed or None, "
                    f"got {_describe(value)}")


def axis(value, ndim: int, name: str = "axis") -> int:
    """A valid axis index for an array with ``ndim`` dimensions (negative counts from the end)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_describe(value)}")
    if not -ndim <= value < ndim:
        raise ValueError(f"{name} must be in [{-ndim}, {ndim - 1}] for a {ndim}-D array, "
                         f"got {value}")
    return int(value) % ndim


def same_rows(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """``a`` and ``b`` must have the same number of rows."""
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"{name_a} and {name_b} must have the same number of rows, "
                         f"got shapes {a.shape} and {b.shape}")
