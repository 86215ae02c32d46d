"""The hub's deployment files agree with the measurement: z2jh-config.yaml parses, its per-learner
memory and CPU are the figures in measured.json, and the image is set up by ./lab setup.

Run: cd lab-src/hub && python -m unittest test_hub_config
"""

import json
import re
import sys
import unittest
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent / "hub"  # lab-src/hub: the files under test
sys.path.insert(0, str(HERE))
import measure_learners  # noqa: E402  the sizing rule


def kube_mib(quantity):
    """A KubeSpawner byte size ("768M", "2G") in MiB: it reads K, M, G as powers of 1024."""
    match = re.fullmatch(r"(\d+)([KMG])", str(quantity))
    if not match:
        raise ValueError(f"not a KubeSpawner size: {quantity!r}")
    return int(match.group(1)) * {"K": 1 / 1024, "M": 1, "G": 1024}[match.group(2)]


class HubConfigTest(unittest.TestCase):
    def setUp(self):
        self.config = yaml.safe_load((HERE / "z2jh-config.yaml").read_text())
        self.measured = json.loads((HERE / "measured.json").read_text())["per_learner"]
        # The hub load test's figures, HTTP learners and browsers.
        self.loads = {name: json.loads((HERE / name).read_text()) for name in ("load.json", "load-browser.json")}
        self.singleuser = self.config["singleuser"]

    def test_memory_is_what_was_measured(self):
        self.assertEqual(kube_mib(self.singleuser["memory"]["guarantee"]), self.measured["memory_guarantee_mib"])
        self.assertEqual(kube_mib(self.singleuser["memory"]["limit"]),
                         measure_learners.memory_limit_mib(self.measured, *self.loads.values()))

    def test_the_limit_leaves_the_margin_over_every_measured_peak(self):
        # measured.json: notebook 02 alone; the load files: notebook 02 and notebook 04's JMH cells under ./lab hub.
        limit = kube_mib(self.singleuser["memory"]["limit"])
        peaks = {"measured.json": self.measured["memory_peak_mib"],
                 **{name: max(measure_learners.hub_peaks_mib(load)) for name, load in self.loads.items()}}
        for source, peak in peaks.items():
            self.assertGreaterEqual(limit, peak * self.measured["memory_margin"],
                                    f"the memory limit {limit} MiB is under {source}'s peak {peak} MiB with the margin")

    def test_cpu_is_what_was_measured(self):
        self.assertEqual(float(self.singleuser["cpu"]["guarantee"]), self.measured["cpu_guarantee"])
        self.assertEqual(float(self.singleuser["cpu"]["limit"]), self.measured["cpu_limit"])

    def test_one_shared_password_and_culling(self):
        hub = self.config["hub"]["config"]
        self.assertEqual(hub["JupyterHub"]["authenticator_class"], "shared-password")
        self.assertEqual(hub["SharedPasswordAuthenticator"]["user_password"], "", "the password is set at install, not committed")
        self.assertTrue(self.config["cull"]["enabled"])
        self.assertGreater(self.config["cull"]["timeout"], 0)

    def test_sizes_are_read_as_mib(self):
        self.assertEqual(kube_mib("768M"), 768)
        self.assertEqual(kube_mib("2G"), 2048)
        with self.assertRaises(ValueError):
            kube_mib("1.5Gi")


class ContainerfileTest(unittest.TestCase):
    def setUp(self):
        text = (HERE / "Containerfile").read_text()
        # Continued lines joined, comments dropped: the instructions as the builder reads them.
        self.instructions = [l.strip() for l in text.replace("\\\n", " ").splitlines()
                             if l.strip() and not l.lstrip().startswith("#")]

    def runs(self):
        return [l[len("RUN "):] for l in self.instructions if l.startswith("RUN ")]

    def test_set_up_by_the_lab_itself(self):
        self.assertTrue(any(re.match(r"\./lab setup(\s|&|$)", r) for r in self.runs()), self.runs())

    def test_debian_with_the_lab_s_tools(self):
        self.assertTrue(self.instructions[0].startswith("FROM debian:"), self.instructions[0])
        packages = " ".join(self.runs())
        for package in ("temurin-25-jdk", "golang-go", "bubblewrap", "python3-venv", "maven"):
            self.assertIn(package, packages)

    def test_the_image_s_uid_is_the_hub_s(self):
        self.assertIn(f"--uid {yaml.safe_load((HERE / 'z2jh-config.yaml').read_text())['singleuser']['uid']}",
                      " ".join(self.runs()))


if __name__ == "__main__":
    unittest.main()
