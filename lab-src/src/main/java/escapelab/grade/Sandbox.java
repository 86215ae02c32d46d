package escapelab.grade;

import escapelab.LabException;
import escapelab.jvm.ChildProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The walls around one test JVM, built by bubblewrap. Inside: the system's programs and libraries
 * (/usr, /etc) read-only, the files named readable (the JDK, the class path, the submitted files)
 * read-only, a private empty /tmp, the test's work folder as the only writable place, and nothing
 * else of the machine: no home folder, no other submission, no hidden test. A user namespace of its
 * own with no capabilities (run as root, bubblewrap would otherwise keep root's, and a
 * {@code mount -o remount,rw /} would make the whole disk writable), its own PID, network, IPC and
 * host name, an environment of only what the test needs, a cap on file size and processes, and
 * killed with the grader.
 */
final class Sandbox {
    static final String FIX = "the grader runs each test in a bubblewrap sandbox and cannot start one here: "
            + "install it (apt-get install bubblewrap) and allow unprivileged user namespaces "
            + "(sysctl -w kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04), "
            + "or grade without isolation: ./lab grade --unsandboxed";

    /** The largest file a test may write (RLIMIT_FSIZE), and the size of its /tmp. */
    static final long MAX_FILE_BYTES = 64L << 20;
    static final long TMP_BYTES = 256L << 20;
    /** RLIMIT_NPROC: counted over all the grading user's processes, and not enforced by Linux for root. */
    static final int MAX_PROCESSES = 1024;

    private static final List<String> SYSTEM = List.of("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /** Present in /etc but nothing a test may read. */
    private static final List<String> SECRETS = List.of("/etc/shadow", "/etc/gshadow", "/etc/ssh");

    private static String problem; // null until checked; "" when bwrap works

    private Sandbox() {
    }

    /**
     * {@code command} run inside the sandbox with {@code work} as its working folder and only
     * writable place, {@code readable} seen read-only (at the same paths, and at their real paths
     * when they are links), and {@code env} as the environment besides PATH, HOME (the work
     * folder), TMPDIR and LANG.
     */
    static List<String> wrap(List<String> command, Path work, List<Path> readable, Map<String, String> env) {
        List<String> cmd = new ArrayList<>(List.of("bwrap", "--unshare-all", "--unshare-user", "--disable-userns",
                "--cap-drop", "ALL", "--die-with-parent", "--new-session", "--clearenv"));
        for (String s : SYSTEM) {
            Path p = Path.of(s);
            try {
                if (Files.isSymbolicLink(p)) {
                    cmd.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), s));
                } else if (Files.isDirectory(p)) {
                    cmd.addAll(List.of("--ro-bind", s, s));
                }
            } catch (IOException e) {
                // not there on this system: nothing to show
            }
        }
        for (String s : SECRETS) {
            if (Files.isDirectory(Path.of(s))) {
                cmd.addAll(List.of("--tmpfs", s));
            } else if (Files.exists(Path.of(s))) {
                cmd.addAll(List.of("--ro-bind", "/dev/null", s));
            }
        }
        cmd.addAll(List.of("--dev", "/dev", "--proc", "/proc", "--size", Long.toString(TMP_BYTES), "--tmpfs", "/tmp"));
        Set<String> seen = new LinkedHashSet<>();
        for (Path p : readable) {
            if (Files.exists(p)) {
                seen.add(p.toAbsolutePath().normalize().toString());
                try {
                    seen.add(p.toRealPath().toString());
                } catch (IOException e) {
                    // exists but unreadable: bwrap names it if it matters
                }
            }
        }
        seen.forEach(r -> cmd.addAll(List.of("--ro-bind", r, r)));
        String w = work.toAbsolutePath().toString();
        cmd.addAll(List.of("--bind", w, w, "--chdir", w));
        cmd.addAll(List.of("--setenv", "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "--setenv", "HOME", w, "--setenv", "TMPDIR", "/tmp", "--setenv", "LANG", "C.UTF-8"));
        env.forEach((k, v) -> cmd.addAll(List.of("--setenv", k, v)));
        cmd.addAll(List.of("--", "prlimit", "--fsize=" + MAX_FILE_BYTES, "--nproc=" + MAX_PROCESSES, "--"));
        cmd.addAll(command);
        return cmd;
    }

    static List<String> wrap(List<String> command, Path work, List<Path> readable) {
        return wrap(command, work, readable, Map.of());
    }

    /** Fails with exit 2 and the fix when bubblewrap cannot start a sandbox here; checked once. */
    static synchronized void require() {
        if (!available()) {
            throw LabException.environment(problem);
        }
    }

    /** Whether a sandbox starts here (bubblewrap installed, user namespaces allowed, prlimit present). */
    static synchronized boolean available() {
        if (problem == null) {
            problem = check();
        }
        return problem.isEmpty();
    }

    private static String check() {
        ChildProcess.Result r;
        try {
            r = ChildProcess.of(wrap(List.of("true"), Path.of(System.getProperty("java.io.tmpdir")), List.of()))
                    .timeLimit(Duration.ofSeconds(20)).run();
        } catch (LabException e) { // no bwrap on the PATH
            return FIX + "\n(" + e.getMessage() + ")";
        }
        return r.ok() ? "" : FIX + "\n(bwrap: " + r.output().strip() + ")";
    }
}
