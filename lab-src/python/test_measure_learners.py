"""The pure parts of measure_learners.py: /proc status parsing, percentiles, the process tree, sizing.

Run: cd lab-src/hub && python -m unittest test_measure_learners
"""

import os
import unittest

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hub"))  # measure_learners lives beside what it sizes
import measure_learners as m  # noqa: E402

STATUS = """Name:\tjava
Umask:\t0022
State:\tS (sleeping)
Pid:\t4242
PPid:\t4200
VmPeak:\t 8890068 kB
VmHWM:\t  412000 kB
VmRSS:\t  398004 kB
Threads:\t31
"""


class ParseStatusTest(unittest.TestCase):
    def test_kb_fields_become_bytes(self):
        fields = m.parse_status(STATUS)
        self.assertEqual(fields["VmRSS"], 398004 * 1024)
        self.assertEqual(fields["VmHWM"], 412000 * 1024)

    def test_name_and_parent(self):
        fields = m.parse_status(STATUS)
        self.assertEqual(fields["Name"], "java")
        self.assertEqual(fields["PPid"], 4200)

    def test_fields_that_are_not_sizes_are_left_out(self):
        fields = m.parse_status(STATUS)
        self.assertNotIn("Threads", fields)
        self.assertNotIn("State", fields)

    def test_a_kernel_thread_has_no_rss(self):
        self.assertNotIn("VmRSS", m.parse_status("Name:\tkthreadd\nPPid:\t0\n"))

    def test_this_process(self):
        fields = m.read_status(os.getpid())
        self.assertEqual(fields["PPid"], os.getppid())
        self.assertGreater(fields["VmRSS"], 1024 * 1024)
        self.assertGreaterEqual(fields["VmHWM"], fields["VmRSS"])


class PercentileTest(unittest.TestCase):
    def test_median_of_odd_and_even_counts(self):
        self.assertEqual(m.percentile([3, 1, 2], 50), 2)
        self.assertEqual(m.percentile([4, 1, 3, 2], 50), 2.5)

    def test_p95_interpolates_between_ranks(self):
        values = list(range(1, 21))  # 1..20: rank 0.95 * 19 = 18.05
        self.assertAlmostEqual(m.percentile(values, 95), 19.05)

    def test_ends(self):
        self.assertEqual(m.percentile([5, 9, 7], 0), 5)
        self.assertEqual(m.percentile([5, 9, 7], 100), 9)
        self.assertEqual(m.percentile([8], 95), 8)

    def test_empty(self):
        self.assertIsNone(m.percentile([], 50))


class TreeTest(unittest.TestCase):
    def test_descendants_of_a_learner(self):
        # learner 10 -> kernel 11 -> forked JVMs 12, 13 -> 14; 20 is someone else's
        parents = {10: 1, 11: 10, 12: 11, 13: 11, 14: 13, 20: 1}
        self.assertEqual(sorted(m.descendants(parents, 10)), [11, 12, 13, 14])
        self.assertEqual(m.descendants(parents, 14), [])

    def test_sample_sums_the_tree_and_finds_the_kernel(self):
        mib = m.MIB
        table = {10: {"PPid": 1, "Name": "python3", "VmRSS": 90 * mib},
                 11: {"PPid": 10, "Name": "java", "VmRSS": 300 * mib, "VmHWM": 320 * mib},
                 12: {"PPid": 11, "Name": "java", "VmRSS": 100 * mib},
                 20: {"PPid": 1, "Name": "java", "VmRSS": 999 * mib}}
        learner = m.LearnerSample(10)
        self.assertEqual(learner.sample(table), 400 * mib)  # nbclient's Python (10) and 20 are not counted
        self.assertEqual(learner.kernel_pid, 11)
        self.assertEqual(learner.kernel_hwm, 320 * mib)
        self.assertEqual(learner.most_jvms, 2)
        del table[12]  # the forked JVM ended: the peak stays
        learner.sample(table)
        self.assertEqual(learner.tree_peak, 400 * mib)


