"""The learners' kernel ports on ./lab hub (lab-src/hub/singleuser/kernel_ports.py): each learner's
block, the LAB_KERNEL_PORTS value, and the choice of five ports in a block. The hub itself is
tested in test_hub.py (each learner's kernel listens on their own block).

Run: cd lab-src/python && python -m unittest test_kernel_ports
"""

import socket
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hub" / "singleuser"))
try:
    import kernel_ports as kp  # needs jupyter_server: the lab's venv
except ImportError:
    kp = None


@unittest.skipIf(kp is None, "jupyter_server is not installed (the lab's venv has it)")
class KernelPortsTest(unittest.TestCase):
    def test_blocks_of_different_learners_do_not_overlap_and_stay_below_the_ephemeral_range(self):
        blocks = [kp.parse_block(kp.block_for(user_id)) for user_id in range(1, 456)]
        seen = set()
        for block in blocks:
            self.assertEqual(len(block), 50)
            self.assertGreaterEqual(block.start, 10000)
            self.assertLessEqual(block.stop - 1, 32767)
            self.assertFalse(seen & set(block))
            seen |= set(block)
        self.assertEqual(kp.block_for(1), "10050-10099")
        self.assertEqual(kp.block_for(456), kp.block_for(1))  # 455 blocks, then they repeat

    def test_a_block_that_is_not_first_dash_last_is_a_clear_error(self):
        for text in ("10000", "a-b", "20000-10000", "0-10", "10000-70000"):
            with self.assertRaises(ValueError) as caught:
                kp.parse_block(text)
            self.assertIn("LAB_KERNEL_PORTS takes FIRST-LAST", str(caught.exception))

    def test_five_ports_not_given_out_and_free(self):
        busy = {10002}
        ports = kp.pick_ports(range(10000, 10010), taken={10000}, ip="127.0.0.1",
                              bindable=lambda ip, port: port not in busy)
        self.assertEqual(ports, [10001, 10003, 10004, 10005, 10006])

    def test_a_used_up_block_gives_none(self):
        self.assertIsNone(kp.pick_ports(range(10000, 10006), taken={10000, 10001}, ip="127.0.0.1",
                                        bindable=lambda ip, port: True))

    def test_a_port_another_program_holds_is_not_bindable(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            self.assertFalse(kp.can_bind("127.0.0.1", s.getsockname()[1]))


if __name__ == "__main__":
    unittest.main()
