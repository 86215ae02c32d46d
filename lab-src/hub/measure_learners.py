"""Measures what one learner of the lab costs: memory, CPU and waiting, for N learners at once.

Each learner is a subprocess of this script that runs one notebook with nbclient on the Java
kernel (as a learner running every cell); this script samples, every 0.2 s, the resident memory
(VmRSS in /proc/PID/status) of each learner's kernel JVM and of every process under it (the
escape engine forks a JVM per cell). With --server it also starts one JupyterLab server (the
command ./lab jupyter execs) and measures its RSS with a kernel started through its REST API.

    python measure_learners.py --learners 1 2 4 --notebook notebooks/02-escape-analysis-in-hotspot.ipynb \
        --kernel escape-lab-java --server --out measured.json

A number given twice (--learners 1 2 4 1 2 4) is measured twice; the sizing takes the highest.
The learners get the environment this script has (set LAB_FAST=1 and LAB_HOME there).
Only the standard library and nbclient (in the learner subprocesses) are used.
"""

import argparse
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SAMPLE_SECONDS = 0.2
KERNEL_SETTLE_SECONDS = 15
MIB = 1024 * 1024
# Sizing rule (see README.md): the memory limit is the measured peak of one learner times this
# margin, the guarantee what stays resident between cells; both rounded up to this step.
MEMORY_MARGIN = 1.25
MEMORY_STEP_MIB = 128


# ---------------------------------------------------------------- pure parts (unit-tested)

def parse_status(text):
    """The kB fields of /proc/PID/status (VmRSS, VmHWM, ...) as bytes; Name and PPid as they are."""
    fields = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        parts = value.split()
        if key in ("Name",):
            fields[key] = value.strip()
        elif key == "PPid" and parts:
            fields[key] = int(parts[0])
        elif len(parts) == 2 and parts[1] == "kB" and parts[0].isdigit():
            fields[key] = int(parts[0]) * 1024
    return fields


def percentile(values, p):
    """The p-th percentile (0..100) of values, linear between the closest ranks; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def descendants(parents, root):
    """Every pid under root, given a {pid: parent pid} map (root itself not included)."""
    children = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def round_up_mib(value_mib, step=MEMORY_STEP_MIB):
    return int(math.ceil(value_mib / step) * step)


def is_escape_cell(source):
    """A cell that runs the escape engine (which forks JVMs): Escape.example, PartialEscape.compare, ..."""
    return "Escape." in source


# ---------------------------------------------------------------- /proc

def read_status(pid):
    try:
        return parse_status(Path(f"/proc/{pid}/status").read_text())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None  # the process ended between listing and reading


def process_table():
    """{pid: status fields} of every process now."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            status = read_status(int(entry))
            if status and "PPid" in status:
                table[int(entry)] = status
    return table


class LearnerSample:
    """The peaks seen under one learner subprocess (nbclient's Python is not counted)."""

    def __init__(self, pid):
        self.pid = pid
        self.kernel_pid = None
        self.kernel_rss_peak = 0
        self.kernel_hwm = 0
        self.tree_peak = 0
        self.most_jvms = 0

    def sample(self, table):
        under = descendants({p: s["PPid"] for p, s in table.items()}, self.pid)
        if self.kernel_pid is None:
            jvms = [p for p in under if table[p]["PPid"] == self.pid and table[p].get("Name") == "java"]
            self.kernel_pid = jvms[0] if jvms else None
        total = sum(table[p].get("VmRSS", 0) for p in under)
        self.tree_peak = max(self.tree_peak, total)
        self.most_jvms = max(self.most_jvms, sum(1 for p in under if table[p].get("Name") == "java"))
        kernel = table.get(self.kernel_pid)
        if kernel:
            self.kernel_rss_peak = max(self.kernel_rss_peak, kernel.get("VmRSS", 0))
            self.kernel_hwm = max(self.kernel_hwm, kernel.get("VmHWM", 0))
        return total


# ---------------------------------------------------------------- one learner (a subprocess)

