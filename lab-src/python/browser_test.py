"""The live lab in a real browser, for ./lab test.

./lab jupyter serves, from a folder of its own, a copy of notebook 00 and a copy of a released
exercise folder (JupyterLab saves what it runs and edits; the committed ones stay as they are), and
headless Chromium, driven by Playwright (lab-src/browser/notebook-test.js), uses them as a learner
does: in notebook 00 it runs the first code cell and the cell that shows JvmInfo.current(), and
checks what the kernel answered; in the exercise it runs the grading cell (Check.test), which must
fail on the starting code, replaces the exercise's source file with the solution's text in
JupyterLab's file editor and saves it, and runs the grading cell again, which must pass. Here,
afterwards: the file on disk is the solution's, and JupyterLab's checkpoint copy of the old text lies
beside it in src/.ipynb_checkpoints/, where the grader must not take it for the submission. The
server and everything it started (the kernels) are stopped and the copies removed, whatever happens.

usage: python browser_test.py --lab LAB --notebook NB --exercise DIR --solution FILE --script JS
                              --screenshots DIR [--timeout S]
Exit 0 when the browser test passed; 1, with the server log's last lines, when it failed.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The cell notebook 00 is checked by: the kernel's own JVM, which must be the lab's JDK 25.
CELL_UNDER_TEST = "JvmInfo.current()"
# An exercise's grading cell, and the test it runs: escapelab.grade.Check.test("SumsTest.sumOf100...").
GRADING_CELL = "Check.test("
GRADING_TEST = re.compile(r'Check\.test\("([^"]+)"\)')
# What exercise 01's grading test says about the starting code: "sum(100) still allocates N bytes per call".
EXERCISE_FAILURE = "allocates"
# What the browser saves into the screenshots folder: notebook 00, the exercise failing, then passing.
SCREENSHOTS = {"notebook": "jupyterlab.png", "fails": "exercise-fails.png", "passes": "exercise-passes.png"}
URL_LINE = re.compile(r"^Open: (http://\S+)$", re.M)


class BrowserTestFailure(Exception):
    pass


def cells_to_run(notebook, marker):
    """The notebook's first code cell (its imports) and its first code cell containing marker, as indices
    among all cells, which is how JupyterLab lays them out."""
    if not Path(notebook).is_file():
        raise BrowserTestFailure(f"{notebook} not found")
    cells = json.loads(Path(notebook).read_text())["cells"]
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    under_test = [i for i in code if marker in "".join(cells[i]["source"])]
    if not code or not under_test:
        raise BrowserTestFailure(f"{Path(notebook).name} has no code cell with {marker} to check")
    return code[0], under_test[0]


def grading_cell(notebook):
    """An exercise notebook's first code cell, its first grading cell and the test that cell runs."""
    first, grading = cells_to_run(notebook, GRADING_CELL)
    source = "".join(json.loads(Path(notebook).read_text())["cells"][grading]["source"])
    m = GRADING_TEST.search(source)
    if not m:
        raise BrowserTestFailure(f"the grading cell {grading} of {Path(notebook).name} names no test: {source}")
    return first, grading, m.group(1)


def check_saved(src, name, solution_text):
    """After the browser saved src/NAME in JupyterLab's file editor: the file is the solution's text, and
    JupyterLab's checkpoint (the text before) lies in src/.ipynb_checkpoints/, next to what was graded."""
    saved = (src / name).read_text()
    if saved != solution_text:
        lines, wanted = saved.splitlines(), solution_text.splitlines()
        at = next((i for i, (a, b) in enumerate(zip(lines, wanted)) if a != b), min(len(lines), len(wanted)))
        raise BrowserTestFailure(f"src/{name} as JupyterLab saved it is not the solution's text"
                                 f" (they differ from line {at + 1} on)")
    checkpoint = src / ".ipynb_checkpoints" / f"{Path(name).stem}-checkpoint{Path(name).suffix}"
    if not checkpoint.is_file():
        raise BrowserTestFailure(f"JupyterLab saved src/{name} but wrote no src/.ipynb_checkpoints/{checkpoint.name}:"
                                 " the grader had no checkpoint to ignore")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_url(server, log, seconds):
    """The address ./lab jupyter prints on its "Open: " line, once it has printed it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        m = URL_LINE.search(log.read_text(errors="replace"))
        if m:
            return m.group(1)
        if server.poll() is not None:
            raise BrowserTestFailure("./lab jupyter stopped before printing its URL")
        time.sleep(0.5)
    raise BrowserTestFailure(f"./lab jupyter printed no URL within {seconds} s")


def stop(server, grace):
    """Jupyter shuts its kernels down on TERM; whatever is left after it, or after grace s, is killed."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(server.pid, signal.SIGKILL)  # the kernel, if it outlived the server
    except ProcessLookupError:
        pass
    server.wait()


