"""Every course notebook in a real browser, for ./lab test.

./lab jupyter, with LAB_FAST=1 (its kernels inherit the server's environment), serves copies of
the notebooks from a folder of its own. Headless Chromium, driven by Playwright
(lab-src/browser/all-notebooks.js), opens each in turn, runs it with Run > Run All Cells, waits
until the kernel is done, saves it and takes screenshots of the whole notebook (NN-name.png, then
NN-name-2.png, ... for a tall one). This script then reads the saved notebooks beside what the
page showed: a cell that shows an error, a code cell the kernel did not run, or a picture the page
did not show fails the test, with the notebook, the cell (its index and first line), the error and
the screenshot that shows it. JupyterLab marks an error output like stderr text in the page (both
render as application/vnd.jupyter.stderr), hence the saved notebook, whose outputs say which is
which. The server and its kernels are stopped and the copies removed, whatever happens.

--select picks the notebooks that must run alone (their metadata's escape_lab.runs_alone: they
measure time) or those that may share the cores with other work; ./lab test runs the latter beside
the scripts' tests and the former on their own.

usage: python browser_all_notebooks.py --lab LAB --script JS --screenshots DIR [--timeout S] [--keep DIR]
                                       [--select alone|beside] NOTEBOOK...
Exit 0 when every notebook ran cleanly; 1, saying what went wrong, when one did not.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from browser_test import BrowserTestFailure, start_jupyter, stop, wait_for_url
from notebooks import code_cells, error_text, first_line, runs_alone

# How JupyterLab shows an output: as the first of these that it has (the ranks of its renderers).
SHOWN_FIRST = ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "image/gif"]


def in_order(notebooks):
    """The notebooks in the course's order, which their names give (00-welcome, 01-..., 06-...)."""
    return sorted(notebooks, key=lambda p: Path(p).name)


def screenshot_path(folder, notebook):
    """build/browser/03-escape-analysis-in-go.png for notebooks/03-escape-analysis-in-go.ipynb."""
    return Path(folder) / (Path(notebook).stem + ".png")


def describe(nb, index):
    """A cell as a person finds it: its index among all cells (the file's order), which code cell it
    is, and its first line."""
    code = code_cells(nb)
    return f"cell {index} (code cell {code.index(index) + 1} of {len(code)}: '{first_line(nb.cells[index].source)}')"


def shows_picture(output):
    """True when JupyterLab shows this output as, or with, a picture."""
    data = output.get("data", {})
    shown = next((m for m in SHOWN_FIRST if m in data), None)
    if shown == "text/html":
        return "<img" in data[shown] or "<svg" in data[shown]
    return shown is not None and shown.startswith("image/")


def problems(nb, page):
    """What went wrong with one notebook: (cell index or None, sentence) pairs; none when it ran cleanly.

    nb is the notebook as JupyterLab saved it after the run, page what all-notebooks.js saw of it
    (its entry in the report: each code cell's prompt and the pictures in its outputs)."""
    if page.get("timedOut"):
        running = page.get("running")
        where = describe(nb, running) if running is not None else "a cell"
        return [(running, f"{where} was still running after {page.get('seconds')} s")]
    if page.get("cells") is None:
        return [(None, "the browser did not finish it (its message is above)")]
    seen = {c["index"]: c for c in page["cells"]}
    found = []
    not_run = []
    for i in code_cells(nb):
        cell = nb.cells[i]
        shown = seen.get(i, {})
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            found.append((i, f"{describe(nb, i)} failed:\n{error_text(nb, i)}"))
        elif cell.get("execution_count") is None:
            not_run.append(i)
        if shown.get("brokenImages"):
            found.append((i, f"{describe(nb, i)} shows an image that did not load: {', '.join(shown['brokenImages'])}"))
        elif any(shows_picture(o) for o in cell.get("outputs", [])) and not shown.get("images") and not shown.get("svgs"):
            found.append((i, f"{describe(nb, i)} has a picture in its output, but the page shows none"))
    if not_run:
        later = len(not_run) - 1
        more = f" and {later} code cell{'s' if later > 1 else ''} after it" if later else ""
        found.append((not_run[0], f"{describe(nb, not_run[0])}{more} did not run (no execution count)"))
    return found


def pictures(page):
    """How many pictures (images and inline SVGs) the page showed in a notebook's outputs."""
    return sum(c.get("images", 0) + c.get("svgs", 0) for c in page.get("cells") or [])


def screenshots_of(found, page):
    """The screenshots that show the cells with problems (a tall notebook has several), in order,
    or the notebook's first one for a problem of no cell or of a cell no screenshot shows."""
    files = {c["index"]: c.get("screenshot") for c in page.get("cells") or []}
    first = (page.get("screenshots") or [None])[0]
    shots = [files.get(i) or first for i, _ in found]
    return list(dict.fromkeys(s for s in shots if s))


def failure_message(name, found, screenshots):
    lines = "\n".join("  " + text.replace("\n", "\n  ") for _, text in found)
    shots = ", ".join(map(str, screenshots)) or "none was taken"
    return f"{name}:\n{lines}\n  screenshot: {shots}"