def run_one_learner(notebook, kernel):
    """Runs the notebook; prints a JSON line: time to kernel ready, each code cell's wall time, CPU."""
    import resource

    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    t0 = time.monotonic()
    times = {"ready": None, "start": 0.0}
    cells = []

    def on_notebook_start(**_):  # nbclient calls it once the kernel answered kernel_info
        times["ready"] = time.monotonic() - t0

    def on_cell_start(cell, cell_index, **_):
        times["start"] = time.monotonic()

    def on_cell_executed(cell, cell_index, **_):
        cells.append({"index": cell_index, "seconds": round(time.monotonic() - times["start"], 3),
                      "escape": is_escape_cell(cell.source)})

    client = NotebookClient(nb, kernel_name=kernel, timeout=900, startup_timeout=180,
                            resources={"metadata": {"path": str(Path(notebook).parent)}},
                            on_notebook_start=on_notebook_start, on_cell_start=on_cell_start,
                            on_cell_executed=on_cell_executed)
    error = None
    try:
        with open(os.devnull, "w") as quiet:
            client.execute(stdout=quiet, stderr=quiet)
    except Exception as e:  # reported, not raised: the parent collects every learner's result
        error = f"{type(e).__name__}: {str(e)[:300]}"
    wall = time.monotonic() - t0
    # The kernel and the JVMs it forked were waited for: their CPU time is in RUSAGE_CHILDREN.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"kernel_ready_s": times["ready"], "cells": cells, "wall_s": round(wall, 2),
                      "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "error": error}), flush=True)


# ---------------------------------------------------------------- N learners at once

def run_learners(n, notebook, kernel):
    procs = [subprocess.Popen([sys.executable, __file__, "--one-learner", str(notebook), "--kernel", kernel],
                              stdout=subprocess.PIPE, text=True) for _ in range(n)]
    samples = [LearnerSample(p.pid) for p in procs]
    total_peak = 0
    while any(p.poll() is None for p in procs):
        table = process_table()
        total_peak = max(total_peak, sum(s.sample(table) for s in samples))
        time.sleep(SAMPLE_SECONDS)
    results = []
    for p, s in zip(procs, samples):
        out = p.stdout.read().strip().splitlines()
        result = json.loads(out[-1]) if out else {"error": f"learner exited with {p.returncode} and no result"}
        result.update(kernel_rss_peak_mib=round(s.kernel_rss_peak / MIB), kernel_hwm_mib=round(s.kernel_hwm / MIB),
                      tree_peak_mib=round(s.tree_peak / MIB), most_jvms=s.most_jvms)
        results.append(result)
    return summarize(n, results, total_peak)


def summarize(n, results, total_peak):
    escape = [c["seconds"] for r in results for c in r.get("cells", []) if c["escape"]]
    ready = [r["kernel_ready_s"] for r in results if r.get("kernel_ready_s") is not None]
    return {
        "learners": n,
        "errors": [r["error"] for r in results if r.get("error")],
        "kernel_ready_s_max": round(max(ready), 1) if ready else None,
        "escape_cells": len(escape),
        "escape_cell_p50_s": round(percentile(escape, 50), 2) if escape else None,
        "escape_cell_p95_s": round(percentile(escape, 95), 2) if escape else None,
        "notebook_wall_s_max": max((r.get("wall_s", 0) for r in results), default=0),
        "cpu_s_per_learner": round(sum(r.get("cpu_s", 0) for r in results) / n, 1),
        "kernel_rss_peak_mib": max(r["kernel_rss_peak_mib"] for r in results),
        "kernel_hwm_mib": max(r["kernel_hwm_mib"] for r in results),
        "tree_peak_mib_per_learner": max(r["tree_peak_mib"] for r in results),
        "most_jvms_per_learner": max(r["most_jvms"] for r in results),
        "total_peak_mib": round(total_peak / MIB),
    }


# ---------------------------------------------------------------- the JupyterLab server

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_server(kernel, root_dir):
    """Starts a JupyterLab server as ./lab jupyter does; its RSS idle and with one kernel started over REST."""
    port = int(os.environ.get("LAB_PORT") or free_port())
    token = os.urandom(12).hex()
    jupyter = Path(sys.executable).parent / "jupyter"
    cmd = [str(jupyter), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
           f"--MappingKernelManager.default_kernel_name={kernel}"]
    if os.getuid() == 0:
        cmd.append("--allow-root")
    base = f"http://127.0.0.1:{port}/api"

    def call(method, path, body=None):
        req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read()
            return json.loads(text) if text else None

    with tempfile.TemporaryDirectory() as runtime:
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=runtime)
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            t0 = time.monotonic()
            while True:
                try:
                    call("GET", "/status")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() - t0 > 120:
                        raise SystemExit(f"measure_learners: the JupyterLab server did not start ({' '.join(cmd)})")
                    time.sleep(0.5)
            started = time.monotonic() - t0
            time.sleep(2)
            idle = read_status(server.pid)["VmRSS"]
            # A kernel nobody is connected to stays "starting" on the server: it is given the time
            # nbclient's kernels needed to answer (about 10 s here) before the server is measured.
            kernel_id = call("POST", "/kernels", {"name": kernel})["id"]
            time.sleep(KERNEL_SETTLE_SECONDS)
            with_kernel = max(read_status(server.pid)["VmRSS"] for _ in range(10) if not time.sleep(SAMPLE_SECONDS))
            call("DELETE", f"/kernels/{kernel_id}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"server_start_s": round(started, 1), "server_rss_idle_mib": round(idle / MIB),
            "server_rss_with_kernel_mib": round(with_kernel / MIB)}


