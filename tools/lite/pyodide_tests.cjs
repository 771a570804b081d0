// course_lib's unit tests in Pyodide under Node (`make test-pyodide`, via tools/pyodide_tests.py):
// the Pyodide of build/lite (Python 3.12, numpy 2.0.2, matplotlib 3.8.4, scikit-learn 1.6.1),
// pytest from the pinned wheels, the repository mounted at /repo. Exits with pytest's code.
// Usage: node pyodide_tests.cjs PYODIDE_DIR REPO WHEEL_DIR [pytest arguments]
const path = require("path");
const fs = require("fs");
const [, , indexURL, repo, wheelDir, ...args] = process.argv;
const { loadPyodide } = require(path.resolve(indexURL, "pyodide.js"));

(async () => {
  const py = await loadPyodide({ indexURL: path.resolve(indexURL) + "/" });
  await py.loadPackage(["numpy", "matplotlib", "scikit-learn", "ipywidgets", "tqdm", "packaging"],
                       { messageCallback: () => {} });
  for (const wheel of fs.readdirSync(wheelDir).filter((f) => f.endsWith(".whl"))) {
    py.unpackArchive(new Uint8Array(fs.readFileSync(path.join(wheelDir, wheel))), "zip",
                     { extractDir: "/lib/python3.12/site-packages" });
  }
  py.FS.mkdirTree("/repo");
  py.FS.mount(py.FS.filesystems.NODEFS, { root: path.resolve(repo) }, "/repo");
  py.globals.set("ARGS", py.toPy(args));
  const code = await py.runPythonAsync(`
import os, sys
sys.dont_write_bytecode = True  # the repository is mounted: leave no __pycache__ in it
os.chdir("/repo")
sys.path.insert(0, "/repo")
import pytest
int(pytest.main(["-p", "no:cacheprovider", "-o", "addopts=", *ARGS]))
`);
  process.exit(code);
})().catch((error) => {
  console.error(error);
  process.exit(3);
});
