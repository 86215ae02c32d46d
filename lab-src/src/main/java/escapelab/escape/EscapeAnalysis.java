package escapelab.escape;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.escape.CompilationLog.Call;
import escapelab.escape.CompilationLog.Frame;
import escapelab.escape.CompilationLog.InlineNode;
import escapelab.escape.CompilationLog.Task;
import escapelab.escape.EscapeReport.Context;
import escapelab.escape.EscapeReport.Verdict;
import escapelab.escape.MethodFlow.Fact;
import escapelab.escape.MethodFlow.Origin;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.Jdk;
import escapelab.jvm.SourceCompiler;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * HotSpot's escape analysis, shown like Go's {@code -gcflags=-m}: compile the program, run it in a
 * forked JVM with C2's compilation log on, and say for every allocation and lock whether C2
 * eliminated it, in which compilations, and why not when it did not.
 */
public final class EscapeAnalysis {
    /** Flags whose values bound escape analysis; read from the run itself and shown in reports. */
    static final List<String> SETTINGS = List.of("DoEscapeAnalysis", "EliminateAllocations", "EliminateLocks",
            "EliminateAllocationArraySizeLimit", "MaxInlineSize", "FreqInlineSize", "UseCompactObjectHeaders");
    private static final String UNTRACED = "passed into ";
    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)");

    /**
     * How to run the program.
     *
     * @param jdk       the JDK to run on (any from 17)
     * @param jvmArgs   extra JVM flags, such as {@code -XX:-DoEscapeAnalysis}
     * @param timeLimit how long the program may run before it is stopped and reported as timed out
     */
    public record Options(Jdk jdk, List<String> jvmArgs, Duration timeLimit, int warmCalls, int measureCalls) {
        public static Options defaults() {
            return new Options(Jdk.current(), List.of(), Duration.ofSeconds(30), 20_000, 10_000);
        }

        public Options jdk(Jdk other) {
            return new Options(other, jvmArgs, timeLimit, warmCalls, measureCalls);
        }

        public Options jvmArgs(List<String> args) {
            return new Options(jdk, List.copyOf(args), timeLimit, warmCalls, measureCalls);
        }

        public Options timeLimit(Duration limit) {
            return new Options(jdk, jvmArgs, limit, warmCalls, measureCalls);
        }
    }

    private EscapeAnalysis() {
    }

    public static EscapeReport analyze(Path file, Options options) {
        SourceCompiler.Source source = SourceCompiler.Source.of(file);
        return analyze(source.fileName(), source.text(), options);
    }

    private static final Pattern DECLARED_JVM_ARGS = Pattern.compile("(?m)^//\\s*jvm-args:\\s*(.+)$");

    /**
     * The JVM flags a program asks for on a {@code // jvm-args: ...} line, as a Go errorcheck file names
     * its compiler flags: an example that needs {@code -XX:CompileCommand=dontinline,...} (Java's
     * {@code //go:noinline}) gets it wherever it runs, in a notebook, a test or {@code ./lab escape}.
     */
    static List<String> declaredJvmArgs(String source) {
        List<String> args = new ArrayList<>();
        Matcher m = DECLARED_JVM_ARGS.matcher(source);
        while (m.find()) {
            args.addAll(List.of(m.group(1).trim().split("\\s+")));
        }
        return args;
    }

    public static EscapeReport analyze(String fileName, String source, Options options) {
        List<String> declared = declaredJvmArgs(source);
        if (!declared.isEmpty()) {
            options = options.jvmArgs(Stream.concat(declared.stream(), options.jvmArgs().stream()).toList());
        }
        Path dir = escapelab.jvm.TempDirs.create("escape-lab-");
        try {
            return run(fileName, source, options, dir);
        } finally {
            escapelab.jvm.TempDirs.delete(dir);
        }
    }

    private static EscapeReport run(String fileName, String source, Options o, Path dir) {
        SourceCompiler.Classes classes = SourceCompiler.compile(List.of(new SourceCompiler.Source(fileName, source)),
                o.jdk().feature(), List.of());
        Map<String, byte[]> own = classes.bytes();
        if (own.isEmpty()) {
            throw LabException.input(fileName + ": no class to analyse");
        }
        ProgramCode program = new ProgramCode(classes, Map.of(fileName, source));
        classes.writeTo(dir.resolve("classes"));
        Driver.classes(o.jdk().feature()).writeTo(dir.resolve("classes"));

        Path log = dir.resolve("compilation.xml");
        List<String> cmd = new ArrayList<>(List.of(o.jdk().java().toString(),
                "-Xbatch", "-XX:+UnlockDiagnosticVMOptions", "-XX:+LogCompilation", "-XX:LogFile=" + log,
                "-XX:+PrintFlagsFinal", "-Xmx512m",
                // A MethodHandle invoked often gets its own customized code in which the target is a constant that C2
                // inlines; the driver's handles must stay opaque so each method is compiled as its own root.
                "-Djava.lang.invoke.MethodHandle.CUSTOMIZE_THRESHOLD=-1", "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"),
                "-cp", dir.resolve("classes").toString()));
        cmd.addAll(cmd.size() - 2, o.jvmArgs());
        cmd.addAll(List.of(Driver.CLASS, String.valueOf(o.warmCalls()), String.valueOf(o.measureCalls()),
                String.valueOf(o.timeLimit().toMillis())));
        own.keySet().forEach(cmd::add);
        ChildProcess.Result r = ChildProcess.of(cmd).directory(dir).timeLimit(o.timeLimit().plusSeconds(20)).run();

        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, Double> bytes = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        boolean done = false;
        boolean timedOut = r.timedOut();
        List<String> threw = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            Matcher f = FLAG.matcher(line);
            if (line.startsWith("@@lab bytes ")) {
                String[] p = line.split(" ");
                bytes.put(new MethodRef(p[2], p[3], p[4]).display(), Double.parseDouble(p[5]));
            } else if (line.startsWith("@@lab threw ")) {
                String[] p = line.split(" ", 6);
                threw.add(new MethodRef(p[2], p[3], p[4]).display() + " threw " + (p.length > 5 ? p[5] : ""));
            } else if (line.equals("@@lab timeout")) {
                timedOut = true;
            } else if (line.equals("@@lab done")) {
                done = true;
            } else if (f.find() && line.contains("{")) {
                if (SETTINGS.contains(f.group(1))) {
                    settings.put(f.group(1), f.group(2));
                }
            } else if (!line.startsWith("@@lab") && !line.equals("[Global flags]") && output.length() < 4000) {
                output.append(line).append('\n');
            }
        }
        if (settings.isEmpty() && !r.ok()) {
            throw LabException.input(o.jdk().label() + " did not start with " + String.join(" ", o.jvmArgs()) + ": "
                    + String.join(" ", r.output().strip().lines().limit(3).toList()));
        }
        String status;
        String detail;
        if (timedOut) {
            status = "timed-out";
            detail = "stopped at the time limit of " + o.timeLimit().toSeconds() + " s; these are the compilations made until then";
        } else if (r.exitCode() > 128 || findCrash(dir) != null) {
            status = "crashed";
            detail = r.describe() + "; " + (findCrash(dir) != null ? findCrash(dir) + "; " : "")
                    + "these are the compilations made before the crash";
        } else if (!done) {
            status = "exited";
            detail = "the program ended the JVM itself (" + r.describe() + ") before every method was warmed";
        } else {
            status = "complete";
            detail = "";
        }
        if (!threw.isEmpty()) {
            detail = (detail.isEmpty() ? "" : detail + "; ") + String.join("; ", threw);
        }
        if (!r.stderr().isBlank() && output.length() < 4000) {
            output.append(r.stderr(), 0, Math.min(r.stderr().length(), 4000 - output.length()));
        }
        CompilationLog compilations;
        try {
            compilations = Files.exists(log) ? CompilationLog.read(log) : CompilationLog.read(java.io.InputStream.nullInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Verdict> verdicts = new Verdicts(program, compilations, settings, bytes, status).all();
        List<String> flags = new ArrayList<>(o.jvmArgs());
        return new EscapeReport(fileName, o.jdk().version(), flags, status, detail, verdicts, bytes, output.toString(), settings,
                logExcerpt(log, own.keySet()));
    }

    /**
     * The raw lines of the compilation log that the verdicts rest on, for learners to read: each
     * C2 task of the program's own classes, with its eliminate_allocation and eliminate_lock records.
     */
    private static String logExcerpt(Path log, java.util.Set<String> ownClasses) {
        if (!Files.exists(log)) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        boolean inOwnTask = false;
        Map<String, String> declared = new LinkedHashMap<>(); // id -> its <klass>/<type>/<method> line, this task only
        Set<String> shown = new LinkedHashSet<>();
        StringBuilder record = new StringBuilder(); // an eliminate_* element, held until its declarations are out
        Pattern taskMethod = Pattern.compile("^<task [^>]*method='([^ ']+)");
        Pattern declaration = Pattern.compile("^<(klass|type|method) id='(\\d+)'(?:.* holder='(\\d+)')?");
        Pattern reference = Pattern.compile("(?:method|type)='(\\d+)'");
        try (Stream<String> lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher m = taskMethod.matcher(line);
                if (m.find()) {
                    inOwnTask = ownClasses.contains(m.group(1).replace('/', '.'))
                            && (!line.contains(" level='") || line.contains(" level='4'")); // C2 only
                    declared.clear();
                    shown.clear();
                    if (inOwnTask) {
                        b.append(line.replaceAll(" (count|backedge_count|iicount|stamp|blocking)='[^']*'", "")).append('\n');
                    }
                    continue;
                }
                if (!inOwnTask) {
                    continue;
                }
                Matcher d = declaration.matcher(line);
                if (d.find()) {
                    declared.put(d.group(2), line);
                } else if (line.startsWith("<eliminate_") || line.startsWith("<jvms") || line.startsWith("</eliminate_")) {
                    record.append(line.startsWith("<jvms") ? "  " : "").append(line).append('\n');
                    Matcher r = reference.matcher(line.startsWith("<eliminate_lock") ? "" : line);
                    while (r.find()) {
                        showDeclaration(r.group(1), declared, shown, b); // ids mean something only inside their task
                    }
                    if (line.startsWith("</eliminate_")) {
                        b.append(record);
                        record.setLength(0);
                    }
                } else if (line.startsWith("<task_done") || line.startsWith("</task>")) {
                    b.append(line).append('\n');
                    inOwnTask = !line.startsWith("</task>");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
        return b.toString();
    }

    private static void showDeclaration(String id, Map<String, String> declared, Set<String> shown, StringBuilder b) {
        String line = declared.get(id);
        if (line == null || !shown.add(id)) {
            return;
        }
        Matcher holder = Pattern.compile(" holder='(\\d+)'").matcher(line);
        if (holder.find()) {
            showDeclaration(holder.group(1), declared, shown, b);
        }
        b.append(line.replaceAll(" (iicount|flags|bytes|compile_id|compiler|level)='[^']*'", "")).append('\n');
    }

    /** The first line of a fatal error file the crashed JVM left, if any. */
    private static String findCrash(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Path err = files.filter(p -> p.getFileName().toString().startsWith("hs_err")).findFirst().orElse(null);
            if (err == null) {
                return null;
            }
            return Files.readAllLines(err).stream().filter(l -> l.startsWith("#  ") && !l.isBlank()).findFirst()
                    .map(l -> l.substring(3).strip()).orElse("hs_err file written");
        } catch (IOException e) {
            return null;
        }
    }

    /** Joins the bytecode facts with the log's decisions, site by site. */
    private static final class Verdicts {
        private final ProgramCode program;
        private final CompilationLog log;
        private final Map<String, String> settings;
        private final Map<String, Double> bytes;
        private final String status;

        /** One step of an inlining path: a parsed copy of a method, and the call instruction in its parent. */
        private record Step(InlineNode node, int callInsn) {
        }

        Verdicts(ProgramCode program, CompilationLog log, Map<String, String> settings, Map<String, Double> bytes,
                 String status) {
            this.program = program;
            this.log = log;
            this.settings = settings;
            this.bytes = bytes;
            this.status = status;
        }

        List<Verdict> all() {
            return program.sites.stream().map(this::verdict).toList();
        }

        private Verdict verdict(Site site) {
            List<Context> contexts = new ArrayList<>();
            Set<String> reasons = new LinkedHashSet<>();
            boolean parsedButPruned = false;
            String trap = null;
            MethodFlow flow = program.methods.get(site.method());
            int insn = program.siteInsn.get(site);
            for (Task task : log.tasks()) {
                if (!task.success()) {
                    continue;
                }
                for (List<Step> path : copies(task.tree(), site.method())) {
                    InlineNode node = path.get(path.size() - 1).node();
                    if (site.bci() >= 0 && node.traps.containsKey(site.bci())) {
                        trap = node.traps.get(site.bci());
                        parsedButPruned = true;
                        continue;
                    }
                    int start = path.size() == 1 && task.osr() ? task.osrBci() : 0;
                    if (insn >= 0 && !flow.reachable(start, node.prunedBranches).get(insn)) {
                        parsedButPruned = true;
                        continue;
                    }
                    boolean eliminated = eliminated(site, path, task) || boxRemoved(site, node);
                    contexts.add(new Context(task.root().display() + (task.osr() ? " (OSR)" : ""), task.compileId(),
                            task.osr(), eliminated, via(path), log.deoptimized().getOrDefault(task.compileId(), "")));
                    if (!eliminated) {
                        reasons.addAll(site.kind() == Site.Kind.LOCK ? lockReasons(site, path, task) : allocationReasons(site, path, task));
                    }
                }
            }
            String verdict;
            if (contexts.isEmpty()) {
                verdict = Verdict.NOT_COMPILED;
                reasons.add(notCompiledReason(site, parsedButPruned, trap));
            } else if (contexts.stream().allMatch(Context::eliminated)) {
                verdict = Verdict.ELIMINATED;
            } else {
                verdict = Verdict.KEPT;
                if (reasons.isEmpty()) {
                    reasons.add("reason unknown");
                }
            }
            EscapeReport.Measured measured = bytesFor(site, contexts);
            if (verdict.equals(Verdict.KEPT) && site.kind() == Site.Kind.ALLOCATION && !site.what().startsWith("box ") && measured != null
                    && measured.method().equals(site.method().display()) && measured.bytes() == 0) {
                // The log records only what escape analysis removed; the measurement sees every removal.
                reasons.add("yet its method allocates 0 bytes per call: C2 removed this allocation without escape"
                        + " analysis (nothing read it after its values were forwarded)");
            }
            return new Verdict(site, verdict, List.copyOf(reasons), contexts, measured);
        }

        /** Bytes per call of the site's own method when it was measured, else of a compiled method containing it. */
        private EscapeReport.Measured bytesFor(Site site, List<Context> contexts) {
            String own = site.method().display();
            if (bytes.containsKey(own)) {
                return new EscapeReport.Measured(own, bytes.get(own));
            }
            for (Context c : contexts) {
                if (bytes.containsKey(c.compiledMethod())) {
                    return new EscapeReport.Measured(c.compiledMethod(), bytes.get(c.compiledMethod()));
                }
            }
            return null;
        }

        private String notCompiledReason(Site site, boolean pruned, String trap) {
            if (trap != null) {
                return "C2 compiled an uncommon trap in its place (" + trap + ")";
            }
            if (pruned) {
                return "its branch never ran during warm-up, so C2 compiled an uncommon trap instead";
            }
            if (!status.equals("complete")) {
                return "the program stopped before C2 compiled its method";
            }
            if (site.method().name().equals("<clinit>") || site.method().name().equals("$values")) {
                return "it is in a static initialiser, which runs once"; // $values: javac's helper for an enum's initialiser
            }
            if (!program.hasMain && !program.entryPoints.contains(site.method())) {
                return "its method never got hot enough for C2; the lab warms static methods without arguments,"
                        + " so call this one from one of them, or write a main";
            }
            return "its method never got hot enough for C2";
        }

        /** Every parsed copy of the method in the compilation, as the path of inlining steps that reaches it. */
        private List<List<Step>> copies(InlineNode root, MethodRef method) {
            List<List<Step>> found = new ArrayList<>();
            collect(new ArrayList<>(List.of(new Step(root, -1))), method, found);
            return found;
        }

        private void collect(List<Step> path, MethodRef method, List<List<Step>> found) {
            InlineNode node = path.get(path.size() - 1).node();
            if (method.equals(node.method)) {
                found.add(List.copyOf(path));
            }
            MethodFlow flow = node.method == null ? null : program.methods.get(node.method);
            for (Call c : node.calls) {
                if (c.body() != null && path.size() < 20) {
                    path.add(new Step(c.body(), flow == null ? -1 : flow.indexOf(c.bci())));
                    collect(path, method, found);
                    path.remove(path.size() - 1);
                }
            }
        }

        /** Whether an eliminate_allocation (or eliminate_lock) of the task names this copy of the site. */
        private boolean eliminated(Site site, List<Step> path, Task task) {
            List<List<Frame>> chains = site.kind() == Site.Kind.LOCK ? task.eliminatedLocks() : task.eliminatedAllocations();
            for (List<Frame> chain : chains) {
                for (int k = 0; k < chain.size(); k++) {
                    Frame f = chain.get(k);
                    boolean here = site.method().equals(f.method())
                            && (f.bci() == site.bci() || (site.bci() < 0 && f.bci() <= 0));
                    if (here && callersMatch(chain.subList(k + 1, chain.size()), path) && innerFramesAreNotOurs(chain.subList(0, k))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean callersMatch(List<Frame> callers, List<Step> path) {
            if (callers.size() != path.size() - 1) {
                return false;
            }
            for (int i = 0; i < callers.size(); i++) {
                Step callee = path.get(path.size() - 1 - i);
                Step caller = path.get(path.size() - 2 - i);
                MethodFlow flow = program.methods.get(caller.node().method);
                int bci = flow == null || callee.callInsn() < 0 ? -1 : flow.bci[callee.callInsn()];
                if (!callers.get(i).method().equals(caller.node().method) || (flow != null && callers.get(i).bci() != bci)) {
                    return false;
                }
            }
            return true;
        }

        /** A lambda's object is allocated inside JDK code that the indy call site links to. */
        private boolean innerFramesAreNotOurs(List<Frame> inner) {
            return inner.stream().noneMatch(f -> program.methods.containsKey(f.method()));
        }

        private String via(List<Step> path) {
            if (path.size() == 1) {
                return "";
            }
            List<String> names = new ArrayList<>();
            for (int i = 1; i < path.size(); i++) {
                MethodFlow parent = program.methods.get(path.get(i - 1).node().method);
                int line = parent == null || path.get(i).callInsn() < 0 ? 0 : parent.line[path.get(i).callInsn()];
                names.add(path.get(i).node().method.display() + (line > 0 ? " (inlined at line " + line + ")" : ""));
            }
            return String.join(" -> ", names);
        }

        // ------------------------------------------------------------------ reasons

        /** The boxing call of the site as C2 parsed it in this copy, or null. */
        private static Call boxCall(Site site, InlineNode node) {
            if (!site.what().startsWith("box ")) {
                return null;
            }
            return node.calls.stream().filter(c -> c.bci() == site.bci() && c.callee() != null
                    && c.callee().name().equals("valueOf")).findFirst().orElse(null);
        }

        /**
         * C2 parses a boxing call as a call to inline late, and drops it when the box is only unboxed again
         * (EliminateAutoBox): then the log shows the call inlined but no body for it, and no allocation record.
         */
        private static boolean boxRemoved(Site site, InlineNode node) {
            Call c = boxCall(site, node);
            return c != null && c.inlined() && c.body() == null;
        }

        private List<String> allocationReasons(Site site, List<Step> path, Task task) {
            List<String> reasons = new ArrayList<>();
            Call box = boxCall(site, path.get(path.size() - 1).node());
            if (box != null && !box.inlined()) {
                reasons.add("passed through " + box.callee().display() + ", not inlined: " + box.reason());
            }
            // The wrapper allocates only for values outside its cache; when that path never ran, C2 compiled a trap there.
            boolean cachedOnly = box != null && box.body() != null && box.body().calls.stream()
                    .noneMatch(c -> c.callee() != null && c.callee().name().equals("<init>"));
            if ("false".equals(settings.get("DoEscapeAnalysis"))) {
                return List.of("escape analysis is off (-XX:-DoEscapeAnalysis)");
            }
            if ("false".equals(settings.get("EliminateAllocations"))) {
                return List.of("allocation elimination is off (-XX:-EliminateAllocations)");
            }
            if (site.array()) {
                int limit = intSetting("EliminateAllocationArraySizeLimit", 64);
                if (site.arrayLength() < 0) {
                    reasons.add("array length is not a constant");
                } else if (site.arrayLength() > limit) {
                    reasons.add("array of " + site.arrayLength() + " elements exceeds EliminateAllocationArraySizeLimit (" + limit + ")");
                }
            }
            reasons.addAll(explain(new Origin(Origin.Kind.SITE, program.siteInsn.get(site)), path, 0, task));
            if (cachedOnly) {
                reasons.add("every value boxed here during warm-up came from " + site.type()
                        + "'s cache: valueOf returned a shared object, and C2 compiled no allocating path");
            }
            return reasons;
        }

        private List<String> lockReasons(Site site, List<Step> path, Task task) {
            if ("false".equals(settings.get("EliminateLocks"))) {
                return List.of("lock elimination is off (-XX:-EliminateLocks)");
            }
            MethodFlow flow = program.methods.get(site.method());
            Set<Origin> locked = site.bci() < 0 ? Set.of(new Origin(Origin.Kind.PARAM, 0))
                    : flow.lockedObjects.getOrDefault(program.siteInsn.get(site), Set.of());
            if (site.bci() < 0 && (flow.node.access & org.objectweb.asm.Opcodes.ACC_STATIC) != 0) {
                return List.of("a static synchronized method locks its Class object, which is shared");
            }
            List<String> holder = holderEscapes(locked, path, 0, task);
            return holder.stream().map(r -> "the locked object is " + r).toList();
        }

        /** The reasons a value with this origin escapes, in this copy of its method; empty if it does not. */
        private List<String> explain(Origin origin, List<Step> path, int depth, Task task) {
            Step here = path.get(path.size() - 1);
            MethodFlow flow = program.methods.get(here.node().method);
            if (flow == null) {
                return List.of(UNTRACED + (here.node().method == null ? "JDK code" : here.node().method.display())
                        + " (JDK code, inlined), which the lab does not trace");
            }
            if (depth > 12) {
                return List.of("reason unknown (the flow is too deep to follow)");
            }
            List<String> strong = new ArrayList<>();
            List<String> weak = new ArrayList<>();
            for (Fact fact : flow.factsOf(origin)) {
                String at = flow.line[fact.insn()] > 0 ? " (line " + flow.line[fact.insn()] + ")" : "";
                switch (fact.type()) {
                    case STATIC_STORE -> strong.add("stored to static field " + fact.detail() + at);
                    case FIELD_STORE, ARRAY_STORE -> {
                        if (fact.holder().contains(origin)) {
                            break; // stored into itself
                        }
                        String into = fact.type() == Fact.Type.ARRAY_STORE ? "stored into an array" : "stored to field " + fact.detail();
                        if (fact.detail().equals("a captured variable")) {
                            into = "captured by a lambda";
                        }
                        String joint = fact.type() == Fact.Type.ARRAY_STORE ? ": " : " of ";
                        for (String r : holderEscapes(fact.holder(), path, depth + 1, task)) {
                            strong.add(into + at + joint + r);
                        }
                    }
                    case RETURNED -> {
                        if (path.size() > 1) {
                            strong.addAll(explain(new Origin(Origin.Kind.CALL_RESULT, here.callInsn()), path.subList(0, path.size() - 1), depth + 1, task));
                        } else {
                            strong.add("returned from " + here.node().method.display() + ", which was compiled on its own" + at);
                        }
                    }
                    case THROWN -> strong.add("thrown" + at);
                    case PASSED -> strong.addAll(passed(fact, flow, path, depth, at, task));
                    case MERGED -> weak.add("merged with another allocation at a join" + at);
                    case VARIABLE_INDEX -> strong.add("array indexed with a variable" + at);
                    case LOCKED -> {
                    }
                }
            }
            // Code the lab cannot see into is a possible route, not a finding: named only when nothing else was found.
            List<String> ordered = new ArrayList<>(strong.stream().filter(r -> !r.startsWith(UNTRACED)).toList());
            ordered.addAll(weak);
            if (ordered.isEmpty()) {
                ordered.addAll(strong);
            }
            return ordered;
        }

        private List<String> passed(Fact fact, MethodFlow flow, List<Step> path, int depth, String at, Task task) {
            Step here = path.get(path.size() - 1);
            int bci = flow.bci[fact.insn()];
            List<Call> calls = here.node().calls.stream().filter(c -> c.bci() == bci).toList();
            if (calls.isEmpty()) {
                return List.of("passed to " + fact.detail() + at + ", a call C2 did not inline");
            }
            List<String> out = new ArrayList<>();
            for (Call c : calls) {
                if (c.inlined() && c.body() != null) {
                    List<Step> deeper = new ArrayList<>(path);
                    deeper.add(new Step(c.body(), fact.insn()));
                    int slot = slotOf(c.callee(), fact.argument());
                    out.addAll(explain(new Origin(Origin.Kind.PARAM, slot), deeper, depth + 1, task));
                } else if (!c.inlined()) {
                    out.add("passed to " + (c.callee() == null ? fact.detail() : c.callee().display()) + at + ", not inlined: " + c.reason());
                }
            }
            return out;
        }

        /** Where a store's target came from, and whether it escapes: "an object from outside this method", etc. */
        private List<String> holderEscapes(Set<Origin> holder, List<Step> path, int depth, Task task) {
            if (holder.isEmpty()) {
                return List.of("an object from outside this method");
            }
            List<String> out = new ArrayList<>();
            Step here = path.get(path.size() - 1);
            MethodFlow flow = program.methods.get(here.node().method);
            for (Origin o : holder) {
                switch (o.kind()) {
                    case SITE -> {
                        Site s = siteAt(here.node().method, o.index());
                        if (s != null && eliminated(s, path, task)) {
                            break; // the holder was replaced in this compilation, so it is no way out
                        }
                        List<String> r = explain(o, path, depth + 1, task);
                        if (!r.isEmpty()) {
                            out.add((s == null ? "an allocation" : s.what() + " (line " + s.line() + ")") + ", which escapes: " + r.get(0));
                        }
                    }
                    case PARAM -> {
                        if (path.size() > 1 && flow != null) {
                            Step caller = path.get(path.size() - 2);
                            MethodFlow callerFlow = program.methods.get(caller.node().method);
                            int arg = argumentOf(here.node().method, o.index());
                            if (callerFlow == null || arg < 0 || !callerFlow.callArguments.containsKey(here.callInsn())) {
                                out.add("an object from outside this method");
                            } else {
                                out.addAll(holderEscapes(callerFlow.callArguments.get(here.callInsn()).get(arg),
                                        path.subList(0, path.size() - 1), depth + 1, task));
                            }
                        } else {
                            out.add("an object from outside this method");
                        }
                    }
                    case CALL_RESULT -> out.add("an object from outside this method");
                }
            }
            return out.stream().distinct().toList();
        }

        private Site siteAt(MethodRef method, int insn) {
            return program.sites.stream().filter(s -> s.method().equals(method) && program.siteInsn.get(s) == insn)
                    .findFirst().orElse(null);
        }

        private int intSetting(String name, int otherwise) {
            try {
                return Integer.parseInt(settings.getOrDefault(name, String.valueOf(otherwise)));
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }

        /** The local slot of argument {@code arg} (the receiver counts as argument 0 of an instance method). */
        private int slotOf(MethodRef callee, int arg) {
            boolean instance = isInstance(callee);
            Type[] types = Type.getArgumentTypes(callee.descriptor());
            int slot = 0;
            for (int a = 0; a < arg; a++) {
                int index = instance ? a - 1 : a;
                slot += index < 0 ? 1 : types[index].getSize();
            }
            return slot;
        }

        private int argumentOf(MethodRef method, int slot) {
            boolean instance = isInstance(method);
            Type[] types = Type.getArgumentTypes(method.descriptor());
            int s = 0;
            int args = types.length + (instance ? 1 : 0);
            for (int a = 0; a < args; a++) {
                if (s == slot) {
                    return a;
                }
                int index = instance ? a - 1 : a;
                s += index < 0 ? 1 : types[index].getSize();
            }
            return -1;
        }

        private boolean isInstance(MethodRef m) {
            MethodFlow flow = program.methods.get(m);
            if (flow != null) {
                return (flow.node.access & org.objectweb.asm.Opcodes.ACC_STATIC) == 0;
            }
            return !m.name().equals("<clinit>"); // JDK methods: assume instance; only slot 0 is affected
        }
    }

    /** Where the lab's settings say to run: the default options, with LAB_FAST honoured. */
    public static Options options() {
        Options o = Options.defaults();
        return Lab.fast() ? new Options(o.jdk(), o.jvmArgs(), o.timeLimit(), o.warmCalls(), 2_000) : o;
    }
}