# ---------------------------------------------------------------- sizing and output

def sizing(runs, server, cores):
    """Per-learner requests and limits from the runs (the rule is in README.md)."""
    one = min(runs, key=lambda r: r["learners"])
    server_mib = server["server_rss_with_kernel_mib"] if server else 0
    peak = max(r["tree_peak_mib_per_learner"] for r in runs) + server_mib
    resident = max(r["kernel_rss_peak_mib"] for r in runs) + server_mib
    return {
        "memory_peak_mib": peak,
        "memory_guarantee_mib": round_up_mib(resident),
        "memory_limit_mib": round_up_mib(peak * MEMORY_MARGIN),
        "memory_margin": MEMORY_MARGIN,
        "cpu_cores_while_running": round(one["cpu_s_per_learner"] / one["notebook_wall_s_max"], 2),
        # The most learners measured on this machine's cores all finished: that share is the guarantee;
        # one learner may burst to every core measured (a forked JVM compiles while the kernel runs).
        "cpu_guarantee": round(cores / max(r["learners"] for r in runs), 2),
        "cpu_limit": float(cores),
    }


def hub_peaks_mib(load):
    """Every whole-learner peak in a load_test.py figures file (load.json): notebook 02's learners'
    and the JMH learner's, each a jupyterhub-singleuser tree (server, kernel, forked JVMs)."""
    runs = list(load.get("runs", [])) + list(load.get("first_runs", {}).get("runs", []))
    return [peak for r in runs for peak in (r.get("learner_peak_mib_max"), r.get("jmh_learner_peak_mib")) if peak]


def memory_limit_mib(per_learner, *loads):
    """The pod's memory limit: the highest whole-learner peak of measured.json (notebook 02 alone,
    server added) and of the load tests' files (load.json, load-browser.json: notebook 02 and
    notebook 04's JMH cells under ./lab hub), times MEMORY_MARGIN, rounded up. The JMH learner sets
    it: JMH forks a JVM of its own."""
    peak = max([per_learner["memory_peak_mib"], *(p for load in loads for p in hub_peaks_mib(load))])
    return round_up_mib(peak * MEMORY_MARGIN)


def table(runs):
    lines = ["| learners | time to kernel (s, max) | escape cell p50 / p95 (s) | kernel RSS peak (MiB) "
             "| kernel tree peak per learner (MiB) | total at once (MiB) | notebook (s, max) |",
             "|---|---|---|---|---|---|---|"]
    for r in runs:
        lines.append(f"| {r['learners']} | {r['kernel_ready_s_max']} | {r['escape_cell_p50_s']} / {r['escape_cell_p95_s']} "
                     f"| {r['kernel_rss_peak_mib']} | {r['tree_peak_mib_per_learner']} | {r['total_peak_mib']} "
                     f"| {r['notebook_wall_s_max']} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--notebook", type=Path)
    parser.add_argument("--kernel", default="escape-lab-java")
    parser.add_argument("--server", action="store_true", help="also measure a JupyterLab server's RSS")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--one-learner", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_learner:
        run_one_learner(args.one_learner, args.kernel)
        return
    if not args.notebook:
        sys.exit("measure_learners: --notebook NOTEBOOK is required (the notebook each learner runs)")
    if not args.notebook.is_file():
        sys.exit(f"measure_learners: no notebook at {args.notebook}")
    load_before = os.getloadavg()[0]
    server = measure_server(args.kernel, args.notebook.parent) if args.server else None
    if server:
        print(f"server: {server}", flush=True)
    runs = []
    for n in args.learners:
        run = run_learners(n, args.notebook, args.kernel)
        print(f"{n} learner(s): {run}", flush=True)
        runs.append(run)
        if run["errors"]:
            sys.exit(f"measure_learners: a learner's notebook failed: {'; '.join(run['errors'])}")
    figures = {
        "measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cores": os.cpu_count(),
                    "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                    "load_before": load_before},
        "notebook": args.notebook.name,
        "lab_fast": os.environ.get("LAB_FAST", ""),
        "server": server,
        "runs": runs,
        "per_learner": sizing(runs, server, os.cpu_count()),
    }
    print(table(runs))
    print(f"per learner: {figures['per_learner']}")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
