package escapelab.grade;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Grading from inside an exercise notebook: the notebook's folder is the exercise, its src/ the
 * submission. An nbgrader test cell calls {@link #test}; it throws when the test fails, which is
 * how nbgrader's autograder sees a failed cell, and prints the points when it passes.
 *
 * The test runs in the grader's sandbox where bubblewrap can start one; where it cannot (a
 * student's Mac, a container without user namespaces) it runs without and says so: in this route
 * the code being graded is the student's own, and nbgrader's autograder runs the student's whole
 * notebook in the kernel anyway, so the sandbox would not be what isolates it there.
 */
public final class Check {
    static final String WITHOUT_SANDBOX = "ran without the sandbox (bubblewrap cannot start here)";

    private Check() {
    }

    /** Runs one grading test ({@code SumsTest.sumOf100AllocatesNothingAndIsRight}) on ./src, in its own JVM. */
    public static void test(String name) {
        Path here = Path.of("").toAbsolutePath();
        boolean sandboxed = Sandbox.available();
        Grader.Result r = Grader.grade(here, here.resolve("src"), Duration.ofSeconds(120), sandboxed);
        Grader.TestResult t = r.tests().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no grading test " + name + " in " + here.resolve("tests")));
        if (t.score() < t.maxScore()) {
            String whole = r.output().replace(Grader.UNSANDBOXED, "").strip(); // javac's message, a refusal
            String why = whole.isEmpty() ? t.output() : t.output() + "\n" + whole;
            throw new AssertionError(name + ": " + why + (sandboxed ? "" : " (" + WITHOUT_SANDBOX + ")"));
        }
        System.out.println(name + ": passed (" + t.score() + " points)" + (sandboxed ? "" : "; " + WITHOUT_SANDBOX));
    }
}
