"""The training run of the Java kernel's ahead-of-time cache (JDK 25, JEP 483/514).

usage: python kernel_training.py KERNEL_JSON

Starts the kernel KERNEL_JSON describes (a kernel.json whose java has -XX:AOTCacheOutput=FILE),
runs a few cells as a notebook's first cells run (JShell's start, an expression, a lab import and
one escape report), and asks it to shut down: the JVM writes the cache as it exits. Exit 0 when
the kernel ran the cells and exited; the caller checks that the cache file is there.
"""

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

CELLS = [
    "1 + 1",
    'import escapelab.escape.*;\n'
    'Escape.source("Point.java", "public class Point { final int x; Point(int x) { this.x = x; } '
    'static int f() { return new Point(3).x; } }").report().sites().size()',
]


def train(spec_file):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    # A kernel folder of its own for the run: the spec's argv already names the jar by its real path,
    # so the cache is made for the class path the installed kernel uses.
    folder = Path(tempfile.mkdtemp(prefix="escape-lab-kernel-training-"))
    try:
        (folder / "training").mkdir()
        shutil.copy(spec_file, folder / "training" / "kernel.json")
        specs = KernelSpecManager(kernel_dirs=[str(folder)])
        km = KernelManager(kernel_name="training", kernel_spec_manager=specs)
        km.start_kernel()
        try:
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=120)
            for code in CELLS:
                reply = kc.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
                if reply["content"]["status"] != "ok":
                    print(f"kernel training: the cell {code.splitlines()[0]!r} failed: "
                          f"{reply['content'].get('evalue', '')}", file=sys.stderr)
                    return 1
            kc.shutdown()
            process = km.provisioner.process
            deadline = time.monotonic() + 60  # the JVM assembles the cache as it exits (about 5 s here)
            while process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            kc.stop_channels()
            if process.poll() is None:
                print("kernel training: the kernel did not exit after its shutdown", file=sys.stderr)
                return 1
            return 0
        finally:
            km.shutdown_kernel(now=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip())
    sys.exit(train(sys.argv[1]))
