"""The pure parts of lab-src/hub/load_test.py (./lab hub-load): /proc tree sums, the --learners
option, the run's summary and the README's table; with --browser, the cells' times from the
browser's timeline and a learner's record from hub-load.js's report and the notebook it saved
(recorded from a run: fixtures/hub-load/). No hub is started (the load test itself is
./lab hub-load, too heavy for ./lab test).

Run: cd lab-src/python && python -m unittest test_hub_load
"""

import json
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hub"))  # load_test lives beside the hub's config
import load_test as lt  # noqa: E402

MIB = 1024 * 1024
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hub-load"


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


    def test_a_column_for_chromium_when_the_learners_were_browsers(self):
        run = dict(SummarizeTest().run_of_two(), load_before=3.5, browser_peak_mib=1760)
        lines = lt.table([run]).splitlines()
        self.assertTrue(lines[0].endswith("| killed kernel back in (s) | Chromium (MiB) |"))
        self.assertEqual(lines[1].count("|"), lines[0].count("|"))
        self.assertTrue(lines[2].endswith("| 6.5 | 1760 |"))


class BrowserTimingTest(unittest.TestCase):
    def test_a_cell_takes_from_the_event_before_it_to_its_own_number(self):
        clicks = [1000]  # Run All
        done = [{"cell": 0, "at": 1500}, {"cell": 1, "at": 4000}, {"cell": 2, "at": 4250}]
        self.assertEqual(lt.cell_seconds(done, clicks), {0: 0.5, 1: 2.5, 2: 0.25})

    def test_after_a_killed_kernel_the_clicks_start_again(self):
        # Cell 2 died; the learner reran cell 0 (Shift+Enter at 9000) and ran from cell 3 (at 9800).
        clicks = [1000, 9000, 9800]
        done = [{"cell": 0, "at": 1500}, {"cell": 1, "at": 2000}, {"cell": 0, "at": 9400}, {"cell": 3, "at": 11800}]
        self.assertEqual(lt.cell_seconds(done, clicks), {0: 0.4, 1: 0.5, 3: 2.0})

    def test_a_number_before_any_click_is_no_run(self):
        self.assertEqual(lt.cell_seconds([{"cell": 0, "at": 500}], [1000]), {})


class BrowserRecordTest(unittest.TestCase):
    """learner1 of a ./lab hub-load --browser --learners 1 run: its kernel killed during code cell 4."""

    def setUp(self):
        self.entry = json.loads((FIXTURES / "browser-report-learner1.json").read_text())
        self.notebook = json.loads((FIXTURES / "learner1-saved.ipynb").read_text())
        self.killed_at = 1795973671.2  # epoch s, as load_test.py noted it

    def test_every_code_cell_timed_from_the_page_and_the_killed_one_unanswered(self):
        record = lt.browser_record(self.entry, self.notebook, self.killed_at)
        cells = record["cells"]
        self.assertEqual(len(cells), 23)
        self.assertEqual(cells[4]["outcome"], "no answer: the kernel died")
        self.assertIsNone(cells[4]["seconds"])
        self.assertEqual([c["outcome"] for c in cells if c["index"] != 4], ["ok"] * 22)
        self.assertEqual(cells[1]["seconds"], 4.8)  # cell 0's number at ...3468, cell 1's at ...8270
        self.assertEqual(cells[14]["seconds"], 29.75)  # PartialEscape.compare(), the slow one
        self.assertEqual(cells[0]["seconds"], 0.68)  # the imports rerun after the kill: its last run
        self.assertFalse(cells[0]["escape"])
        self.assertTrue(cells[1]["escape"])
        self.assertEqual(record["errors"], [])

    def test_the_killed_kernel_as_the_learner_saw_it(self):
        killed = lt.browser_record(self.entry, self.notebook, self.killed_at)["killed"]
        self.assertEqual(killed["cell"], 4)
        self.assertTrue(killed["jupyterlab_shows"].startswith("Kernel Restarting: The kernel for notebooks/02-"))
        self.assertEqual(killed["back_in_s"], round(self.entry["killed"]["idleAgainAt"] / 1000 - self.killed_at, 1))
        self.assertEqual(killed["imports_rerun"], "ok")

    def test_a_cell_that_failed_or_did_not_run_is_an_error_of_a_finished_learner(self):
        notebook = json.loads(json.dumps(self.notebook))
        notebook["cells"][7]["outputs"] = [{"output_type": "error", "ename": "CompilationException", "evalue": "x", "traceback": []}]
        notebook["cells"][9]["execution_count"] = None
        entry = dict(self.entry, promptsDone=[e for e in self.entry["promptsDone"] if e["cell"] != 9])
        record = lt.browser_record(entry, notebook, self.killed_at)
        self.assertEqual(record["errors"], ["cell 7: error: CompilationException: x", "cell 9: not run"])

    def test_a_learner_that_saved_nothing_has_no_cells_and_keeps_its_error(self):
        entry = dict(self.entry, finished=False, wallSeconds=None, killed=None, errors=["not finished in the time limit (on code cell 7)"])
        record = lt.browser_record(entry, None, None)
        self.assertEqual((record["cells"], record["finished"], record["wall_s"]), ([], False, None))
        self.assertEqual(record["errors"], ["not finished in the time limit (on code cell 7)"])
        self.assertNotIn("killed", record)

    def test_it_summarizes_as_the_http_learners_do(self):
        record = dict(lt.browser_record(self.entry, self.notebook, self.killed_at), peak_mib=694)
        run = lt.summarize(1, [record], total_peak_mib=694, hub_alive=True, seconds=180)
        self.assertEqual(run["escape_cells"], 20)  # 21 escape cells, one killed
        self.assertEqual(run["killed_kernel"]["cell"], 4)
        self.assertEqual(run["kernel_ready_s_max"], 32.5)


if __name__ == "__main__":
    unittest.main()
