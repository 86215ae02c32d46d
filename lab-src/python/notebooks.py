"""Executes the course's notebooks headless and writes them as an HTML site.

./lab run writes build/site, ./lab test (with LAB_FAST=1) build/test-site. The site is built
beside its destination and moved into place only when every notebook ran without an error, so
a site folder is always complete. When a cell fails, the destination is removed, the executed
pages (the failing one with its error) go to DEST-failed/, and the message names the notebook,
the cell and the error; the exit code is 1. The same happens when a page would load anything from the
network: the site must work offline. Each page links to the index and to the notebooks before and after it.
"""

import argparse
import atexit
import base64
import html
import os
import re
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

import notebook_cache

CELL_TIMEOUT = int(os.environ.get("LAB_CELL_TIMEOUT", "300"))
STARTUP_TIMEOUT = 60
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class NotebookFailure(Exception):
    """A notebook that did not run to its end, with a message that says where and why.

    nb is the notebook as far as it ran (nbclient writes outputs into it cell by cell)."""

    def __init__(self, message, nb):
        super().__init__(message)
        self.nb = nb


def runs_alone(nb):
    """Why the notebook must have the machine to itself (its metadata's escape_lab.runs_alone: it
    measures time, or waits on a compiler by the wall clock), or None when it may share the cores."""
    return nb.metadata.get("escape_lab", {}).get("runs_alone")


def code_cells(nb):
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:100]
    return ""


def error_text(nb, index, limit=12):
    """The error a cell shows (javac's messages or the exception and its first frames), as plain text."""
    if index is None:
        return ""
    for out in nb.cells[index].get("outputs", []):
        if out.get("output_type") == "error":
            lines = [ANSI.sub("", l) for l in "\n".join(out.get("traceback", [])).splitlines()]
            lines = [l for l in lines if l.strip()] or [f"{out.get('ename')}: {out.get('evalue')}"]
            more = f"\n      ... ({len(lines) - limit} more lines in the page)" if len(lines) > limit else ""
            return "\n".join("      " + l for l in lines[:limit]) + more
    return ""


def execute(path, kernel, log, kernel_log):
    """Runs every cell of the notebook at path; returns the executed notebook or raises NotebookFailure."""
    nb = nbformat.read(path, as_version=4)
    cells = code_cells(nb)
    state = {"index": None, "t": 0.0}  # the cell running now, and since when

    def on_start(cell, cell_index, **_):
        state["index"] = cell_index
        state["t"] = time.monotonic()

    def on_done(cell, cell_index, **_):
        n = cells.index(cell_index) + 1 if cell_index in cells else 0
        log(f"    cell {n}/{len(cells)}  {time.monotonic() - state['t']:5.1f} s  {first_line(cell.source)}")

    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=CELL_TIMEOUT,
        startup_timeout=STARTUP_TIMEOUT,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_start=on_start,
        on_cell_executed=on_done,
    )
    name = path.name
    try:
        # The kernel's own log goes to a file, not between the progress lines.
        client.execute(stdout=kernel_log, stderr=kernel_log)
    except CellExecutionError as e:
        where = describe_cell(nb, cells, state["index"])
        detail = error_text(nb, state["index"]) or f"      {e.ename}: {e.evalue}"
        raise NotebookFailure(f"{name}: {where} failed:\n{detail}", nb) from None
    except CellTimeoutError:
        raise NotebookFailure(f"{name}: {describe_cell(nb, cells, state['index'])} did not finish within"
                              f" {CELL_TIMEOUT} s (LAB_CELL_TIMEOUT raises the limit)", nb) from None
    except DeadKernelError as e:
        raise NotebookFailure(f"{name}: the Java kernel died while running {describe_cell(nb, cells, state['index'])}:"
                              f" {e}", nb) from None
    except NoSuchKernel:
        raise NotebookFailure(f"{name}: the Java kernel '{kernel}' is not installed; run ./lab setup", nb) from None
    except Exception as e:  # the kernel failed before any cell ran
        if state["index"] is not None:
            raise
        # nbclient would try to shut the dead kernel down again at exit and print a traceback.
        atexit.unregister(client._cleanup_kernel)
        raise NotebookFailure(
            f"{name}: the Java kernel '{kernel}' failed to start: {type(e).__name__}: {e}\n"
            f"  its log: {kernel_log.name}\n"
            "  fix: ./lab doctor checks the JDK, the venv and the kernel; ./lab setup reinstalls the kernel", nb) from None
    return nb


def describe_cell(nb, cells, index):
    if index is None:
        return "a cell"
    n = cells.index(index) + 1
    return f"cell {n} of {len(cells)} ('{first_line(nb.cells[index].source)}')"


def plain(markdown):
    """Markdown as the words it shows: a link's words, not its address; no code or emphasis marks."""
    return re.sub(r"[`*]", "", re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown))