def print_log_tail(log):
    print("--- last lines of the JupyterLab server's log ---", file=sys.stderr)
    print("".join(log.read_text(errors="replace").splitlines(keepends=True)[-40:]), end="", file=sys.stderr)


def run(lab, notebooks, script, screenshots, timeout, node="node", url_wait=60, grace=10, keep=None):
    """Serves copies of the notebooks with LAB_FAST=1, runs script against them and stops the server.
    Returns each notebook's seconds and number of pictures; raises BrowserTestFailure, saying what went wrong.
    keep, a folder: the notebooks as JupyterLab saved them after the run go there when all passed
    (beside those another run kept there)."""
    notebooks = in_order(notebooks)
    tmp = Path(tempfile.mkdtemp(prefix="lab-notebooks-browser-"))
    server = None
    try:
        root = tmp / "root"
        root.mkdir()
        for nb in notebooks:
            shutil.copy(nb, root)
        # Every cell laid out, not only those in sight, so that the screenshots can show them all.
        server, log = start_jupyter(lab, tmp, root, env={"LAB_FAST": "1"}, settings={
            "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}\n'})
        try:
            url = wait_for_url(server, log, url_wait)
            report = tmp / "report.json"
            plan = {"url": url, "profile": str(tmp / "chromium"), "timeoutSeconds": timeout, "report": str(report),
                    "notebooks": [{"name": Path(nb).name, "screenshot": str(screenshot_path(screenshots, nb))}
                                  for nb in notebooks]}
            (tmp / "plan.json").write_text(json.dumps(plan))
            # Each notebook has its own limit in the script; this one only catches a script that hangs.
            limit = timeout * len(notebooks) + 120
            try:
                r = subprocess.run([node, str(script), str(tmp / "plan.json")], timeout=limit)
            except subprocess.TimeoutExpired:
                raise BrowserTestFailure(f"the browser script did not finish within {limit} s") from None
            if r.returncode != 0:
                print_log_tail(log)  # a time-out or a page that did not load: the server may say why
        except BrowserTestFailure:
            print_log_tail(log)
            raise
        pages = json.loads(report.read_text()) if report.exists() else []
        failures = []
        for page in pages:
            found = problems(nbformat.read(root / page["name"], as_version=4), page)
            if found:
                shots = [s for s in screenshots_of(found, page) if Path(s).exists()]
                failures.append(failure_message(page["name"], found, shots))
        if r.returncode != 0 and not failures:
            failures.append("the browser script failed (its message is above)")
        not_run = [Path(nb).name for nb in notebooks][len(pages):]
        if failures and not_run:
            failures.append(f"not run after that: {', '.join(not_run)}")
        if failures:
            raise BrowserTestFailure("\n".join(failures))
        if keep is not None:
            Path(keep).mkdir(parents=True, exist_ok=True)
            for page in pages:
                shutil.copy(root / page["name"], keep)
        return {page["name"]: (page["seconds"], pictures(page)) for page in pages}
    finally:
        if server is not None:
            stop(server, grace)
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    p = argparse.ArgumentParser(description="JupyterLab in headless Chromium: every notebook, Run All Cells.")
    p.add_argument("--lab", required=True, help="the lab script, which serves JupyterLab (./lab jupyter)")
    p.add_argument("--script", required=True, help="the Playwright script (lab-src/browser/all-notebooks.js)")
    p.add_argument("--screenshots", required=True, help="the folder for one NN-name.png a notebook")
    p.add_argument("--timeout", type=int, default=600, help="seconds each notebook may take")
    p.add_argument("--keep", help="a folder for the notebooks as the browser ran and saved them")
    p.add_argument("--select", choices=["alone", "beside"],
                   help="only the notebooks that must run alone (they measure time), or only the others")
    p.add_argument("notebooks", nargs="+")
    a = p.parse_args(argv)
    if a.select:
        alone = a.select == "alone"
        a.notebooks = [nb for nb in a.notebooks if (runs_alone(nbformat.read(nb, as_version=4)) is not None) == alone]
        if not a.notebooks:
            print(f"browser test: no notebook to run {'alone' if alone else 'beside other work'}")
            return 0
    started = time.monotonic()
    Path(a.screenshots).mkdir(parents=True, exist_ok=True)
    for nb in a.notebooks:  # one left by an earlier run would mislead
        first = screenshot_path(a.screenshots, nb)
        for old in [first, *first.parent.glob(f"{first.stem}-[0-9]*.png")]:
            old.unlink(missing_ok=True)
    try:
        ran = run(a.lab, a.notebooks, a.script, a.screenshots, a.timeout, keep=a.keep)
    except BrowserTestFailure as e:
        print(f"lab: the browser test of the notebooks failed:\n{e}", file=sys.stderr)
        return 1
    for name, (s, n) in ran.items():
        print(f"  {name}: every cell ran, {n} picture{'' if n == 1 else 's'} shown, {s} s")
    print(f"browser test: {len(ran)} notebooks passed in {round(time.monotonic() - started)} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
