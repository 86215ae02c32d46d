"""./lab hub as a workshop uses it, on loopback: two learners log in with the shared password, each
gets a JupyterLab of their own in a folder of their own, runs a Java cell on the lab's kernel; then
the hub is stopped as Ctrl-C stops it, and nothing it started is left running. Then nbgrader's
round trip through the hub's exchange: released, fetched, submitted, collected, autograded, feedback,
which each learner then opens in their JupyterLab in headless Chromium (lab-src/browser/hub-feedback.js;
Chromium and Node.js needed, or LAB_SKIP_BROWSER=1 leaves that part out).

They use the checkout's venv (./lab test sets it up first, with JupyterHub) and write the hub's
state into a temporary folder (LAB_HUB_DIR). On two idle cores the first takes about 25 s, the
nbgrader round trip about 60 s (two autograded Java notebooks); on a machine busy with other work,
up to 1 and 2 minutes."""

import csv
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

LAB = Path(__file__).resolve().parents[2] / "lab"
VENV = LAB.parent / ".venv"
BROWSER_DIR = LAB.parent / "lab-src" / "browser"
SCREENSHOTS = LAB.parent / "build" / "browser"  # where ./lab test's other browser screenshots go

try:
    import websocket  # websocket-client, a dependency of jupyter_server: in the lab's venv
except ImportError:
    websocket = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(root):
    """The processes below root (pid: command line), from /proc's parent links: the hub's proxy,
    culler and learners' servers are its children even in sessions of their own, kernels theirs."""
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid and child not in found:
                found[child] = commands.get(child, "")
                todo.append(child)
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


class Learner:
    """One learner's browser, as far as the test needs one: a cookie jar, then an API token."""

    def __init__(self, base, name):
        self.base, self.name, self.token = base, name, None
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def log_in(self, password):
        """The hub's login form; returns the status of the form's answer (302 when logged in)."""
        with self.opener.open(self.base + "/hub/login", timeout=30) as r:
            xsrf = re.search(r'name="_xsrf" value="([^"]+)"', r.read().decode()).group(1)
        form = urllib.parse.urlencode({"username": self.name, "password": password, "_xsrf": xsrf}).encode()
        try:
            with self.opener.open(self.base + "/hub/login", data=form, timeout=30) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    def request(self, method, path, body=None, token=True):
        headers = {"Content-Type": "application/json"}
        if token and self.token:
            headers["Authorization"] = "token " + self.token
        else:
            headers["X-XSRFToken"] = self.cookie("_xsrf")  # the hub's API takes its cookie only with this
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        with self.opener.open(req, timeout=60) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text else None)

    def get_token(self):
        """An API token of this learner's, made with the login cookie: it opens the hub's API and
        the learner's own server (not another learner's)."""
        _, answer = self.request("POST", f"/hub/api/users/{self.name}/tokens", {"note": "test"}, token=False)
        self.token = answer["token"]

    def start_server(self, timeout):
        self.request("POST", f"/hub/api/users/{self.name}/server")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, user = self.request("GET", f"/hub/api/users/{self.name}")
            if user["servers"].get("", {}).get("ready"):
                return
            time.sleep(1)
        raise AssertionError(f"{self.name}'s server was not ready in {timeout} s")

    def assignment(self, action, assignment):
        """What the Assignments panel of the learner's JupyterLab asks their server: nbgrader's
        fetch, submit or fetch_feedback, run by the server as this learner (USER is their name)."""
        query = urllib.parse.urlencode({"course_id": "escape-lab", "assignment_id": assignment})
        _, answer = self.request("POST", f"/user/{self.name}/assignments/{action}?{query}", {})
        if isinstance(answer, dict) and not answer.get("success", True):
            raise AssertionError(f"{self.name}'s {action} failed:\n{answer['value']}")
        return answer

    def in_terminal(self, command, timeout):
        """Types command into a new terminal of the learner's JupyterLab; returns its exit status and output."""
        _, terminal = self.request("POST", f"/user/{self.name}/api/terminals", {})
        url = self.base.replace("http://", "ws://") + f"/user/{self.name}/terminals/websocket/{terminal['name']}"
        ws = websocket.create_connection(url, header=["Authorization: token " + self.token], timeout=timeout)
        try:
            # The typed line is echoed with $? unexpanded: only the shell's answer has digits after the marker.
            ws.send(json.dumps(["stdin", command + "; echo TERMINAL-STATUS-$?\r"]))
            output, deadline = "", time.monotonic() + timeout
            while time.monotonic() < deadline:
                message = json.loads(ws.recv())
                if message[0] == "stdout":
                    output += message[1]
                    done = re.search(r"TERMINAL-STATUS-(\d+)", output)
                    if done:
                        return int(done.group(1)), output
            raise AssertionError(f"{command!r} did not finish in {timeout} s:\n{output}")
        finally:
            ws.close()
            self.request("DELETE", f"/user/{self.name}/api/terminals/{terminal['name']}")

    def start_kernel(self):
        """A Java kernel on the learner's server (the kernel API); returns its id."""
        _, kernel = self.request("POST", f"/user/{self.name}/api/kernels", {"name": "escape-lab-java"})
        return kernel["id"]

    def run_java(self, kernel, code, timeout):
        """Runs code as a cell in the kernel (through its websocket) and returns the text of the cell's value."""
        url = self.base.replace("http://", "ws://") + f"/user/{self.name}/api/kernels/{kernel}/channels"
        ws = websocket.create_connection(url, header=["Authorization: token " + self.token], timeout=timeout)
        try:
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name,
                           "session": uuid.uuid4().hex, "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            deadline = time.monotonic() + timeout
            value, seen, replied, idle = None, [], False, False
            # The reply comes on the shell channel, the value on iopub: the server forwards each as it
            # comes, so the reply may come first. The kernel's "idle" comes on iopub after the value.
            while time.monotonic() < deadline:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                seen.append(kind)
                if kind == "execute_result":
                    value = msg["content"]["data"]["text/plain"]
                elif kind == "error":
                    raise AssertionError(f"the cell failed: {msg['content']['ename']}: {msg['content']['evalue']}")
                elif kind == "execute_reply":
                    replied = True
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
                if replied and idle:
                    return value
            raise AssertionError(f"no answer to the cell in {timeout} s (saw {seen})")
        finally:
            ws.close()


