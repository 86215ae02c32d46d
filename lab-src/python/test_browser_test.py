"""The browser test's server handling, with a fake ./lab jupyter and a fake node: no JupyterLab,
no Chromium. What is checked: the cells to run are found in the notebooks, the copies served are
the notebook and the exercise folder, the URL and the plan reach the browser script, the file the
browser saved is checked against the solution, the server and what it started are stopped and its
folder removed whatever happens, and each failure says what went wrong."""

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

from browser_test import BrowserTestFailure, CELL_UNDER_TEST, cells_to_run, check_saved, grading_cell, main, run

HOME = Path(__file__).resolve().parents[2]
NOTEBOOK_00 = HOME / "notebooks" / "00-welcome.ipynb"
EXERCISE_01 = HOME / "exercises" / "01-allocation-free" / "01-allocation-free.ipynb"

# ./lab jupyter as the test sees it: prints its "Open:" line, starts a "kernel" and serves until stopped.
# FAKE_MODE=die ends before the URL; FAKE_MODE=stubborn ignores TERM, and so does its kernel.
FAKE_LAB = """\
#!/bin/bash
echo "Starting JupyterLab (fake) in $LAB_JUPYTER_ROOT"
echo "$LAB_JUPYTER_ROOT" > "$FAKE_OUT/root"
(cd "$LAB_JUPYTER_ROOT" && find . | sort) > "$FAKE_OUT/served"
[ "$FAKE_MODE" = die ] && { echo "boom: the server could not start"; exit 1; }
[ "$FAKE_MODE" = stubborn ] && trap '' TERM  # its kernel inherits that
sleep 300 &
echo $! > "$FAKE_OUT/kernel.pid"
echo $$ > "$FAKE_OUT/server.pid"
echo "Open: http://127.0.0.1:$LAB_PORT/lab?token=abc"
while true; do sleep 0.1; done
"""

# node as the test sees it: records its arguments and its plan, saves the solution as JupyterLab's
# file editor does (FAKE_SAVE=none: not), then exits with FAKE_NODE_EXIT or sleeps.
FAKE_NODE = """\
#!/bin/bash
printf '%s\\n' "$@" > "$FAKE_OUT/node.args"
cp "$2" "$FAKE_OUT/plan.json"
[ "$FAKE_NODE_EXIT" = hang ] && exec sleep 300
if [ "$FAKE_SAVE" != none ]; then
  src="$(cat "$FAKE_OUT/root")/01-allocation-free/src"
  mkdir -p "$src/.ipynb_checkpoints"
  cp "$src/Sums.java" "$src/.ipynb_checkpoints/Sums-checkpoint.java"
  cp "$FAKE_SOLUTION" "$src/Sums.java"
fi
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


def exercise(folder, solution_text="class Sums { /* solved */ }\n"):
    """A released exercise folder like 01-allocation-free, with a checkpoint an earlier JupyterLab left,
    and the solution's Sums.java beside it."""
    folder.mkdir()
    notebook(folder / f"{folder.name}.ipynb", ("code", "import escapelab.grade.Check;"), ("markdown", "# Grading"),
             ("code", 'escapelab.grade.Check.test("SumsTest.sumIsRight");'))
    (folder / "src" / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / "src" / "Sums.java").write_text("class Sums { /* starting code */ }\n")
    (folder / "src" / ".ipynb_checkpoints" / "Sums-checkpoint.java").write_text("stale\n")
    (folder / "tests").mkdir()
    (folder / "tests" / "SumsTest.java").write_text("class SumsTest {}\n")
    solution = folder.parent / "solution" / "Sums.java"
    solution.parent.mkdir()
    solution.write_text(solution_text)
    return folder, solution


