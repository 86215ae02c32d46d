"""./lab test's counting, on surefire reports and unittest output recorded from real runs."""

import contextlib
import io
import tempfile
import unittest
from pathlib import Path

from results import Counts, closing_line, main, surefire_counts, unittest_counts

# Recorded by mvn test: GoEscapeCommandTest with LAB_GO=off (3 tests, all skipped), CompilationLogTest
# (4 passed), JdkTest with one test broken (7 tests, 1 failure); the JVM properties and stack traces cut.
SUREFIRE = Path(__file__).resolve().parent / "fixtures" / "surefire-reports"

UNITTEST_OK = """\
test_a (test_x.T.test_a) ... ok
test_b (test_x.T.test_b) ... skipped 'no node'

----------------------------------------------------------------------
Ran 41 tests in 120.512s

OK (skipped=2)
"""

UNITTEST_FAILED = """\
----------------------------------------------------------------------
Ran 12 tests in 3.001s

FAILED (failures=1, errors=2, skipped=3)
"""


class SurefireTest(unittest.TestCase):
    def test_skipped_tests_are_not_counted_as_passed(self):
        self.assertEqual(surefire_counts(SUREFIRE), Counts(passed=10, failed=1, skipped=3))

    def test_an_empty_folder_counts_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertEqual(surefire_counts(d), Counts())


class UnittestLogTest(unittest.TestCase):
    def test_ok_with_skipped(self):
        self.assertEqual(unittest_counts(UNITTEST_OK), Counts(passed=39, failed=0, skipped=2))

    def test_failures_and_errors_are_failed(self):
        self.assertEqual(unittest_counts(UNITTEST_FAILED), Counts(passed=6, failed=3, skipped=3))

    def test_plain_ok(self):
        self.assertEqual(unittest_counts("Ran 1 test in 0.001s\n\nOK\n"), Counts(passed=1))

    def test_a_log_cut_short_is_an_error_not_zero_tests(self):
        with self.assertRaises(ValueError):
            unittest_counts("test_a (test_x.T.test_a) ... ok\n")


class ClosingLineTest(unittest.TestCase):
    def test_the_totals_come_first_and_skipped_ones_apart(self):
        line = closing_line(Counts(200, 0, 5), Counts(39, 0, 2), 7, "passed", 912)
        self.assertEqual(line, "lab test: 247 passed, 0 failed, 7 skipped (Java: 200 passed, 5 skipped;"
                               " scripts: 39 passed, 2 skipped; 7 notebooks; browser test passed; 912 s)")

    def test_a_skipped_browser_test_is_skipped(self):
        line = closing_line(Counts(1), Counts(1), 0, "skipped", 1)
        self.assertRegex(line, r"^lab test: 2 passed, 0 failed, 1 skipped \(.*browser test skipped: LAB_SKIP_BROWSER=1;")

    def test_main_reads_the_recorded_reports(self):
        with tempfile.TemporaryDirectory() as d:
            log = Path(d) / "python-tests.log"
            log.write_text(UNITTEST_OK)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = main(["--surefire", str(SUREFIRE), "--unittest-log", str(log), "--notebooks", "7",
                             "--browser", "passed", "--seconds", "60"])
        self.assertEqual(code, 0)
        self.assertTrue(out.getvalue().startswith("lab test: 57 passed, 1 failed, 5 skipped (Java: 10 passed, 3 skipped;"),
                        out.getvalue())

    def test_main_sums_the_logs_of_each_unittest_process(self):
        with tempfile.TemporaryDirectory() as d:
            ok, failed = Path(d) / "python-tests.log", Path(d) / "python-tests-beside.log"
            ok.write_text(UNITTEST_OK)
            failed.write_text(UNITTEST_FAILED)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = main(["--surefire", str(SUREFIRE), "--unittest-log", str(ok), "--unittest-log", str(failed),
                             "--notebooks", "0", "--browser", "skipped", "--seconds", "1"])
        self.assertEqual(code, 0)
        self.assertIn("scripts: 45 passed, 5 skipped;", out.getvalue())
        self.assertTrue(out.getvalue().startswith("lab test: 55 passed, 4 failed, 9 skipped"), out.getvalue())

    def test_main_without_the_unittest_log_exits_1(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["--surefire", str(SUREFIRE), "--unittest-log", "/no/such.log", "--notebooks", "0",
                         "--browser", "skipped", "--seconds", "0"])
        self.assertEqual(code, 1)
        self.assertIn("cannot count the scripts' tests in /no/such.log", err.getvalue())


if __name__ == "__main__":
    unittest.main()
