package escapelab.grade;

import escapelab.LabException;
import escapelab.jvm.ChildProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The walls around one test JVM, built by bubblewrap: the whole system read-only (the lab and the
 * JDK included), a private empty /tmp, only the test's own work folder writable, no network (a
 * network namespace of its own), its own PID namespace, and killed with the grader.
 */
final class Sandbox {
    static final String FIX = "the grader runs each test in a bubblewrap sandbox and cannot start one here: "
            + "install it (apt-get install bubblewrap) and allow unprivileged user namespaces "
            + "(sysctl -w kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04), "
            + "or grade without isolation: ./lab grade --unsandboxed";

    private static String problem; // null until checked; "" when bwrap works
    private Sandbox() {
    }

    /**
     * {@code command} run inside the sandbox, with {@code work} as its only writable folder and
     * {@code readable} (class path, submission) seen read-only even when they lie under /tmp.
     */
    static List<String> wrap(List<String> command, Path work, List<Path> readable) {
        List<String> cmd = new ArrayList<>(List.of("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                "--tmpfs", "/tmp"));
        // After the tmpfs, which would hide them: the grading folder lies under /tmp.
        for (Path p : readable) {
            if (Files.exists(p)) {
                String r = p.toAbsolutePath().toString();
                cmd.addAll(List.of("--ro-bind", r, r));
            }
        }
        String w = work.toAbsolutePath().toString();
        cmd.addAll(List.of("--bind", w, w, "--chdir", w,
                "--unshare-net", "--unshare-pid", "--die-with-parent", "--new-session", "--"));
        cmd.addAll(command);
        return cmd;
    }

    /** Fails with exit 2 and the fix when bubblewrap cannot start a sandbox here; checked once. */
    static synchronized void require() {
        if (problem == null) {
            problem = check();
        }
        if (!problem.isEmpty()) {
            throw LabException.environment(problem);
        }
    }

    private static String check() {
        ChildProcess.Result r;
        try {
            r = ChildProcess.of(wrap(List.of("true"), Path.of("/tmp"), List.of())).timeLimit(Duration.ofSeconds(20)).run();
        } catch (LabException e) { // no bwrap on the PATH
            return FIX + "\n(" + e.getMessage() + ")";
        }
        return r.ok() ? "" : FIX + "\n(bwrap: " + r.output().strip() + ")";
    }
}
