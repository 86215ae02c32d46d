"""./lab run's result cache (notebook_cache.py) on small notebooks and a stand-in for the kernel:
what is reused, what runs again and why, and what the site says of each. No kernel, no JVM."""

import os
import re
import shutil
import tempfile
import unittest
import zipfile
from pathlib import Path

import nbformat

import notebook_cache
import notebooks

LAB = Path(__file__).resolve().parents[2] / "lab"


def notebook(path, heading):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {heading}\n\nAbout {path.stem}."),
                nbformat.v4.new_code_cell("Display.show(...)")]
    nbformat.write(nb, path)
    return path


def jar(path, classes, year=1980):
    """A jar of the given entries (name: bytes), stamped with the year of its build."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in classes.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(year, 1, 1, 0, 0, 0)), data)
    return path


class CacheTest(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="lab-cache-"))
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.home = self.dir / "home"
        (self.home / "lab-src/examples/go").mkdir(parents=True)
        (self.home / "lab-src/examples/go/makebuf.go").write_text("package main\n")
        (self.home / "lab-src/target").mkdir(parents=True)
        self.jar = jar(self.home / "lab-src/target/escape-lab.jar", {"escapelab/Lab.class": b"v1"})
        self.paths = [notebook(self.dir / "01-first.ipynb", "First"), notebook(self.dir / "02-second.ipynb", "Second")]
        self.env = {"LAB_JDK_DIRS": str(self.dir / "no-jdks"), "LAB_HOME": str(self.home), "PATH": "/usr/bin"}
        self.executed = []  # the notebooks the stand-in kernel ran, in order

    def execute(self, path, kernel, log, kernel_log):
        """Stands in for notebooks.execute: an output that says which run made it, and a chart file."""
        self.executed.append(path.name)
        nb = nbformat.read(path, as_version=4)
        nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"run {len(self.executed)}\n")]
        charts = Path(os.environ["LAB_CHART_DIR"])
        charts.mkdir(exist_ok=True)
        (charts / f"{path.stem}-chart.png").write_bytes(b"\x89PNG " + path.name.encode())
        return nb

    def run_lab(self, fresh=False, env=None):
        """One ./lab run: the run's key parts as the runner computes them, then the site; returns the log."""
        lines = []
        parts = notebook_cache.run_parts(self.home, {"argv": ["/no/jdk/bin/java"], "env": {"JJAVA_CLASSPATH": str(self.jar)}},
                                         env=env or self.env, go="go version go1.26.0 linux/amd64", cores=2)
        cache = notebook_cache.Cache(self.home / "build/cache/notebooks", parts, fresh=fresh)
        self.executed.clear()
        failures = notebooks.build_site(self.paths, self.home / "build/site", "no-kernel", log=lines.append,
                                        run=self.execute, cache=cache)
        self.assertEqual(failures, [])
        return "\n".join(lines)

    def page(self, name):
        return (self.home / "build/site" / name).read_text()

    def test_a_second_run_with_nothing_changed_executes_nothing_and_says_so(self):
        first = self.run_lab()
        self.assertEqual(self.executed, ["01-first.ipynb", "02-second.ipynb"])
        self.assertIn("executing: not in the cache", first)
        self.assertIn("Outputs measured on", self.page("01-first.html"))
        self.assertNotIn("reused", self.page("01-first.html"))
        second = self.run_lab()
        self.assertEqual(self.executed, [], second)
        self.assertRegex(second, r"reused: measured \d{4}-\d\d-\d\d \d\d:\d\d UTC, nothing it depends on changed")
        page = self.page("01-first.html")
        self.assertTrue("run 1" in page, "the page shows the outputs of the run that measured them")
        self.assertRegex(page, r'<p class="measured">Outputs measured on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ s\),'
                               r" <strong>reused</strong>: nothing this notebook depends on changed since"
                               r" \(<code>./lab run --fresh</code> measures again\)")
        index = self.page("index.html")
        self.assertEqual(index.count('class="reused">reused, measured'), 2)
        self.assertIn("no notebook was executed for it. 2 of the 2 notebooks, marked <em>reused</em>", index)
        self.assertEqual((self.home / "build/site/charts/02-second-chart.png").read_bytes(), b"\x89PNG 02-second.ipynb",
                         "a reused notebook's charts are in the site too")

    def test_the_entry_keeps_each_part_of_its_key(self):
        self.run_lab()
        key = notebook_cache.Cache(self.home / "build/cache/notebooks", {}).stored(self.paths[0])
        self.assertEqual(sorted(key["parts"]), ["cores", "environment", "examples", "go", "jars", "jdks", "kernel", "notebook"])
        self.assertEqual(key["parts"]["environment"], {"LAB_HOME": str(self.home), "LAB_JDK_DIRS": str(self.dir / "no-jdks")})
        self.assertEqual(key["parts"]["go"], "go version go1.26.0 linux/amd64")
        self.assertRegex(key["executed"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_a_changed_notebook_runs_again_alone(self):
        self.run_lab()
        nb = nbformat.read(self.paths[1], as_version=4)
        nb.cells[1].source = "Display.show(other)"
        nbformat.write(nb, self.paths[1])
        log = self.run_lab()
        self.assertEqual(self.executed, ["02-second.ipynb"])
        self.assertRegex(log, r"executing: changed since .* UTC: the notebook\n")
        self.assertIn("1 notebook was executed for it, in 0 s. 1 of the 2 notebooks, marked <em>reused</em>",
                      self.page("index.html"))
        self.assertNotIn("<strong>reused</strong>", self.page("02-second.html"))

    def test_a_changed_example_runs_every_notebook_again(self):
        self.run_lab()
        (self.home / "lab-src/examples/go/makebuf.go").write_text("package main // changed\n")
        log = self.run_lab()
        self.assertEqual(self.executed, ["01-first.ipynb", "02-second.ipynb"])
        self.assertIn("UTC: lab-src/examples\n", log)
        self.run_lab()
        self.assertEqual(self.executed, [], "the new results are kept")

    def test_lab_fast_is_part_of_the_key(self):
        self.run_lab()
        self.run_lab(env=dict(self.env, LAB_FAST="1"))
        self.assertEqual(self.executed, ["01-first.ipynb", "02-second.ipynb"])
        self.run_lab(env=dict(self.env, LAB_FAST="1", LAB_CELL_TIMEOUT="900", LAB_TIMINGS="1"))
        self.assertEqual(self.executed, [], "a time limit or timings change no output")

    def test_the_jar_counts_by_its_entries_not_its_timestamps(self):
        self.run_lab()
        jar(self.jar, {"escapelab/Lab.class": b"v1"}, year=2026)  # rebuilt, same classes
        self.run_lab()
        self.assertEqual(self.executed, [])
        jar(self.jar, {"escapelab/Lab.class": b"v2"}, year=2026)
        log = self.run_lab()
        self.assertEqual(self.executed, ["01-first.ipynb", "02-second.ipynb"])
        self.assertIn("UTC: the lab jar\n", log)

    def test_a_jdk_added_where_the_lab_looks_is_part_of_the_key(self):
        self.run_lab()
        jdk = self.dir / "no-jdks" / "jdk-21"
        (jdk / "bin").mkdir(parents=True)
        (jdk / "bin/java").write_text("#!/bin/sh\n")
        (jdk / "bin/java").chmod(0o755)
        (jdk / "release").write_text('JAVA_VERSION="21.0.8"\nJAVA_RUNTIME_VERSION="21.0.8+9-LTS"\n')
        log = self.run_lab()
        self.assertIn("UTC: the JDKs\n", log)
        key = notebook_cache.Cache(self.home / "build/cache/notebooks", {}).stored(self.paths[0])
        self.assertEqual(key["parts"]["jdks"], [f"{jdk.resolve()} 21.0.8 21.0.8+9-LTS"])

    def test_fresh_executes_everything_and_keeps_the_new_results(self):
        self.run_lab()
        log = self.run_lab(fresh=True)
        self.assertEqual(self.executed, ["01-first.ipynb", "02-second.ipynb"])
        self.assertIn("executing: --fresh", log)
        self.run_lab()
        self.assertEqual(self.executed, [])
        self.assertIn("run 1", self.page("01-first.html"), "the fresh run's outputs")

    def test_a_failed_notebook_is_not_kept(self):
        def failing(path, kernel, log, kernel_log):
            raise notebooks.NotebookFailure(f"{path.name}: cell 1 failed", nbformat.read(path, as_version=4))
        cache = notebook_cache.Cache(self.home / "cache", {"cores": 2})
        notebooks.build_site(self.paths[:1], self.home / "build/site", "no-kernel", log=lambda s: None, run=failing, cache=cache)
        self.assertIsNone(cache.stored(self.paths[0]))


class MeasuredTest(unittest.TestCase):
    def test_a_notebook_another_run_saved_was_measured_when_it_was_saved(self):
        d = Path(tempfile.mkdtemp(prefix="lab-cache-"))
        self.addCleanup(shutil.rmtree, d, ignore_errors=True)
        path = notebook(d / "ran.ipynb", "Ran")
        os.utime(path, (1577934240, 1577934240))  # 2020-01-02 03:04 UTC
        self.assertEqual(notebooks.build_site([path], d / "site", None, log=lambda s: None, run=notebooks.read_executed), [])
        self.assertIn('<p class="measured">Outputs measured on 2020-01-02 03:04 UTC.</p>', (d / "site/ran.html").read_text())


class LabScriptTest(unittest.TestCase):
    def function(self, name):
        text = LAB.read_text()
        return re.search(rf"^{name}\(\) \{{\n(.*?)^\}}", text, re.S | re.M).group(1)

    def test_lab_test_never_uses_the_cache_and_lab_run_does(self):
        self.assertNotIn("--cache", self.function("cmd_test"), "./lab test checks the live tools: no cached results")
        self.assertIn('--cache "$BUILD/cache/notebooks"', self.function("cmd_run"))


if __name__ == "__main__":
    unittest.main()
