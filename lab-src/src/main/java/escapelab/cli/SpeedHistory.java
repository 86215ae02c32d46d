package escapelab.cli;

import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.notebook.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lab-src/bench-history/speed.jsonl: one line per ./lab speed run, so that the README can show the
 * trend. The file is committed: a run appends its line, and committing it is the deliberate step
 * that keeps a measurement (git checkout drops a run taken on a busy machine).
 */
final class SpeedHistory {
    static final String FILE = "lab-src/bench-history/speed.jsonl";

    /**
     * One run: when, on which commit (dirty when files other than this history differed from it),
     * on which JDK, under what load, and the medians in seconds.
     */
    record Entry(String date, String commit, boolean dirty, String jdk, List<Double> loadAverage, Map<String, Double> medians) {
    }

    private SpeedHistory() {
    }

    /** The medians of a run by name, from the records of build/bench/speed.json. */
    static Map<String, Double> medians(SpeedCommand.EscapeVersusGo engine, ShellToAnswer.Result shell) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (shell != null) {
            shell.commands().forEach(c -> m.put(c.command(), c.median()));
            m.put("go build -gcflags=-m, file recompiled", shell.goRecompiledMedian());
            shell.commands().forEach(c -> m.put(c.command() + ", CPU", c.cpuMedian()));
            m.put("go build -gcflags=-m, file recompiled, CPU", shell.goRecompiledCpuMedian());
            ShellToAnswer.CommandRuns escape = shell.command(ShellToAnswer.ESCAPE);
            if (escape != null && escape.overGo() != null) {
                m.put("./lab escape over go build", escape.overGo());
            }
            m.put("./lab escape, saved by the AOT cache in a round", shell.aotSavingMedian());
        }
        if (engine != null) {
            m.put("escape engine in one JVM", engine.escapeMedian());
        }
        m.values().removeIf(java.util.Objects::isNull);
        m.replaceAll((name, seconds) -> Math.round(seconds * 1000) / 1000.0); // milliseconds are enough for a trend
        return m;
    }

    static Entry entry(Instant when, String jdk, List<Double> loadAverage, Map<String, Double> medians, Path home) {
        String commit = git(home, "rev-parse", "--short", "HEAD");
        String changes = git(home, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)" + FILE);
        return new Entry(when.truncatedTo(ChronoUnit.SECONDS).toString(), commit == null ? "unknown" : commit,
                changes != null && !changes.isBlank(), jdk, loadAverage, medians);
    }

    /** Appends the entry as one JSON line, creating the file and its folder if needed. */
    static void append(Path file, Entry entry) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.write(entry) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw LabException.environment("cannot append to " + file + ": " + e.getMessage());
        }
    }

    /** git's answer in the checkout, or null where there is no git or no repository. */
    private static String git(Path home, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", home.toString()));
        cmd.addAll(List.of(args));
        try {
            ChildProcess.Result r = ChildProcess.of(cmd).timeLimit(Duration.ofSeconds(20)).run();
            return r.ok() ? r.stdout().strip() : null;
        } catch (LabException e) {
            return null;
        }
    }
}
