package escapelab.golang;

import escapelab.LabException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code go tool pprof -raw} prints of a memory profile. That text is
 * {@code Profile.String()} of github.com/google/pprof/profile, the library the Go toolchain vendors
 * into cmd/pprof: the profile read by pprof's own protobuf decoder, so the lab needs no Go module
 * download and no converter program of its own (it works offline with any Go toolchain). Its
 * numbers are exact, unlike the rounded units of {@code -traces} or {@code -top}.
 *
 * <p>The parts read: the "Samples:" header (which column is {@code alloc_space}), each sample's
 * values and location ids, and each location's lines, innermost first: a location with several
 * lines is a call the compiler inlined, all the lines but the last one being inlined into the next.
 */
public final class PprofRaw {
    /** One frame of a sampled stack: the function as pprof names it, its file and line. */
    public record Frame(String function, String file, int line, boolean inlined) {
        /** The Go package path of the function ({@code encoding/json} of {@code encoding/json.(*encodeState).marshal}). */
        public String packagePath() {
            return splitFunction(function)[0];
        }

        /** The function without its package ({@code (*encodeState).marshal}). */
        public String functionName() {
            return splitFunction(function)[1];
        }

        /**
         * Whether the frame is the runtime's: runtime/pprof's test (the prefixes "runtime." and
         * "internal/runtime/"), or a file of the runtime's folders, which holds functions the
         * runtime lends other packages under their names ({@code reflect.growslice} in runtime/slice.go).
         */
        public boolean runtime() {
            return function.startsWith("runtime.") || function.startsWith("internal/runtime/") || RUNTIME_FILE.matcher(file).matches();
        }
    }

    /** One sample: the bytes pprof estimates for it (alloc_space) and its stack, the allocating frame first. */
    public record Sample(long bytes, List<Frame> frames) {
    }

    private static final Pattern RUNTIME_FILE = Pattern.compile(".*/src/(?:internal/)?runtime/[^/]+\\.go$");
    private static final Pattern SAMPLE = Pattern.compile("^\\s*((?:-?\\d+\\s+)+)-?\\d+:\\s*([\\d ]*)$");
    private static final Pattern LOCATION = Pattern.compile("^\\s*(\\d+): 0x[0-9a-f]+ (?:M=\\d+ )?(?:\\[F\\] )?(.*)$");
    private static final Pattern LINE = Pattern.compile("^(\\S+) (.*):(\\d+):(\\d+) s=\\d+(?:\\(.*\\))?$");

    private PprofRaw() {
    }

    /**
     * Every sample with its alloc_space bytes, in the profile's order.
     *
     * @throws LabException (input) when the text is not a memory profile's raw dump
     */
    public static List<Sample> parse(String raw) {
        String[] lines = raw.split("\n");
        int column = -1;
        int i = 0;
        for (; i < lines.length; i++) {
            if (lines[i].equals("Samples:") && i + 1 < lines.length) {
                List<String> types = List.of(lines[i + 1].trim().split("\\s+"));
                for (int c = 0; c < types.size(); c++) {
                    if (types.get(c).startsWith("alloc_space/")) {
                        column = c;
                    }
                }
                i += 2;
                break;
            }
        }
        if (column < 0) {
            throw LabException.input("the profile has no alloc_space values: not a memory profile (pprof -raw printed: "
                    + (lines.length > 0 ? lines[0] : "nothing") + ")");
        }
        List<long[]> values = new ArrayList<>();
        List<long[]> stacks = new ArrayList<>();
        for (; i < lines.length && !lines[i].equals("Locations"); i++) {
            String line = lines[i];
            int colon = line.lastIndexOf(':');
            if (colon < 0 || !SAMPLE.matcher(line).matches()) {
                continue; // a sample's label line ("bytes:[16]")
            }
            values.add(longs(line.substring(0, colon)));
            stacks.add(longs(line.substring(colon + 1)));
        }
        Map<Long, List<Frame>> locations = new HashMap<>();
        List<Frame> current = null;
        for (i++; i < lines.length && !lines[i].equals("Mappings"); i++) {
            Matcher loc = LOCATION.matcher(lines[i]);
            String text;
            if (loc.matches()) {
                current = new ArrayList<>();
                locations.put(Long.parseLong(loc.group(1)), current);
                text = loc.group(2);
            } else if (current != null && lines[i].startsWith(" ")) {
                text = lines[i].trim();
            } else {
                continue;
            }
            Matcher m = LINE.matcher(text.trim());
            if (m.matches()) {
                current.add(new Frame(m.group(1), m.group(2), Integer.parseInt(m.group(3)), false));
            } else if (!text.isBlank()) {
                current.add(new Frame(text.trim(), "", -1, false)); // "??": pprof knows no function here
            }
        }
        List<Sample> samples = new ArrayList<>();
        for (int s = 0; s < values.size(); s++) {
            long[] v = values.get(s);
            if (column >= v.length) {
                throw LabException.input("a sample of the profile has " + v.length + " values, fewer than its header names");
            }
            List<Frame> frames = new ArrayList<>();
            for (long id : stacks.get(s)) {
                List<Frame> inLocation = locations.getOrDefault(id, List.of());
                for (int f = 0; f < inLocation.size(); f++) {
                    Frame fr = inLocation.get(f);
                    frames.add(new Frame(fr.function(), fr.file(), fr.line(), f < inLocation.size() - 1));
                }
            }
            samples.add(new Sample(v[column], List.copyOf(frames)));
        }
        return samples;
    }

    private static long[] longs(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split("\\s+");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    /** {package path, function} of a pprof function name; generic arguments ("[...]") may hold dots and slashes. */
    static String[] splitFunction(String name) {
        int bracket = name.indexOf('[');
        String head = bracket < 0 ? name : name.substring(0, bracket);
        int slash = head.lastIndexOf('/');
        int dot = head.indexOf('.', slash + 1);
        if (dot < 0) {
            return new String[] {"", name};
        }
        return new String[] {name.substring(0, dot), name.substring(dot + 1)};
    }
}
