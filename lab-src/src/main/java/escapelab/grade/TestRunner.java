package escapelab.grade;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Scanner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs one grading test in the JVM the grader started for it and reports to the grader on the
 * real standard output, in a line that starts with a secret the grader passed on standard input
 * before any submitted code ran: what the submission prints cannot pass for a result.
 */
public final class TestRunner {
    private TestRunner() {
    }

    public static void main(String[] args) {
        String secret = new Scanner(System.in, StandardCharsets.UTF_8).nextLine().strip();
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8)); // the submission's prints stay out of the report
        String[] outcome = {"FAIL", "the test did not run"};
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    outcome[0] = "PASS";
                    outcome[1] = "";
                } else {
                    outcome[0] = "FAIL";
                    outcome[1] = result.getThrowable().map(TestRunner::describe).orElse(result.getStatus().toString());
                }
            }
        };
        Launcher launcher = LauncherFactory.create();
        // No junit-platform.properties from the class path: a file there could run the test on other
        // threads or load extensions by ServiceLoader, one of which could turn a failure into a pass.
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(args[0], args[1]))
                .enableImplicitConfigurationParameters(false).build(), listener);
        report.println(secret + " " + outcome[0] + " " + outcome[1].replace('\n', ' '));
        report.flush();
        Runtime.getRuntime().halt(0); // whatever threads the submission left behind
    }

    /** The assertion's message, kept short; for anything else, the exception and where in the submission. */
    static String describe(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (!(t instanceof AssertionError) && !(t instanceof escapelab.LabException)) { // the lab's own messages are already plain
            m = t.getClass().getSimpleName() + ": " + m;
        }
        return m.length() > 300 ? m.substring(0, 297) + "..." : m;
    }
}
