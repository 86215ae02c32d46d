"""The pure parts of lab-src/hub/load_test.py (./lab hub-load): /proc tree sums, the --learners
option, the run's summary and the README's table. No hub is started (the load test itself is
./lab hub-load, too heavy for ./lab test).

Run: cd lab-src/python && python -m unittest test_hub_load
"""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hub"))  # load_test lives beside the hub's config
import load_test as lt  # noqa: E402

MIB = 1024 * 1024


def learner(name, notebook=lt.ESCAPE_NOTEBOOK, ready=5.0, cells=(), peak=700, finished=True, errors=(), killed=None, wall=60.0):
    record = {"name": name, "notebook": notebook, "kernel_ready_s": ready, "finished": finished,
              "errors": list(errors), "peak_mib": peak, "wall_s": wall if finished else None, "on_cell": None,
              "cells": [{"index": i, "seconds": s, "escape": escape, "outcome": outcome}
                        for i, (s, escape, outcome) in enumerate(cells)]}
    if killed:
        record["killed"] = killed
    return record


class TreeRssTest(unittest.TestCase):
    # 10 is a learner's server; 11 its kernel, 12 a JVM the kernel forked; 20 another learner's server.
    TABLE = {1: {"PPid": 0, "VmRSS": 5 * MIB},
             10: {"PPid": 1, "VmRSS": 120 * MIB}, 11: {"PPid": 10, "VmRSS": 400 * MIB},
             12: {"PPid": 11, "VmRSS": 80 * MIB}, 20: {"PPid": 1, "VmRSS": 130 * MIB},
             13: {"PPid": 11}}  # a zombie: no VmRSS

    def test_sums_the_root_and_everything_under_it(self):
        self.assertEqual(lt.tree_rss(self.TABLE, 10), 600 * MIB)

    def test_another_learners_tree_is_not_counted(self):
        self.assertEqual(lt.tree_rss(self.TABLE, 20), 130 * MIB)

    def test_a_process_gone_from_the_table_counts_nothing(self):
        self.assertEqual(lt.tree_rss(self.TABLE, 99), 0)


class ParseLearnersTest(unittest.TestCase):
    def test_numbers_separated_by_commas(self):
        self.assertEqual(lt.parse_learners("2,4,8"), [2, 4, 8])
        self.assertEqual(lt.parse_learners("3"), [3])

    def test_anything_else_is_a_clear_error(self):
        for text in ("two", "2,,x", "0", ""):
            with self.assertRaises(ValueError) as caught:
                lt.parse_learners(text)
            self.assertIn("--learners takes numbers", str(caught.exception))


class SummarizeTest(unittest.TestCase):
    def run_of_two(self):
        killed = {"cell": 4, "server_said": ["restarting", "idle"], "back_in_s": 6.5, "imports_rerun": "ok"}
        learners = [
            learner("learner1", ready=4.0, peak=650, cells=[(1.0, True, "ok"), (None, True, "no answer: the kernel died"),
                                                            (0.5, False, "ok")], killed=killed),
            learner("learner2", ready=6.0, peak=750, cells=[(2.0, True, "ok"), (3.0, True, "ok"), (9.0, True, "ok")]),
            learner("jmh", notebook=lt.JMH_NOTEBOOK, ready=8.0, peak=900, cells=[(100.0, False, "ok")], wall=120.0),
        ]
        return lt.summarize(2, learners, total_peak_mib=2100, hub_alive=True, seconds=200.04)

    def test_escape_cells_of_the_notebook_02_learners_only_and_not_the_killed_cell(self):
        run = self.run_of_two()
        self.assertEqual(run["escape_cells"], 4)  # 1.0, 2.0, 3.0, 9.0
        self.assertEqual(run["escape_cell_p50_s"], 2.5)
        self.assertEqual(run["escape_cell_p95_s"], 8.1)

    def test_kernel_ready_memory_and_the_killed_kernel(self):
        run = self.run_of_two()
        self.assertEqual((run["kernel_ready_s_p50"], run["kernel_ready_s_max"]), (6.0, 8.0))
        # Notebook 02's learners only: the JMH learner's peak has a column of its own.
        self.assertEqual((run["learner_peak_mib_p50"], run["learner_peak_mib_max"]), (700, 750))
        self.assertEqual(run["jmh_learner_peak_mib"], 900)
        self.assertEqual((run["finished"], run["of"], run["jmh_notebook_s"]), (3, 3, 120.0))
        self.assertEqual(run["killed_kernel"]["back_in_s"], 6.5)
        self.assertEqual(run["seconds"], 200.0)

    def test_a_learner_that_did_not_finish_is_counted_and_its_error_named(self):
        learners = [learner("learner1", finished=False, errors=["not finished in the 900 s limit (on code cell 7)"]),
                    learner("jmh", notebook=lt.JMH_NOTEBOOK, finished=False, ready=None, peak=0)]
        run = lt.summarize(1, learners, total_peak_mib=800, hub_alive=True, seconds=900)
        self.assertEqual((run["finished"], run["of"]), (0, 2))
        self.assertEqual(run["errors"], ["learner1: not finished in the 900 s limit (on code cell 7)"])
        self.assertIsNone(run["jmh_notebook_s"])
        self.assertIsNone(run["killed_kernel"])
        self.assertEqual(run["learner_peak_mib_max"], 700)
        self.assertEqual(run["jmh_learner_peak_mib"], 0)


class TableTest(unittest.TestCase):
    def test_one_row_per_run_under_the_header(self):
        run = dict(SummarizeTest().run_of_two(), load_before=3.5)
        lines = lt.table([run, dict(run, learners=4, finished=4, of=5, jmh_notebook_s=None, killed_kernel=None)]).splitlines()
        self.assertEqual(len(lines), 4)
        self.assertTrue(lines[0].startswith("| learners (+1 JMH) |"))
        self.assertEqual(lines[1].count("|"), lines[0].count("|"))
        self.assertEqual(lines[2], "| 2 | 3.5 | 3 of 3 | 6.0 / 8.0 | 2.5 / 8.1 | 700 / 750 | 900 | 2100 | 120.0 | 6.5 |")
        self.assertTrue(lines[3].startswith("| 4 | 3.5 | 4 of 5 |"))
        # A run whose first learner never reached the cell at which its kernel is killed.
        self.assertTrue(lines[3].endswith("| not finished | no kernel killed |"))


if __name__ == "__main__":
    unittest.main()
