"""The browser test of every notebook, without JupyterLab or Chromium: the order, the screenshots'
names, what counts as a failure in a saved notebook and what the message says; and, with a fake
./lab jupyter and a fake browser script, that the server gets LAB_FAST=1 and copies of the
notebooks in order, and that everything it started is stopped."""

import contextlib
import io
import json
import os
import sys
import tempfile
import time
import unittest
from pathlib import Path
from unittest import mock

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from browser_all_notebooks import (describe, failure_message, in_order, main, pictures, problems, run,
                                   screenshot_path, screenshots_of, shows_picture)
from browser_test import BrowserTestFailure
from test_browser_test import alive

PNG = "iVBORw0KGgo="


def notebook(*cells):
    """A notebook as JupyterLab saves it after a run: code cells numbered 1, 2, ... unless given."""
    nb = new_notebook()
    count = 0
    for c in cells:
        if isinstance(c, str):
            nb.cells.append(new_markdown_cell(c))
            continue
        source, outputs, ran = c
        count += 1
        nb.cells.append(new_code_cell(source, outputs=outputs, execution_count=count if ran else None))
    return nb


def error(ename, evalue, *traceback):
    return new_output("error", ename=ename, evalue=evalue, traceback=list(traceback))


def shown(index, images=0, svgs=0, broken=(), screenshot="00-n.png"):
    return {"index": index, "prompt": "[1]", "images": images, "brokenImages": list(broken), "svgs": svgs,
            "screenshot": screenshot}


def sentences(found):
    return [text for _, text in found]


class OrderAndNamesTest(unittest.TestCase):
    def test_the_notebooks_run_in_the_course_order_whatever_order_they_come_in(self):
        given = ["notebooks/06-checking-the-claims.ipynb", "/x/00-welcome.ipynb", "notebooks/01-objects-in-memory.ipynb"]
        self.assertEqual(in_order(given), ["/x/00-welcome.ipynb", "notebooks/01-objects-in-memory.ipynb",
                                           "notebooks/06-checking-the-claims.ipynb"])

    def test_each_notebook_has_a_screenshot_named_after_it(self):
        self.assertEqual(screenshot_path("build/browser", "notebooks/03-escape-analysis-in-go.ipynb"),
                         Path("build/browser/03-escape-analysis-in-go.png"))

    def test_a_cell_is_named_by_its_index_its_place_among_code_cells_and_its_first_line(self):
        nb = notebook("# Title", ("import a;", [], True), "text", ("\n\n  var x = 1;  \nx + 1", [], True))
        self.assertEqual(describe(nb, 3), "cell 3 (code cell 2 of 2: 'var x = 1;')")


class PicturesTest(unittest.TestCase):
    def test_what_jupyterlab_shows_decides_whether_a_picture_is_expected(self):
        html_with_img = new_output("display_data", data={"text/html": f'<img src="data:image/png;base64,{PNG}"/>'})
        html_with_svg = new_output("display_data", data={"text/html": '<div><svg width="10"></svg></div>'})
        # HTML comes first: a table with an SVG twin shows as the table.
        table_with_twin = new_output("display_data", data={"text/html": "<table></table>", "image/svg+xml": "<svg/>"})
        svg = new_output("display_data", data={"image/svg+xml": "<svg/>", "text/plain": "a chart"})
        png = new_output("display_data", data={"image/png": PNG})
        text = new_output("stream", name="stdout", text="<img> in prose")
        markdown = new_output("display_data", data={"text/markdown": "**16 bytes**"})
        self.assertEqual([shows_picture(o) for o in (html_with_img, html_with_svg, table_with_twin, svg, png, text, markdown)],
                         [True, True, False, True, True, False, False])

    def test_the_pictures_a_page_showed_are_counted(self):
        self.assertEqual(pictures({"cells": [shown(0, images=2), shown(3, svgs=1), shown(4)]}), 3)
        self.assertEqual(pictures({"timedOut": True}), 0)


