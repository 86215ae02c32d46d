"""The site the notebook runner writes, on small notebooks that are read, not executed (no kernel):
each page's title, its links to the index and its neighbours, and that no page needs the network."""

import re
import shutil
import tempfile
import unittest
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup  # nbconvert's own HTML parser; it rewrites the pages with it

import notebooks


def notebook(path, heading, *markdown, metadata=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import escapelab.*;"),
                nbformat.v4.new_markdown_cell(f"{heading}\n\nThe first paragraph of {path.stem}.")]
    nb.cells += [nbformat.v4.new_markdown_cell(m) for m in markdown]
    nb.metadata.update(metadata or {})
    nbformat.write(nb, path)
    return path


def read_only(path, kernel, log, kernel_log):
    """Stands in for notebooks.execute: the notebook as it is on disk, outputs and all."""
    return nbformat.read(path, as_version=4)


class SiteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = Path(tempfile.mkdtemp(prefix="lab-site-"))
        paths = [
            notebook(cls.dir / "00-first.ipynb", "# The *first* notebook",
                     "Read [the JOL sources](https://github.com/openjdk/jol); a formula as written: $x^2$."),
            # A level-two heading first: the title is the first '# ' heading, further down.
            notebook(cls.dir / "01-second.ipynb", "## Before the title", "# Second & last but one"),
            # Widget state makes nbconvert's lab template load its renderer from a CDN.
            notebook(cls.dir / "02-third.ipynb", "# The third, in Escape Lab",
                     metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}}),
        ]
        cls.site = cls.dir / "site"
        cls.failures = notebooks.build_site(paths, cls.site, "no-kernel", log=lambda s: None, run=read_only)
        written = cls.site if cls.site.exists() else cls.dir / "site-failed"  # where a failed build leaves its pages
        cls.pages = {p.name: p.read_text() for p in written.glob("*.html")}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def navs(self, page):
        """The course's <nav> blocks of a page, in order."""
        return BeautifulSoup(self.pages[page], "html.parser").select("nav.course")

    @staticmethod
    def href(nav, rel):
        a = nav.find("a", rel=rel)
        return a and a["href"]

    def test_the_site_is_written_without_failures(self):
        self.assertEqual(self.failures, [])
        self.assertEqual(sorted(self.pages), ["00-first.html", "01-second.html", "02-third.html", "index.html"])

    def test_each_page_is_titled_by_its_first_level_one_heading(self):
        titles = {name: re.search(r"<title>(.*?)</title>", page).group(1) for name, page in self.pages.items()}
        self.assertEqual(titles["00-first.html"], "The first notebook - Escape Lab")
        self.assertEqual(titles["01-second.html"], "Second &amp; last but one - Escape Lab")
        self.assertEqual(titles["02-third.html"], "The third, in Escape Lab", "the course's name once")

    def test_the_index_lists_the_titles(self):
        self.assertIn(">The first notebook</a>", self.pages["index.html"])
        self.assertIn(">Second &amp; last but one</a>", self.pages["index.html"])

    def test_each_page_links_to_the_index_and_its_neighbours_at_top_and_bottom(self):
        expected = {
            "00-first.html": (None, "01-second.html"),
            "01-second.html": ("00-first.html", "02-third.html"),
            "02-third.html": ("01-second.html", None),
        }
        for page, (prev, nxt) in expected.items():
            with self.subTest(page=page):
                navs = self.navs(page)
                self.assertEqual([n["class"] for n in navs], [["course", "top"], ["course", "bottom"]])
                main = BeautifulSoup(self.pages[page], "html.parser").main
                parts = main.find_all(True, recursive=False)
                self.assertEqual(parts[0]["class"], ["course", "top"], "the links come first in the page")
                self.assertEqual(parts[-1]["class"], ["course", "bottom"], "and last")
                for nav in navs:
                    self.assertEqual(nav.find("a", class_="index")["href"], "index.html")
                    self.assertEqual(self.href(nav, "prev"), prev)
                    self.assertEqual(self.href(nav, "next"), nxt)

    def test_the_links_name_the_neighbours_by_title(self):
        nav = self.navs("01-second.html")[0]
        self.assertEqual(nav.find("a", rel="prev").get_text(), "\N{LEFTWARDS ARROW} The first notebook")
        self.assertEqual(nav.find("a", rel="next").get_text(), "The third, in Escape Lab \N{RIGHTWARDS ARROW}")

    def test_no_page_loads_anything_from_the_network(self):
        for page, text in self.pages.items():
            with self.subTest(page=page):
                self.assertEqual(notebooks.network_loads(text), [])
                self.assertNotIn("<script src", text)

    def test_plain_links_in_markdown_stay_links(self):
        self.assertIn('<a href="https://github.com/openjdk/jol">the JOL sources</a>', self.pages["00-first.html"])
        self.assertIn("$x^2$", self.pages["00-first.html"], "formulas are shown as written, without MathJax")