def page_title(nb, fallback):
    """The notebook's first level-one heading ('# ...'), as plain text; fallback when it has none."""
    for c in nb.cells:
        if c.cell_type == "markdown":
            for line in c.source.splitlines():
                if line.startswith("# "):
                    return plain(line[2:].strip())
    return fallback


def summary(nb):
    """The first paragraph of the notebook's first markdown cell, headings skipped, as plain text."""
    for c in nb.cells:
        if c.cell_type != "markdown":
            continue
        paragraph = []
        for line in c.source.strip().splitlines():
            if line.startswith("#") or (not line.strip() and not paragraph):
                continue
            if not line.strip():
                break
            paragraph.append(line.strip())
        return plain(" ".join(paragraph))
    return ""


PNG_IN_HTML = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def figures(nb):
    """Every picture the executed notebook shows, as PNG bytes, in order (image/png outputs, or PNGs inside HTML)."""
    found = []
    for c in nb.cells:
        for out in c.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                found.append(base64.b64decode(data["image/png"]))
            elif "text/html" in data:
                found.extend(base64.b64decode(m) for m in PNG_IN_HTML.findall(data["text/html"]))
    return found


def write_figures(out, stem, nb, limit=4):
    """The first pictures of a page, as files under figures/, for the index; returns their paths relative to out."""
    d = out / "figures"
    d.mkdir(exist_ok=True)
    paths = []
    for i, png in enumerate(figures(nb)[:limit], 1):
        name = f"{stem}-{i}.png"
        (d / name).write_bytes(png)
        paths.append(f"figures/{name}")
    return paths