class ProblemsTest(unittest.TestCase):
    def test_a_notebook_that_ran_cleanly_has_none(self):
        chart = new_output("display_data", data={"image/png": PNG})
        stderr = new_output("stream", name="stderr", text="OpenJDK 64-Bit Server VM warning: ...")
        nb = notebook("# T", ("import a;", [], True), ("Display.show(chart);", [chart, stderr], True))
        self.assertEqual(problems(nb, {"cells": [shown(1), shown(2, images=1)]}), [])

    def test_an_error_output_names_the_cell_and_gives_the_error(self):
        nb = notebook(("import a;", [], True), "prose",
                      ("Display.show(Memory.layout(\"Nope\"));\nmore", [error("LabException", "no class Nope",
                                                                                 "\x1b[31mLabException: no class Nope\x1b[0m",
                                                                                 "  at Memory.layout(Memory.java:12)")], True),
                      ("var later = 1;", [], False), ("later;", [], False))
        found = problems(nb, {"cells": [shown(0), shown(2), shown(3), shown(4)]})
        self.assertEqual(found, [
            (2, "cell 2 (code cell 2 of 4: 'Display.show(Memory.layout(\"Nope\"));') failed:\n"
                "      LabException: no class Nope\n"
                "        at Memory.layout(Memory.java:12)"),
            (3, "cell 3 (code cell 3 of 4: 'var later = 1;') and 1 code cell after it did not run (no execution count)")])

    def test_a_cell_without_an_execution_count_is_one(self):
        nb = notebook(("import a;", [], True), ("slow();", [], False))
        self.assertEqual(sentences(problems(nb, {"cells": [shown(0), shown(1)]})),
                         ["cell 1 (code cell 2 of 2: 'slow();') did not run (no execution count)"])

    def test_a_picture_the_page_did_not_show_is_one(self):
        chart = new_output("display_data", data={"text/html": f'<p>Bytes</p><img src="data:image/png;base64,{PNG}"/>'})
        nb = notebook(("Display.show(footprint);", [chart], True))
        self.assertEqual(sentences(problems(nb, {"cells": [shown(0)]})),
                         ["cell 0 (code cell 1 of 1: 'Display.show(footprint);') has a picture in its output, but the page shows none"])
        self.assertEqual(sentences(problems(nb, {"cells": []})), sentences(problems(nb, {"cells": [shown(0)]})), "a cell the page lacks shows nothing")

    def test_an_image_that_did_not_load_is_one(self):
        chart = new_output("display_data", data={"image/png": PNG})
        nb = notebook(("Display.show(chart);", [chart], True))
        self.assertEqual(sentences(problems(nb, {"cells": [shown(0, images=1, broken=["GC pauses per collector"])]})),
                         ["cell 0 (code cell 1 of 1: 'Display.show(chart);') shows an image that did not load: GC pauses per collector"])

    def test_a_notebook_still_running_at_the_limit_names_the_running_cell(self):
        nb = notebook(("import a;", [], False), "prose", ("Claims.tasks(1_000_000);", [], False))
        self.assertEqual(sentences(problems(nb, {"timedOut": True, "running": 2, "seconds": 600, "cells": [shown(0), shown(2)]})),
                         ["cell 2 (code cell 2 of 2: 'Claims.tasks(1_000_000);') was still running after 600 s"])
        self.assertEqual(sentences(problems(nb, {"timedOut": True, "running": None, "seconds": 600})),
                         ["a cell was still running after 600 s"])

    def test_a_notebook_the_browser_did_not_finish_is_one(self):
        nb = notebook(("import a;", [], False))
        self.assertEqual(sentences(problems(nb, {"name": "00-welcome.ipynb"})), ["the browser did not finish it (its message is above)"])

    def test_the_message_names_the_notebook_each_problem_and_the_screenshots_that_show_them(self):
        self.assertEqual(failure_message("02-escape.ipynb", [(4, "cell 4 (...) failed:\n      Boom"), (9, "cell 9 (...) did not run")],
                                         ["build/browser/02-escape.png", "build/browser/02-escape-2.png"]),
                         "02-escape.ipynb:\n"
                         "  cell 4 (...) failed:\n"
                         "        Boom\n"
                         "  cell 9 (...) did not run\n"
                         "  screenshot: build/browser/02-escape.png, build/browser/02-escape-2.png")
        self.assertTrue(failure_message("02-escape.ipynb", [(None, "x")], []).endswith("  screenshot: none was taken"))

    def test_the_screenshots_named_are_those_that_show_the_cells_with_problems(self):
        page = {"screenshots": ["02.png", "02-2.png", "02-3.png"],
                "cells": [shown(1, screenshot="02.png"), shown(30, screenshot="02-3.png"), shown(40, screenshot=None)]}
        self.assertEqual(screenshots_of([(30, "a"), (None, "b"), (30, "c"), (40, "d")], page), ["02-3.png", "02.png"])
        self.assertEqual(screenshots_of([(None, "timed out")], {"screenshots": []}), [])


# ./lab jupyter as the test sees it: records what it serves and its LAB_FAST, prints its "Open:"
# line and serves until stopped.
FAKE_LAB = """\
#!/bin/bash
echo "Starting JupyterLab (fake) in $LAB_JUPYTER_ROOT"
ls "$LAB_JUPYTER_ROOT" > "$FAKE_OUT/served"
echo "$LAB_JUPYTER_ROOT" > "$FAKE_OUT/root"
echo "LAB_FAST=$LAB_FAST" > "$FAKE_OUT/env"
echo $$ > "$FAKE_OUT/server.pid"
echo "Open: http://127.0.0.1:$LAB_PORT/lab?token=abc"
while true; do sleep 0.1; done
"""