def start_jupyter(lab, tmp, root, settings=None, env=None):
    """Starts ./lab jupyter on a free port serving root, with JupyterLab settings of its own under tmp
    (no "Jupyter news?" toast over the output, nothing from the user's, plus settings: {"plugin/file": json})
    and env added to its environment. Returns the server and its log file."""
    files = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings": '{"fetchNews": "false"}\n'}
    files.update(settings or {})
    for name, text in files.items():
        path = tmp / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    log = tmp / "server.log"
    full_env = dict(os.environ, LAB_PORT=str(free_port()), LAB_JUPYTER_ROOT=str(root),
                    JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
    full_env.update(env or {})
    with open(log, "wb") as out:
        # A session of its own: the server and its kernels are stopped as one process group.
        server = subprocess.Popen([str(lab), "jupyter"], stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, env=full_env, start_new_session=True)
    return server, log


def run(lab, notebook, exercise, solution, script, screenshots, timeout, node="node", url_wait=60, grace=10):
    """Serves copies of notebook and of the exercise folder, runs script against them and stops the server;
    raises BrowserTestFailure."""
    notebook, exercise, solution, screenshots = Path(notebook), Path(exercise), Path(solution), Path(screenshots)
    first, under_test = cells_to_run(notebook, CELL_UNDER_TEST)
    exercise_notebook = exercise / f"{exercise.name}.ipynb"  # as ./lab release names it
    exercise_first, grading, test = grading_cell(exercise_notebook)
    if not (exercise / "src" / solution.name).is_file():
        raise BrowserTestFailure(f"{exercise} has no src/{solution.name} to replace with {solution}")
    solution_text = solution.read_text()
    tmp = Path(tempfile.mkdtemp(prefix="lab-browser-"))
    server = None
    try:
        root = tmp / "root"
        root.mkdir()
        shutil.copy(notebook, root)
        # Without checkpoints a learner's earlier JupyterLab left: the one checked for is the browser's.
        shutil.copytree(exercise, root / exercise.name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        server, log = start_jupyter(lab, tmp, root)
        try:
            url = wait_for_url(server, log, url_wait)
            plan = {
                "url": url,
                "profile": str(tmp / "chromium"),
                "notebook": {"path": notebook.name, "firstCell": first, "cellUnderTest": under_test,
                             "screenshot": str(screenshots / SCREENSHOTS["notebook"])},
                "exercise": {"notebook": f"{exercise.name}/{exercise_notebook.name}", "firstCell": exercise_first,
                             "gradingCell": grading, "test": test, "failure": EXERCISE_FAILURE,
                             "file": f"{exercise.name}/src/{solution.name}", "text": solution_text,
                             "failsScreenshot": str(screenshots / SCREENSHOTS["fails"]),
                             "passesScreenshot": str(screenshots / SCREENSHOTS["passes"])},
            }
            (tmp / "plan.json").write_text(json.dumps(plan, indent=1))
            try:
                r = subprocess.run([node, str(script), str(tmp / "plan.json")], timeout=timeout)
            except subprocess.TimeoutExpired:
                raise BrowserTestFailure(f"it did not finish within {timeout} s") from None
            if r.returncode != 0:
                raise BrowserTestFailure("see its message above")
            check_saved(root / exercise.name / "src", solution.name, solution_text)
        except BrowserTestFailure:
            print("--- last lines of the JupyterLab server's log ---", file=sys.stderr)
            print("".join(log.read_text(errors="replace").splitlines(keepends=True)[-40:]), end="", file=sys.stderr)
            raise
    finally:
        if server is not None:
            stop(server, grace)
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    p = argparse.ArgumentParser(description="JupyterLab in headless Chromium: notebook 00's first cells, then an"
                                            " exercise failed, solved in the file editor and passed.")
    p.add_argument("--lab", required=True, help="the lab script, which serves JupyterLab (./lab jupyter)")
    p.add_argument("--notebook", required=True, help="notebooks/00-welcome.ipynb")
    p.add_argument("--exercise", required=True, help="a released exercise folder: exercises/01-allocation-free")
    p.add_argument("--solution", required=True, help="the solution's version of a file in the exercise's src/")
    p.add_argument("--script", required=True, help="the Playwright script (lab-src/browser/notebook-test.js)")
    p.add_argument("--screenshots", required=True, help="the folder for " + ", ".join(SCREENSHOTS.values()))
    p.add_argument("--timeout", type=int, default=180, help="seconds the browser may take")
    a = p.parse_args(argv)
    started = time.monotonic()
    shots = Path(a.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    for name in SCREENSHOTS.values():
        (shots / name).unlink(missing_ok=True)  # a screenshot left by an earlier run would mislead
    try:
        run(a.lab, a.notebook, a.exercise, a.solution, a.script, shots, a.timeout)
    except BrowserTestFailure as e:
        print(f"lab: the browser test failed: {e} (screenshots in {shots})", file=sys.stderr)
        return 1
    print(f"browser test: passed in {round(time.monotonic() - started)} s"
          f" (screenshots in {shots}: {', '.join(SCREENSHOTS.values())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
