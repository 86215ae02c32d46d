package escapelab.graal;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.Jdk;
import escapelab.jvm.SourceCompiler;
import escapelab.jvm.TempDirs;
import escapelab.notebook.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Graal's partial escape analysis beside C2's escape analysis, measured: the same program runs on
 * the lab's JDK once with C2 and once with Graal's compiler as its JVMCI JIT (the jars Maven copies
 * to lab-src/target/graal), and reports the bytes allocated per call on its common and its rare
 * branch after warm-up. The program warms until three rounds in a row ran the same code the JIT
 * compiled for the measuring method and measured the same, since the JIT compiles in the background: with
 * {@code -Xbatch}, a blocking compilation waited on Graal's own start-up (the thread that started
 * Graal held the lock Graal's compiler thread needed) for minutes.
 */
public final class PartialEscape {
    /** Where lab-src/pom.xml copies org.graalvm.compiler:compiler and what it needs. */
    public static final String JARS = "lab-src/target/graal";

    private static final Duration LIMIT = Duration.ofSeconds(120);

    private PartialEscape() {
    }

    /** The JIT a run used. */
    public enum Jit {
        C2("C2 (HotSpot's server compiler)"),
        GRAAL("Graal (JVMCI compiler, partial escape analysis)"),
        GRAAL_WITHOUT_PEA("Graal with -Djdk.graal.PartialEscapeAnalysis=false");

        final String label;

        Jit(String label) {
            this.label = label;
        }
    }

    /** Bytes per call on each branch, from the last of the program's measuring rounds. */
    public record Run(Jit jit, String jdk, double commonBytesPerCall, double rareBytesPerCall) {
    }

    /** Graal's compiler jars, or empty when the lab jar was built without them. */
    public static List<Path> graalJars() {
        Path dir = Lab.home().resolve(JARS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The JVM flags that make Graal the JIT of a JDK 25 JVM. */
    public static List<String> graalFlags(List<Path> jars) {
        return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "-XX:+UseJVMCICompiler",
                "--upgrade-module-path=" + String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList()));
    }

    public static Path example() {
        return Lab.home().resolve("lab-src/examples/graal/RareEscape.java");
    }

    /** The example on C2 and on Graal with and without partial escape analysis, on the lab's JDK. */
    public static List<Run> measure() {
        List<Path> jars = graalJars();
        if (jars.isEmpty()) {
            throw LabException.environment("Graal's compiler jars are not in " + Lab.home().resolve(JARS)
                    + "; ./lab setup builds the lab jar, which copies them there (org.graalvm.compiler:compiler from Maven Central)");
        }
        Jdk jdk = Jdk.current();
        Path dir = TempDirs.create("escape-lab-graal-");
        try {
            SourceCompiler.compile(List.of(SourceCompiler.Source.of(example())), jdk.feature(), List.of()).writeTo(dir);
            List<Run> runs = new ArrayList<>();
            for (Jit jit : Jit.values()) {
                List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(), "-Xmx256m"));
                if (jit != Jit.C2) {
                    cmd.addAll(graalFlags(jars));
                }
                if (jit == Jit.GRAAL_WITHOUT_PEA) {
                    cmd.add("-Djdk.graal.PartialEscapeAnalysis=false");
                }
                // The program reads in this log and in the code cache's list which code of the JIT's runs
                // its measuring method; Graal, loaded from class files, first compiles itself (about 2 s here).
                Path jitLog = dir.resolve(jit.name() + "-jit.log");
                cmd.addAll(List.of("-Xlog:jit+compilation=debug:file=" + jitLog + ":none",
                        "-cp", dir.toString(), "RareEscape", "60", jitLog.toString()));
                runs.add(parse(jit, jdk.version(), ChildProcess.of(cmd).timeLimit(LIMIT).run()));
            }
            return runs;
        } finally {
            TempDirs.delete(dir);
        }
    }

    static Run parse(Jit jit, String jdk, ChildProcess.Result r) {
        String[] last = null;
        for (String line : r.stdout().lines().toList()) {
            if (line.startsWith("@@pea uncompiled")) {
                throw LabException.environment("the " + jit.label + " run did not measure: " + line.substring(6)
                        + " a busy machine, or a JIT that gave up on it; run the cell again");
            }
            if (line.startsWith("@@pea unsteady")) {
                throw LabException.environment("the " + jit.label + " run did not settle: " + line.substring(6)
                        + " its measurement still changed from round to round (a busy machine?); run the cell again");
            }
            if (line.startsWith("@@pea ")) {
                last = line.split(" ");
            }
        }
        if (!r.ok() || last == null || last.length != 4 || !String.join(" ", last).matches("@@pea \\d+ \\d+ \\d+")) {
            throw LabException.environment("the " + jit.label + " run did not measure (" + r.describe() + "):\n" + r.output());
        }
        double n = Double.parseDouble(last[3]);
        return new Run(jit, jdk, Long.parseLong(last[1]) / n, Long.parseLong(last[2]) / n);
    }

    public static Table table(List<Run> runs) {
        Table t = new Table(List.of("JIT", "common branch (no escape)", "rare branch (stored to a static)"))
                .caption("RareEscape.work: allocated bytes per call after warm-up, JDK " + runs.get(0).jdk());
        for (Run r : runs) {
            t.row(r.jit().label, String.format(java.util.Locale.ROOT, "%.1f B", r.commonBytesPerCall()),
                    String.format(java.util.Locale.ROOT, "%.1f B", r.rareBytesPerCall()));
        }
        return t;
    }

    /** The notebook's call: the table of {@link #measure()}. */
    public static Table compare() {
        return table(measure());
    }
}
