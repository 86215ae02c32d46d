"""Counts what ./lab test ran and prints its closing line.

The line starts "lab test: N passed, N failed, N skipped" (CI reads it). A skipped test, one
whose tool or JDK is missing or the browser test under LAB_SKIP_BROWSER=1, is counted as
skipped, never as passed. Maven's counts come from surefire's TEST-*.xml reports, whose tests=
includes the skipped ones; the scripts' counts from the end of python -m unittest's output, summed
over its logs when ./lab test ran the scripts' tests in more than one process.

usage: python results.py --surefire DIR --unittest-log FILE [--unittest-log FILE...] --notebooks N --browser passed|skipped --seconds S
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Counts:
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    def __add__(self, other):
        return Counts(self.passed + other.passed, self.failed + other.failed, self.skipped + other.skipped)


def surefire_counts(folder):
    """Sums surefire's reports: tests= counts every test, failed and skipped ones included."""
    total = Counts()
    for report in sorted(Path(folder).glob("TEST-*.xml")):
        suite = ET.parse(report).getroot()
        tests, failures, errors, skipped = (int(suite.get(k, "0")) for k in ("tests", "failures", "errors", "skipped"))
        total += Counts(tests - failures - errors - skipped, failures + errors, skipped)
    return total


RAN = re.compile(r"^Ran (\d+) tests? in ", re.M)
# The last line of unittest's output: "OK", "OK (skipped=2)", "FAILED (failures=1, errors=2, skipped=3)".
VERDICT = re.compile(r"^(OK|FAILED)(?: \((.*)\))?$", re.M)


def unittest_counts(log):
    """Reads python -m unittest's closing lines; a log without them is an error, not zero tests."""
    ran, verdict = RAN.findall(log), VERDICT.findall(log)
    if not ran or not verdict:
        raise ValueError("no 'Ran N tests' and OK/FAILED lines at the end of unittest's output")
    details = dict(kv.split("=") for kv in verdict[-1][1].split(", ") if "=" in kv)
    failed = int(details.get("failures", 0)) + int(details.get("errors", 0)) + int(details.get("unexpected successes", 0))
    skipped = int(details.get("skipped", 0)) + int(details.get("expected failures", 0))
    return Counts(int(ran[-1]) - failed - skipped, failed, skipped)


def closing_line(java, scripts, notebooks, browser, seconds):
    """The last line of ./lab test: the totals first, then where they came from."""
    browser_counts = Counts(passed=1) if browser == "passed" else Counts(skipped=1)
    total = java + scripts + Counts(passed=notebooks) + browser_counts
    browser_text = "browser test passed" if browser == "passed" else "browser test skipped: LAB_SKIP_BROWSER=1"
    return (f"lab test: {total.passed} passed, {total.failed} failed, {total.skipped} skipped"
            f" (Java: {java.passed} passed, {java.skipped} skipped; scripts: {scripts.passed} passed,"
            f" {scripts.skipped} skipped; {notebooks} notebooks; {browser_text}; {seconds} s)")


def main(argv=None):
    p = argparse.ArgumentParser(description="Prints ./lab test's closing line.")
    p.add_argument("--surefire", required=True, help="surefire's report folder")
    p.add_argument("--unittest-log", required=True, action="append", help="the output of python -m unittest -v (one per process)")
    p.add_argument("--notebooks", type=int, required=True, help="notebooks executed without an error")
    p.add_argument("--browser", choices=["passed", "skipped"], required=True)
    p.add_argument("--seconds", type=int, required=True)
    a = p.parse_args(argv)
    scripts = Counts()
    for log in a.unittest_log:
        try:
            scripts += unittest_counts(Path(log).read_text())
        except (OSError, ValueError) as e:
            print(f"lab: cannot count the scripts' tests in {log}: {e}", file=sys.stderr)
            return 1
    print(closing_line(surefire_counts(a.surefire), scripts, a.notebooks, a.browser, a.seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
