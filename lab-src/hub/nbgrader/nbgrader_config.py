# nbgrader's settings for ./lab hub's course: the learners' servers read this file (it is on their
# JUPYTER_CONFIG_PATH), and so does an instructor's nbgrader run with it there or copied into the
# course folder. The exchange is a folder every learner's server and the instructor share.
import os
from pathlib import Path

c = get_config()  # noqa: F821 (nbgrader's config loader defines it)

c.CourseDirectory.course_id = "escape-lab"
# ./lab hub gives every learner's server LAB_HUB_EXCHANGE; elsewhere the checkout's build/hub/exchange.
c.Exchange.root = os.environ.get("LAB_HUB_EXCHANGE") or str(Path(__file__).resolve().parents[3] / "build" / "hub" / "exchange")
# Every learner runs as the hub's own system user, so nbgrader's default student id (that user's
# name) would be everyone's: a learner's server has their hub name in JUPYTERHUB_USER. The
# instructor's runs have none and keep nbgrader's '*' (every student).
c.CourseDirectory.student_id = os.environ.get("JUPYTERHUB_USER", "*")
