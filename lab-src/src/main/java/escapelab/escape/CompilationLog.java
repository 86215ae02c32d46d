package escapelab.escape;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What HotSpot's {@code -XX:+LogCompilation} file says about C2's work, read with a streaming
 * XML parser. Only C2 tasks are kept (C1 does no escape analysis). Inside a task, types and
 * methods are named by ids that are valid only in that task, so they are resolved task by task.
 * A log cut short (the JVM was killed or crashed) yields the tasks completed before the cut. A
 * record the parser cannot use (its ids are not declared in its task, or it is not well-formed
 * XML) never throws: it is skipped and counted, or it ends the read with a {@link #problems() problem}.
 */
public final class CompilationLog {
    /** One frame of a JVM state: a bytecode index in a method. Chains list the innermost frame first. */
    public record Frame(MethodRef method, int bci) {
    }

    /**
     * A call C2 parsed, and whether it inlined it; {@code body} is the inlined copy of the callee.
     * {@code calleeFlags} are the callee's access flags as the log states them (0 if absent).
     */
    public record Call(int bci, MethodRef callee, boolean inlined, String reason, InlineNode body, Dispatch dispatch,
                       int calleeFlags) {
        Call withBody(InlineNode newBody) {
            return new Call(bci, callee, true, reason, newBody, dispatch, calleeFlags);
        }

        Call withDispatch(Dispatch d) {
            return new Call(bci, callee, inlined, reason, body, d, calleeFlags);
        }

        public boolean calleeIsNative() {
            return (calleeFlags & 0x0100) != 0;
        }
    }

    /**
     * How C2 emitted a call it did not inline, from the log's {@code <direct_call>},
     * {@code <virtual_call>} and {@code <intrinsic>} records: bound to one target, dispatched at
     * run time, or replaced by C2's own code for the method.
     */
    public enum Dispatch { DIRECT, VIRTUAL, INTRINSIC, UNKNOWN }

    /** A lock C2 removed, with the kind the log gives ({@code NonEscObj}, {@code Coarsened}, {@code Nested}). */
    public record EliminatedLock(String kind, List<Frame> chain) {
    }

    /** A method body as C2 parsed it inside one compilation: the root, or an inlined copy. */
    public static final class InlineNode {
        public final MethodRef method;
        public final List<Call> calls = new ArrayList<>();
        /** Branch bci to the successor C2 replaced by an uncommon trap: "taken" or "fallthrough". */
        public final Map<Integer, String> prunedBranches = new HashMap<>();
        /** Uncommon traps C2 put in this copy, by bci, with their reason (unloaded, unstable_if, ...). */
        public final Map<Integer, String> traps = new HashMap<>();
        private final Map<Integer, String> branchProbability = new HashMap<>();

        InlineNode(MethodRef method) {
            this.method = method;
        }
    }

    /** One C2 compilation. */
    public record Task(int compileId, MethodRef root, int osrBci, boolean success, String failure, InlineNode tree,
                       List<List<Frame>> eliminatedAllocations, List<EliminatedLock> eliminatedLocks) {
        public boolean osr() {
            return osrBci >= 0;
        }
    }

    private final List<Task> tasks;
    private final Map<Integer, String> deoptimized;
    private final boolean complete;
    private final List<String> problems;
    private final int skipped;

    private CompilationLog(List<Task> tasks, Map<Integer, String> deoptimized, boolean complete, List<String> problems,
                           int skipped) {
        this.tasks = List.copyOf(tasks);
        this.deoptimized = Map.copyOf(deoptimized);
        this.complete = complete;
        this.problems = List.copyOf(problems);
        this.skipped = skipped;
    }

    public List<Task> tasks() {
        return tasks;
    }

    /**
     * Compile ids of C2 code made not entrant while the program ran, with why: "uncommon trap: REASON"
     * when a trap deoptimised it, else the JVM's own reason ("made not entrant: not used" when a newer
     * compilation of the method replaced it).
     */
    public Map<Integer, String> deoptimized() {
        return deoptimized;
    }

    /** False when the log ended before the JVM finished writing it. */
    public boolean complete() {
        return complete;
    }

    /**
     * Why the read stopped early or what it could not use, one sentence each, naming the log's line:
     * "the log's record at line 812 could not be read (...)". Empty for a whole, well-formed log.
     */
    public List<String> problems() {
        return problems;
    }

    /** How many records inside C2 tasks were skipped because they named ids their task never declared. */
    public int skipped() {
        return skipped;
    }

    public static CompilationLog read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Configured once: finding and setting up a factory costs more than reading a small log. */
    private static final XMLInputFactory XML = xmlFactory();

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    public static CompilationLog read(InputStream in) {
        Parser p = new Parser();
        boolean complete = true;
        List<String> problems = new ArrayList<>();
        LineCounter counted = new LineCounter(in);
        XMLStreamReader r = null;
        try {
            r = XML.createXMLStreamReader(counted);
            while (r.hasNext()) {
                int event = r.next();
                try {
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        p.start(r);
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        p.end(r.getLocalName(), r.getLocation().getLineNumber());
                    }
                } catch (RuntimeException e) { // a record shaped as no JDK we know writes it: skip it, keep reading
                    p.skip(r.getLocation().getLineNumber(), e.toString());
                }
            }
            complete = p.sawEnd;
        } catch (XMLStreamException | RuntimeException e) {
            complete = false;
            int line = e instanceof XMLStreamException x && x.getLocation() != null ? x.getLocation().getLineNumber()
                    : r == null ? -1 : r.getLocation().getLineNumber();
            // An error on the last line is the file being cut (the JVM was stopped), which complete() says; others are named.
            if (line < counted.linesToEnd()) {
                problems.add("the log's record at line " + line + " could not be read (" + reason(e)
                        + "); the compilations after it are not in this report");
            }
        }
        if (p.skipped > 0) {
            problems.add(p.skipped + " record" + (p.skipped == 1 ? "" : "s") + " of C2's tasks could not be read and were skipped"
                    + " (first at line " + p.firstSkipped + ": " + p.firstSkippedWhy + ")");
        }
        List<Task> c2 = p.tasks.stream().filter(t -> p.compilerOf.getOrDefault(t.compileId(), "c2").equals("c2")).toList();
        return new CompilationLog(c2, p.deopts, complete, problems, p.skipped);
    }

    /** The XML parser's own words, without its "ParseError at [row,col]" header. */
    private static String reason(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        int at = m.indexOf("Message: ");
        return (at >= 0 ? m.substring(at + "Message: ".length()) : m).lines().findFirst().orElse("malformed XML");
    }

    /** Counts the lines of the bytes read through it, so an XML error can be told from the file ending early. */
    private static final class LineCounter extends java.io.FilterInputStream {
        private long newlines;

        LineCounter(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b == '\n') {
                newlines++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = off; i < off + n; i++) {
                if (buf[i] == '\n') {
                    newlines++;
                }
            }
            return n;
        }

        /** The number of the input's last line, reading what the XML parser left unread. */
        long linesToEnd() {
            try {
                while (read(new byte[8192], 0, 8192) >= 0) {
                    // counting
                }
            } catch (IOException e) {
                // what could be read is what there is
            }
            return newlines + 1;
        }
    }

    /** The state of the streaming read: the task being read, its ids, and its parse nesting. */
    private static final class Parser {
        final List<Task> tasks = new ArrayList<>();
        final Map<Integer, String> deopts = new LinkedHashMap<>();
        /** Which compiler made each installed method: a task without a level (C1 alone, -XX:TieredStopAtLevel=1) may be C1's. */
        final Map<Integer, String> compilerOf = new HashMap<>();
        boolean sawEnd;
        int skipped;
        int firstSkipped;
        String firstSkippedWhy;

        void skip(int line, String why) {
            if (skipped++ == 0) {
                firstSkipped = line;
                firstSkippedWhy = why;
            }
        }

        // the C2 task being read, or none
        boolean inC2Task;
        int compileId;
        MethodRef root;
        int osrBci;
        boolean success;
        String failure;
        final Map<String, String> typeNames = new HashMap<>();
        final Map<String, MethodRef> methods = new HashMap<>();
        final Map<String, Integer> methodFlags = new HashMap<>();
        final Deque<InlineNode> parse = new ArrayDeque<>();
        InlineNode tree;
        int lastBci = -1;
        String pendingCallee;
        int pendingBci;
        Call lastCall;
        List<List<Frame>> allocations;
        List<EliminatedLock> locks;
        String lockKind;
        List<Frame> chain; // the jvms chain being read, inside eliminate_allocation or eliminate_lock
        List<Frame> lateCall; // from a late_inline element: the call site's jvms chain, innermost first

        void start(XMLStreamReader r) {
            String name = r.getLocalName();
            if (name.equals("hotspot_log_done")) {
                sawEnd = true;
                return;
            }
            if (name.equals("task")) {
                String level = r.getAttributeValue(null, "level");
                inC2Task = level == null || level.equals("4");
                if (inC2Task) {
                    compileId = intAttr(r, "compile_id", -1);
                    osrBci = intAttr(r, "osr_bci", -1);
                    root = null;
                    success = false;
                    failure = null;
                    typeNames.clear();
                    methods.clear();
                    methodFlags.clear();
                    parse.clear();
                    tree = null;
                    lateCall = null;
                    allocations = new ArrayList<>();
                    locks = new ArrayList<>();
                    lastCall = null;
                }
                return;
            }
            if (!inC2Task) {
                if (name.equals("nmethod") && r.getAttributeValue(null, "compiler") != null) {
                    compilerOf.put(intAttr(r, "compile_id", -1), r.getAttributeValue(null, "compiler"));
                } else if (name.equals("make_not_entrant") && "c2".equals(r.getAttributeValue(null, "compiler"))) {
                    // "not used": a newer compilation of the method replaced this one; no deoptimisation.
                    String reason = r.getAttributeValue(null, "reason");
                    deopts.putIfAbsent(intAttr(r, "compile_id", -1), "made not entrant" + (reason == null ? "" : ": " + reason));
                } else if (name.equals("uncommon_trap") && r.getAttributeValue(null, "thread") != null
                        && r.getAttributeValue(null, "compile_id") != null) {
                    deopts.put(intAttr(r, "compile_id", -1), "uncommon trap: " + r.getAttributeValue(null, "reason"));
                }
                return;
            }
            switch (name) {
                case "type", "klass" -> {
                    if (r.getAttributeValue(null, "id") == null || r.getAttributeValue(null, "name") == null) {
                        skip(r.getLocation().getLineNumber(), "a " + name + " record without id or name");
                    } else {
                        typeNames.put(r.getAttributeValue(null, "id"), r.getAttributeValue(null, "name"));
                    }
                }
                case "method" -> {
                    if (r.getAttributeValue(null, "id") == null || r.getAttributeValue(null, "name") == null) {
                        skip(r.getLocation().getLineNumber(), "a method record without id or name");
                    } else {
                        methods.put(r.getAttributeValue(null, "id"), methodRef(r));
                        methodFlags.put(r.getAttributeValue(null, "id"), intAttr(r, "flags", 0));
                    }
                }
                case "parse" -> {
                    MethodRef m = methods.get(r.getAttributeValue(null, "method"));
                    InlineNode node = new InlineNode(m);
                    if (parse.isEmpty()) {
                        if (tree == null) {
                            tree = node;
                            root = m;
                        } else if (lateCall != null) {
                            attachLate(node, m); // the late_inline element closed just before this parse
                            lateCall = null;
                        }
                    } else if (lastCall != null && lastCall.inlined() && lastCall.body() == null && m != null
                            && m.equals(lastCall.callee())) {
                        InlineNode parent = parse.peek();
                        Call withBody = lastCall.withBody(node);
                        parent.calls.set(parent.calls.indexOf(lastCall), withBody);
                        lastCall = withBody;
                    }
                    parse.push(node);
                    lastBci = -1;
                }
                case "bc" -> lastBci = intAttr(r, "bci", -1);
                case "call" -> {
                    pendingCallee = r.getAttributeValue(null, "method");
                    pendingBci = lastBci;
                }
                case "inline_success", "inline_fail" -> {
                    if (!parse.isEmpty() && pendingCallee != null) {
                        Call c = new Call(pendingBci, methods.get(pendingCallee), name.equals("inline_success"),
                                r.getAttributeValue(null, "reason"), null, Dispatch.UNKNOWN,
                                methodFlags.getOrDefault(pendingCallee, 0));
                        parse.peek().calls.add(c);
                        lastCall = c;
                        pendingCallee = null;
                    }
                }
                case "intrinsic" -> {
                    // An intrinsic follows its call record directly, with no inline_success or inline_fail.
                    if (!parse.isEmpty() && pendingCallee != null) {
                        Call c = new Call(pendingBci, methods.get(pendingCallee), false,
                                "intrinsic " + r.getAttributeValue(null, "id"), null, Dispatch.INTRINSIC,
                                methodFlags.getOrDefault(pendingCallee, 0));
                        parse.peek().calls.add(c);
                        lastCall = null;
                        pendingCallee = null;
                    }
                }
                case "direct_call", "virtual_call" -> {
                    // Written after the inline_fail of the call it describes, with the same bci.
                    if (lastCall != null && !lastCall.inlined() && lastCall.bci() == intAttr(r, "bci", -2) && !parse.isEmpty()) {
                        List<Call> calls = parse.peek().calls;
                        int at = calls.lastIndexOf(lastCall);
                        if (at >= 0) {
                            lastCall = lastCall.withDispatch(name.equals("direct_call") ? Dispatch.DIRECT : Dispatch.VIRTUAL);
                            calls.set(at, lastCall);
                        }
                    }
                }
                case "branch" -> {
                    String prob = r.getAttributeValue(null, "prob");
                    if (!parse.isEmpty() && prob != null) {
                        parse.peek().branchProbability.put(lastBci, prob);
                    }
                }
                case "uncommon_trap" -> {
                    if (!parse.isEmpty()) {
                        int bci = intAttr(r, "bci", -1);
                        String reason = r.getAttributeValue(null, "reason");
                        InlineNode node = parse.peek();
                        node.traps.put(bci, reason);
                        String prob = node.branchProbability.getOrDefault(bci, "").trim();
                        if ("unstable_if".equals(reason) && prob.equals("always")) {
                            node.prunedBranches.put(bci, "fallthrough");
                        } else if ("unstable_if".equals(reason) && prob.equals("never")) {
                            node.prunedBranches.put(bci, "taken");
                        }
                    }
                }
                case "late_inline" -> lateCall = new ArrayList<>();
                case "eliminate_allocation" -> chain = new ArrayList<>();
                case "eliminate_lock" -> {
                    chain = "lock".equals(r.getAttributeValue(null, "class")) ? new ArrayList<>() : null;
                    lockKind = r.getAttributeValue(null, "kind");
                }
                case "jvms" -> {
                    Frame f = new Frame(methods.get(r.getAttributeValue(null, "method")), intAttr(r, "bci", -1));
                    if (chain != null) {
                        chain.add(f);
                    } else if (lateCall != null) {
                        lateCall.add(f);
                    }
                }
                case "failure" -> failure = r.getAttributeValue(null, "reason");
                case "task_done" -> success = "1".equals(r.getAttributeValue(null, "success"));
                default -> {
                }
            }
        }

        /**
         * A call C2 inlined late (after parsing the rest, as it does for boxing methods and some
         * method handles): hang the body under the call its jvms chain names.
         */
        private void attachLate(InlineNode body, MethodRef callee) {
            InlineNode node = tree;
            for (int k = lateCall.size() - 1; k >= 0 && node != null; k--) {
                Frame f = lateCall.get(k);
                InlineNode next = null;
                for (int c = 0; c < node.calls.size(); c++) {
                    Call call = node.calls.get(c);
                    if (call.bci() != f.bci()) {
                        continue;
                    }
                    if (k == 0 && call.callee() != null && call.callee().equals(callee) && call.body() == null) {
                        node.calls.set(c, call.withBody(body));
                        return;
                    }
                    if (k > 0 && call.body() != null) {
                        next = call.body();
                        break;
                    }
                }
                node = next;
            }
        }

        /** A jvms chain every frame of which names a method its task declared; one that does not is skipped. */
        private boolean readable(List<Frame> frames, int line) {
            if (frames == null || frames.isEmpty()) {
                return false;
            }
            if (frames.stream().anyMatch(f -> f.method() == null)) {
                skip(line, "a jvms record naming a method its task does not declare");
                return false;
            }
            return true;
        }

        void end(String name, int line) {
            if (!inC2Task) {
                return;
            }
            switch (name) {
                case "parse" -> {
                    if (!parse.isEmpty()) {
                        parse.pop();
                    }
                    lastCall = null;
                }
                case "eliminate_allocation" -> {
                    if (readable(chain, line)) {
                        allocations.add(List.copyOf(chain));
                    }
                    chain = null;
                }
                case "eliminate_lock" -> {
                    if (readable(chain, line)) {
                        locks.add(new EliminatedLock(lockKind == null ? "" : lockKind, List.copyOf(chain)));
                    }
                    chain = null;
                }
                case "task" -> {
                    if (tree != null && root == null) {
                        skip(line, "a task whose root method is not declared in it");
                    } else if (tree != null) {
                        tasks.add(new Task(compileId, root, osrBci, success, failure, tree, allocations, locks));
                    }
                    inC2Task = false;
                }
                default -> {
                }
            }
        }

        MethodRef methodRef(XMLStreamReader r) {
            String holder = typeNames.getOrDefault(r.getAttributeValue(null, "holder"), "?");
            StringBuilder d = new StringBuilder("(");
            String args = r.getAttributeValue(null, "arguments");
            if (args != null && !args.isBlank()) {
                for (String id : args.trim().split("\\s+")) {
                    d.append(descriptor(typeNames.getOrDefault(id, "?")));
                }
            }
            d.append(')').append(descriptor(typeNames.getOrDefault(r.getAttributeValue(null, "return"), "void")));
            return new MethodRef(holder.replace('.', '/'), r.getAttributeValue(null, "name"), d.toString());
        }

        static String descriptor(String typeName) {
            return switch (typeName) {
                case "int" -> "I";
                case "long" -> "J";
                case "boolean" -> "Z";
                case "byte" -> "B";
                case "char" -> "C";
                case "short" -> "S";
                case "float" -> "F";
                case "double" -> "D";
                case "void" -> "V";
                default -> typeName.startsWith("[") ? typeName.replace('.', '/') : "L" + typeName.replace('.', '/') + ";";
            };
        }

        static int intAttr(XMLStreamReader r, String name, int otherwise) {
            String v = r.getAttributeValue(null, name);
            try {
                return v == null ? otherwise : Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
    }
}
