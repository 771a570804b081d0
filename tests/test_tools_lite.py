"""tools/build_lite.py: what the JupyterLite edition takes in, and that it refuses a wrong file."""

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402

SOURCES = json.loads((ROOT / "tools" / "lite" / "sources.json").read_text())


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_verify_returns_the_bytes_of_a_file_with_the_pinned_sha256():
    assert build_lite.verify(b"wasm", sha(b"wasm"), "x.whl") == b"wasm"


def test_verify_refuses_a_file_whose_sha256_differs_and_names_both():
    with pytest.raises(build_lite.LiteBuildError, match=r"sha256 mismatch for x\.whl: expected "
                       + sha(b"good") + ", got " + sha(b"evil")):
        build_lite.verify(b"evil", sha(b"good"), "x.whl")


def test_a_wrong_file_in_the_cache_fails_the_build_without_fetching(tmp_path):
    (tmp_path / "numpy.whl").write_bytes(b"tampered")
    with pytest.raises(build_lite.LiteBuildError, match="sha256 mismatch"):
        build_lite.fetch(tmp_path, "numpy.whl", sha(b"original"), ["false"])


def test_a_wrong_file_fetched_fails_the_build(tmp_path):
    fetch = [sys.executable, "-c", "open('pkg.whl', 'wb').write(b'other')"]
    with pytest.raises(build_lite.LiteBuildError, match="sha256 mismatch"):
        build_lite.fetch(tmp_path, "pkg.whl", sha(b"pinned"), fetch)


def test_a_fetch_that_writes_no_file_fails_the_build(tmp_path):
    with pytest.raises(build_lite.LiteBuildError, match="did not produce pkg.whl"):
        build_lite.fetch(tmp_path, "pkg.whl", sha(b"pinned"), [sys.executable, "-c", "pass"])


def test_a_package_file_differing_from_the_official_lock_is_refused(tmp_path):
    """The whole Pyodide staging, on a fake npm tarball and a fake bundle: one byte off fails."""
    import io
    import tarfile
    import zipfile

    lock = {"info": {"version": "0.27.7"}, "packages": {
        "numpy": {"name": "numpy", "file_name": "numpy.whl", "sha256": sha(b"numpy"), "depends": []}}}
    tgz = io.BytesIO()
    with tarfile.open(fileobj=tgz, mode="w:gz") as tar:
        for name, data in {"pyodide-lock.json": json.dumps(lock).encode(), "pyodide.js": b"js"}.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    whl = io.BytesIO()
    with zipfile.ZipFile(whl, "w") as z:
        z.writestr("assets/numpy.whl", b"numpy, changed")
    (tmp_path / "core.tgz").write_bytes(tgz.getvalue())
    (tmp_path / "bundle.whl").write_bytes(whl.getvalue())
    sources = {"pyodide": {"file": "core.tgz", "sha256": sha(tgz.getvalue()), "version": "0.27.7",
                           "core": ["pyodide.js"], "npm": "x"},
               "pyodide_packages": {"file": "bundle.whl", "sha256": sha(whl.getvalue()),
                                    "folder": "assets/", "need": ["numpy"], "pypi": "x"},
               "wheels": [], "course_lib_depends": []}
    with pytest.raises(build_lite.LiteBuildError,
                       match=r"sha256 mismatch for numpy\.whl \(from bundle\.whl\)"):
        build_lite.stage_pyodide(sources, tmp_path, tmp_path / "out")


def test_lock_closure_follows_depends_with_normalised_names():
    lock = {"packages": {"matplotlib": {"depends": ["python_dateutil", "numpy"]},
                         "python-dateutil": {"depends": ["six"]}, "six": {"depends": []},
                         "numpy": {"depends": []}, "pandas": {"depends": ["numpy"]}}}
    assert build_lite.lock_closure(lock, ["matplotlib"]) == ["matplotlib", "numpy", "python-dateutil", "six"]


def test_lock_closure_refuses_a_package_the_official_lock_lacks():
    with pytest.raises(build_lite.LiteBuildError, match="'torch' is not in the official"):
        build_lite.lock_closure({"packages": {}}, ["torch"])


