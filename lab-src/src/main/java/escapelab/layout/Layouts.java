package escapelab.layout;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.ChildPrograms;
import escapelab.jvm.CompileError;
import escapelab.jvm.IndependentRuns;
import escapelab.jvm.Jdk;
import escapelab.jvm.SourceCompiler;
import escapelab.jvm.TempDirs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Object layouts from JOL, each mode in a JVM of its own: a class from source text or from the JDK,
 * an array, or the footprint of whole data structures. A mode that fails says why in its own
 * column; the others still show.
 */
public final class Layouts {
    /** The program that asks JOL inside the JVM of a mode: lab-src/src/child/java/LabLayoutProbe.java. */
    private static final String PROBE = "LabLayoutProbe";

    /** A mode on a JDK: one column of a layout table. */
    public record Target(Mode mode, Jdk jdk) {
        public String label() {
            return mode.name() + (jdk.feature() == Lab.jdk().feature() ? "" : " (JDK " + jdk.feature() + ")");
        }
    }

    private Layouts() {
    }

    /** Every mode on the lab's JDK, then the default mode on each other JDK (17 or later) the machine has. */
    public static List<Target> allTargets() {
        List<Target> t = new ArrayList<>();
        Mode.all().forEach(m -> t.add(new Target(m, Lab.jdk())));
        Lab.jdks().stream().filter(j -> j.feature() >= Jdk.MIN_TARGET && j.feature() != Lab.jdk().feature())
                .collect(Collectors.toMap(Jdk::feature, j -> j, (a, b) -> a, LinkedHashMap::new)).values()
                .forEach(j -> t.add(new Target(Mode.DEFAULT, j)));
        return t;
    }

    public static List<Target> defaultTarget() {
        return List.of(new Target(Mode.DEFAULT, Lab.jdk()));
    }

    /** A class of the given source (its simple name, {@code Point}, or a nested one, {@code Outer.Inner}). */
    public static LayoutReport of(String fileName, String source, String className, List<Target> targets) {
        // javac first, in the targets' order, so its errors come as a loop over the targets gives them;
        // the modes of one JDK share the class files.
        // A release javac refuses (Java 21 syntax for JDK 17) fails in its own columns; when every release is
        // refused, javac's first error is the answer, as for one mode.
        Map<Integer, SourceCompiler.Classes> byRelease = new LinkedHashMap<>();
        Map<Integer, String> binaryNames = new LinkedHashMap<>();
        Map<Integer, CompileError> refused = new LinkedHashMap<>();
        for (Target t : targets) {
            int release = t.jdk().feature();
            if (t.mode().unavailableOn(t.jdk()) == null && !byRelease.containsKey(release) && !refused.containsKey(release)) {
                try {
                    SourceCompiler.Classes classes = SourceCompiler.compile(List.of(new SourceCompiler.Source(fileName, source)),
                            release, List.of());
                    byRelease.put(release, classes);
                    binaryNames.put(release, binaryName(classes, className, fileName));
                } catch (CompileError e) {
                    refused.put(release, e);
                }
            }
        }
        if (byRelease.isEmpty() && !refused.isEmpty()) {
            throw refused.values().iterator().next();
        }
        return perTarget(className, targets, t -> {
            CompileError e = refused.get(t.jdk().feature());
            return e != null ? Layout.failed(t.label(), t.mode(), t.jdk().version(), className,
                    "javac --release " + t.jdk().feature() + " refused it: " + e.getMessage())
                    : run(t, byRelease.get(t.jdk().feature()), List.of("class", binaryNames.get(t.jdk().feature())), className);
        });
    }

    /** A class the JDK has, such as {@code java.lang.Integer} or {@code java.util.HashMap$Node}. */
    public static LayoutReport ofJdkClass(String className, List<Target> targets) {
        return perTarget(className, targets, t -> run(t, null, List.of("class", className), className));
    }

    /** An array of {@code byte}, {@code int}, {@code long} or {@code Object} of length n. */
    public static LayoutReport array(String type, int n, List<Target> targets) {
        String name = type + "[" + n + "]";
        return perTarget(name, targets, t -> run(t, null, List.of("array", type, String.valueOf(n)), name));
    }

