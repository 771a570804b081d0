"""The code paths of NumPy and OpenBLAS under which the notebooks' saved outputs are computed.

On x86-64, NumPy picks AVX-512 or AVX2 loops (exp, tanh, sums, ...) and OpenBLAS picks matrix
kernels for the processor it runs on. They round differently in the last bits, and training
turns that into other printed digits: on a processor with AVX-512, notebook 04's tanh networks
end 40 epochs at a mean loss of 0.1371 over 5 seeds instead of the saved 0.08841. The saved
outputs are computed with the AVX2 loops and OpenBLAS's Haswell kernels, which x86-64 processors
have had since 2013–2015; the tests (``conftest.py``), ``make notebooks`` and the browser check
use the same paths, so a notebook re-executes to the same bytes on any such machine. Elsewhere
(ARM) nothing is pinned, and the notebooks' asserts leave room for the difference:
``make check-other-loops`` runs every notebook on ``OTHER_LOOPS`` (older loops that round
differently) and fails if any assert does.
"""

from __future__ import annotations

import os
import platform
from collections.abc import MutableMapping

X86_64 = platform.machine().lower() in ("x86_64", "amd64")
ENVIRONMENT = {
    # the AVX-512 groups of NumPy 2 and of NumPy 1 (a name this NumPy does not know is ignored)
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR AVX512F AVX512CD AVX512_SKX "
                                "AVX512_CLX AVX512_CNL AVX512_KNL AVX512_KNM",
    "OPENBLAS_CORETYPE": "Haswell",
} if X86_64 else {}

OTHER_LOOPS = {
    # NumPy's baseline (SSE) loops: its AVX2 and AVX-512 groups of NumPy 2 and of NumPy 1 are off
    "NPY_DISABLE_CPU_FEATURES": ENVIRONMENT["NPY_DISABLE_CPU_FEATURES"] + " X86_V3 AVX2 FMA3",
    "OPENBLAS_CORETYPE": "Sandybridge",  # OpenBLAS's kernels for the first processors with AVX
} if X86_64 else {}


def pin(environ: MutableMapping[str, str] = os.environ) -> MutableMapping[str, str]:
    """Set the pinned code paths in ``environ`` (a process's environment, read by NumPy and
    OpenBLAS when they load), unless it sets them already; return it."""
    for name, value in ENVIRONMENT.items():
        environ.setdefault(name, value)
    return environ


def numpy_loops() -> list[str]:
    """The groups of loops NumPy may pick in this process: those it was built with (its dispatch
    targets) that the processor has and the environment did not turn off."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # NumPy 1
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    return sorted(target for target in __cpu_dispatch__ if __cpu_features__.get(target))