def test_every_source_is_pinned_to_an_exact_version_and_a_sha256():
    pins = [SOURCES["pyodide"], SOURCES["pyodide_packages"], *SOURCES["wheels"]]
    for pin in pins:
        assert re.fullmatch(r"[0-9a-f]{64}", pin["sha256"]), pin
        spec = pin.get("npm") or pin["pypi"]
        assert re.fullmatch(r"[\w.-]+(@|==)\d[\w.]*", spec), spec
        assert re.search(r"[@=]" + re.escape(re.split(r"@|==", spec)[1]) + "$", spec)
        assert re.split(r"@|==", spec)[1] in pin["file"]


def test_only_the_course_s_packages_are_taken_from_the_distribution():
    assert set(SOURCES["pyodide_packages"]["need"]) == {
        "numpy", "matplotlib", "scikit-learn", "micropip", "packaging", "ipython", "ssl", "sqlite3"}
    assert {w["pypi"].split("==")[0] for w in SOURCES["wheels"]} == {"ipywidgets", "comm", "tqdm"}


def test_the_build_tools_are_pinned_exactly():
    lines = [line for line in (ROOT / "requirements-lite.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines and all(re.fullmatch(r"[\w.-]+==[\w.]+", line) for line in lines), lines


def test_the_lite_config_uses_the_self_hosted_pyodide_and_never_pypi():
    settings = build_lite.lite_config(["course-lib"])["jupyter-config-data"]["litePluginSettings"]
    kernel = settings[build_lite.KERNEL_PLUGIN]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True
    assert kernel["loadPyodideOptions"]["packages"] == ["course-lib"]


def test_the_notebooks_and_worked_answers_are_staged_for_the_pyodide_kernel(tmp_path):
    names = build_lite.stage_notebooks(tmp_path)
    chapters = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    answers = sorted(p.name for p in (ROOT / "notebooks" / "solutions").glob("*.ipynb"))
    assert names == sorted(chapters + [f"solutions/{a}" for a in answers])
    staged = json.loads((tmp_path / chapters[1]).read_text(encoding="utf-8"))
    assert staged["metadata"]["kernelspec"]["name"] == "python"


def test_every_notebook_page_links_to_its_lite_copy_and_slides_are_not_pages(tmp_path):
    import lite_check

    site, lite = tmp_path / "site", tmp_path / "lite"
    (lite / "files").mkdir(parents=True)
    site.mkdir()
    (lite / "files" / "01_softmax.ipynb").write_text("{}")
    (site / "01_softmax.html").write_text('<a href="../lite/lab/index.html?path=01_softmax.ipynb">run</a>')
    (site / "01_softmax.slides.html").write_text("<section>no run button on a slide</section>")
    assert lite_check.broken_lite_links(site, lite) == []
    (site / "02_gradient_descent.html").write_text('<a href="../lite/lab/index.html?path=02_x.ipynb">run</a>')
    (site / "03_backprop.html").write_text("<p>no link</p>")
    assert lite_check.broken_lite_links(site, lite) == ["02_gradient_descent.html: 02_x.ipynb", "03_backprop.html"]


def test_the_lite_settings_give_the_arrow_keys_to_a_focused_slider_and_keep_them_elsewhere():
    """Each arrow-key binding of JupyterLab's notebook (as its schema ships it) is disabled exactly
    and bound again for every focused element but a slider's handle."""
    schema = Path(sys.prefix) / "share/jupyter/lab/schemas/@jupyterlab/notebook-extension/tracker.json"
    arrows = [s for s in json.loads(schema.read_text())["jupyter.lab.shortcuts"]
              if s["keys"][:1] in (["ArrowUp"], ["ArrowDown"], ["ArrowLeft"], ["ArrowRight"])
              and not s.get("disabled")]
    given = build_lite.SETTINGS_OVERRIDES["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    assert len(arrows) == 4
    assert [s for s in given if s.get("disabled")] == [{**s, "disabled": True} for s in arrows]
    assert [s for s in given if not s.get("disabled")] == [
        {**s, "selector": s["selector"] + ":not(.noUi-handle)"} for s in arrows]
