"""tools/pinned_numerics.py: the tests and the notebooks' kernels compute on the code paths the
saved outputs were computed with."""

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import pinned_numerics  # noqa: E402

x86_only = pytest.mark.skipif(not pinned_numerics.X86_64, reason="nothing is pinned off x86-64")

FEATURES = """
import numpy
try:
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
except ImportError:  # NumPy 1
    from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
# the loops NumPy may pick at run time, of those it was built with: none of the AVX-512 ones
print(sorted(target for target in __cpu_dispatch__
             if __cpu_features__.get(target) and target.startswith(("AVX512", "X86_V4"))))
"""


def test_pin_fills_in_what_an_environment_lacks_and_keeps_what_it_sets():
    assert pinned_numerics.pin({}) == pinned_numerics.ENVIRONMENT
    assert pinned_numerics.pin({"OPENBLAS_CORETYPE": "Zen"})["OPENBLAS_CORETYPE"] == "Zen"


@x86_only
def test_this_process_and_a_kernel_started_from_it_use_no_avx512_loops():
    # conftest.py pinned this process before NumPy loaded; a child (a notebook's kernel) inherits it
    assert pinned_numerics.ENVIRONMENT.items() <= dict(pinned_numerics.pin({})).items()
    child = subprocess.run([sys.executable, "-c", FEATURES], capture_output=True, text=True, check=True)
    assert child.stdout.strip() == "[]" and child.stderr == ""
    exec(FEATURES.replace("print(", "found = ("), namespace := {})
    assert namespace["found"] == []


@x86_only
def test_openblas_uses_its_haswell_kernels():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import numpy as np

    np.ones((2, 2)) @ np.ones((2, 2))  # OpenBLAS is loaded
    openblas = [info for info in threadpoolctl.threadpool_info() if info["internal_api"] == "openblas"]
    assert openblas and all(info["architecture"] == "Haswell" for info in openblas)
