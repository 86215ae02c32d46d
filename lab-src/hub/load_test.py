"""A load test of ./lab hub: N learners log in at once and run notebook 02, one more runs notebook 04's JMH cells.

    ./lab hub-load [--learners 2,4,8] [--limit SECONDS] [--browser] [--out lab-src/hub/load.json]

For each N it starts `./lab hub` on loopback with a temporary LAB_HUB_DIR and LAB_FAST=1 (the hub
passes LAB_FAST on to the learners' servers). Each learner is a thread with the HTTP and websocket
traffic a browser's JupyterLab makes: the login form, the hub's API to start their server, a
notebook session (the kernel starts in the learner's copy of notebooks/) and the kernel's
websocket, on which it runs every code cell one after the other. No browser is driven: the
figures leave out the browser and JupyterLab's front end, not anything on the server.

Measured per learner: time from login to a kernel that answers, each cell's wall time (p50/p95
over the escape cells), the peak of the summed RSS of the learner's jupyterhub-singleuser process
tree (server, kernel JVM, the JVMs the kernel forks), sampled every 0.5 s; and the peak of all
learners' trees together. During each run the first learner's kernel JVM is killed with SIGKILL
(as the OOM killer would) while a cell runs: what that learner's websocket then says is recorded,
the learner reruns the imports and goes on; the others must finish without errors and the hub
must still answer. Every run has a hard time limit; a learner that does not finish in it is
reported as not finished, with the cell it was on.

With --browser the learners are browser contexts of one headless Chromium (Playwright,
lab-src/browser/hub-load.js): each logs in on the hub's login page, turns on JupyterLab's Record
timing setting, opens the notebook in JupyterLab, waits for "Idle", clicks Run > Run All Cells and
saves the notebook when every cell ran. A cell's seconds are from the moment the cell before it
showed its number (or Run was clicked) to the moment it showed its own, recorded in the page
(JupyterLab's Record timing setting writes the kernel's message dates, which JJava gives in whole
minutes); its outcome is read from the saved notebook. The
first learner's kernel is killed while the same cell runs; that learner records the dialog JupyterLab
shows, reruns the imports and runs the cells below. The figures also give the RSS of the browser
(node and Chromium). Figures in lab-src/hub/load-browser.json; screenshots in build/hub-load/browser-N/.

Only the standard library and websocket-client (in the lab's venv, a jupyter_server dependency);
with --browser, Node.js, playwright-core (lab-src/browser/node_modules) and Chromium.
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure_learners import descendants, is_escape_cell, parse_status, percentile  # noqa: E402

LAB_HOME = Path(__file__).resolve().parents[2]
ESCAPE_NOTEBOOK = "notebooks/02-escape-analysis-in-hotspot.ipynb"
JMH_NOTEBOOK = "notebooks/04-stack-vs-heap-measured.ipynb"
KERNEL = "escape-lab-java"
SAMPLE_SECONDS = 0.5
KILL_AT_CELL = 4  # the first learner's kernel is killed while this code cell (0-based) runs
KILL_AFTER_SECONDS = 1.0
WEBSOCKET_HANDSHAKE_SECONDS = 60
MIB = 1024 * 1024
BROWSER_SCRIPT = LAB_HOME / "lab-src" / "browser" / "hub-load.js"
# JupyterLab 4's answer to the server's 'restarting' status (its kernel connection turns it into
# 'autorestarting', which opens this dialog): what the learner whose kernel died sees.
JUPYTERLAB_ON_RESTARTING = ("Kernel Restarting: The kernel for notebooks/02-escape-analysis-in-hotspot.ipynb appears "
                            "to have died. It will restart automatically.")


# ---------------------------------------------------------------- pure parts (unit-tested)

def tree_rss(table, root):
    """Summed VmRSS (bytes) of root and every process under it, from a {pid: status fields} table."""
    parents = {pid: fields["PPid"] for pid, fields in table.items() if "PPid" in fields}
    return sum(table[pid].get("VmRSS", 0) for pid in [root, *descendants(parents, root)] if pid in table)


def parse_learners(text):
    """'2,4,8' -> [2, 4, 8]; a clear ValueError for anything else."""
    try:
        numbers = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"--learners takes numbers separated by commas, e.g. 2,4,8, not '{text}'") from None
    if not numbers or any(n < 1 for n in numbers):
        raise ValueError(f"--learners takes numbers of 1 or more, e.g. 2,4,8, not '{text}'")
    return numbers


def rounded(value, digits=1):
    return None if value is None else round(value, digits)


def cell_seconds(prompts_done, clicks):
    """{code cell: seconds} from the browser's timeline: when each cell's prompt turned to a number
    and when the learner clicked Run. The kernel runs the queued cells one after the other, so a
    cell's time is from the previous event (the cell before it done, or the click) to its own."""
    events = sorted([(at, None) for at in clicks] + [(e["at"], e["cell"]) for e in prompts_done], key=lambda e: e[0])
    seconds, before = {}, None
    for at, cell in events:
        if cell is not None and before is not None:
            seconds[cell] = round((at - before) / 1000, 2)
        before = at
    return seconds


