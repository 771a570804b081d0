"""tools/pinned_numerics.py: the tests and the notebooks' kernels compute on the code paths the
saved outputs were computed with."""

import subprocess
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))
import pinned_numerics  # noqa: E402

x86_only = pytest.mark.skipif(not pinned_numerics.X86_64, reason="nothing is pinned off x86-64")
AVX512 = ("AVX512", "X86_V4")  # the names of NumPy 1's and NumPy 2's AVX-512 groups


def test_pin_fills_in_what_an_environment_lacks_and_keeps_what_it_sets():
    assert pinned_numerics.pin({}) == pinned_numerics.ENVIRONMENT
    assert pinned_numerics.pin({"OPENBLAS_CORETYPE": "Zen"})["OPENBLAS_CORETYPE"] == "Zen"


@x86_only
def test_this_process_and_a_kernel_started_from_it_use_no_avx512_loops():
    # conftest.py pinned this process before NumPy loaded; a child (a notebook's kernel) inherits it
    assert not [group for group in pinned_numerics.numpy_loops() if group.startswith(AVX512)]
    child = subprocess.run([sys.executable, "-c", "import pinned_numerics; print(*pinned_numerics.numpy_loops())"],
                           cwd=TOOLS, capture_output=True, text=True, check=True)
    assert child.stderr == ""
    assert not [group for group in child.stdout.split() if group.startswith(AVX512)]


@x86_only
def test_openblas_uses_its_haswell_kernels():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import numpy as np

    np.ones((2, 2)) @ np.ones((2, 2))  # OpenBLAS is loaded
    openblas = [info for info in threadpoolctl.threadpool_info() if info["internal_api"] == "openblas"]
    assert openblas and all(info["architecture"] == "Haswell" for info in openblas)
