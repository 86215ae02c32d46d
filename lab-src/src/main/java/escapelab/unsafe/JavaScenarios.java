package escapelab.unsafe;

import escapelab.Lab;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.ChildPrograms;
import escapelab.jvm.TempDirs;
import escapelab.layout.Layouts;
import escapelab.notebook.Renderable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Java's memory misuses, each in a JVM of its own with a time and memory limit and a scratch
 * folder that is removed afterwards: sun.misc.Unsafe writing past an object (a little: silent
 * corruption; a lot: a crash, captured with the top of its hs_err file), Unsafe's memory-access
 * modes on JDK 25, and the same buffer code with the FFM API, whose every misuse throws.
 */
public final class JavaScenarios {
    /** The scenarios, one per run: lab-src/src/child/java/LabMisuse.java. */
    private static final String PROGRAM = "LabMisuse";

    /**
     * @param outcome completed, threw, crashed, timed-out
     * @param crash   the hs_err summary (signal line, problematic frame) when the JVM crashed, else ""
     */
    public record Run(String scenario, List<String> jvmArgs, String outcome, int exitCode, String output, String crash)
            implements Renderable {
        /** The outcome, then what the JVM printed, then the top of its hs_err file if it crashed. */
        @Override
        public String toText() {
            return scenario + ": " + outcome + " (exit " + exitCode + ")\n" + output
                    + (crash.isEmpty() ? "" : "\nhs_err file:\n" + crash) + "\n";
        }

        @Override
        public String toString() {
            return toText();
        }
    }

    public static final List<String> UNSAFE = List.of("unsafe-small-overrun", "unsafe-large-overrun", "unsafe-misaligned",
            "unsafe-use-after-free", "unsafe-other-thread");
    public static final List<String> FFM = List.of("ffm-out-of-bounds", "ffm-misaligned", "ffm-use-after-close", "ffm-other-thread");
    public static final List<String> MEMORY_ACCESS_MODES = List.of("allow", "warn", "debug", "deny");
    /** Pass as a JVM argument to run with no --sun-misc-unsafe-memory-access flag at all: the JDK's own default. */
    public static final String JDK_DEFAULT = "(the JDK's default)";

    private JavaScenarios() {
    }

    /** One scenario; extra JVM flags such as --sun-misc-unsafe-memory-access=deny. */
    public static Run run(String scenario, String... jvmArgs) {
        Path dir = TempDirs.create("escape-lab-unsafe-");
        try {
            ChildPrograms.classes(PROGRAM).writeTo(dir.resolve("classes"));
            List<String> cmd = new ArrayList<>(List.of(Lab.jdk().java().toString(), "-Xmx128m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                    "-XX:-CreateCoredumpOnCrash", "-Djol.magicFieldOffset=true", "-Djdk.attach.allowAttachSelf=true",
                    "-XX:+EnableDynamicAgentLoading"));
            if (Stream.of(jvmArgs).noneMatch(a -> a.startsWith("--sun-misc-unsafe-memory-access") || a.equals(JDK_DEFAULT))) {
                cmd.add("--sun-misc-unsafe-memory-access=allow"); // the scenarios are about memory, not about the warning
            }
            Stream.of(jvmArgs).filter(a -> !a.equals(JDK_DEFAULT)).forEach(cmd::add);
            List<String> cp = new ArrayList<>(List.of(dir.resolve("classes").toString()));
            Layouts.jolClassPath().forEach(p -> cp.add(p.toString()));
            cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, cp), PROGRAM, scenario));
            ChildProcess.Result r = ChildProcess.of(cmd).directory(dir).timeLimit(Duration.ofSeconds(60)).run();
            String crash = hsErr(dir);
            String outcome = r.timedOut() ? "timed-out" : !crash.isEmpty() ? "crashed"
                    : r.stdout().contains("@@threw ") ? "threw" : r.ok() ? "completed" : "failed";
            String output = r.output().lines().filter(l -> !l.startsWith("#") || crash.isEmpty())
                    .map(l -> l.replace("@@threw ", "threw ")).reduce("", (a, l) -> a + l + "\n").strip();
            return new Run(scenario, List.of(jvmArgs), outcome, r.exitCode(), output, crash);
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** The signal line and the problematic frame, the first thing anyone reads in an hs_err file. */
    private static String hsErr(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Path err = files.filter(p -> p.getFileName().toString().startsWith("hs_err")).findFirst().orElse(null);
            if (err == null) {
                return "";
            }
            List<String> lines = Files.readAllLines(err);
            List<String> top = new ArrayList<>();
            for (int i = 0; i < lines.size() && top.size() < 6; i++) {
                String l = lines.get(i);
                if (l.startsWith("#  SIGSEGV") || l.startsWith("#  SIGBUS") || l.startsWith("#  Internal Error")
                        || l.startsWith("# Problematic frame:") || (i > 0 && lines.get(i - 1).startsWith("# Problematic frame:"))
                        || l.startsWith("# JRE version")) {
                    top.add(l.substring(1).strip());
                }
            }
            return String.join("\n", top);
        } catch (IOException e) {
            return "";
        }
    }
}
