"""The kernel.json ./lab setup writes: the lab's java, its jar and its JDK folders."""

import json
import os
import subprocess
import sys
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent


def lab_cache_prefix(jar):
    """How the lab JVM's cache for this jar is named (the lab script's aot_cache_file): the jar's
    modification time in seconds and its size first; the grader checks the same."""
    return f"lab-{int(jar.stat().st_mtime)}-{jar.stat().st_size}-"


class KernelSpecTest(unittest.TestCase):
    def test_the_spec_starts_jjava_on_the_labs_java_with_the_labs_settings(self):
        r = subprocess.run([sys.executable, str(HERE / "kernel_spec.py"), "/jdk25/bin/java", "/lab/escape-lab.jar",
                            "/lab", "/usr/lib/jvm:/opt/jdk"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        spec = json.loads(r.stdout)
        self.assertEqual(spec["argv"][0], "/jdk25/bin/java")
        self.assertEqual(spec["argv"][-3:], ["-jar", "{resource_dir}/jjava.jar", "{connection_file}"])
        self.assertIn("-Djdk.attach.allowAttachSelf=true", spec["argv"])  # JOL attaches to the kernel's JVM
        startup = spec["env"].pop("JJAVA_STARTUP_SCRIPT")
        self.assertEqual(spec["env"], {"JJAVA_CLASSPATH": "/lab/escape-lab.jar", "LAB_HOME": "/lab",
                                       "LAB_JDK_DIRS": "/usr/lib/jvm:/opt/jdk"})
        # Cell values that are Renderable show rich output; by reflection, so the kernel starts without the jar.
        self.assertIn('Class.forName("escapelab.notebook.Display").getMethod("registerWithKernel")', startup)
        self.assertIn("catch (Throwable e)", startup)
        self.assertEqual(spec["interrupt_mode"], "message")

    def test_an_ahead_of_time_cache_or_its_training_run_go_before_the_options(self):
        base = [sys.executable, str(HERE / "kernel_spec.py"), "/jdk25/bin/java", "/lab/escape-lab.jar", "/lab", "/usr/lib/jvm"]
        used = json.loads(subprocess.run(base + ["--aot-cache", "/k/jjava-1.aot"], capture_output=True, text=True, check=True).stdout)
        self.assertEqual(used["argv"][1:3], ["-XX:AOTCache=/k/jjava-1.aot", "-Xlog:aot*=off"])
        self.assertEqual(used["argv"][-2], "{resource_dir}/jjava.jar")
        # The training run names JJava's jar by the path the installed kernel uses: the cache holds its class path.
        training = json.loads(subprocess.run(base + ["--aot-output", "/k/t.aot", "--jar", "/k/jjava.jar"],
                                             capture_output=True, text=True, check=True).stdout)
        self.assertEqual(training["argv"][1], "-XX:AOTCacheOutput=/k/t.aot")
        self.assertEqual(training["argv"][-2], "/k/jjava.jar")
        both = subprocess.run(base + ["--aot-cache", "a", "--aot-output", "b"], capture_output=True, text=True)
        self.assertEqual(both.returncode, 2, both.stderr)

    def test_the_installed_kernel_starts_with_its_ahead_of_time_cache(self):
        spec_file = Path(sys.prefix) / "share/jupyter/kernels/escape-lab-java/kernel.json"
        if not spec_file.is_file() or os.environ.get("LAB_AOT") == "off":
            self.skipTest("no kernel installed in this Python's environment, or LAB_AOT=off")
        spec = json.loads(spec_file.read_text())
        caches = [a.split("=", 1)[1] for a in spec["argv"] if a.startswith("-XX:AOTCache=")]
        self.assertEqual(len(caches), 1, f"./lab setup's training run made no cache for {spec_file}")
        self.assertTrue(Path(caches[0]).is_file(), caches[0])
        self.assertEqual(Path(caches[0]).parent, spec_file.parent)
        # The lab JVM's cache for the jar, for the test JVMs a grading cell starts (as ./lab grade's do).
        lab_cache, jar = Path(spec["env"]["LAB_AOT_CACHE"]), Path(spec["env"]["JJAVA_CLASSPATH"])
        self.assertTrue(lab_cache.is_file(), lab_cache)
        self.assertTrue(lab_cache.name.startswith(lab_cache_prefix(jar)), (lab_cache, jar))

    def test_the_lab_jvms_cache_is_named_for_the_grading_cells_test_jvms(self):
        base = [sys.executable, str(HERE / "kernel_spec.py"), "/jdk25/bin/java", "/lab/escape-lab.jar", "/lab", "/usr/lib/jvm"]
        spec = json.loads(subprocess.run(base + ["--lab-aot-cache", "/lab/build/aot/lab-1-2-3-4.aot"],
                                         capture_output=True, text=True, check=True).stdout)
        self.assertEqual(spec["env"]["LAB_AOT_CACHE"], "/lab/build/aot/lab-1-2-3-4.aot")

    def test_the_kernel_exits_by_itself_when_asked_to_shut_down(self):
        # JJava's idle cell thread would keep the JVM alive for a minute, and jupyter_client sends a kernel
        # that is still there SIGTERM after 2.5 s: the lab's jar ends the JVM once JJava's main has returned.
        try:
            from jupyter_client.kernelspec import NoSuchKernel
            from jupyter_client.manager import KernelManager
        except ImportError:
            self.skipTest("no jupyter_client: run with the lab's venv (./lab test does)")
        km = KernelManager(kernel_name=os.environ.get("LAB_TEST_KERNEL", "escape-lab-java"))
        try:
            km.start_kernel()
        except NoSuchKernel:
            self.skipTest("the lab's kernel is not installed (./lab setup installs it)")
        try:
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=120)
            reply = kc.execute_interactive("1 + 1", timeout=120)
            self.assertEqual(reply["content"]["status"], "ok", reply)
            kc.shutdown()
            process = km.provisioner.process
            deadline = time.monotonic() + 30  # well under JJava's minute, well over a JVM's exit
            while process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            self.assertEqual(process.poll(), 0, "the kernel's JVM was still running after its shutdown")
            kc.stop_channels()
        finally:
            km.shutdown_kernel(now=True)

    def test_missing_arguments_print_the_usage(self):
        r = subprocess.run([sys.executable, str(HERE / "kernel_spec.py")], capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("usage: python kernel_spec.py", r.stderr)


if __name__ == "__main__":
    unittest.main()
