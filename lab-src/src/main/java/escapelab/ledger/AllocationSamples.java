package escapelab.ledger;

import escapelab.ledger.Ledger.Frame;
import escapelab.ledger.Ledger.Stack;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JFR's allocation samples ({@code jdk.ObjectAllocationSample}) summed per allocating line. Each
 * sample's weight is JFR's estimate of the bytes the thread allocated since its previous sample, so
 * the weights of a window add up to the bytes allocated in it; the top frame of the sample's stack is
 * the method and bytecode index that allocated.
 */
final class AllocationSamples {
    /** One frame of a sampled stack, as JFR records it. {@code className} is dotted. */
    record SampleFrame(String className, String method, String descriptor, int line, int bci) {
        Frame frame() {
            return new Frame(className, method, line);
        }
    }

    /** One sample: the stack (allocating frame first; empty when JFR recorded none), the allocated type, the weight. */
    record Sample(Instant time, List<SampleFrame> frames, String type, long weight, boolean truncated) {
    }

    /** An allocating line: the top frame's method and line and the type allocated there. */
    record SiteKey(String className, String method, String descriptor, int line, String type) {
    }

    /** The bytes of one site, by bytecode index (for the join) and by whole stack. */
    static final class SiteTotal {
        final SiteKey key;
        long bytes;
        final Map<Integer, Long> bytesByBci = new HashMap<>();
        final Map<List<Frame>, Long> bytesByStack = new HashMap<>();

        SiteTotal(SiteKey key) {
            this.key = key;
        }

        /** The bytecode index with most bytes: where the join looks for the allocation instruction. */
        int bci() {
            return bytesByBci.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(-1);
        }

        /** The hottest stacks, most bytes first. */
        List<Stack> stacks(int limit) {
            return bytesByStack.entrySet().stream()
                    .sorted(Map.Entry.<List<Frame>, Long>comparingByValue().reversed()
                            .thenComparing(e -> e.getKey().toString()))
                    .limit(limit).map(e -> new Stack(e.getKey(), e.getValue())).toList();
        }
    }

    /** JFR's own Java threads allocate too; their samples are not the program's. */
    private static final String JFR_INTERNAL = "jdk.jfr.internal.";

    private final Instant from;
    private final Instant to;
    private final Map<SiteKey, SiteTotal> sites = new LinkedHashMap<>();
    long totalBytes;
    long samples;
    long samplesOutsideWindow;
    long truncatedSamples;
    long samplesWithoutStack;
    long bytesWithoutStack;
    long jfrBytes;

    /** Counts the samples taken from {@code from} to {@code to}; null for either end means open. */
    AllocationSamples(Instant from, Instant to) {
        this.from = from;
        this.to = to;
    }

    void add(Sample s) {
        if ((from != null && s.time().isBefore(from)) || (to != null && s.time().isAfter(to))) {
            samplesOutsideWindow++;
            return;
        }
        if (s.frames().stream().anyMatch(f -> f.className().startsWith(JFR_INTERNAL))) {
            jfrBytes += s.weight();
            return;
        }
        samples++;
        totalBytes += s.weight();
        if (s.truncated()) {
            truncatedSamples++;
        }
        if (s.frames().isEmpty()) {
            samplesWithoutStack++;
            bytesWithoutStack += s.weight();
            return;
        }
        SampleFrame top = s.frames().get(0);
        SiteKey key = new SiteKey(top.className(), top.method(), top.descriptor(), top.line(), s.type());
        SiteTotal site = sites.computeIfAbsent(key, SiteTotal::new);
        site.bytes += s.weight();
        site.bytesByBci.merge(top.bci(), s.weight(), Long::sum);
        List<Frame> stack = s.frames().stream().map(SampleFrame::frame).toList();
        site.bytesByStack.merge(stack, s.weight(), Long::sum);
    }

    /** The sites, most bytes first (ties in a fixed order). */
    List<SiteTotal> sites() {
        List<SiteTotal> all = new ArrayList<>(sites.values());
        all.sort(Comparator.comparingLong((SiteTotal t) -> -t.bytes).thenComparing(t -> t.key.toString()));
        return all;
    }

    /** Reads every allocation sample of a recording into this window. */
    void read(Path recording) throws IOException {
        if (!Files.exists(recording)) {
            return;
        }
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (e.getEventType().getName().equals("jdk.ObjectAllocationSample")) {
                    add(sample(e));
                }
            }
        }
    }

    static Sample sample(RecordedEvent e) {
        RecordedStackTrace trace = e.getStackTrace();
        List<SampleFrame> frames = new ArrayList<>();
        if (trace != null) {
            for (RecordedFrame f : trace.getFrames()) {
                if (f.isJavaFrame()) {
                    frames.add(new SampleFrame(f.getMethod().getType().getName(), f.getMethod().getName(),
                            f.getMethod().getDescriptor(), f.getLineNumber(), f.getBytecodeIndex()));
                }
            }
        }
        var type = e.getClass("objectClass");
        return new Sample(e.getStartTime(), frames, type == null ? "?" : typeName(type.getName()), e.getLong("weight"),
                trace != null && trace.isTruncated());
    }

    /** A class name as Java source writes it: {@code [I} is {@code int[]}, {@code [Ljava.lang.String;} is {@code java.lang.String[]}. */
    static String typeName(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return name;
        }
        String element = name.substring(dims);
        String base = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.startsWith("L") && element.endsWith(";")
                    ? element.substring(1, element.length() - 1).replace('/', '.') : element;
        };
        return base + "[]".repeat(dims);
    }
}