def why_no_hub():
    """Why these tests cannot run here (they are skipped, saying so), or None."""
    if websocket is None:
        return "websocket-client is not installed (it comes with jupyter_server)"
    if not (VENV / "bin" / "jupyterhub").is_file() or not (VENV / "share/jupyter/kernels/escape-lab-java/jjava.jar").is_file():
        return f"no venv with JupyterHub and the lab's kernel in {VENV} (./lab setup makes it)"
    if not shutil.which("node") or not shutil.which("npm"):
        return "no Node.js and npm: ./lab hub needs them for JupyterHub's proxy"
    return None


class HubTest(unittest.TestCase):
    def setUp(self):
        reason = why_no_hub()
        if reason:
            self.skipTest(reason)
        self.tmp = Path(tempfile.mkdtemp(prefix="lab-hub-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def start_hub(self, password, *args):
        port = free_port()
        log = open(self.tmp / "hub.log", "w")
        self.addCleanup(log.close)
        env = dict(os.environ, LAB_HUB_DIR=str(self.tmp / "hub"), LAB_HUB_PASSWORD=password)
        env.pop("LAB_HUB_USERS", None)
        # Its own session, as a terminal's job is its own process group: Ctrl-C is SIGINT to that group.
        hub = subprocess.Popen([str(LAB), "hub", "--port", str(port), *args], stdout=log, stderr=subprocess.STDOUT,
                               env=env, start_new_session=True)
        self.addCleanup(self.kill_leftovers, hub)
        deadline = time.monotonic() + 180
        while "JupyterHub is now running" not in self.log():
            if hub.poll() is not None or time.monotonic() > deadline:
                self.fail("./lab hub did not start:\n" + self.log())
            time.sleep(0.5)
        return hub, f"http://127.0.0.1:{port}"

    def log(self):
        return (self.tmp / "hub.log").read_text(errors="replace")

    def kill_leftovers(self, hub):
        """After a failure: whatever the hub started is ended by pid (a passing test leaves nothing)."""
        for pid in [hub.pid, *descendants(hub.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        hub.wait(timeout=30)

    def learners(self, base, password, *names):
        """Learners logged in, each with a token and a running server."""
        learners = []
        for name in names:
            learner = Learner(base, name)
            self.assertEqual(learner.log_in(password), 302, self.log())
            learner.get_token()
            learner.start_server(timeout=180)
            learners.append(learner)
        return learners

    def test_a_wrong_option_or_a_short_password_is_refused_before_anything_starts(self):
        for args, env, message in ((["--bogus"], {}, "unknown option '--bogus'"),
                                   (["--port", "abc"], {}, "--port needs a number"),
                                   ([], {"LAB_HUB_PASSWORD": "short"}, "at least 8 characters")):
            r = subprocess.run([str(LAB), "hub", *args], env=dict(os.environ, LAB_HUB_DIR=str(self.tmp / "hub"), **env),
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn(message, r.stderr)
            self.assertNotIn("set-up", r.stdout)
        r = subprocess.run([str(LAB), "nbgrader", "list"], env=dict(os.environ, LAB_HUB_DIR=str(self.tmp / "hub")),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertIn("./lab hub makes it", r.stderr)

    def test_two_learners_run_java_in_their_own_folders_and_stopping_the_hub_ends_everything(self):
        password = secrets.token_urlsafe(12)
        hub, base = self.start_hub(password)
        self.assertIn(f"workshop password: {password}", self.log())
        users = self.tmp / "hub" / "users"

        self.assertNotEqual(Learner(base, "alice").log_in("not-the-password"), 302, "a wrong password must not log in")
        alice, bob = self.learners(base, password, "alice", "bob")
        for learner in (alice, bob):
            self.assertTrue((users / learner.name / "notebooks" / "00-welcome.ipynb").is_file())
            self.assertTrue((users / learner.name / "exercises" / "01-allocation-free" / "src" / "Sums.java").is_file())

        # A learner's server opens the course's first notebook.
        with self.assertRaises(urllib.error.HTTPError) as opened:
            alice.request("GET", "/user/alice/")
        self.assertEqual(opened.exception.code, 302)
        location = opened.exception.headers["Location"]
        self.assertTrue(location.split("?")[0].endswith("/user/alice/lab/tree/notebooks/00-welcome.ipynb"), location)

        kernels = {learner: learner.start_kernel() for learner in (alice, bob)}
        for learner, kernel in kernels.items():
            self.assertEqual(learner.run_java(kernel, "1 + 1", timeout=180), "2")
            # The kernel works in the learner's folder: a file it writes lands there.
            learner.run_java(kernel, f'java.nio.file.Files.writeString(java.nio.file.Path.of("mine.txt"), "{learner.name}")', timeout=60)
        self.assertEqual((users / "alice" / "mine.txt").read_text(), "alice")
        self.assertEqual((users / "bob" / "mine.txt").read_text(), "bob")
        # Each learner's kernel listens on ports of the learner's own block (lab-src/hub/singleuser/kernel_ports.py):
        # separate servers picking free ports each on their own once gave two kernels the same port.
        blocks = {}
        for learner in (alice, bob):
            files = list((users / learner.name).rglob("kernel-*.json"))
            self.assertEqual(len(files), 1, f"{learner.name}'s connection files: {files}")
            info = json.loads(files[0].read_text())
            ports = sorted(info[name] for name in ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port"))
            blocks[learner.name] = (ports[0] - 10000) // 50
            self.assertTrue(10000 <= ports[0] and ports[-1] < 32768, f"{learner.name}'s kernel ports {ports}")
            self.assertEqual((ports[-1] - 10000) // 50, blocks[learner.name], f"{learner.name}'s kernel ports {ports} span two blocks")
        self.assertNotEqual(blocks["alice"], blocks["bob"], "alice's and bob's kernels share a block of ports")
        # Through the servers, each learner sees only their own folder, and cannot open the other's server.
        _, listing = alice.request("GET", "/user/alice/api/contents/mine.txt?content=1")
        self.assertEqual(listing["content"], "alice")
        with self.assertRaises(urllib.error.HTTPError) as refused:
            bob.request("GET", "/user/alice/api/contents/mine.txt?content=1")
        self.assertEqual(refused.exception.code, 403)

        running = descendants(hub.pid)
        commands = list(running.values())
        self.assertEqual(sum("jupyterhub-singleuser" in c for c in commands), 2, commands)
        self.assertEqual(sum("jjava.jar" in c for c in commands), 2, commands)
        self.assertTrue(any("configurable-http-proxy" in c for c in commands), commands)
        self.assertTrue(any("jupyterhub_idle_culler" in c for c in commands), commands)

        os.killpg(hub.pid, signal.SIGINT)  # Ctrl-C in the terminal that runs ./lab hub
        hub.wait(timeout=60)
        deadline = time.monotonic() + 30
        while any(alive(pid) for pid in running) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = {pid: c for pid, c in running.items() if alive(pid)}
        self.assertEqual(left, {}, "left running after the hub stopped; the hub's log ends:\n" + self.log()[-6000:])

    def test_nbgrader_round_trip_through_the_hubs_exchange(self):
        """The instructor releases exercise 01 into the hub's exchange; alice and bob fetch it in their
        servers, alice submits the solution and bob the starting code; the instructor collects,
        autogrades and releases feedback, which each learner fetches and then opens in their JupyterLab
        in headless Chromium, logged in through the hub's login page: alice sees full points, bob zero."""
        name = "01-allocation-free"
        browser = self.browser_ready()  # before the hub: a missing Chromium is said at once
        password = secrets.token_urlsafe(12)
        hub, base = self.start_hub(password, "--users", "alice,bob")
        users = self.tmp / "hub" / "users"
        self.assertNotEqual(Learner(base, "eve").log_in(password), 302, "--users admits only the names listed")

        # The instructor's course folder, made by the hub: exercises/ in source/, the exchange in its nbgrader_config.py.
        course = self.tmp / "hub" / "course"
        self.assertTrue((course / "source" / name / f"{name}.ipynb").is_file())
        env = dict(os.environ, LAB_HUB_DIR=str(self.tmp / "hub"))

        def instructor(*args):
            r = subprocess.run([str(LAB), "nbgrader", *args], env=env, capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 0, f"./lab nbgrader {' '.join(args)}:\n{r.stdout}{r.stderr}")

        instructor("generate_assignment", name, "--force")
        instructor("release_assignment", name, "--force")

        alice, bob = self.learners(base, password, "alice", "bob")
        # alice through her server's nbgrader API (what nbgrader's Assignments panel calls), bob in a terminal.
        alice.assignment("fetch", name)
        status, output = bob.in_terminal(f"nbgrader fetch_assignment {name}", timeout=120)
        self.assertEqual(status, 0, output)
        for learner in (alice, bob):
            self.assertTrue((users / learner.name / name / f"{name}.ipynb").is_file(), f"{learner.name} fetched nothing")
        # alice edits src/Sums.java in her JupyterLab (the contents API, as the file editor saves); bob does nothing.
        solution = (LAB.parent / "solutions" / name / "src" / "Sums.java").read_text()
        alice.request("PUT", f"/user/alice/api/contents/{name}/src/Sums.java", {"type": "file", "format": "text", "content": solution})
        alice.assignment("submit", name)
        status, output = bob.in_terminal(f"nbgrader submit {name}", timeout=120)
        self.assertEqual(status, 0, output)

        instructor("collect", name)
        self.assertEqual((course / "submitted" / "alice" / name / "src" / "Sums.java").read_text(), solution)
        instructor("autograde", name, "--force")
        instructor("generate_feedback", name, "--force")
        instructor("release_feedback", name)
        instructor("export", "--to", str(course / "grades.csv"))
        with open(course / "grades.csv") as f:
            scores = {r["student_id"]: float(r["raw_score"]) for r in csv.DictReader(f)}
        self.assertEqual(scores, {"alice": 2.0, "bob": 0.0})

        fetched = {}
        for learner, score in ((alice, "2.0 / 2.0"), (bob, "0.0 / 2.0")):
            learner.assignment("fetch_feedback", name)
            feedback = list((users / learner.name / name / "feedback").glob(f"*/{name}.html"))
            self.assertEqual(len(feedback), 1, f"{learner.name}'s feedback: {feedback}")
            self.assertIn(score, feedback[0].read_text())
            fetched[learner.name] = feedback[0].relative_to(users / learner.name).as_posix()

        # What each learner sees: logged in through the hub's login page in Chromium, the feedback
        # opened in their JupyterLab. Full points for the solution, zero for the starting code.
        if browser:
            shown = self.feedback_in_browser(base, password, fetched)
            self.assertEqual(shown, {"alice": f"{name} (Score: 2.0 / 2.0)",
                                     "bob": f"{name} (Score: 0.0 / 2.0)"},
                             f"the scores the learners' browsers showed (screenshots in {SCREENSHOTS})")

        os.killpg(hub.pid, signal.SIGINT)
        hub.wait(timeout=60)

    def browser_ready(self):
        """Whether the feedback is checked in Chromium: False with LAB_SKIP_BROWSER=1; a clear failure
        when Chromium or Node.js is missing; playwright-core installed as ./lab test's browser step does."""
        if os.environ.get("LAB_SKIP_BROWSER") == "1":
            print("\ntest_hub: the feedback will not be checked in a browser (LAB_SKIP_BROWSER=1)", flush=True)
            return False
        skip = "(or set LAB_SKIP_BROWSER=1 to skip the browser checks)"
        chromium = os.environ.get("LAB_CHROMIUM", "/usr/bin/chromium")
        if not os.access(chromium, os.X_OK):
            self.fail(f"the hub's feedback is checked in Chromium, and {chromium} was not found.\n"
                      f"  fix: sudo apt-get install chromium   (or point LAB_CHROMIUM at a Chromium)   {skip}")
        if not shutil.which("node"):
            self.fail(f"the hub's feedback is checked in Chromium through Node.js, which was not found.\n"
                      f"  fix: sudo apt-get install nodejs npm   {skip}")
        if not (BROWSER_DIR / "node_modules" / "playwright-core" / "package.json").is_file():
            # As ./lab test's browser step does, which runs after these tests.
            r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BROWSER_DIR,
                               capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 0, f"npm ci in {BROWSER_DIR} failed (check the network to the npm registry):\n{r.stderr}")
        return True

    def feedback_in_browser(self, base, password, fetched):
        """Runs lab-src/browser/hub-feedback.js: one headless Chromium, a browser context per learner;
        returns {name: the score text their JupyterLab showed}."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        learners = []
        for learner_name, path in sorted(fetched.items()):
            screenshot = SCREENSHOTS / f"hub-feedback-{learner_name}.png"
            screenshot.unlink(missing_ok=True)  # one left by an earlier run would mislead
            learners.append({"name": learner_name, "path": path, "screenshot": str(screenshot)})
        plan = self.tmp / "feedback-plan.json"
        plan.write_text(json.dumps({"base": base, "password": password, "learners": learners}))
        try:
            r = subprocess.run(["node", str(BROWSER_DIR / "hub-feedback.js"), str(plan)],
                               capture_output=True, text=True, timeout=240)
        except subprocess.TimeoutExpired:
            self.fail(f"hub-feedback.js did not finish in 240 s (screenshots in {SCREENSHOTS})")
        self.assertEqual(r.returncode, 0, f"hub-feedback.js failed:\n{r.stderr}{r.stdout}")
        return json.loads(r.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    unittest.main()
