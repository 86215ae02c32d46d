package escapelab.jvm;

import com.sun.management.HotSpotDiagnosticMXBean;
import escapelab.LabException;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM decided about memory: its garbage collector, whether object references are
 * compressed, whether objects have compact headers, its alignment. For the JVM the lab runs in
 * it reads the live flags; for any other JDK and set of flags it asks that JVM itself, through
 * {@code -XX:+PrintFlagsFinal}, so the answer is the JVM's own and not a guess from its version.
 *
 * @param flags     the flags the JVM was started with, as given
 * @param collector the garbage collector in use, such as {@code G1}
 * @param compactHeaders "true", "false", or "n/a" when this JDK has no such flag
 */
public record JvmInfo(String source, String version, List<String> flags, String collector,
                      String compressedOops, String compressedClassPointers, String compactHeaders,
                      String objectAlignment, long maxHeapBytes) implements Renderable {

    private static final List<String> COLLECTORS = List.of("G1", "Z", "Shenandoah", "Parallel", "Serial", "Epsilon");
    private static final Pattern FLAG_LINE = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)");

    /** The JVM this code runs in: for a notebook, the Jupyter kernel's own JVM. */
    public static JvmInfo current() {
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Map<String, String> flags = new LinkedHashMap<>();
        for (String name : wanted()) {
            try {
                flags.put(name, hs.getVMOption(name).getValue());
            } catch (IllegalArgumentException e) {
                // this JVM has no such flag
            }
        }
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:") || a.startsWith("-Xm")).toList();
        return fromFlags("this JVM (" + System.getProperty("java.vm.name") + ")", Runtime.version().toString(), args, flags);
    }

    /** A fresh JVM of {@code jdk} started with {@code flags}; a flag the JVM rejects is an input error. */
    public static JvmInfo of(Jdk jdk, List<String> flags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        cmd.addAll(flags);
        cmd.add("-XX:+PrintFlagsFinal");
        cmd.add("-version");
        ChildProcess.Result r = ChildProcess.of(cmd).timeLimit(Duration.ofSeconds(30)).run();
        if (!r.ok()) {
            throw LabException.input(jdk.label() + " refused " + String.join(" ", flags) + ": "
                    + firstLines(r.output(), 3) + " (" + r.describe() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            Matcher m = FLAG_LINE.matcher(line);
            if (m.find()) {
                values.put(m.group(1), m.group(2));
            }
        }
        String version = firstLines(r.stderr(), 1);
        Matcher v = Pattern.compile("version \"([^\"]+)\"").matcher(version);
        return fromFlags(jdk.label(), v.find() ? v.group(1) : jdk.version(), flags, values);
    }

    private static JvmInfo fromFlags(String source, String version, List<String> flags, Map<String, String> v) {
        String gc = COLLECTORS.stream().filter(c -> "true".equals(v.get("Use" + c + "GC"))).findFirst().orElse("unknown");
        long maxHeap = parseLong(v.get("MaxHeapSize"));
        return new JvmInfo(source, version, List.copyOf(flags), gc,
                v.getOrDefault("UseCompressedOops", "n/a"),
                v.getOrDefault("UseCompressedClassPointers", "n/a"),
                v.getOrDefault("UseCompactObjectHeaders", "n/a"),
                v.getOrDefault("ObjectAlignmentInBytes", "n/a"),
                maxHeap);
    }

    private static List<String> wanted() {
        List<String> names = new ArrayList<>(List.of("UseCompressedOops", "UseCompressedClassPointers",
                "UseCompactObjectHeaders", "ObjectAlignmentInBytes", "MaxHeapSize"));
        COLLECTORS.forEach(c -> names.add("Use" + c + "GC"));
        return names;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String firstLines(String text, int n) {
        return String.join(" ", text.strip().lines().limit(n).toList());
    }

    /** One table comparing several JVMs, a column each. */
    public static Table compare(List<JvmInfo> jvms) {
        List<String> headers = new ArrayList<>();
        headers.add("");
        jvms.forEach(j -> headers.add(j.source() + (j.flags().isEmpty() ? "" : " " + String.join(" ", j.flags()))));
        Table t = new Table(headers);
        t.row(rowOf("version", jvms, JvmInfo::version));
        t.row(rowOf("garbage collector", jvms, JvmInfo::collector));
        t.row(rowOf("compressed oops", jvms, JvmInfo::compressedOops));
        t.row(rowOf("compressed class pointers", jvms, JvmInfo::compressedClassPointers));
        t.row(rowOf("compact object headers", jvms, JvmInfo::compactHeaders));
        t.row(rowOf("object alignment (bytes)", jvms, JvmInfo::objectAlignment));
        t.row(rowOf("max heap", jvms, j -> j.maxHeapBytes() < 0 ? "n/a" : (j.maxHeapBytes() >> 20) + " MiB"));
        return t;
    }

    private static List<String> rowOf(String name, List<JvmInfo> jvms, java.util.function.Function<JvmInfo, String> f) {
        List<String> row = new ArrayList<>();
        row.add(name);
        jvms.forEach(j -> row.add(f.apply(j)));
        return row;
    }

    @Override
    public String toText() {
        return compare(List.of(this)).toText();
    }

    @Override
    public String toHtml() {
        return compare(List.of(this)).toHtml();
    }
}