    /**
     * One column per target, each target's JVM beside the others' (a layout is read, not timed); a mode
     * its JDK lacks says so in its column instead of running.
     */
    private static LayoutReport perTarget(String name, List<Target> targets, java.util.function.Function<Target, Layout> measure) {
        List<Layout> out = IndependentRuns.map(targets, t -> {
            String unavailable = t.mode().unavailableOn(t.jdk());
            return unavailable != null ? Layout.failed(t.label(), t.mode(), t.jdk().version(), name, unavailable) : measure.apply(t);
        });
        return new LayoutReport(name, out);
    }

    /** Total bytes of n int pairs kept as a HashMap, an array of records, and two int arrays, per target. */
    public static Footprint footprint(List<Integer> sizes, List<Target> targets) {
        // Each target's JVM beside the others': the probe counts bytes with JOL, it times nothing.
        List<Footprint> each = IndependentRuns.map(targets, t -> {
            String unavailable = t.mode().unavailableOn(t.jdk());
            if (unavailable != null) {
                return new Footprint(List.of(), List.of(t.label() + ": " + unavailable));
            }
            List<String> args = new ArrayList<>(List.of("footprint"));
            sizes.forEach(n -> args.add(String.valueOf(n)));
            ChildProcess.Result r = launch(t, null, args);
            return new Footprint(footprintPoints(t.label(), r.stdout()), r.ok() ? List.of() : List.of(t.label() + ": " + firstError(r)));
        });
        List<Footprint.Point> points = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        each.forEach(f -> {
            points.addAll(f.points());
            problems.addAll(f.problems());
        });
        return new Footprint(points, problems);
    }

    /** JOL's own printout of the class in the target's mode, for checking the lab's reading of it. */
    static String printable(Target t, String fileName, String source, String className) {
        SourceCompiler.Classes classes = SourceCompiler.compile(List.of(new SourceCompiler.Source(fileName, source)),
                t.jdk().feature(), List.of());
        return launch(t, classes, List.of("printable", binaryName(classes, className, fileName))).stdout();
    }