class OfflineBuildTest(unittest.TestCase):
    def test_a_notebook_run_elsewhere_is_read_and_a_cell_that_failed_there_fails_the_site(self):
        d = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, d, ignore_errors=True)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Ran"), nbformat.v4.new_code_cell("1 + 1")])
        nb.cells[1].execution_count = 1
        nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
        nbformat.write(nb, d / "ran.ipynb")
        self.assertEqual(notebooks.build_site([d / "ran.ipynb"], d / "site", None, log=lambda s: None,
                                              run=notebooks.read_executed), [])
        nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="CompilationException", evalue="bad", traceback=["bad cell"])]
        nbformat.write(nb, d / "ran.ipynb")
        failures = notebooks.build_site([d / "ran.ipynb"], d / "site", None, log=lambda s: None, run=notebooks.read_executed)
        self.assertEqual(len(failures), 1)
        self.assertIn("ran.ipynb: cell 1 failed", failures[0])
        self.assertIn("bad cell", failures[0])

    def test_a_page_that_would_load_from_the_network_fails_the_build(self):
        d = Path(tempfile.mkdtemp(prefix="lab-site-"))
        self.addCleanup(shutil.rmtree, d, ignore_errors=True)
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# Online"), nbformat.v4.new_code_cell("Display.html(...)", outputs=[
            nbformat.v4.new_output("display_data", {"text/html": '<script src="https://cdn.example.org/x.js"></script>'})])]
        nbformat.write(nb, d / "online.ipynb")
        failures = notebooks.build_site([d / "online.ipynb"], d / "site", "no-kernel", log=lambda s: None, run=read_only)
        self.assertEqual(failures, ["online.ipynb: its page loads https://cdn.example.org/x.js from the network;"
                                    " the site must work offline"])
        self.assertFalse((d / "site").exists())
        self.assertIn("FAILED", (d / "site-failed" / "index.html").read_text())


class NetworkLoadsTest(unittest.TestCase):
    def test_resources_the_browser_would_fetch_are_found(self):
        for page, address in [
            ('<script src="https://cdnjs.cloudflare.com/require.min.js"></script>', "https://cdnjs.cloudflare.com/require.min.js"),
            ("<script type='text/javascript' src='http://example.org/a.js'></script>", "http://example.org/a.js"),
            ('<link rel="stylesheet" href="https://fonts.example.org/a.css">', "https://fonts.example.org/a.css"),
            ('<img alt="" src="//example.org/a.png">', "//example.org/a.png"),
            ("<style>@import url(https://example.org/b.css);</style>", "https://example.org/b.css"),
            ('<style>body { background: url("https://example.org/c.png") }</style>', "https://example.org/c.png"),
            ('<script type="module">const m = await import("https://cdn.example.org/m.mjs");</script>',
             "https://cdn.example.org/m.mjs"),
            ("<script>var s = document.createElement('script'); s.src = 'https://unpkg.com/embed.js';</script>",
             "https://unpkg.com/embed.js"),
        ]:
            with self.subTest(page=page):
                self.assertEqual(notebooks.network_loads(page), [address])

    def test_links_and_local_or_inline_resources_are_not(self):
        for page in [
            '<a href="https://github.com/openjdk/jol">JOL</a>',
            '<script src="figures/local.js"></script><link rel="stylesheet" href="site.css">',
            '<img src="data:image/png;base64,iVBORw0KGgo=">',
            '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
            "<style>/* see https://github.com/material-components */</style>",
            '<script type="application/vnd.jupyter.widget-state+json">{"url": "https://example.org"}</script>',
        ]:
            with self.subTest(page=page):
                self.assertEqual(notebooks.network_loads(page), [])


if __name__ == "__main__":
    unittest.main()