# nbconvert's lab template with what needs the network taken out, so the site works offline: require.js
# (only widgets and JavaScript outputs use it; the kernel makes neither), MathJax (no notebook has
# formulas; $...$ would show as written), Mermaid and the widget renderer, all from CDNs. Each page
# gets the course's links at its top and bottom, and under the top ones when its outputs were measured.
PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js %}{% endblock %}
{% block jupyter_widgets %}{% endblock %}
{% block html_head_js_mathjax %}{% endblock %}
{% block html_head_js_mermaidjs %}{% endblock %}
{% block extra_css %}<style>
nav.course { display: grid; grid-template-columns: 1fr auto 1fr; gap: 1em; align-items: baseline;
  font-family: system-ui, sans-serif; font-size: 15px; padding: 0.6em 0; margin: 0 0 1em; border-bottom: 1px solid #ddd; }
nav.course.bottom { margin: 2em 0 0; border-bottom: 0; border-top: 1px solid #ddd; }
nav.course .next { text-align: right; }
nav.course a { color: #1a5fb4; text-decoration: none; }
nav.course a:hover { text-decoration: underline; }
p.measured { font-family: system-ui, sans-serif; font-size: 14px; color: #555; margin: 0 0 1em; }
</style>{% endblock extra_css %}
{% block body_header %}{{ super() }}
<nav class="course top">{{ resources.course_nav }}</nav>
<p class="measured">{{ resources.measured_note }}</p>
{% endblock body_header %}
{% block body_footer %}
<nav class="course bottom">{{ resources.course_nav }}</nav>
{{ super() }}{% endblock body_footer %}
"""


def course_nav(pages, k):
    """The links of page k (pages: (file, title) in course order): back to the index, on to its neighbours."""
    def link(i, rel, text):
        if not 0 <= i < len(pages):
            return f'<span class="{rel}"></span>'  # keeps the index link in the middle
        file, title = pages[i]
        return f'<a class="{rel}" rel="{rel}" href="{html.escape(file)}">{text.format(html.escape(title))}</a>'
    return (link(k - 1, "prev", "&larr; {}")
            + '<a class="index" href="index.html">Escape Lab: all notebooks</a>'
            + link(k + 1, "next", "{} &rarr;"))


# A resource the browser would fetch from the network when the page opens: any src= or <link href=>,
# a CSS url() or @import, on http://, https:// or //; and any http(s) address a script holds, since
# scripts build their loads (nbconvert's widget and Mermaid loaders do). Plain <a href> links are not loaded.
NETWORK_LOAD = re.compile(
    r"""(?:\bsrc\s*=\s*|<link\b[^>]*?\bhref\s*=\s*|\burl\(\s*|@import\s+)["']?\s*((?:https?:)?//[^"'\s)>]+)""", re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
DATA_SCRIPT = re.compile(r"""\btype\s*=\s*["']?[\w.+/-]*json\b""", re.I)  # JSON a page carries, never run
ADDRESS_IN_SCRIPT = re.compile(r"""["'`](https?://[^"'`\s]+)""")


def network_loads(page):
    """The addresses the HTML page would load from the network when opened; empty when it works offline."""
    found = NETWORK_LOAD.findall(page)
    for attributes, code in SCRIPT.findall(page):
        if not DATA_SCRIPT.search(attributes):
            found += ADDRESS_IN_SCRIPT.findall(code)
    return list(dict.fromkeys(found))


def write_index(out, pages, failed):
    items = []
    for page in pages:
        status = "" if page["ok"] else ' <strong class="failed">FAILED</strong>'
        pictures = "".join(f'<a href="{html.escape(page["file"])}"><img src="{html.escape(f)}" alt="a chart of {html.escape(page["title"])}"></a>'
                           for f in page.get("figures", []))
        when = html.escape(notebook_cache.shown(page["measured"])) if page.get("measured") else ""
        measured = (f'<span class="reused">reused, measured {when}</span>' if page.get("reused")
                    else f'<span class="time">measured {when}</span>' if when else "")
        items.append(
            f'<li><a class="title" href="{html.escape(page["file"])}">{html.escape(page["title"])}</a>{status}'
            f' <span class="time">{page.get("seconds", 0):.0f} s</span> {measured}'
            f'<p>{html.escape(page["summary"])}</p>'
            + (f'<div class="figures">{pictures}</div>' if pictures else "") + "</li>")
    banner = ""
    if failed:
        banner = ('<p class="failed">This site is incomplete: a notebook failed. '
                  "The failing page shows the error in the cell where it happened.</p>")
    fast = " (reduced workloads, LAB_FAST=1)" if os.environ.get("LAB_FAST") not in (None, "", "0") else ""
    executed = [p for p in pages if not p.get("reused")]
    total = sum(p.get("seconds", 0) for p in executed)
    reused = len(pages) - len(executed)
    ran = ("no notebook was executed for it" if not executed else
           f"{len(executed)} notebook{'s were' if len(executed) > 1 else ' was'} executed for it, in {total:.0f} s")
    cached = (f" {reused} of the {len(pages)} notebooks, marked <em>reused</em>, were not executed again: nothing"
              " they depend on had changed since they were measured (<code>./lab run --fresh</code> measures"
              " everything again)." if reused else "")
    (out / "index.html").write_text(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Escape Lab</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; }}
h1 {{ margin-bottom: 0.2em; }}
ol {{ padding-left: 1.4em; }}
li {{ margin-bottom: 1.6em; }} li p {{ margin: 0.2em 0; color: #444; }}
a.title {{ font-size: 1.2em; font-weight: 600; }}
.time {{ color: #888; font-size: 0.9em; margin-left: 0.5em; }}
.reused {{ color: #8a5a00; font-size: 0.9em; margin-left: 0.5em; }}
.figures img {{ height: 140px; margin: 0.4em 0.6em 0 0; border: 1px solid #ddd; border-radius: 3px; }}
.failed {{ color: #b00; }}
</style></head><body>
<h1>Escape Lab</h1>
<p>Where objects live: escape analysis in HotSpot and Go, object layout, allocation measured, unsafe memory, and the
claims of the article the course grew from, checked. Every output below was produced live when its notebook was
executed{fast}. This site was built on {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; {ran}.{cached}
Click a title or a chart for the page.</p>
{banner}
<ol>
{chr(10).join(items)}
</ol>
<p>Work in the live lab with <code>./lab jupyter</code>.</p>
</body></html>
""", encoding="utf-8")


def read_executed(path, kernel, log, kernel_log):
    """A notebook another run executed and saved (./lab test's browser test): read, not run again.
    A cell that shows an error fails it, as it would have failed the run."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            raise NotebookFailure(f"{Path(path).name}: cell {index} failed:\n{error_text(nb, index)}", nb)
    return nb


def chart_files(folder):
    """The chart files in folder, each with its modification time and size."""
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.png")} if folder.is_dir() else {}


def new_charts(before, after):
    """The chart files a notebook wrote: new since before, or rewritten."""
    return sorted(p for p, stamp in after.items() if before.get(p) != stamp)


def measured_note(measured, seconds, reused):
    """The line at the top of a page that says when its outputs were measured (and in how long, when known),
    and whether this run reused them."""
    when = html.escape(notebook_cache.shown(measured))
    if reused:
        return (f'Outputs measured on {when} (in {seconds:.0f} s), <strong>reused</strong>: nothing this notebook'
                ' depends on changed since (<code>./lab run --fresh</code> measures again).')
    return f"Outputs measured on {when}" + (f", in {seconds:.0f} s." if seconds is not None else ".")


def build_site(paths, out, kernel, log=print, run=execute, cache=None):
    """Executes paths into the site folder out; returns the list of failure messages (empty on success).

    run executes one notebook (execute, with the kernel; the tests pass one that only reads it).
    cache (a notebook_cache.Cache) holds earlier runs' executed notebooks: one whose key matches is
    not run again, and each notebook run without a failure is stored in it."""
    out = out.resolve()
    partial = out.with_name(out.name + ".partial")
    failed_dir = out.with_name(out.name + "-failed")
    for d in (partial, failed_dir):
        shutil.rmtree(d, ignore_errors=True)
    partial.mkdir(parents=True)
    # Charts a notebook draws are saved here too, as PNG files beside the pages (see escapelab.notebook.Charts).
    os.environ["LAB_CHART_DIR"] = str(partial / "charts")
    exporter = HTMLExporter(template_name="lab", raw_template=PAGE_TEMPLATE)
    paths = [Path(p).resolve() for p in paths]
    # Titles come from the notebooks' own headings, so each page can name its neighbours before they run.
    titles = [page_title(nbformat.read(p, as_version=4), p.stem) for p in paths]
    links = [(p.stem + ".html", t) for p, t in zip(paths, titles)]
    pages, failures = [], []
    kernel_log = open(out.with_name(out.name + "-kernel.log"), "w")
    charts = partial / "charts"
    for k, path in enumerate(paths):
        log(f"[{k + 1}/{len(paths)}] {path.name}")
        t0 = time.monotonic()
        ok = True
        nb, stored = cache.lookup(path) if cache else (None, None)
        reused = nb is not None  # stored is then its key.json; else why it runs
        if reused:
            log(f"    reused: measured {notebook_cache.shown(stored['executed'])}, nothing it depends on changed")
            measured, seconds = stored["executed"], stored["seconds"]
            charts.mkdir(exist_ok=True)
            for c in cache.charts(path):
                shutil.copy2(c, charts / c.name)
        else:
            if cache:
                log(f"    executing: {stored}")
            before = chart_files(charts)
            measured = notebook_cache.utc_now()
            if run is read_executed:  # measured when the other run saved it
                measured = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            try:
                nb = run(path, kernel, log, kernel_log)
                log(f"    done in {time.monotonic() - t0:.1f} s")
            except NotebookFailure as e:
                ok = False
                failures.append(str(e))
                log(f"    FAILED: {e}")
                nb = e.nb  # what ran, so the failing page shows its error in place
            seconds = time.monotonic() - t0
        page, title = links[k]
        window_title = title if "Escape Lab" in title else f"{title} - Escape Lab"
        body, _ = exporter.from_notebook_node(
            nb, resources={"metadata": {"name": window_title}, "course_nav": course_nav(links, k),
                           "measured_note": measured_note(measured, None if run is read_executed else seconds, reused)})
        loads = network_loads(body)
        if loads:
            ok = False
            failures.append(f"{path.name}: its page loads {', '.join(loads)} from the network;"
                            " the site must work offline")
            log(f"    FAILED: {failures[-1]}")
        (partial / page).write_text(body, encoding="utf-8")
        if cache and ok and not reused:
            cache.store(path, nb, new_charts(before, chart_files(charts)), measured, seconds)
        pages.append({"file": page, "title": title, "summary": summary(nb), "ok": ok, "seconds": seconds,
                      "measured": measured, "reused": reused, "figures": write_figures(partial, path.stem, nb)})
    kernel_log.close()
    write_index(partial, pages, bool(failures))
    shutil.rmtree(out, ignore_errors=True)
    if failures:
        partial.rename(failed_dir)
    else:
        partial.rename(out)
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="the site folder to write")
    parser.add_argument("--kernel", help="the Jupyter kernel to execute with")
    parser.add_argument("--executed", action="store_true",
                        help="the notebooks were executed and saved already: build the site from their outputs")
    parser.add_argument("--cache", type=Path,
                        help="the folder of earlier runs' results: a notebook nothing of which changed is not executed again")
    parser.add_argument("--fresh", action="store_true", help="with --cache: execute every notebook, and keep the results")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if not args.kernel and not args.executed:
        parser.error("--kernel is needed to execute the notebooks (or --executed, for notebooks run already)")
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        print(f"lab: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 1
    cache = None
    if args.cache and not args.executed:
        cache = notebook_cache.Cache(args.cache, notebook_cache.run_parts(
            Path(__file__).resolve().parents[2], notebook_cache.kernel_spec(args.kernel)), fresh=args.fresh)
    failures = build_site(args.notebooks, args.out, args.kernel, log=lambda s: print(s, flush=True),
                          run=read_executed if args.executed else execute, cache=cache)
    if failures:
        failed_dir = args.out.resolve().with_name(args.out.name + "-failed")
        print("\nlab: " + "\nlab: ".join(failures), file=sys.stderr)
        print(f"lab: no site was written to {args.out}; the executed pages, errors in place, are in {failed_dir}",
              file=sys.stderr)
        return 1
    print(f"site: {args.out.resolve() / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