    /** The probe's {@code @@footprint N BYTES OBJECTS WHAT} lines; a line that does not read so is not the probe's and is left out. */
    static List<Footprint.Point> footprintPoints(String label, String stdout) {
        List<Footprint.Point> points = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] p = line.split(" ", 5);
            if (p[0].equals("@@footprint") && p.length == 5) {
                try {
                    points.add(new Footprint.Point(label, p[4], Integer.parseInt(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3])));
                } catch (NumberFormatException e) {
                    // not the probe's line
                }
            }
        }
        return points;
    }

    private static Layout run(Target t, SourceCompiler.Classes classes, List<String> args, String shownName) {
        ChildProcess.Result r = launch(t, classes, args);
        Layout found = read(t, shownName, r.stdout());
        if (found == null) {
            return Layout.failed(t.label(), t.mode(), t.jdk().version(), shownName, firstError(r));
        }
        return found.error() != null ? found : new Layout(found.label(), found.mode(), found.jdk(), shownName, found.instanceSize(),
                found.headerSize(), found.lossesInternal(), found.lossesExternal(), found.fields(), found.declared(), null,
                vmWarning(r));
    }

    /**
     * The layout in the probe's lines ({@code @@layout}, {@code @@field}, {@code @@declared}, {@code @@missing}), or
     * null when they hold none. A line that does not read as the probe writes it is left out.
     */
    static Layout read(Target t, String shownName, String stdout) {
        Layout found = null;
        List<Layout.Field> fields = new ArrayList<>();
        List<Layout.Field> declared = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] p = line.strip().split(" ");
            try {
                switch (p[0]) {
                    case "@@layout" -> found = new Layout(t.label(), t.mode(), t.jdk().version(), shownName, Long.parseLong(p[2]),
                            Integer.parseInt(p[3]), Long.parseLong(p[4]), Long.parseLong(p[5]), List.of(), List.of(), null, null);
                    case "@@field" -> fields.add(new Layout.Field(p[1], p[2], Long.parseLong(p[3]), Long.parseLong(p[4]), p[5]));
                    case "@@declared" -> declared.add(new Layout.Field(p[1], p[2], -1, -1, ""));
                    case "@@interface" -> // the class, not the mode, is at fault: no column can show it
                            throw LabException.input(shownName + " is an interface: it has no instances of its own, so no"
                                    + " layout; lay out a class that implements it");
                    case "@@missing" -> {
                        return Layout.failed(t.label(), t.mode(), t.jdk().version(), shownName,
                                "no class " + (p.length > 1 ? p[1] : shownName) + " on this JDK's class path");
                    }
                    default -> {
                    }
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // not the probe's line
            }
        }
        return found == null ? null : new Layout(found.label(), found.mode(), found.jdk(), shownName, found.instanceSize(),
                found.headerSize(), found.lossesInternal(), found.lossesExternal(), List.copyOf(fields), List.copyOf(declared), null, null);
    }

    private static ChildProcess.Result launch(Target t, SourceCompiler.Classes classes, List<String> args) {
        Path dir = TempDirs.create("escape-lab-layout-");
        try {
            List<Path> jol = jolClassPath();
            ChildPrograms.classes(PROBE).writeTo(dir.resolve("probe"));
            List<String> cp = new ArrayList<>(List.of(dir.resolve("probe").toString()));
            if (classes != null) {
                classes.writeTo(dir.resolve("classes"));
                cp.add(dir.resolve("classes").toString());
            }
            jol.forEach(p -> cp.add(p.toString()));
            List<String> cmd = new ArrayList<>(List.of(t.jdk().java().toString(), "-Xmx256m", "-XX:+UnlockExperimentalVMOptions"));
            cmd.addAll(t.mode().flags());
            // JOL reads field offsets itself and attaches to its own JVM only as a fallback; these keep it quiet.
            cmd.addAll(List.of("-Djol.magicFieldOffset=true", "-Djdk.attach.allowAttachSelf=true"));
            // JOL's Serviceability Agent is a second JVM that attaches to this one (2.6 s of a probe became 0.9 s without it).
            // Without it JOL reads compressed oops, compressed class pointers and alignment from the VM's flags, and
            // guesses the oop size and the compressed-pointer bases (HotspotUnsafe's second constructor); field offsets and
            // sizes come from Unsafe and Instrumentation either way, and the probe prints no address. Layouts compared equal
            // in every mode and JDK with and without it.
            cmd.add("-Djol.skipHotspotSAAttach=true");
            // C1 alone: C2's compilations of JOL's start-up took a quarter of a probe's CPU (0.47 s became 0.32 s, and
            // footprint's 100,000 pairs 3.6 s became 2.1 s), and the JIT has no say in where fields go.
            cmd.add("-XX:TieredStopAtLevel=1");
            if (t.jdk().feature() >= 21) {
                cmd.add("-XX:+EnableDynamicAgentLoading");
            }
            cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, cp), PROBE));
            cmd.addAll(args);
            return ChildProcess.of(cmd).timeLimit(Duration.ofSeconds(60)).run();
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** HotSpot's own warnings (such as a deprecated flag's), word for word, or null. */
    static String vmWarning(ChildProcess.Result r) {
        List<String> w = r.stderr().lines().filter(l -> l.contains(" VM warning: ")).map(String::strip).toList();
        return w.isEmpty() ? null : String.join("\n", w);
    }

    private static String firstError(ChildProcess.Result r) {
        String text = r.stderr().lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING")).findFirst()
                .orElse(r.output().strip());
        return "the JVM said: " + text + " (" + r.describe() + ")";
    }

    /** The class's binary name among those compiled: {@code Point}, {@code Outer.Inner} and {@code Outer$Inner} all work. */
    private static String binaryName(SourceCompiler.Classes classes, String name, String fileName) {
        String wanted = name.replace('.', '$');
        for (String n : classes.bytes().keySet()) {
            if (n.equals(wanted) || n.endsWith("$" + wanted) || n.endsWith("." + wanted)) {
                return n;
            }
        }
        throw LabException.input("no class " + name + " in " + fileName + "; it has: "
                + String.join(", ", classes.bytes().keySet().stream().map(k -> k.replace('$', '.')).toList()));
    }

    /** Where JOL is on the lab's class path (the shaded jar, or its own jar in a build), for the JVMs that run it. */
    public static List<Path> jolClassPath() {
        return escapelab.jvm.ClassPaths.of("org.openjdk.jol.info.ClassLayout");
    }
}