def timed_cells(notebook, seconds):
    """Each code cell of the notebook JupyterLab saved: its index among the code cells, its seconds
    (from cell_seconds), escape or not, and its outcome as the saved outputs say."""
    cells = []
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    for index, cell in enumerate(code):
        error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
        if error:
            outcome = f"error: {error.get('ename')}: {str(error.get('evalue'))[:200]}"
        elif cell.get("execution_count") is None or index not in seconds:
            outcome = "not run"
        else:
            outcome = "ok"
        cells.append({"index": index, "seconds": seconds.get(index) if outcome != "not run" else None,
                      "escape": is_escape_cell("".join(cell["source"])), "outcome": outcome})
    return cells


def browser_record(entry, notebook, killed_at):
    """A browser learner's record, as the HTTP learners' (Learner.record): from hub-load.js's report
    entry, the notebook it saved (None when it saved none) and when its kernel was killed (epoch s)."""
    record = {"name": entry["name"], "notebook": entry["notebook"], "finished": entry["finished"],
              "kernel_ready_s": rounded(entry["kernelReadySeconds"], 2), "wall_s": rounded(entry["wallSeconds"]),
              "on_cell": entry["onCell"], "errors": list(entry["errors"]), "peak_mib": 0,
              "cells": timed_cells(notebook, cell_seconds(entry["promptsDone"], entry["clicks"])) if notebook else [],
              "screenshot": entry.get("screenshot")}
    killed = entry.get("killed")
    if killed:
        record["killed"] = {"cell": killed["cell"], "jupyterlab_shows": killed["dialog"],
                            "back_in_s": rounded(killed["idleAgainAt"] / 1000 - killed_at) if killed_at else None,
                            "imports_rerun": killed.get("importsRerun"), "screenshot": killed.get("screenshot")}
        for cell in record["cells"]:
            if cell["index"] == killed["cell"]:
                cell.update(seconds=None, outcome="no answer: the kernel died")
    if record["finished"]:
        record["errors"] += [f"cell {c['index']}: {c['outcome']}" for c in record["cells"]
                             if c["outcome"] not in ("ok", "no answer: the kernel died")]
    return record


def summarize(n, learners, total_peak_mib, hub_alive, seconds):
    """One run's figures from the learners' records (see Learner.record)."""
    escape_learners = [r for r in learners if r["notebook"] == ESCAPE_NOTEBOOK]
    escape = [c["seconds"] for r in escape_learners for c in r["cells"] if c["escape"] and c["outcome"] == "ok"]
    ready = [r["kernel_ready_s"] for r in learners if r["kernel_ready_s"] is not None]
    peaks = [r["peak_mib"] for r in escape_learners if r["peak_mib"]]
    jmh = [r for r in learners if r["notebook"] == JMH_NOTEBOOK]
    return {
        "learners": n,
        "seconds": round(seconds, 1),
        "hub_alive_at_end": hub_alive,
        "finished": sum(1 for r in learners if r["finished"]),
        "of": len(learners),
        "kernel_ready_s_p50": rounded(percentile(ready, 50)),
        "kernel_ready_s_max": rounded(max(ready) if ready else None),
        "escape_cells": len(escape),
        "escape_cell_p50_s": rounded(percentile(escape, 50), 2),
        "escape_cell_p95_s": rounded(percentile(escape, 95), 2),
        "learner_peak_mib_max": max(peaks) if peaks else None,
        "learner_peak_mib_p50": round(percentile(peaks, 50)) if peaks else None,
        "jmh_learner_peak_mib": jmh[0]["peak_mib"] if jmh else None,
        "total_peak_mib": total_peak_mib,
        "jmh_notebook_s": jmh[0]["wall_s"] if jmh else None,
        "websocket_retries": sum(r.get("websocket_retries", 0) for r in learners),
        "websocket_closed_before_kernel": sum(r.get("websocket_closed", 0) for r in learners),
        "errors": [f"{r['name']}: {e}" for r in learners for e in r["errors"]],
        "killed_kernel": next((r["killed"] for r in learners if r.get("killed")), None),
        "per_learner": learners,
    }


