package escapelab.ledger;

import com.google.gson.annotations.SerializedName;
import escapelab.LabException;
import escapelab.ledger.Ledger.FlameGraphFiles;
import escapelab.ledger.Ledger.FlameStack;
import escapelab.ledger.Ledger.Frame;
import escapelab.ledger.Ledger.Run;
import escapelab.ledger.Ledger.Verdict;
import escapelab.notebook.Html;
import escapelab.notebook.Json;
import escapelab.notebook.Renderable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's allocated bytes as a flame graph: the stacks merged into one tree of frames (the root at
 * the bottom, each frame as wide as the bytes allocated under it), the allocating frames coloured
 * by their site's verdict. Written three ways: a static SVG with a {@code <title>} tooltip per
 * frame (notebooks and the site run no scripts in outputs, and browsers show titles on hover
 * without one), the collapsed-stack text every flame-graph tool reads, and speedscope's JSON for
 * zooming and searching.
 *
 * <p>The renderer is our own because no packaged one colours by categories of our choosing:
 * flamegraph.pl is neither in Debian nor in Maven, npm's {@code flamegraph} colours by a hash of
 * the name, and async-profiler's converter writes HTML that needs JavaScript. So it stays small:
 * one layout pass, one string.
 */
public final class FlameGraph implements Renderable {
    static final int WIDTH = 1200;
    static final int FRAME_HEIGHT = 17;
    /** Frames narrower than this are merged with their narrow siblings into one grey block, or left out. */
    static final double MIN_WIDTH = 2.0;
    private static final int MARGIN = 10;
    private static final int FONT_SIZE = 11;
    /** The advance of one character of DejaVu Sans Mono (0.602 em), to clip labels without measuring them. */
    private static final double CHAR_WIDTH = 0.602 * FONT_SIZE;
    private static final String FONT = "DejaVu Sans Mono,Menlo,Consolas,monospace";
    private static final int HEADER = 70;
    private static final int FOOTER = 28;

    static final String CALLER_FILL = "#ddd5c3";
    static final String MERGED_FILL = "#c9c9c9";
    static final Map<Verdict, String> FILL = new EnumMap<>(Map.of(
            Verdict.KEPT, "#e0624b",
            Verdict.ELIMINATED_ELSEWHERE, "#f2b84b",
            Verdict.NOT_COMPILED, "#8ea6c0",
            Verdict.NO_SITE, "#b9a5db"));

    private final Run run;
    private final Node root;
    private final Map<Verdict, Long> bytesByVerdict = new EnumMap<>(Verdict.class);

    private FlameGraph(Run run) {
        this.run = run;
        this.root = new Node(new Key("", "all", -1, null));
        for (FlameStack s : run.stacks()) {
            Verdict v = verdictOf(s);
            bytesByVerdict.merge(v, s.bytes(), Long::sum);
            root.bytes += s.bytes();
            Node n = root;
            List<Frame> frames = s.frames();
            for (int i = frames.size() - 1; i >= 0; i--) {
                Frame f = frames.get(i);
                // Callers merge by method, wherever in it the call was; the allocating frame keeps its line and verdict.
                Key k = i == 0 ? new Key(f.className(), f.method(), f.line(), v) : new Key(f.className(), f.method(), -1, null);
                n = n.children.computeIfAbsent(k, Node::new);
                n.bytes += s.bytes();
            }
        }
    }

    public static FlameGraph of(Run run) {
        return new FlameGraph(run);
    }

    /** A frame of the merged tree; {@code verdict} is null for a caller, set for an allocating frame. */
    record Key(String className, String method, int line, Verdict verdict) {
        boolean allocating() {
            return verdict != null;
        }

        /** Simple class name and method, with the line for the allocating frame: what fits in a rectangle. */
        String label() {
            if (className.isEmpty()) {
                return method;
            }
            return simpleName(className) + "." + method + lineSuffix();
        }

        /** The qualified name, as the collapsed text and speedscope write it. */
        String qualified() {
            return className + "." + method + lineSuffix();
        }

        private String lineSuffix() {
            return allocating() && line >= 0 ? ":" + line : "";
        }
    }

