"""The browser test's server handling, with a fake ./lab jupyter and a fake node: no JupyterLab,
no Chromium. What is checked: the URL reaches the browser script, the server and what it started
are stopped and its folder removed whatever happens, and each failure says what went wrong."""

import contextlib
import io
import json
import os
import tempfile
import textwrap
import time
import unittest
from unittest import mock
from pathlib import Path

from browser_test import BrowserTestFailure, cells_to_run, main, run

NOTEBOOK_00 = Path(__file__).resolve().parents[2] / "notebooks" / "00-welcome.ipynb"

# ./lab jupyter as the test sees it: prints its "Open:" line, starts a "kernel" and serves until stopped.
# FAKE_MODE=die ends before the URL; FAKE_MODE=stubborn ignores TERM, and so does its kernel.
FAKE_LAB = """\
#!/bin/bash
echo "Starting JupyterLab (fake) in $LAB_JUPYTER_ROOT"
ls "$LAB_JUPYTER_ROOT" > "$FAKE_OUT/served"
[ "$FAKE_MODE" = die ] && { echo "boom: the server could not start"; exit 1; }
[ "$FAKE_MODE" = stubborn ] && trap '' TERM  # its kernel inherits that
sleep 300 &
echo $! > "$FAKE_OUT/kernel.pid"
echo $$ > "$FAKE_OUT/server.pid"
echo "Open: http://127.0.0.1:$LAB_PORT/lab?token=abc"
while true; do sleep 0.1; done
"""

# node as the test sees it: records its arguments, then exits with FAKE_NODE_EXIT or sleeps.
FAKE_NODE = """\
#!/bin/bash
printf '%s\\n' "$@" > "$FAKE_OUT/node.args"
[ "$FAKE_NODE_EXIT" = hang ] && exec sleep 300
exit "${FAKE_NODE_EXIT:-0}"
"""


def alive(pid):
    """True while pid runs; a zombie waiting for its reaper has ended."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def notebook(path, *cells):
    nb = {"cells": [{"cell_type": kind, "metadata": {}, "source": src} for kind, src in cells],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))
    return path


class CellsToRunTest(unittest.TestCase):
    def test_notebook_00s_imports_and_its_jvm_cell(self):
        first, under_test = cells_to_run(NOTEBOOK_00)
        cells = json.loads(NOTEBOOK_00.read_text())["cells"]
        self.assertIn("import escapelab", "".join(cells[first]["source"]))
        self.assertIn("JvmInfo.current()", "".join(cells[under_test]["source"]))

    def test_the_cells_are_found_where_they_are_not_where_they_were(self):
        with tempfile.TemporaryDirectory() as d:
            nb = notebook(Path(d) / "n.ipynb", ("markdown", "# JvmInfo.current() in prose"), ("code", "import a;"),
                          ("markdown", "x"), ("code", ["var x = 1;\n", "Display.show(JvmInfo.current());"]))
            self.assertEqual(cells_to_run(nb), (1, 3))

    def test_a_notebook_without_the_cell_is_a_failure_that_says_so(self):
        with tempfile.TemporaryDirectory() as d:
            nb = notebook(Path(d) / "n.ipynb", ("code", "import a;"))
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                code = main(["--lab", "/no/lab", "--notebook", str(nb), "--script", "x.js", "--screenshot", f"{d}/s.png"])
            self.assertEqual(code, 1)
            self.assertEqual(err.getvalue(), f"lab: the browser test failed: n.ipynb has no code cell with JvmInfo.current()"
                                             f" to check (screenshot: {d}/s.png)\n")


class ServerTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = Path(tmp.name)
        self.out = self.dir / "out"
        self.out.mkdir()
        self.lab = self.script("lab", FAKE_LAB)
        self.node = self.script("node", FAKE_NODE)
        self.nb = notebook(self.dir / "00-welcome.ipynb", ("code", "import a;"), ("markdown", "m"),
                           ("code", "Display.show(JvmInfo.current());"))
        # The process environment as it was, back after each test (patch.dict restores it, PATH included).
        environ = mock.patch.dict(os.environ, {"FAKE_OUT": str(self.out)})
        environ.start()
        self.addCleanup(environ.stop)
        self.before = set(Path(tempfile.gettempdir()).glob("lab-browser-*"))

    def script(self, name, text):
        path = self.dir / name
        path.write_text(text)
        path.chmod(0o755)
        return path

    def run_test(self, timeout=30, grace=10):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            try:
                run(self.lab, self.nb, "notebook-test.js", self.dir / "shot.png", timeout, node=str(self.node),
                    url_wait=10, grace=grace)
            except BrowserTestFailure as e:
                return str(e), err.getvalue()
        return None, err.getvalue()

    def assertAllStopped(self):
        for name in ("server.pid", "kernel.pid"):
            if (self.out / name).exists():
                pid = int((self.out / name).read_text())
                for _ in range(50):
                    if not alive(pid):
                        break
                    time.sleep(0.1)
                self.assertFalse(alive(pid), f"the {name[:-4]} outlived the browser test")
        self.assertEqual(set(Path(tempfile.gettempdir()).glob("lab-browser-*")), self.before, "its folder is removed")

    def test_the_url_and_the_cells_reach_the_browser_script_and_everything_stops(self):
        failure, err = self.run_test()
        self.assertIsNone(failure, err)
        args = (self.out / "node.args").read_text().splitlines()
        self.assertRegex(args[1], r"^http://127\.0\.0\.1:\d+/lab\?token=abc$")
        self.assertEqual(args[0], "notebook-test.js")
        self.assertEqual(args[2], str(self.dir / "shot.png"))
        self.assertEqual(args[4:], ["0", "2"])
        self.assertEqual((self.out / "served").read_text(), "00-welcome.ipynb\n", "a copy of the notebook is served")
        self.assertAllStopped()

    def test_a_server_that_ends_before_its_url_fails_with_its_log(self):
        os.environ["FAKE_MODE"] = "die"
        failure, err = self.run_test()
        self.assertEqual(failure, "./lab jupyter stopped before printing its URL")
        self.assertIn("--- last lines of the JupyterLab server's log ---", err)
        self.assertIn("boom: the server could not start", err)
        self.assertFalse((self.out / "node.args").exists(), "no browser without a server")
        self.assertAllStopped()

    def test_a_failing_browser_script_points_at_its_message(self):
        os.environ["FAKE_NODE_EXIT"] = "1"
        failure, err = self.run_test()
        self.assertEqual(failure, "see its message above")
        self.assertIn("Open: http://127.0.0.1:", err)
        self.assertAllStopped()

    def test_a_browser_that_hangs_is_stopped_at_the_limit(self):
        os.environ["FAKE_NODE_EXIT"] = "hang"
        started = time.monotonic()
        failure, _ = self.run_test(timeout=1)
        self.assertEqual(failure, "it did not finish within 1 s")
        self.assertLess(time.monotonic() - started, 20)
        self.assertAllStopped()

    def test_a_server_that_ignores_term_is_killed_after_the_grace_time(self):
        os.environ["FAKE_MODE"] = "stubborn"
        started = time.monotonic()
        failure, err = self.run_test(grace=1)
        self.assertIsNone(failure, err)
        self.assertLess(time.monotonic() - started, 20)
        self.assertAllStopped()


if __name__ == "__main__":
    unittest.main()
