"""The live lab in a real browser, for ./lab test.

./lab jupyter serves a copy of notebook 00 (JupyterLab saves what it runs; notebooks stay
committed without outputs) from a folder of its own, and headless Chromium, driven by
Playwright (lab-src/browser/notebook-test.js), runs the notebook's first code cell and the cell
that shows JvmInfo.current(), and checks what the kernel answered. The server and everything it
started (the kernel) are stopped and the copy removed, whatever happens.

usage: python browser_test.py --lab LAB --notebook NB --script JS --screenshot PNG [--timeout S]
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

# The cell the test checks: the kernel's own JVM, which must be the lab's JDK 25.
CELL_UNDER_TEST = "JvmInfo.current()"
URL_LINE = re.compile(r"^Open: (http://\S+)$", re.M)


class BrowserTestFailure(Exception):
    pass


def cells_to_run(notebook):
    """The notebook's first code cell (its imports) and the first cell that shows JvmInfo.current(),
    as indices among all cells, which is how JupyterLab lays them out."""
    cells = json.loads(Path(notebook).read_text())["cells"]
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    under_test = [i for i in code if CELL_UNDER_TEST in "".join(cells[i]["source"])]
    if not code or not under_test:
        raise BrowserTestFailure(f"{Path(notebook).name} has no code cell with {CELL_UNDER_TEST} to check")
    return code[0], under_test[0]


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


def run(lab, notebook, script, screenshot, timeout, node="node", url_wait=60, grace=10):
    """Serves a copy of notebook, runs script against it and stops the server; raises BrowserTestFailure."""
    first, under_test = cells_to_run(notebook)
    tmp = Path(tempfile.mkdtemp(prefix="lab-browser-"))
    server = None
    try:
        (tmp / "root").mkdir()
        shutil.copy(notebook, tmp / "root")
        # Settings of its own: no "Jupyter news?" toast over the output, nothing from the user's.
        settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}\n')
        log = tmp / "server.log"
        env = dict(os.environ, LAB_PORT=str(free_port()), LAB_JUPYTER_ROOT=str(tmp / "root"),
                   JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
        with open(log, "wb") as out:
            # A session of its own: the server and its kernel are stopped as one process group.
            server = subprocess.Popen([str(lab), "jupyter"], stdout=out, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            url = wait_for_url(server, log, url_wait)
            try:
                r = subprocess.run([node, str(script), url, str(screenshot), str(tmp / "chromium"),
                                    str(first), str(under_test)], timeout=timeout)
            except subprocess.TimeoutExpired:
                raise BrowserTestFailure(f"it did not finish within {timeout} s") from None
            if r.returncode != 0:
                raise BrowserTestFailure("see its message above")
        except BrowserTestFailure:
            print("--- last lines of the JupyterLab server's log ---", file=sys.stderr)
            print("".join(log.read_text(errors="replace").splitlines(keepends=True)[-40:]), end="", file=sys.stderr)
            raise
    finally:
        if server is not None:
            stop(server, grace)
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    p = argparse.ArgumentParser(description="JupyterLab in headless Chromium: notebook 00's first cells.")
    p.add_argument("--lab", required=True, help="the lab script, which serves JupyterLab (./lab jupyter)")
    p.add_argument("--notebook", required=True)
    p.add_argument("--script", required=True, help="the Playwright script (lab-src/browser/notebook-test.js)")
    p.add_argument("--screenshot", required=True)
    p.add_argument("--timeout", type=int, default=180, help="seconds the browser may take")
    a = p.parse_args(argv)
    started = time.monotonic()
    Path(a.screenshot).parent.mkdir(parents=True, exist_ok=True)
    Path(a.screenshot).unlink(missing_ok=True)  # a screenshot left by an earlier run would mislead
    try:
        run(a.lab, a.notebook, a.script, a.screenshot, a.timeout)
    except BrowserTestFailure as e:
        print(f"lab: the browser test failed: {e} (screenshot: {a.screenshot})", file=sys.stderr)
        return 1
    print(f"browser test: passed in {round(time.monotonic() - started)} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