class CellsToRunTest(unittest.TestCase):
    def test_notebook_00s_imports_and_its_jvm_cell(self):
        first, under_test = cells_to_run(NOTEBOOK_00, CELL_UNDER_TEST)
        cells = json.loads(NOTEBOOK_00.read_text())["cells"]
        self.assertIn("import escapelab", "".join(cells[first]["source"]))
        self.assertIn("JvmInfo.current()", "".join(cells[under_test]["source"]))

    def test_the_cells_are_found_where_they_are_not_where_they_were(self):
        with tempfile.TemporaryDirectory() as d:
            nb = notebook(Path(d) / "n.ipynb", ("markdown", "# JvmInfo.current() in prose"), ("code", "import a;"),
                          ("markdown", "x"), ("code", ["var x = 1;\n", "Display.show(JvmInfo.current());"]))
            self.assertEqual(cells_to_run(nb, CELL_UNDER_TEST), (1, 3))

    def test_a_notebook_without_the_cell_is_a_failure_that_says_so(self):
        with tempfile.TemporaryDirectory() as d:
            nb = notebook(Path(d) / "n.ipynb", ("code", "import a;"))
            ex, solution = exercise(Path(d) / "01-allocation-free")
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                code = main(["--lab", "/no/lab", "--notebook", str(nb), "--exercise", str(ex), "--solution", str(solution),
                             "--script", "x.js", "--screenshots", f"{d}/shots"])
            self.assertEqual(code, 1)
            self.assertEqual(err.getvalue(), f"lab: the browser test failed: n.ipynb has no code cell with JvmInfo.current()"
                                             f" to check (screenshots in {d}/shots)\n")

    def test_a_missing_notebook_is_a_failure_that_says_so(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(BrowserTestFailure) as e:
                cells_to_run(Path(d) / "n.ipynb", CELL_UNDER_TEST)
            self.assertEqual(str(e.exception), f"{d}/n.ipynb not found")


class GradingCellTest(unittest.TestCase):
    def test_exercise_01s_imports_and_its_grading_cell(self):
        first, grading, test = grading_cell(EXERCISE_01)
        cells = json.loads(EXERCISE_01.read_text())["cells"]
        self.assertIn("import escapelab.grade.Check;", "".join(cells[first]["source"]))
        self.assertIn(f'Check.test("{test}")', "".join(cells[grading]["source"]))
        self.assertTrue(test.startswith("SumsTest."), test)

    def test_the_grading_cell_is_found_where_it_is_with_the_test_it_names(self):
        with tempfile.TemporaryDirectory() as d:
            nb = notebook(Path(d) / "n.ipynb", ("markdown", "Check.test( in prose"), ("code", "import a;"),
                          ("code", "int x = 1;"), ("code", ["// graded\n", 'escapelab.grade.Check.test("ATest.b");']))
            self.assertEqual(grading_cell(nb), (1, 3, "ATest.b"))

    def test_a_grading_cell_that_names_no_test_is_a_failure_that_says_so(self):
        with tempfile.TemporaryDirectory() as d:
            nb = notebook(Path(d) / "n.ipynb", ("code", "import a;"), ("code", "Check.test(name);"))
            with self.assertRaises(BrowserTestFailure) as e:
                grading_cell(nb)
            self.assertEqual(str(e.exception), "the grading cell 1 of n.ipynb names no test: Check.test(name);")


class CheckSavedTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.src = Path(tmp.name) / "src"
        (self.src / ".ipynb_checkpoints").mkdir(parents=True)
        (self.src / "Sums.java").write_text("a\nb\n")
        (self.src / ".ipynb_checkpoints" / "Sums-checkpoint.java").write_text("a\n")

    def test_the_solution_saved_beside_its_checkpoint_passes(self):
        check_saved(self.src, "Sums.java", "a\nb\n")

    def test_a_saved_text_that_is_not_the_solution_fails_naming_where_it_differs(self):
        for solution, line in (("a\nc\n", 2), ("a\nb\nc\n", 3), ("a\nb", 3)):
            with self.subTest(solution=solution), self.assertRaises(BrowserTestFailure) as e:
                check_saved(self.src, "Sums.java", solution)
            self.assertEqual(str(e.exception), f"src/Sums.java as JupyterLab saved it is not the solution's text"
                                               f" (they differ from line {line} on)")

    def test_no_checkpoint_fails_because_the_grader_had_none_to_ignore(self):
        (self.src / ".ipynb_checkpoints" / "Sums-checkpoint.java").unlink()
        with self.assertRaises(BrowserTestFailure) as e:
            check_saved(self.src, "Sums.java", "a\nb\n")
        self.assertEqual(str(e.exception), "JupyterLab saved src/Sums.java but wrote no src/.ipynb_checkpoints/"
                                           "Sums-checkpoint.java: the grader had no checkpoint to ignore")


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
        self.exercise, self.solution = exercise(self.dir / "01-allocation-free")
        # The process environment as it was, back after each test (patch.dict restores it, PATH included).
        environ = mock.patch.dict(os.environ, {"FAKE_OUT": str(self.out), "FAKE_SOLUTION": str(self.solution)})
        environ.start()
        self.addCleanup(environ.stop)
        # The code under test makes its folder in a temporary folder of this test's own: ./lab test
        # runs the real browser test beside these tests, with its folder in /tmp.
        private = self.dir / "tmp"
        private.mkdir()
        tempdir = mock.patch.object(tempfile, "tempdir", str(private))
        tempdir.start()
        self.addCleanup(tempdir.stop)
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
                run(self.lab, self.nb, self.exercise, self.solution, "notebook-test.js", self.dir / "shots", timeout,
                    node=str(self.node), url_wait=10, grace=grace)
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

    def test_the_url_and_the_plan_reach_the_browser_script_and_everything_stops(self):
        failure, err = self.run_test()
        self.assertIsNone(failure, err)
        args = (self.out / "node.args").read_text().splitlines()
        self.assertEqual(args[0], "notebook-test.js")
        self.assertEqual(len(args), 2)
        plan = json.loads((self.out / "plan.json").read_text())
        self.assertRegex(plan["url"], r"^http://127\.0\.0\.1:\d+/lab\?token=abc$")
        shots = self.dir / "shots"
        self.assertEqual(plan["notebook"], {"path": "00-welcome.ipynb", "firstCell": 0, "cellUnderTest": 2,
                                            "screenshot": str(shots / "jupyterlab.png")})
        self.assertEqual(plan["exercise"], {
            "notebook": "01-allocation-free/01-allocation-free.ipynb", "firstCell": 0, "gradingCell": 2,
            "test": "SumsTest.sumIsRight", "failure": "allocates", "file": "01-allocation-free/src/Sums.java",
            "text": "class Sums { /* solved */ }\n", "failsScreenshot": str(shots / "exercise-fails.png"),
            "passesScreenshot": str(shots / "exercise-passes.png")})
        # Copies of the notebook and the exercise folder, without the checkpoint an earlier JupyterLab left.
        self.assertEqual((self.out / "served").read_text().split(), [
            ".", "./00-welcome.ipynb", "./01-allocation-free", "./01-allocation-free/01-allocation-free.ipynb",
            "./01-allocation-free/src", "./01-allocation-free/src/Sums.java", "./01-allocation-free/tests",
            "./01-allocation-free/tests/SumsTest.java"])
        self.assertEqual((self.exercise / "src" / "Sums.java").read_text(), "class Sums { /* starting code */ }\n",
                         "the exercise itself is left as it was")
        self.assertAllStopped()

    def test_a_file_the_browser_did_not_save_as_the_solution_fails(self):
        os.environ["FAKE_SAVE"] = "none"
        failure, err = self.run_test()
        self.assertEqual(failure, "src/Sums.java as JupyterLab saved it is not the solution's text (they differ from line 1 on)")
        self.assertIn("--- last lines of the JupyterLab server's log ---", err)
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