def table(runs):
    """The README's markdown table, one row per run; a column for Chromium when the learners were browsers."""
    browser = any("browser_peak_mib" in r for r in runs)
    lines = ["| learners (+1 JMH) | load before | finished | login to kernel (s, p50 / max) | escape cell p50 / p95 (s) "
             "| one learner's peak (MiB, p50 / max) | JMH learner's peak (MiB) | all at once (MiB) | JMH notebook (s) "
             "| killed kernel back in (s) |" + (" Chromium (MiB) |" if browser else ""),
             "|---|---|---|---|---|---|---|---|---|---|" + ("---|" if browser else "")]
    for r in runs:
        killed = r.get("killed_kernel")
        back = "no kernel killed" if killed is None else killed["back_in_s"]
        lines.append(
            f"| {r['learners']} | {r.get('load_before', '')} | {r['finished']} of {r['of']} | {r['kernel_ready_s_p50']} / {r['kernel_ready_s_max']} "
            f"| {r['escape_cell_p50_s']} / {r['escape_cell_p95_s']} | {r['learner_peak_mib_p50']} / {r['learner_peak_mib_max']} "
            f"| {r['jmh_learner_peak_mib']} | {r['total_peak_mib']} | {r['jmh_notebook_s'] if r['jmh_notebook_s'] is not None else 'not finished'} "
            f"| {back} |" + (f" {r.get('browser_peak_mib', '')} |" if browser else ""))
    return "\n".join(lines)


# ---------------------------------------------------------------- /proc

def process_table():
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = parse_status(Path(f"/proc/{entry}/status").read_text())
            except OSError:
                continue  # ended between listing and reading
            if "PPid" in fields:
                table[int(entry)] = fields
    return table


