"""pytest set-up shared by the unit tests and the notebook tests (nbval).

One BLAS thread per process: with two pytest workers on two cores, more threads only fight.
NumPy's and OpenBLAS's code paths are those the notebooks' outputs were computed with
(``tools/pinned_numerics.py``), here and in the notebooks' kernels, set before NumPy loads.
The nbval sanitize file is resolved here, so `pytest` works from any folder.
"""

import os
import sys
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(Path(__file__).parent / "tools"))
from pinned_numerics import pin  # noqa: E402

pin()

SANITIZE = Path(__file__).parent / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config):
    if getattr(config.option, "nbval_sanitize_with", "unset") is None:
        config.option.nbval_sanitize_with = str(SANITIZE)