    /** A Java class without its package; a Go package path's last element ({@code gopkg.in/yaml.v3} is {@code yaml.v3}). */
    static String simpleName(String className) {
        int slash = className.lastIndexOf('/');
        return className.substring((slash >= 0 ? slash : className.lastIndexOf('.')) + 1);
    }

    static final class Node {
        final Key key;
        long bytes;
        final Map<Key, Node> children = new HashMap<>();

        Node(Key key) {
            this.key = key;
        }

        /** Most bytes first (left-heavy), so the narrow frames that get merged sit together at the right. */
        List<Node> sortedChildren() {
            List<Node> list = new ArrayList<>(children.values());
            list.sort(Comparator.comparingLong((Node n) -> -n.bytes).thenComparing(n -> n.key.qualified())
                    .thenComparing(n -> n.key.verdict == null ? "" : n.key.verdict.name()));
            return list;
        }
    }

    /** The merged tree, its root the synthetic "all" frame. */
    Node root() {
        return root;
    }

    private static Verdict verdictOf(FlameStack s) {
        return s.verdict() == null ? Verdict.NO_SITE : s.verdict();
    }

    // ---- SVG ----

    /** One rectangle to draw: a frame, or the narrow siblings merged ({@code node} null). */
    record Box(double x, int depth, double width, Node node, int merged, long mergedBytes) {
    }

    /** The rectangles at their places, and what was too narrow to draw. */
    record Layout(List<Box> boxes, int maxDepth, long hiddenFrames, long hiddenBytes) {
    }

    Layout layout() {
        List<Box> boxes = new ArrayList<>();
        long[] hidden = new long[2];
        int[] maxDepth = {0};
        if (root.bytes > 0) {
            place(root, MARGIN, 0, (WIDTH - 2.0 * MARGIN) / root.bytes, boxes, hidden, maxDepth);
        }
        return new Layout(boxes, maxDepth[0], hidden[0], hidden[1]);
    }

    private static void place(Node node, double x, int depth, double scale, List<Box> boxes, long[] hidden, int[] maxDepth) {
        boxes.add(new Box(x, depth, node.bytes * scale, node, 0, 0));
        maxDepth[0] = Math.max(maxDepth[0], depth);
        double cx = x;
        int narrow = 0;
        long narrowBytes = 0;
        for (Node c : node.sortedChildren()) {
            double w = c.bytes * scale;
            if (w >= MIN_WIDTH) {
                place(c, cx, depth + 1, scale, boxes, hidden, maxDepth);
                cx += w;
            } else {
                narrow++;
                narrowBytes += c.bytes;
            }
        }
        if (narrow > 0) {
            hidden[0] += narrow;
            hidden[1] += narrowBytes;
            if (narrowBytes * scale >= MIN_WIDTH) {
                boxes.add(new Box(cx, depth + 1, narrowBytes * scale, null, narrow, narrowBytes));
                maxDepth[0] = Math.max(maxDepth[0], depth + 1);
            }
        }
    }