class SizingTest(unittest.TestCase):
    def test_cells_that_run_the_escape_engine(self):
        self.assertTrue(m.is_escape_cell('Display.show(Escape.example("Lab01_LocalObject"));'))
        self.assertTrue(m.is_escape_cell("Display.show(PartialEscape.compare());"))
        self.assertFalse(m.is_escape_cell("import escapelab.escape.*;"))
        self.assertFalse(m.is_escape_cell("Display.show(Limits.of(jdks));"))

    def test_round_up(self):
        self.assertEqual(m.round_up_mib(1), 128)
        self.assertEqual(m.round_up_mib(128), 128)
        self.assertEqual(m.round_up_mib(129), 256)

    def test_limit_is_the_peak_with_the_margin_and_the_guarantee_what_stays(self):
        runs = [{"learners": 1, "kernel_rss_peak_mib": 400, "tree_peak_mib_per_learner": 700,
                 "cpu_s_per_learner": 60.0, "notebook_wall_s_max": 120},
                {"learners": 2, "kernel_rss_peak_mib": 420, "tree_peak_mib_per_learner": 760,
                 "cpu_s_per_learner": 62.0, "notebook_wall_s_max": 200}]
        sizes = m.sizing(runs, {"server_rss_with_kernel_mib": 100}, cores=2)
        self.assertEqual(sizes["memory_peak_mib"], 860)  # the highest tree peak plus the server
        self.assertEqual(sizes["memory_limit_mib"], 1152)  # 860 * 1.25 = 1075 -> 9 * 128
        self.assertEqual(sizes["memory_guarantee_mib"], 640)  # the kernel's highest, 420 + 100 -> 5 * 128
        self.assertEqual(sizes["cpu_cores_while_running"], 0.5)  # of the single learner: 60 s in 120 s
        self.assertEqual(sizes["cpu_guarantee"], 1.0)  # 2 cores shared by 2 learners
        self.assertEqual(sizes["cpu_limit"], 2.0)

    def test_the_memory_limit_covers_the_hub_load_test_s_peaks_too(self):
        load = {"runs": [{"learner_peak_mib_max": 810, "jmh_learner_peak_mib": 1695},
                         {"learner_peak_mib_max": 912, "jmh_learner_peak_mib": None}],
                "first_runs": {"runs": [{"learner_peak_mib_max": 700, "jmh_learner_peak_mib": 1718}]}}
        self.assertEqual(sorted(m.hub_peaks_mib(load)), [700, 810, 912, 1695, 1718])
        self.assertEqual(m.memory_limit_mib({"memory_peak_mib": 956}, load), 2176)  # 1718 * 1.25 = 2147.5
        self.assertEqual(m.memory_limit_mib({"memory_peak_mib": 956}), 1280)  # notebook 02 alone
        browser = {"runs": [{"learner_peak_mib_max": 966, "jmh_learner_peak_mib": 1774}]}
        self.assertEqual(m.memory_limit_mib({"memory_peak_mib": 956}, load, browser), 2304)  # 1774 * 1.25 = 2217.5

    def test_summary_pools_the_escape_cells_of_every_learner(self):
        results = [{"kernel_ready_s": 3.0, "wall_s": 50, "cpu_s": 40, "error": None,
                    "cells": [{"seconds": 1.0, "escape": True}, {"seconds": 9.0, "escape": False}],
                    "kernel_rss_peak_mib": 300, "kernel_hwm_mib": 310, "tree_peak_mib": 500, "most_jvms": 2},
                   {"kernel_ready_s": 5.0, "wall_s": 60, "cpu_s": 44, "error": None,
                    "cells": [{"seconds": 3.0, "escape": True}],
                    "kernel_rss_peak_mib": 320, "kernel_hwm_mib": 330, "tree_peak_mib": 520, "most_jvms": 3}]
        run = m.summarize(2, results, 1000 * m.MIB)
        self.assertEqual(run["escape_cells"], 2)
        self.assertEqual(run["escape_cell_p50_s"], 2.0)
        self.assertEqual(run["kernel_ready_s_max"], 5.0)
        self.assertEqual(run["tree_peak_mib_per_learner"], 520)
        self.assertEqual(run["cpu_s_per_learner"], 42.0)
        self.assertEqual(run["total_peak_mib"], 1000)
        self.assertEqual(run["errors"], [])


if __name__ == "__main__":
    unittest.main()