def hub_user_of(pid):
    """The learner a jupyterhub-singleuser process serves (JUPYTERHUB_USER in its environment)."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return None
    for entry in environ:
        if entry.startswith(b"JUPYTERHUB_USER="):
            return entry.split(b"=", 1)[1].decode()
    return None


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


# ---------------------------------------------------------------- one learner

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


class KernelRestarted(Exception):
    pass


class Learner:
    """One learner: logs in, starts their server, opens a notebook and runs its code cells."""

    def __init__(self, base, name, password, notebook, deadline, kill_kernel=None):
        self.base, self.name, self.password, self.notebook, self.deadline = base, name, password, notebook, deadline
        self.kill_kernel = kill_kernel  # a function killing this learner's kernel JVM, for the first learner
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)
        self.token = None
        self.record = {"name": name, "notebook": notebook, "kernel_ready_s": None, "cells": [], "errors": [],
                       "finished": False, "wall_s": None, "peak_mib": 0, "on_cell": None,
                       "websocket_retries": 0, "websocket_closed": 0}

    # -- HTTP
    def request(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "token " + self.token
        else:
            headers["X-XSRFToken"] = next((c.value for c in self.cookies if c.name == "_xsrf"), "")
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        with self.opener.open(req, timeout=120) as r:
            text = r.read().decode()
            return json.loads(text) if text else None

    def log_in(self):
        with self.opener.open(self.base + "/hub/login", timeout=120) as r:
            xsrf = re.search(r'name="_xsrf" value="([^"]+)"', r.read().decode()).group(1)
        form = urllib.parse.urlencode({"username": self.name, "password": self.password, "_xsrf": xsrf}).encode()
        try:
            self.opener.open(self.base + "/hub/login", data=form, timeout=120)
            raise RuntimeError("the login form did not redirect (wrong password?)")
        except urllib.error.HTTPError as e:
            if e.code != 302:
                raise RuntimeError(f"the login form answered {e.code}") from None
        self.token = self.request("POST", f"/hub/api/users/{self.name}/tokens", {"note": "load test"})["token"]

    def start_server(self):
        self.request("POST", f"/hub/api/users/{self.name}/server")
        while time.monotonic() < self.deadline:
            if self.request("GET", f"/hub/api/users/{self.name}")["servers"].get("", {}).get("ready"):
                return
            time.sleep(0.5)
        raise TimeoutError("the server was not ready before the time limit")

    # -- the kernel's websocket
    def open_session(self):
        """A notebook session as JupyterLab opens one: the kernel starts in the notebook's folder."""
        session = self.request("POST", f"/user/{self.name}/api/sessions", {
            "path": self.notebook, "type": "notebook", "name": Path(self.notebook).name, "kernel": {"name": KERNEL}})
        self.kernel_id = session["kernel"]["id"]
        self.connect()

    def connect(self):
        """The kernel's websocket. The server answers the handshake only once the kernel has started,
        which on a loaded machine takes tens of seconds; like JupyterLab, the learner waits and tries again."""
        import websocket
        url = self.base.replace("http://", "ws://") + f"/user/{self.name}/api/kernels/{self.kernel_id}/channels"
        while True:
            try:
                self.ws = websocket.create_connection(url, header=["Authorization: token " + self.token],
                                                      timeout=WEBSOCKET_HANDSHAKE_SECONDS)
                break
            except (websocket.WebSocketTimeoutException, ConnectionError) as e:
                self.record["websocket_retries"] += 1
                if time.monotonic() > self.deadline:
                    raise TimeoutError(f"the kernel's websocket did not open before the time limit ({e})") from None
        self.ws.settimeout(10)  # then each receive waits at most this long, so the time limit is checked
        self.session = uuid.uuid4().hex

    def send(self, msg_type, content, channel="shell"):
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.name, "session": self.session,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": channel, "buffers": [], "content": content}))
        return msg_id

    def receive(self):
        import websocket
        try:
            return json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None

    def wait_kernel(self):
        """Asks kernel_info until the kernel answers (as JupyterLab does before 'Idle'). A websocket
        the server closes meanwhile is opened again, as JupyterLab reconnects."""
        import websocket
        while time.monotonic() < self.deadline:
            try:
                msg_id = self.send("kernel_info_request", {})
            except websocket.WebSocketConnectionClosedException:
                self.record["websocket_closed"] += 1
                self.connect()
                continue
            until = time.monotonic() + 5
            while time.monotonic() < until:
                try:
                    msg = self.receive()
                except websocket.WebSocketConnectionClosedException:
                    self.record["websocket_closed"] += 1
                    self.connect()
                    break
                if msg and msg["header"]["msg_type"] == "kernel_info_reply" and msg["parent_header"].get("msg_id") == msg_id:
                    return
        raise TimeoutError("the kernel did not answer before the time limit")

    def run_cell(self, code, statuses):
        """Runs code; 'ok' or 'error: ...'; raises KernelRestarted when the server says the kernel died."""
        msg_id = self.send("execute_request", {"code": code, "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        error = None
        while time.monotonic() < self.deadline:
            msg = self.receive()
            if msg is None:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "status" and msg["content"]["execution_state"] in ("restarting", "dead", "autorestarting"):
                # The server's restarter speaks for a kernel that died: no parent header.
                statuses.append(msg["content"]["execution_state"])
                raise KernelRestarted()
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            # The reply (shell channel) may come before the error (iopub): the reply says it too.
            if kind == "error":
                error = f"error: {msg['content']['ename']}: {msg['content']['evalue'][:200]}"
            elif kind == "execute_reply":
                reply = msg["content"]
                if reply.get("status") == "error" and not error:
                    error = f"error: {reply.get('ename', '')}: {str(reply.get('evalue', ''))[:200]}"
                return error or "ok"
        raise TimeoutError("the cell did not finish before the time limit")

    # -- the whole learner
    def run(self, cells):
        t0 = time.monotonic()
        try:
            self.log_in()
            self.start_server()
            self.open_session()
            self.wait_kernel()
            self.record["kernel_ready_s"] = round(time.monotonic() - t0, 2)
            index = 0
            while index < len(cells):
                self.record["on_cell"] = index
                killer = None
                if self.kill_kernel and index == KILL_AT_CELL:
                    killer = threading.Timer(KILL_AFTER_SECONDS, self.kill_now)
                    killer.start()
                started = time.monotonic()
                try:
                    outcome = self.run_cell(cells[index], [])
                except KernelRestarted:
                    self.recover(started, cells, index)
                    index += 1
                    continue
                finally:
                    if killer:
                        killer.join()
                self.record["cells"].append({"index": index, "seconds": round(time.monotonic() - started, 2),
                                             "escape": is_escape_cell(cells[index]), "outcome": outcome})
                if outcome != "ok":
                    self.record["errors"].append(f"cell {index}: {outcome}")
                index += 1
            self.record["finished"] = True
            self.record["on_cell"] = None
        except Exception as e:  # recorded, not raised: every learner's record is reported
            self.record["errors"].append(f"{type(e).__name__}: {str(e)[:300]}")
        finally:
            self.record["wall_s"] = round(time.monotonic() - t0, 1) if self.record["finished"] else None

    def kill_now(self):
        self.killed_at = time.monotonic()
        self.kill_kernel()

    def recover(self, started, cells, index):
        """What a learner whose kernel died sees and does: JupyterLab shows 'Kernel Restarting' (the
        server restarts the kernel itself); the cell that ran has no answer; the variables are gone,
        so the learner reruns the first cell (the imports) and goes on with the next one."""
        statuses = ["restarting"]
        # Whatever else the server says about the kernel in the next seconds ('starting', 'idle').
        until = time.monotonic() + 3
        while time.monotonic() < until:
            msg = self.receive()
            if msg and msg["header"]["msg_type"] == "status" and not msg.get("parent_header"):
                statuses.append(msg["content"]["execution_state"])
        self.wait_kernel()
        back = round(time.monotonic() - getattr(self, "killed_at", started), 1)
        outcome = self.run_cell(cells[0], statuses)
        self.record["killed"] = {"cell": index, "server_said": statuses, "back_in_s": back,
                                 "jupyterlab_shows": JUPYTERLAB_ON_RESTARTING if "restarting" in statuses else None,
                                 "imports_rerun": outcome}
        self.record["cells"].append({"index": index, "seconds": None, "escape": is_escape_cell(cells[index]),
                                     "outcome": "no answer: the kernel died"})


def code_cells(notebook):
    nb = json.loads((LAB_HOME / notebook).read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


# ---------------------------------------------------------------- one run: a hub, N + 1 learners

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_hub(state, password, log_path, limit):
    port = free_port()
    env = dict(os.environ, LAB_HUB_DIR=str(state), LAB_HUB_PASSWORD=password, LAB_FAST="1")
    env.pop("LAB_HUB_USERS", None)
    log = open(log_path, "w")
    hub = subprocess.Popen([str(LAB_HOME / "lab"), "hub", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                           env=env, start_new_session=True)
    deadline = time.monotonic() + limit
    while "JupyterHub is now running" not in log_path.read_text(errors="replace"):
        if hub.poll() is not None or time.monotonic() > deadline:
            stop_hub(hub)
            raise SystemExit("hub-load: ./lab hub did not start:\n" + log_path.read_text(errors="replace")[-3000:])
        time.sleep(0.5)
    return hub, f"http://127.0.0.1:{port}"


def stop_hub(hub):
    """Ctrl-C as a terminal sends it; then whatever is left under the hub is killed by pid."""
    if hub.poll() is None:
        os.killpg(hub.pid, signal.SIGINT)
        try:
            hub.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
    for pid in [hub.pid, *descendants({p: f["PPid"] for p, f in process_table().items()}, hub.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    hub.wait(timeout=30)


def hub_answers(base):
    try:
        with urllib.request.urlopen(base + "/hub/api/", timeout=30) as r:
            return r.status == 200
    except OSError:
        return False


def run_learners(n, limit, work, logs, browser=False):
    """Starts a hub, runs N notebook-02 learners and one notebook-04 learner at once, over HTTP or
    (browser) in Chromium; the run's figures."""
    state = work / f"hub-{n}"
    password = secrets.token_urlsafe(12)
    started = time.monotonic()
    hub, base = start_hub(state, password, logs / f"hub-{n}{'-browser' if browser else ''}.log", limit)
    deadline = started + limit
    servers = {}  # learner name -> jupyterhub-singleuser pid
    stop_sampling = threading.Event()
    totals = {"peak": 0, "browser_pid": None, "browser_peak": 0}
    names = [(f"learner{i + 1}", ESCAPE_NOTEBOOK) for i in range(n)] + [("jmh", JMH_NOTEBOOK)]
    peaks = {name: 0 for name, _ in names}

    def kill_first_kernel():
        server = servers.get("learner1")
        table = process_table()
        parents = {p: f["PPid"] for p, f in table.items()}
        for pid in descendants(parents, server) if server else []:
            if table[pid].get("Name") == "java" and "jjava.jar" in cmdline(pid):
                os.kill(pid, signal.SIGKILL)
                return

    def sample():
        while not stop_sampling.is_set():
            table = process_table()
            parents = {p: f["PPid"] for p, f in table.items()}
            for pid in descendants(parents, hub.pid):
                if pid not in servers.values() and "jupyterhub-singleuser" in cmdline(pid):
                    user = hub_user_of(pid)
                    if user:
                        servers[user] = pid
            total = 0
            for name in peaks:
                pid = servers.get(name)
                if pid in table:
                    rss = tree_rss(table, pid)
                    total += rss
                    peaks[name] = max(peaks[name], round(rss / MIB))
            totals["peak"] = max(totals["peak"], round(total / MIB))
            if totals["browser_pid"] in table:  # node and the Chromium it runs: a learner's laptop, not the hub
                totals["browser_peak"] = max(totals["browser_peak"], round(tree_rss(table, totals["browser_pid"]) / MIB))
            stop_sampling.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        if browser:
            records = drive_browsers(base, password, names, deadline, state, logs / f"browser-{n}",
                                     kill_first_kernel, totals)
        else:
            records = drive_http(base, password, names, deadline, limit, kill_first_kernel)
        alive = hub.poll() is None and hub_answers(base)
    finally:
        stop_sampling.set()
        sampler.join()
        stop_hub(hub)
    for record in records:
        record["peak_mib"] = peaks[record["name"]]
    run = summarize(n, records, totals["peak"], alive, time.monotonic() - started)
    if browser:
        run["browser_peak_mib"] = totals["browser_peak"]
        for key in ("websocket_retries", "websocket_closed_before_kernel"):  # the HTTP learners' own counts
            run.pop(key)
    return run


def drive_http(base, password, names, deadline, limit, kill_first_kernel):
    """The learners as threads making JupyterLab's HTTP and websocket requests; their records."""
    learners = [Learner(base, name, password, notebook, deadline,
                        kill_kernel=kill_first_kernel if name == "learner1" else None) for name, notebook in names]
    threads = [threading.Thread(target=l.run, args=(code_cells(l.notebook),), daemon=True) for l in learners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1, deadline - time.monotonic()))
    records = []
    for learner, thread in zip(learners, threads):
        record = dict(learner.record)
        if thread.is_alive() and not record["errors"]:
            record["errors"] = [f"not finished in the {limit} s limit (on code cell {record['on_cell']})"]
        records.append(record)
    return records


def drive_browsers(base, password, names, deadline, state, shots, kill_first_kernel, totals):
    """The learners as browser contexts of one headless Chromium (lab-src/browser/hub-load.js);
    their records: each cell's time from the page's timeline, its outcome from the saved notebook."""
    shutil.rmtree(shots, ignore_errors=True)  # an earlier run's screenshots would mislead
    shots.mkdir(parents=True)
    plan = {"base": base, "password": password, "deadlineSeconds": max(1, round(deadline - time.monotonic())),
            "killAtCell": KILL_AT_CELL, "report": str(state / "browser-report.json"),
            "screenshots": os.path.relpath(shots, LAB_HOME),  # relative: the figures name build/hub-load/...
            "learners": [{"name": name, "notebook": notebook, "kill": name == "learner1"} for name, notebook in names]}
    (state / "browser-plan.json").write_text(json.dumps(plan))
    with open(shots / "node.log", "w") as log:
        node = subprocess.Popen(["node", str(BROWSER_SCRIPT), str(state / "browser-plan.json")], stdout=subprocess.PIPE,
                                stderr=log, text=True, start_new_session=True, cwd=LAB_HOME)
    totals["browser_pid"] = node.pid
    # hub-load.js ends itself at the deadline; this is in case it hangs.
    watchdog = threading.Timer(max(1, deadline - time.monotonic()) + 60, lambda: os.killpg(node.pid, signal.SIGKILL))
    watchdog.start()
    killed_at = {}

    def kill():
        killed_at["learner1"] = time.time()
        kill_first_kernel()

    for line in node.stdout:  # hub-load.js's events, one JSON line each
        if line.startswith("{") and json.loads(line).get("event") == "running":
            threading.Timer(KILL_AFTER_SECONDS, kill).start()
    node.wait()
    watchdog.cancel()
    report = state / "browser-report.json"
    if not report.is_file():
        raise SystemExit(f"hub-load: the browser wrote no report (exit {node.returncode}); its log: {shots / 'node.log'}")
    shutil.copy(report, shots / "report.json")  # kept with the screenshots, as the hub's log is
    records = []
    for entry in json.loads(report.read_text()):
        saved = state / "users" / entry["name"] / entry["notebook"]
        notebook = json.loads(saved.read_text()) if entry["finished"] and saved.is_file() else None
        if notebook:
            shutil.copy(saved, shots / f"{entry['name']}.ipynb")
        records.append(browser_record(entry, notebook, killed_at.get(entry["name"])))
    return records


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(prog="./lab hub-load", description=__doc__.split("\n")[0])
    parser.add_argument("--learners", default="2,4,8", help="the numbers of notebook-02 learners, one run each (2,4,8)")
    parser.add_argument("--limit", type=int, default=900, help="hard limit of one run in seconds (900)")
    parser.add_argument("--out", type=Path, help="where the raw figures go (lab-src/hub/load.json; with --browser,"
                                                  " lab-src/hub/load-browser.json)")
    parser.add_argument("--browser", action="store_true",
                        help="each learner a browser context of one headless Chromium running JupyterLab (Playwright)")
    args = parser.parse_args()
    args.out = args.out or LAB_HOME / "lab-src" / "hub" / ("load-browser.json" if args.browser else "load.json")
    if args.browser:
        chromium = os.environ.get("LAB_CHROMIUM", "/usr/bin/chromium")
        if not os.access(chromium, os.X_OK):
            sys.exit(f"hub-load: --browser needs Chromium; {chromium} was not found.\n"
                     "  fix: sudo apt-get install chromium   (or point LAB_CHROMIUM at a Chromium)")
        if not (BROWSER_SCRIPT.parent / "node_modules" / "playwright-core" / "package.json").is_file():
            sys.exit(f"hub-load: --browser needs playwright-core in {BROWSER_SCRIPT.parent}/node_modules.\n"
                     f"  fix: cd {BROWSER_SCRIPT.parent} && npm ci")
    try:
        counts = parse_learners(args.learners)
        import websocket  # noqa: F401
    except ValueError as e:
        sys.exit(f"hub-load: {e}")
    except ImportError:
        sys.exit("hub-load: websocket-client is missing from the lab's venv (./lab setup installs it with jupyter_server)")
    runs = []
    logs = LAB_HOME / "build" / "hub-load"  # each run's hub log is kept here; its state is not
    logs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lab-hub-load-") as work:
        for n in counts:
            load = os.getloadavg()
            print(f"hub-load: {n} learners + 1 JMH learner (load average {load[0]:.1f})", flush=True)
            run = run_learners(n, args.limit, Path(work), logs, browser=args.browser)
            run["load_before"] = round(load[0], 1)
            run["load_after"] = round(os.getloadavg()[0], 1)
            runs.append(run)
            print(table([run]).splitlines()[-1], flush=True)
            for error in run["errors"]:
                print(f"  {error}", flush=True)
            if run["finished"] < run["of"] or not run["hub_alive_at_end"]:
                print(f"hub-load: at {n} learners not everyone finished; no larger run", flush=True)
                break
    figures = {
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cores": os.cpu_count(),
                    "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
        "learners_are": "browser contexts of one headless Chromium (hub-load.js)" if args.browser else "HTTP and websocket clients",
        "escape_notebook": ESCAPE_NOTEBOOK, "jmh_notebook": JMH_NOTEBOOK, "lab_fast": "1",
        "limit_s": args.limit, "runs": runs,
    }
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(table(runs))
    print(f"hub-load: raw figures in {args.out}, the hub's logs in {logs}")


if __name__ == "__main__":
    main()
