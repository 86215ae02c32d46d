"""The notebook runner against the real Java kernel: a good notebook, a broken cell, a broken kernel.

Run by ./lab test after the kernel is installed (python -m unittest in lab-src/python)."""

import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import nbformat

import notebooks

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "notebooks.py"
# LAB_TEST_KERNEL: another installed spec of the lab's kernel, such as one built from a worktree.
KERNEL = os.environ.get("LAB_TEST_KERNEL", "escape-lab-java")


def notebook(path, *cells, kernel=KERNEL):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A test notebook\n\nUsed by test_notebooks.py.")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "java"}
    nbformat.write(nb, path)
    return path


def run(out, *paths, kernel=KERNEL, env=None):
    return subprocess.run([sys.executable, str(RUNNER), "--kernel", kernel, "--out", str(out), *map(str, paths)],
                          capture_output=True, text=True, timeout=600, env=env)


class RunnerTest(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="lab-runner-"))
        self.site = self.dir / "site"

    def test_a_good_notebook_becomes_a_complete_site_with_rich_output(self):
        nb = notebook(self.dir / "good.ipynb",
                      "import escapelab.notebook.*;",
                      'Display.html("<b id=\\"rich\\">rich</b>", "plain twin");',
                      'Display.png(java.util.Base64.getDecoder().decode('
                      '"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="),'
                      ' "a one-pixel picture");',
                      "Display.svg(\"<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'><rect id='box'"
                      " width='8' height='8'/></svg>\", \"a box\");",
                      'System.out.println("printed by the kernel on " + Runtime.version().feature());',
                      'new Table(java.util.List.of("a cell\'s value")).row("<shown as HTML>")')
        r = run(self.site, nb)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("[1/1] good.ipynb", r.stdout)
        self.assertIn("cell 6/6", r.stdout)
        page = (self.site / "good.html").read_text()
        # Checked with assertTrue: assertIn would print the whole page on failure.
        self.assertTrue('<b id="rich">rich</b>' in page, "the display facade's HTML is missing from the page")
        self.assertTrue("data:image/png;base64,iVBORw0KGgo" in page, "the PNG is missing from the page")
        self.assertTrue('data-mime-type="image/svg+xml"' in page, "the SVG is missing from the page")
        self.assertTrue("printed by the kernel on 25" in page, "the cell's standard output is missing")
        self.assertTrue("<title>A test notebook - Escape Lab</title>" in page, "the page is titled by its heading")
        self.assertEqual(notebooks.network_loads(page), [], "the kernel's outputs need no network")
        # A Renderable that is a cell's value: the kernel's startup script registered the lab's renderer.
        self.assertTrue("&lt;shown as HTML&gt;</td>" in page,
                        "a Renderable cell value is not shown as HTML")
        index = (self.site / "index.html").read_text()
        self.assertIn('href="good.html"', index)
        self.assertIn('<img src="figures/good-1.png"', index, "the index shows the page's picture")
        self.assertEqual((self.site / "figures" / "good-1.png").read_bytes()[:4], b"\x89PNG")
        self.assertFalse((self.dir / "site-failed").exists())

    def test_a_cell_that_throws_names_notebook_cell_and_error_and_leaves_no_site(self):
        self.site.mkdir()
        (self.site / "index.html").write_text("an old, complete site")
        good = notebook(self.dir / "a-good.ipynb", 'System.out.println("fine");')
        bad = notebook(self.dir / "b-bad.ipynb", 'int x = 1;', 'throw new IllegalStateException("boom in the cell");',
                       'System.out.println("never reached");')
        r = run(self.site, good, bad)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("b-bad.ipynb: cell 2 of 3 ('throw new IllegalStateException(\"boom in the cell\");') failed", r.stderr)
        self.assertIn("java.lang.IllegalStateException: boom in the cell", r.stderr)
        self.assertFalse(self.site.exists(), "a failed run must not leave a site that looks complete")
        failed = self.dir / "site-failed"
        self.assertIn("boom in the cell", (failed / "b-bad.html").read_text())
        self.assertEqual((failed / "b-bad.html").read_text().count("never reached"), 1,
                         "the cell after the failure is shown, not run")
        self.assertIn("FAILED", (failed / "index.html").read_text())
        self.assertIn("incomplete", (failed / "index.html").read_text())

    def test_a_compile_error_shows_javacs_message(self):
        bad = notebook(self.dir / "typo.ipynb", 'int x = "not a number";')
        r = run(self.site, bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn("typo.ipynb: cell 1 of 1", r.stderr)
        self.assertIn("incompatible types: java.lang.String cannot be converted to int", r.stderr)

    def test_a_cell_that_hangs_is_stopped_at_the_time_limit(self):
        nb = notebook(self.dir / "hang.ipynb", "Thread.sleep(600_000);")
        r = run(self.site, nb, env=dict(os.environ, LAB_CELL_TIMEOUT="5"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("hang.ipynb: cell 1 of 1 ('Thread.sleep(600_000);') did not finish within 5 s", r.stderr)

    def test_a_kernel_that_cannot_start_is_named_with_the_fix(self):
        share = self.dir / "share" / "jupyter" / "kernels"
        for name, argv in (("missing-java", ["/no/such/java", "{connection_file}"]),
                           ("dying-java", ["/bin/sh", "-c", "exit 3", "{connection_file}"])):
            (share / name).mkdir(parents=True)
            (share / name / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": name, "language": "java"}))
        env = dict(os.environ, JUPYTER_PATH=str(self.dir / "share" / "jupyter"))
        for name in ("missing-java", "dying-java"):
            with self.subTest(kernel=name):
                nb = notebook(self.dir / f"{name}.ipynb", "1 + 1", kernel=name)
                r = run(self.site, nb, kernel=name, env=env)
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn(f"the Java kernel '{name}' failed to start", r.stderr)
                self.assertIn("fix: ./lab doctor", r.stderr)
                self.assertFalse(self.site.exists())

    def test_an_unknown_kernel_says_how_to_install_it(self):
        nb = notebook(self.dir / "nokernel.ipynb", "1", kernel="no-such-kernel")
        r = run(self.site, nb, kernel="no-such-kernel")
        self.assertEqual(r.returncode, 1)
        self.assertIn("'no-such-kernel' is not installed; run ./lab setup", r.stderr)


if __name__ == "__main__":
    unittest.main()
