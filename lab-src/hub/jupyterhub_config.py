# JupyterHub for a workshop on one machine: ./lab hub runs `jupyterhub -f` on this file.
#
# Learners log in with a name of their choosing and the one workshop password; each gets the lab's
# JupyterLab and Java kernel (from the same Python environment as ./lab jupyter) in a folder of
# their own, build/hub/users/NAME, which starts as a copy of notebooks/ and exercises/. Every
# learner runs as the hub's own system user: the folders are separate, the learners are not (any
# learner's code can read and change every other learner's files). Fine for a workshop among
# colleagues; not for strangers or an exam.
#
# ./lab hub sets these (the defaults are for running this file by hand):
#   LAB_HOME            the checkout
#   LAB_HUB_DIR         the hub's state: database, cookie secret, learners' folders, nbgrader's
#                       exchange and the instructor's course folder (build/hub)
#   LAB_HUB_IP          where the hub listens (127.0.0.1; ./lab hub --ip 0.0.0.0 for a network)
#   LAB_HUB_PORT        its port (8000)
#   LAB_HUB_PASSWORD    the workshop password (at least 8 characters)
#   LAB_HUB_USERS       optional: the only names that may log in, comma-separated
#   LAB_HUB_IDLE_MINUTES  a learner's server idle this long is stopped (60)

import os
import shutil
import socket
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

# What the learners' servers import from the lab (their PYTHONPATH): kernel_ports.
singleuser_dir = Path(__file__).resolve().parent / "singleuser"
sys.path.insert(0, str(singleuser_dir))
import kernel_ports  # noqa: E402

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)

lab_home = Path(os.environ.get("LAB_HOME", Path(__file__).resolve().parents[2]))
state = Path(os.environ.get("LAB_HUB_DIR", lab_home / "build" / "hub"))
users_dir = state / "users"
# The environment this hub runs in holds JupyterLab, the kernel spec and jupyterhub-singleuser.
env_bin = Path(sys.prefix) / "bin"


