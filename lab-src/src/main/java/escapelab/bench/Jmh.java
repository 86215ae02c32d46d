package escapelab.bench;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.CompileError;
import escapelab.jvm.Jdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The notebook API of the bench package: a JMH run as one call, progress printed as it goes. */
public final class Jmh {
    private Jmh() {
    }

    /** A variant of a run: a label, the JDK and the extra JVM flags of the measured JVM. */
    public record Variant(String label, Jdk jdk, List<String> jvmArgs) {
        public static Variant flags(String label, String... flags) {
            return new Variant(label, Lab.jdk(), List.of(flags));
        }

        public static Variant jdk(Jdk jdk) {
            return new Variant("JDK " + jdk.feature(), jdk, List.of());
        }
    }

    private static Bench.Options options() {
        return Bench.Options.defaults().progress(line -> System.out.println("  " + line));
    }

    /** Benchmarks given as Java source (a class with @Benchmark methods; no package needed). */
    public static BenchView run(String source) {
        String fileName = className(source) + ".java";
        try {
            return BenchView.of(Bench.run(fileName, source, options()));
        } catch (CompileError e) {
            throw e.inCellText(fileName);
        }
    }

    /** One of the benchmark examples in lab-src/examples/bench, by name. */
    public static BenchView example(String name) {
        return BenchView.of(Bench.run(examplePath(name), options()));
    }

    /** The same benchmarks once per variant, one table and one chart. */
    public static BenchView compare(String name, Variant... variants) {
        Map<String, BenchReport> runs = new LinkedHashMap<>();
        for (Variant v : variants) {
            System.out.println(v.label() + ":");
            runs.put(v.label(), Bench.run(examplePath(name), options().jdk(v.jdk()).jvmArgs(v.jvmArgs())));
        }
        return new BenchView(name, runs);
    }

    public static Path examplePath(String name) {
        Path file = Lab.home().resolve("lab-src/examples/bench").resolve(name.endsWith(".java") ? name : name + ".java");
        if (!Files.isRegularFile(file)) {
            throw LabException.input("no benchmark example " + name + " in " + file.getParent());
        }
        return file;
    }

    private static String className(String source) {
        var m = java.util.regex.Pattern.compile("\\bclass\\s+(\\w+)").matcher(source);
        return m.find() ? m.group(1) : "Bench";
    }
}
