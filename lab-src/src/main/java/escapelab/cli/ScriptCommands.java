package escapelab.cli;

import escapelab.LabException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The commands that ./lab, the bash script, runs itself (they set up Python and Jupyter before
 * any JVM can start). They are declared here so that the one usage text lists them.
 */
final class ScriptCommands {
    private ScriptCommands() {
    }

    /** Reached only when the jar is run directly, as {@code java -jar escape-lab.jar run}. */
    abstract static class ScriptOnly implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Unmatched
        List<String> rest;

        @Override
        public Integer call() {
            throw LabException.input(spec.name() + " is a command of the bash script: run ./lab " + spec.name());
        }
    }

    @Command(name = "run", description = {"set up what is missing, then execute every notebook into build/site (the main job);",
            "a notebook nothing it depends on has changed for is reused from build/cache (--fresh executes every one)"})
    static final class Run extends ScriptOnly {
    }

    @Command(name = "test", description = {
            "the tests: mvn verify, the scripts' tests, JupyterLab in headless Chromium (LAB_SKIP_BROWSER=1 skips it),",
            "every notebook run with LAB_FAST=1 in JupyterLab (headless when the browser test is skipped)"})
    static final class Test extends ScriptOnly {
    }

    @Command(name = "jupyter", description = {
            "start JupyterLab on 127.0.0.1 (with a token) in notebooks/, on the lab's Java kernel;",
            "--exercises serves exercises/ instead; a --ServerApp.root_dir=DIR of your own replaces either;",
            "--instructor shows nbgrader's tools (hidden from learners)"})
    static final class Jupyter extends ScriptOnly {
    }

    @Command(name = "hub", description = {
            "JupyterHub for a workshop on this machine: learners log in with any name and one shared password",
            "(printed at start, or LAB_HUB_PASSWORD) and get the lab's JupyterLab in a folder of their own in",
            "build/hub/users/; 127.0.0.1:8000 unless --ip 0.0.0.0 / --port N; --users a,b,c admits only those names"})
    static final class Hub extends ScriptOnly {
    }

    @Command(name = "hub-load", description = {
            "a load test of ./lab hub: N learners at once run notebook 02 (LAB_FAST=1), one more notebook 04's JMH cells;",
            "time to kernel, escape cells' p50/p95, memory per learner; one learner's kernel is killed on the way;",
            "--learners 2,4,8 (the default), --limit SECONDS per run (900); raw figures in lab-src/hub/load.json;",
            "--browser: each learner a browser context of one headless Chromium running JupyterLab (load-browser.json)"})
    static final class HubLoad extends ScriptOnly {
    }

    @Command(name = "nbgrader", description = {
            "nbgrader's command line in the course folder ./lab hub made (build/hub/course: exercises/ in source/,",
            "the hub's exchange), e.g. generate_assignment, release_assignment, collect, autograde, release_feedback"})
    static final class Nbgrader extends ScriptOnly {
    }

    @Command(name = "doctor", description = "check each requirement and print the command that fixes what is missing")
    static final class Doctor extends ScriptOnly {
    }

    @Command(name = "setup", description = "only the set-up part of run: JDK check, lab jar, venv, kernel")
    static final class Setup extends ScriptOnly {
    }
}