    public String svg() {
        Layout layout = layout();
        int height = HEADER + (layout.maxDepth + 1) * FRAME_HEIGHT + FOOTER;
        StringBuilder b = new StringBuilder(64 * layout.boxes.size() + 4096);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" style=\"max-width:100%;height:auto;background:#fff\" font-family=\"").append(FONT)
                .append("\" font-size=\"").append(FONT_SIZE).append("\">\n");
        Ledger ledger = run.ledger();
        b.append("<text x=\"").append(MARGIN).append("\" y=\"20\" font-size=\"15\" font-weight=\"bold\">")
                .append(xml("Allocated bytes by call stack: " + (ledger == null ? "" : ledger.program()))).append("</text>\n");
        b.append("<text x=\"").append(MARGIN).append("\" y=\"38\">").append(xml(subtitle(true))).append("</text>\n");
        legend(b, 56);
        int bottom = HEADER + (layout.maxDepth + 1) * FRAME_HEIGHT;
        b.append("<g stroke=\"none\">\n");
        for (Box box : layout.boxes) {
            frame(b, box, bottom - (box.depth + 1) * FRAME_HEIGHT);
        }
        b.append("</g>\n");
        String note = root.bytes == 0 ? "No allocation was sampled with a stack in this run: there is nothing to draw."
                : layout.hiddenFrames == 0 ? "Every frame is drawn."
                : String.format(Locale.ROOT, "%,d frames narrower than %.0f px hold %s (%s): merged into grey blocks or left out;"
                        + " flame.speedscope.json has every frame.", layout.hiddenFrames, MIN_WIDTH, bytes(layout.hiddenBytes),
                        percent(layout.hiddenBytes, root.bytes));
        b.append("<text x=\"").append(MARGIN).append("\" y=\"").append(bottom + 18).append("\" fill=\"#555\">")
                .append(xml(note)).append("</text>\n");
        return b.append("</svg>\n").toString();
    }

    private String subtitle(boolean picture) {
        Ledger ledger = run.ledger();
        String window = ledger == null ? "" : String.format(Locale.ROOT, " in %.1f s", ledger.seconds());
        return String.format(Locale.ROOT, "%s sampled%s, %,d distinct stacks.", bytes(root.bytes), window, run.stacks().size())
                + (picture ? " Width is bytes; the root is at the bottom; hover a frame for its figures." : "");
    }

    private void legend(StringBuilder b, int y) {
        double x = MARGIN;
        List<Verdict> shown = language() == Ledger.Language.GO ? List.of(Verdict.KEPT, Verdict.NO_SITE) : List.of(Verdict.values());
        for (Verdict v : shown) {
            String text = legendWord(v) + " (" + bytes(bytesByVerdict.getOrDefault(v, 0L)) + ")";
            x = swatch(b, x, y, FILL.get(v), text, legendMeaning(v));
        }
        swatch(b, x, y, CALLER_FILL, "caller", "a method on the way to the allocation");
    }

    private static double swatch(StringBuilder b, double x, int y, String fill, String text, String meaning) {
        b.append("<g><title>").append(xml(meaning)).append("</title><rect x=\"").append(fmt(x)).append("\" y=\"").append(y - 11)
                .append("\" width=\"14\" height=\"14\" fill=\"").append(fill).append("\" stroke=\"#888\"/><text x=\"")
                .append(fmt(x + 19)).append("\" y=\"").append(y).append("\">").append(xml(text)).append("</text></g>\n");
        return x + 19 + text.length() * CHAR_WIDTH + 22;
    }

    private Ledger.Language language() {
        return run.ledger() == null ? Ledger.Language.JAVA : run.ledger().language();
    }

    String legendWord(Verdict v) {
        return word(language(), v);
    }

    /** The lab's name of a verdict, in the words of the language's compiler (shared by the flame graph and the comparison). */
    public static String word(Ledger.Language language, Verdict v) {
        if (language == Ledger.Language.GO) {
            return switch (v) {
                case KEPT -> "escapes / moved to heap";
                case NO_SITE -> "no heap finding";
                default -> v.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            };
        }
        return switch (v) {
            case KEPT -> "kept by C2";
            case ELIMINATED_ELSEWHERE -> "eliminated elsewhere";
            case NOT_COMPILED -> "not compiled by C2";
            case NO_SITE -> "no allocation site";
        };
    }

    private String legendMeaning(Verdict v) {
        if (language() == Ledger.Language.GO) {
            return v == Verdict.KEPT ? "the compiler's -m=2 findings on the line: it escapes to the heap or is moved to the heap"
                    : "no heap finding of the compiler on the line (the runtime allocated on its behalf, or the compiler found that it does not escape)";
        }
        return switch (v) {
            case KEPT -> "C2 compiled the site and kept the allocation in at least one compilation";
            case ELIMINATED_ELSEWHERE -> "every C2 compilation containing the site removed the allocation; these bytes come"
                    + " from code that still allocates (the interpreter, C1)";
            case NOT_COMPILED -> "no C2 compilation contains the site: every byte came from the interpreter or C1";
            case NO_SITE -> "no allocation instruction at that place in the bytecode (allocated inside the runtime, an"
                    + " intrinsic, reflection)";
        };
    }

    private void frame(StringBuilder b, Box box, int y) {
        String label;
        String tip;
        String fill;
        if (box.node == null) {
            label = "+" + box.merged;
            tip = String.format(Locale.ROOT, "%,d smaller frames: %s (%s)", box.merged, bytes(box.mergedBytes),
                    percent(box.mergedBytes, root.bytes));
            fill = MERGED_FILL;
        } else {
            Key k = box.node.key;
            label = k.label();
            tip = (k.className.isEmpty() ? "all stacks" : k.qualified()) + ": " + bytes(box.node.bytes) + " ("
                    + percent(box.node.bytes, root.bytes) + ")" + (k.allocating() ? ", " + legendWord(k.verdict) : "");
            fill = k.allocating() ? FILL.get(k.verdict) : CALLER_FILL;
        }
        b.append("<g><title>").append(xml(tip)).append("</title><rect x=\"").append(fmt(box.x)).append("\" y=\"").append(y)
                .append("\" width=\"").append(fmt(Math.max(box.width - 1, 1))).append("\" height=\"").append(FRAME_HEIGHT - 1)
                .append("\" fill=\"").append(fill).append("\" rx=\"2\"/>"); // 1 px narrower: a gap between neighbours
        String shown = clip(label, box.width);
        if (!shown.isEmpty()) {
            b.append("<text x=\"").append(fmt(box.x + 3)).append("\" y=\"").append(y + FRAME_HEIGHT - 5).append("\">")
                    .append(xml(shown)).append("</text>");
        }
        b.append("</g>\n");
    }

    /** The label cut to the rectangle's width, with ".." where cut; empty when not even a few characters fit. */
    static String clip(String label, double width) {
        int fits = (int) ((width - 6) / CHAR_WIDTH);
        if (fits >= label.length()) {
            return label;
        }
        return fits < 4 ? "" : label.substring(0, fits - 2) + "..";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Text and attribute values escaped, without the control characters XML 1.0 does not allow. */
    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF ? '?' : c);
        }
        return Html.escape(b.toString());
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    // ---- collapsed stacks ----

    /**
     * Brendan Gregg's collapsed stacks: "root;caller;leaf BYTES", one line per distinct path of the
     * merged tree (stacks that differ only in a caller's line are one), in the order of the names.
     */
    public String collapsed() {
        StringBuilder out = new StringBuilder();
        StringBuilder path = new StringBuilder();
        String[] last = {null};
        long[] lastBytes = {0};
        forEachPath(root, new ArrayList<>(), (keys, bytes) -> {
            path.setLength(0);
            for (Key k : keys) {
                (path.isEmpty() ? path : path.append(';')).append(collapsedName(k));
            }
            String line = path.toString();
            if (line.equals(last[0])) { // the same frames with another verdict: the format has no place for it
                lastBytes[0] += bytes;
                return;
            }
            if (last[0] != null) {
                out.append(last[0]).append(' ').append(lastBytes[0]).append('\n');
            }
            last[0] = line;
            lastBytes[0] = bytes;
        });
        if (last[0] != null) {
            out.append(last[0]).append(' ').append(lastBytes[0]).append('\n');
        }
        return out.toString();
    }

    /**
     * Visits each node that allocated bytes itself, with its path from the root (the "all" frame
     * left out) and those bytes; children in the order of their names, then verdicts.
     */
    private static void forEachPath(Node node, List<Key> path, java.util.function.BiConsumer<List<Key>, Long> visit) {
        long self = node.bytes;
        List<Node> children = new ArrayList<>(node.children.values());
        children.sort(Comparator.comparing((Node n) -> n.key.qualified()).thenComparing(n -> n.key.verdict == null ? "" : n.key.verdict.name()));
        for (Node c : children) {
            self -= c.bytes;
        }
        if (self > 0 && !path.isEmpty()) {
            visit.accept(path, self);
        }
        for (Node c : children) {
            path.add(c.key);
            forEachPath(c, path, visit);
            path.removeLast();
        }
    }

    /** Names, cleaned once per frame: a few hundred methods appear in 10,000s of stacks. */
    private final Map<Key, String> collapsedNames = new HashMap<>();

    private String collapsedName(Key k) {
        return collapsedNames.computeIfAbsent(k, key -> collapsedName(key.qualified()));
    }

    /** The format splits frames at ';' and the count at the last space: neither may be in a name. */
    private static String collapsedName(String name) {
        return name.replace(';', ':').replaceAll("\\s", "_");
    }

    // ---- speedscope ----

    /** speedscope's file (https://www.speedscope.app/file-format-schema.json), the fields its schema names. */
    record SpeedscopeFile(@SerializedName("$schema") String schema, Shared shared, List<SampledProfile> profiles, String name,
                          int activeProfileIndex, String exporter) {
    }

    record Shared(List<SpeedscopeFrame> frames) {
    }

    /** A frame: its name, and the line for an allocating frame (null lines are left out). */
    record SpeedscopeFrame(String name, Integer line) {
    }

    /** A sampled profile: each sample a stack of frame indices, root first, weighed in bytes. */
    record SampledProfile(String type, String name, String unit, long startValue, long endValue, List<int[]> samples,
                          List<Long> weights) {
    }

    static final String SPEEDSCOPE_SCHEMA = "https://www.speedscope.app/file-format-schema.json";

    /** One sample per path of the merged tree, as the collapsed text has one line. */
    SpeedscopeFile speedscopeFile() {
        Map<Key, Integer> index = new HashMap<>();
        List<SpeedscopeFrame> frames = new ArrayList<>();
        List<int[]> samples = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        forEachPath(root, new ArrayList<>(), (keys, bytes) -> {
            int[] sample = new int[keys.size()];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = index.computeIfAbsent(keys.get(i), key -> {
                    // speedscope cannot colour by verdict, so the allocating frame's name carries it.
                    String name = key.allocating() ? key.qualified() + " [" + legendWord(key.verdict) + "]" : key.qualified();
                    frames.add(new SpeedscopeFrame(name, key.allocating() && key.line >= 0 ? key.line : null));
                    return frames.size() - 1;
                });
            }
            samples.add(sample);
            weights.add(bytes);
        });
        String name = "allocated bytes" + (run.ledger() == null ? "" : ": " + run.ledger().program());
        return new SpeedscopeFile(SPEEDSCOPE_SCHEMA, new Shared(frames),
                List.of(new SampledProfile("sampled", name, "bytes", 0, root.bytes, samples, weights)), name, 0, "Escape Lab ledger");
    }

    public String speedscope() {
        return Json.write(speedscopeFile());
    }

    // ---- files and views ----

    /** Writes flame.svg, flame.collapsed.txt and flame.speedscope.json into dir. */
    public static FlameGraphFiles write(Run run, Path dir) {
        FlameGraph graph = of(run);
        Path svg = dir.resolve("flame.svg");
        Path collapsed = dir.resolve("flame.collapsed.txt");
        Path speedscope = dir.resolve("flame.speedscope.json");
        try {
            Files.createDirectories(dir);
            Files.writeString(svg, graph.svg());
            Files.writeString(collapsed, graph.collapsed());
            Files.writeString(speedscope, graph.speedscope());
        } catch (IOException e) {
            throw LabException.environment("cannot write the flame graph into " + dir + ": " + e.getMessage()
                    + "; choose a folder you can write with --out DIR");
        }
        return new FlameGraphFiles(svg.toString(), collapsed.toString(), speedscope.toString());
    }

    /** The text twin: the bytes by verdict (the ledger's table has the sites). */
    @Override
    public String toText() {
        StringBuilder b = new StringBuilder(subtitle(false) + "\n");
        for (Verdict v : Verdict.values()) {
            long n = bytesByVerdict.getOrDefault(v, 0L);
            if (n > 0) {
                b.append(String.format(Locale.ROOT, "  %-22s %10s  %6s%n", legendWord(v), bytes(n), percent(n, root.bytes)));
            }
        }
        return b.toString();
    }

    /** The SVG inline: JupyterLab and nbconvert show a cell's HTML before its SVG, and only inline SVG shows its titles on hover. */
    @Override
    public String toHtml() {
        return "<div style=\"overflow-x:auto\">" + svg() + "</div>";
    }

    @Override
    public String toString() {
        return toText();
    }
}
