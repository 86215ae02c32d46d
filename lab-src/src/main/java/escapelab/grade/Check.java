package escapelab.grade;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Grading from inside an exercise notebook: the notebook's folder is the exercise, its src/ the
 * submission. An nbgrader test cell calls {@link #test}; it throws when the test fails, which is
 * how nbgrader's autograder sees a failed cell, and prints the points when it passes.
 */
public final class Check {
    private Check() {
    }

    /** Runs one grading test ({@code SumsTest.sumOf100AllocatesNothingAndIsRight}) on ./src, in its own JVM. */
    public static void test(String name) {
        Path here = Path.of("").toAbsolutePath();
        Grader.Result r = Grader.grade(here, here.resolve("src"), Duration.ofSeconds(120));
        Grader.TestResult t = r.tests().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no grading test " + name + " in " + here.resolve("tests")));
        if (t.score() < t.maxScore()) {
            throw new AssertionError(name + ": " + (r.output().isEmpty() ? t.output() : r.output()));
        }
        System.out.println(name + ": passed (" + t.score() + " points)");
    }
}