def free_port():
    """A free loopback port for the hub's internal parts (its API, the proxy's API): nothing
    outside this machine talks to them, and fixed ports would clash with a second hub or a test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- where it listens; its state
c.JupyterHub.bind_url = "http://%s:%s" % (os.environ.get("LAB_HUB_IP", "127.0.0.1"), os.environ.get("LAB_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = free_port()
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % free_port()
c.ConfigurableHTTPProxy.command = [str(lab_home / "lab-src" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + str(state / "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
# Stopping the hub stops every learner's server and the proxy: nothing is left running.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# ---- who may log in: any name (or a listed one) with the shared workshop password
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("LAB_HUB_PASSWORD") or None
allowed = [name.strip() for name in os.environ.get("LAB_HUB_USERS", "").split(",") if name.strip()]
if allowed:
    c.Authenticator.allowed_users = set(allowed)
else:
    c.Authenticator.allow_all = True
# A name becomes a folder name: letters, digits, '.', '_' and '-', starting with a letter or digit.
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9._-]{0,31}$"

# ---- each learner's JupyterLab: the lab's, as the hub's user, in the learner's own folder
class WorkshopSpawner(SimpleLocalProcessSpawner):
    """JupyterHub's spawner for learners who all run as the hub's own user, in folders of their own.

    It stops a server with SIGTERM, not SIGINT first: jupyter_server shuts its kernels down on
    SIGINT only when its stdin is a terminal (else SIGINT is a KeyboardInterrupt that leaves the
    JVM kernels running), and stopping the hub and the idle culler both stop servers this way."""

    async def stop(self, now=False):
        await super().stop(now=True)

    def get_env(self):
        # The learner's own block of kernel ports (kernel_ports.py says why).
        env = super().get_env()
        env["LAB_KERNEL_PORTS"] = kernel_ports.block_for(self.user.id)
        return env


c.JupyterHub.spawner_class = WorkshopSpawner
c.WorkshopSpawner.home_dir_template = str(users_dir / "{username}")
c.Spawner.cmd = [str(env_bin / "jupyterhub-singleuser")]
c.Spawner.args = [
    "--MappingKernelManager.default_kernel_name=escape-lab-java",
    # A terminal's shell without -l: a login shell reads /etc/profile, which resets PATH and loses
    # the environment's bin/ (nbgrader, jupyter) set below.
    "--ServerApp.terminado_settings=shell_command=/bin/bash",
    # Each learner's kernels on ports of their own (kernel_ports.py, found through PYTHONPATH below).
    "--AsyncMappingKernelManager.kernel_manager_class=kernel_ports.BlockPortsKernelManager",
]
if os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")  # containers run everything as root; Jupyter refuses that unless told
c.Spawner.default_url = "/lab/tree/notebooks/00-welcome.ipynb"
# nbgrader's exchange: the instructor releases into it and collects from it, learners fetch and submit.
# It must exist before anyone fetches (nbgrader's rule); release_assignment sets its permissions.
exchange = state / "exchange"
exchange.mkdir(parents=True, exist_ok=True)

def make_instructor_course(course):
    """The instructor's nbgrader course folder, made on the hub's first start: source/ holds every
    exercise of exercises/ (their notebooks carry nbgrader's metadata, src/ the starting code); the
    nbgrader_config.py names the exchange. Both are the instructor's afterwards: nothing is overwritten."""
    for exercise in sorted((lab_home / "exercises").iterdir()):
        if exercise.is_dir() and not (course / "source" / exercise.name).exists():
            shutil.copytree(exercise, course / "source" / exercise.name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    config = course / "nbgrader_config.py"
    if not config.exists():
        config.write_text(COURSE_CONFIG % (str(lab_home / "lab-src" / "hub" / "nbgrader" / "nbgrader_config.py"), str(exchange), str(course)))


COURSE_CONFIG = """# nbgrader's settings for ./lab hub's course (run nbgrader here with ./lab nbgrader ARGS).
# Made by lab-src/hub/jupyterhub_config.py on the hub's first start; yours to edit.
from pathlib import Path

c = get_config()
# The course id and the student ids, as the learners' servers have them.
load_subconfig(%r)
c.Exchange.root = %r
c.CourseDirectory.root = %r
c.ExecutePreprocessor.timeout = 300
# autograde copies the instructor's files over the student's unless told: each exercise's src/ is the student's work.
c.Autograde.exclude_overwriting = {
    exercise.name: [str(f.relative_to(exercise)) for f in (exercise / "src").rglob("*") if f.is_file()]
    for exercise in Path(c.CourseDirectory.root, "source").iterdir() if (exercise / "src").is_dir()}
"""

make_instructor_course(state / "course")

c.Spawner.environment = {
    # A learner's JupyterLab is plain: no nbgrader menus (as ./lab jupyter without --instructor).
    # lab-src/hub/nbgrader holds the course's nbgrader_config.py (course id, exchange).
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(lab_home / "lab-src" / "jupyter" / "learner"), str(lab_home / "lab-src" / "hub" / "nbgrader")]),
    "JUPYTER_PLATFORM_DIRS": "1",
    "LAB_HUB_EXCHANGE": str(exchange),
    # A learner's terminal finds this environment's nbgrader (nbgrader fetch_assignment, submit) and jupyter.
    "PATH": os.pathsep.join([str(env_bin), os.environ.get("PATH", "/usr/bin:/bin")]),
    "PYTHONPATH": str(singleuser_dir),
}
if os.environ.get("LAB_FAST"):
    c.Spawner.environment["LAB_FAST"] = os.environ["LAB_FAST"]
# A JupyterLab and a JVM kernel on a busy workshop machine can take a while to start.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180


def copy_course_for_learner(spawner):
    """Gives a learner the course: notebooks/ and exercises/ copied into their folder, each only
    when it is not there yet, so a learner's own work is never overwritten."""
    home = Path(spawner.home_dir)
    home.mkdir(parents=True, exist_ok=True)
    for name in ("notebooks", "exercises"):
        if not (home / name).exists():
            shutil.copytree(lab_home / name, home / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))


c.Spawner.pre_spawn_hook = copy_course_for_learner

# ---- the idle culler: stops a learner's server (and its kernels) after a time without activity
idle_seconds = int(float(os.environ.get("LAB_HUB_IDLE_MINUTES", "60")) * 60)
c.JupyterHub.services = [{
    "name": "idle-culler",
    # The hub stops a service with SIGINT. A process started in the background (./lab hub & in a
    # script) inherits SIGINT ignored, and Python then keeps ignoring it: the hub would wait 30 s
    # before its SIGTERM. SIG_DFL makes SIGINT end the culler at once.
    "command": [sys.executable, "-c", "import runpy, signal; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                "runpy.run_module('jupyterhub_idle_culler', run_name='__main__', alter_sys=True)",
                "--timeout=%d" % idle_seconds],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