# all-notebooks.js as the test sees it: "runs" each notebook of the plan (numbers its code cells in
# the served copy, as JupyterLab's save would), except that FAKE_FAIL names one whose first code
# cell fails; writes the report and keeps the plan. FAKE_NODE_EXIT=1 fails before any notebook.
FAKE_NODE = f"""\
#!{sys.executable}
import json, os, sys
from pathlib import Path
import nbformat
from nbformat.v4 import new_output
if os.environ.get("FAKE_NODE_EXIT"):
    print("browser test failed: the page did not load", file=sys.stderr)
    sys.exit(int(os.environ["FAKE_NODE_EXIT"]))
plan = json.loads(Path(sys.argv[2]).read_text())
Path(os.environ["FAKE_OUT"], "plan.json").write_text(json.dumps(plan))
root = Path(os.environ["FAKE_OUT"], "root").read_text().strip()
report = []
for entry in plan["notebooks"]:
    path = Path(root, entry["name"])
    nb = nbformat.read(path, as_version=4)
    cells = []
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code":
            c.execution_count = len(cells) + 1
            if entry["name"] == os.environ.get("FAKE_FAIL") and not cells:
                c.outputs = [new_output("error", ename="E", evalue="boom", traceback=["E: boom"])]
            cells.append({{"index": i, "prompt": "[1]", "images": 0, "brokenImages": [], "svgs": 0}})
    nbformat.write(nb, path)
    Path(entry["screenshot"]).write_bytes(b"png")
    report.append({{"name": entry["name"], "screenshots": [entry["screenshot"]], "seconds": 3, "cells": cells}})
    Path(plan["report"]).write_text(json.dumps(report))
"""


class RunTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = Path(tmp.name)
        self.out = self.dir / "out"
        self.out.mkdir()
        self.shots = self.dir / "shots"
        self.shots.mkdir()
        self.lab = self.script("lab", FAKE_LAB)
        self.node = self.script("node", FAKE_NODE)
        self.notebooks = []
        for name in ("01-objects.ipynb", "00-welcome.ipynb"):
            self.notebooks.append(self.dir / name)
            nbformat.write(notebook("# T", ("import a;", [], False), ("a.b();", [], False)), self.dir / name)
        environ = mock.patch.dict(os.environ, {"FAKE_OUT": str(self.out)})
        environ.start()
        self.addCleanup(environ.stop)
        # The code under test makes its folder in a temporary folder of this test's own: ./lab test
        # runs the real browser test beside these tests, with its folder in /tmp.
        private = self.dir / "tmp"
        private.mkdir()
        tempdir = mock.patch.object(tempfile, "tempdir", str(private))
        tempdir.start()
        self.addCleanup(tempdir.stop)
        self.before = set(Path(tempfile.gettempdir()).glob("lab-notebooks-browser-*"))

    def script(self, name, text):
        path = self.dir / name
        path.write_text(text)
        path.chmod(0o755)
        return path

    def run_test(self, keep=None):
        """run() with the fakes; what it prints to stderr is kept in self.err."""
        self.err = io.StringIO()
        with contextlib.redirect_stderr(self.err):
            return run(self.lab, self.notebooks, "all-notebooks.js", self.shots, 60, node=str(self.node),
                       url_wait=10, grace=5, keep=keep)

    def test_the_notebooks_as_the_browser_saved_them_are_kept_when_asked(self):
        keep = self.shots.parent / "executed"
        self.run_test(keep=keep)
        self.assertEqual(sorted(p.name for p in keep.iterdir()), ["00-welcome.ipynb", "01-objects.ipynb"])
        self.assertIsNotNone(nbformat.read(keep / "01-objects.ipynb", as_version=4).cells[1].execution_count,
                             "what the browser ran, with its outputs")

    def test_select_splits_the_notebooks_by_whether_they_run_alone_and_keep_gathers_both_runs(self):
        timed = nbformat.read(self.notebooks[0], as_version=4)  # 01-objects
        timed.metadata["escape_lab"] = {"runs_alone": "JMH measures time"}
        nbformat.write(timed, self.notebooks[0])
        keep = self.dir / "executed"
        served = []
        for select in ("beside", "alone"):
            with contextlib.redirect_stdout(io.StringIO()), \
                    mock.patch("browser_all_notebooks.run", wraps=lambda *a, **k: run(*a, node=str(self.node), url_wait=10, grace=5, **k)):
                code = main(["--lab", str(self.lab), "--script", "x.js", "--screenshots", str(self.shots),
                             "--keep", str(keep), "--select", select, *map(str, self.notebooks)])
            self.assertEqual(code, 0)
            served.append((self.out / "served").read_text())
        self.assertEqual(served, ["00-welcome.ipynb\n", "01-objects.ipynb\n"])
        self.assertEqual(sorted(p.name for p in keep.iterdir()), ["00-welcome.ipynb", "01-objects.ipynb"],
                         "the second run keeps the first run's notebook")
        self.assertAllStopped()

    def assertAllStopped(self):
        pid = int((self.out / "server.pid").read_text())
        for _ in range(50):
            if not alive(pid):
                break
            time.sleep(0.1)
        self.assertFalse(alive(pid), "the server outlived the browser test")
        self.assertEqual(set(Path(tempfile.gettempdir()).glob("lab-notebooks-browser-*")), self.before, "its folder is removed")

    def test_the_server_runs_with_lab_fast_and_the_browser_gets_the_notebooks_in_order(self):
        ran = self.run_test()
        self.assertEqual(ran, {"00-welcome.ipynb": (3, 0), "01-objects.ipynb": (3, 0)}, self.err.getvalue())
        self.assertEqual((self.out / "env").read_text(), "LAB_FAST=1\n")
        self.assertEqual((self.out / "served").read_text(), "00-welcome.ipynb\n01-objects.ipynb\n")
        plan = json.loads((self.out / "plan.json").read_text())
        self.assertRegex(plan["url"], r"^http://127\.0\.0\.1:\d+/lab\?token=abc$")
        self.assertEqual(plan["timeoutSeconds"], 60)
        self.assertEqual(plan["notebooks"], [{"name": "00-welcome.ipynb", "screenshot": str(self.shots / "00-welcome.png")},
                                             {"name": "01-objects.ipynb", "screenshot": str(self.shots / "01-objects.png")}])
        for nb in self.notebooks:
            self.assertIsNone(nbformat.read(nb, as_version=4).cells[1].execution_count, "the course's notebooks are untouched")
        self.assertAllStopped()

    def test_a_failing_cell_in_the_saved_notebook_fails_the_run_with_where_and_what(self):
        os.environ["FAKE_FAIL"] = "01-objects.ipynb"
        with self.assertRaises(BrowserTestFailure) as caught:
            self.run_test()
        self.assertNotIn("server's log", self.err.getvalue(), "the cell's error says it all")
        self.assertEqual(str(caught.exception),
                         "01-objects.ipynb:\n"
                         "  cell 1 (code cell 1 of 2: 'import a;') failed:\n"
                         "        E: boom\n"
                         f"  screenshot: {self.shots / '01-objects.png'}")
        self.assertAllStopped()

    def test_a_browser_script_that_fails_on_its_own_points_at_its_message_and_shows_the_servers_log(self):
        os.environ["FAKE_NODE_EXIT"] = "1"
        with self.assertRaises(BrowserTestFailure) as caught:
            self.run_test()
        self.assertEqual(str(caught.exception), "the browser script failed (its message is above)\n"
                                                "not run after that: 00-welcome.ipynb, 01-objects.ipynb")
        self.assertIn("--- last lines of the JupyterLab server's log ---\nStarting JupyterLab (fake)", self.err.getvalue())
        self.assertAllStopped()

    def test_main_says_which_notebook_failed_and_exits_1(self):
        os.environ["FAKE_FAIL"] = "00-welcome.ipynb"
        (self.shots / "00-welcome.png").write_bytes(b"an old screenshot")
        (self.shots / "00-welcome-2.png").write_bytes(b"the second part of an old screenshot")
        (self.shots / "jupyterlab.png").write_bytes(b"the other browser test's")
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), \
                mock.patch("browser_all_notebooks.run", wraps=lambda *a, **k: run(*a, node=str(self.node), url_wait=10, grace=5, **k)):
            code = main(["--lab", str(self.lab), "--script", "x.js", "--screenshots", str(self.shots),
                         *map(str, self.notebooks)])
        self.assertEqual(code, 1)
        self.assertIn("lab: the browser test of the notebooks failed:\n00-welcome.ipynb:\n"
                      "  cell 1 (code cell 1 of 2: 'import a;') failed:", err.getvalue())
        self.assertEqual((self.shots / "00-welcome.png").read_bytes(), b"png", "the old screenshot was replaced")
        self.assertFalse((self.shots / "00-welcome-2.png").exists(), "an old part would pass for this run's")
        self.assertTrue((self.shots / "jupyterlab.png").exists(), "only the notebooks' screenshots are removed")
        self.assertAllStopped()


if __name__ == "__main__":
    unittest.main()
