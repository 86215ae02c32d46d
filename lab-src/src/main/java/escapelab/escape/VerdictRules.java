package escapelab.escape;

import escapelab.escape.CompilationLog.Call;
import escapelab.escape.CompilationLog.Dispatch;
import escapelab.escape.CompilationLog.EliminatedLock;
import escapelab.escape.CompilationLog.Frame;
import escapelab.escape.CompilationLog.InlineNode;
import escapelab.escape.CompilationLog.Task;
import escapelab.escape.EscapeReport.Context;
import escapelab.escape.EscapeReport.EscapeState;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Status;
import escapelab.escape.EscapeReport.Verdict;
import escapelab.escape.MethodFlow.Fact;
import escapelab.escape.MethodFlow.Origin;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules that turn the bytecode facts and the compilation log into a verdict and an escape state
 * per site. The verdict is what the log shows (an {@code eliminate_allocation} or
 * {@code eliminate_lock} record in every C2 compilation containing the site). The escape state is
 * inferred the way C2's connection graph decides it (escape.cpp), since a product JVM does not
 * print it: stored to a static or into an escaping object, returned or thrown from the compiled
 * method, or passed to a call C2 dispatches virtually: GlobalEscape; passed to a call C2 bound
 * directly but did not inline, whose bytecode escape analysis (bcEscapeAnalyzer.cpp) finds that it
 * keeps no reference: ArgEscape; otherwise NoEscape. A lock the log elided as {@code NonEscObj}
 * proves its object is not GlobalEscape, and corrects the inference where it disagrees.
 */
final class VerdictRules {
    private static final String UNTRACED = "passed into ";
    private static final String CACHED = Finding.CACHED;
    /**
     * Traps that guard an instruction C2 still compiled (a null check before a monitorenter), unlike "unloaded".
     * A JVM built with JVMCI (Temurin's, Debian's) names three of them differently: deoptimization.cpp,
     * {@code _trap_reason_name}, "intrinsic" JVMCI_ONLY("_or_type_checked_inlining") and the like.
     */
    private static final Set<String> GUARDS = Set.of("null_check", "null_assert", "null_assert_or_unreached0", "range_check",
            "class_check", "array_check", "div0_check", "intrinsic", "intrinsic_or_type_checked_inlining", "bimorphic",
            "bimorphic_or_optimized_type_check", "speculate_class_check", "speculate_null_check", "speculate_null_assert");

    private final ProgramCode program;
    private final CompilationLog log;
    private final Map<String, String> settings;
    private final Map<String, Double> bytes;
    private final Status status;
    private final JdkCode jdk;

    /** One step of an inlining path: a parsed copy of a method, and the call instruction in its parent. */
    private record Step(InlineNode node, int callInsn) {
    }

    /** One way a value could leave, with the escape state that way gives it in C2's terms. */
    record Route(EscapeState state, String text) {
    }

    VerdictRules(ProgramCode program, CompilationLog log, Map<String, String> settings, Map<String, Double> bytes,
                 Status status, JdkCode jdk) {
        this.jdk = jdk;
        this.program = program;
        this.log = log;
        this.settings = settings;
        this.bytes = bytes;
        this.status = status;
    }

    List<Finding> all() {
        return program.sites.stream().map(this::finding).toList();
    }

    Finding finding(Site site) {
        List<Context> contexts = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        Set<String> evidence = new LinkedHashSet<>();
        boolean parsedButPruned = false;
        String trap = null;
        MethodFlow flow = program.methods.get(site.method());
        int insn = program.siteInsn.get(site);
        EscapeState keptState = null;
        for (Task task : log.tasks()) {
            if (!task.success()) {
                continue;
            }
            for (List<Step> path : copies(task.tree(), site.method())) {
                InlineNode node = path.get(path.size() - 1).node();
                if (site.bci() >= 0 && node.traps.containsKey(site.bci()) && !GUARDS.contains(node.traps.get(site.bci()))) {
                    trap = node.traps.get(site.bci());
                    parsedButPruned = true;
                    continue;
                }
                int start = path.size() == 1 && task.osr() ? task.osrBci() : 0;
                if (insn >= 0 && !flow.reachable(start, node.prunedBranches).get(insn)) {
                    parsedButPruned = true;
                    continue;
                }
                String compilation = "C2 compilation " + task.compileId() + " of " + task.root().display();
                boolean lock = site.kind() == Site.Kind.LOCK;
                boolean eliminated = lock ? lockKind(site, path, task) != null : eliminated(site, path, task) || boxRemoved(site, node);
                List<Route> here = lock ? lockRoutes(site, path, task) : eliminated ? List.of() : allocationRoutes(site, path, task);
                EscapeState state;
                if (!lock && eliminated) {
                    state = EscapeState.NO_ESCAPE;
                    evidence.add(compilation + ": scalar-replaced, which C2 does only to NoEscape objects");
                } else {
                    EscapeState inferred = stateOf(here);
                    state = inferred;
                    evidence.add(compilation + ": " + inferred.hotspotName() + (here.isEmpty() ? ", no way out found in the bytecode"
                            : ", because " + here.stream().filter(r -> r.state() == inferred).findFirst().orElse(here.get(0)).text()));
                    String elided = lock ? lockKind(site, path, task) : elidedLockOn(site, path, task);
                    if ("NonEscObj".equals(elided)) {
                        if (state == EscapeState.GLOBAL_ESCAPE) {
                            state = EscapeState.UNKNOWN;
                            evidence.add(compilation + ": but C2 elided a lock on it as NonEscObj, so C2 did not find it"
                                    + " GlobalEscape; the lab's reading of the flow is incomplete here");
                        } else {
                            evidence.add(compilation + ": corroborated: C2 elided a lock on it as NonEscObj, which it does"
                                    + " only for objects that are not GlobalEscape");
                        }
                    }
                }
                contexts.add(new Context(task.root().display() + (task.osr() ? " (OSR)" : ""), task.compileId(),
                        task.osr(), eliminated, via(path), log.deoptimized().getOrDefault(task.compileId(), ""), state));
                if (!eliminated) {
                    keptState = keptState == null ? state : EscapeState.combine(keptState, state);
                    routes.addAll(here);
                }
            }
        }
        Verdict verdict;
        EscapeState state;
        List<String> reasons = new ArrayList<>();
        if (contexts.isEmpty()) {
            verdict = Verdict.NOT_COMPILED;
            state = EscapeState.UNKNOWN;
            reasons.add(notCompiledReason(site, parsedButPruned, trap));
            evidence.add("no C2 compilation contains it, so C2 gave it no escape state");
        } else if (contexts.stream().allMatch(Context::eliminated)) {
            verdict = Verdict.ELIMINATED;
            state = site.kind() == Site.Kind.LOCK ? contexts.stream().map(Context::state).reduce(EscapeState::combine)
                    .orElse(EscapeState.UNKNOWN) : EscapeState.NO_ESCAPE;
        } else {
            verdict = Verdict.KEPT;
            state = keptState;
            // The reasons that explain the state come first: the message names the first.
            routes.stream().sorted(Comparator.comparingInt(r -> r.state() == state ? 0 : 1))
                    .map(Route::text).distinct().forEach(reasons::add);
            if (reasons.isEmpty()) {
                reasons.add("reason unknown");
            }
        }
        EscapeReport.Measured measured = bytesFor(site, contexts);
        return new Finding(site, verdict, state, List.copyOf(reasons), List.copyOf(evidence), contexts, measured);
    }

    /** The state a set of routes gives: GlobalEscape if any route gives it, unknown if any is unknown, ... */
    private static EscapeState stateOf(List<Route> routes) {
        return routes.isEmpty() ? EscapeState.UNKNOWN
                : routes.stream().map(Route::state).reduce(EscapeState::combine).orElse(EscapeState.UNKNOWN);
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

    /** HugeMethodLimit, a develop flag (compiler_globals.hpp): fixed in product JVMs, so never in the flags printed. */
    static final int HUGE_METHOD_LIMIT = 8000;

    private String notCompiledReason(Site site, boolean pruned, String trap) {
        if (trap != null) {
            return "C2 compiled an uncommon trap in its place (" + trap + ")";
        }
        if (pruned) {
            return "its branch never ran during warm-up, so C2 compiled an uncommon trap instead";
        }
        if (status != Status.COMPLETE) {
            return "the program stopped before C2 compiled its method";
        }
        if ("false".equals(settings.get("UseCompiler"))) {
            return "the JVM compiles nothing (UseCompiler is false, as with -Xint)";
        }
        MethodFlow flow = program.methods.get(site.method());
        if (flow != null && flow.codeSize > HUGE_METHOD_LIMIT && !"false".equals(settings.get("DontCompileHugeMethods"))) {
            return "its method has " + flow.codeSize + " bytes of bytecode, and HotSpot compiles no method over "
                    + HUGE_METHOD_LIMIT + " (DontCompileHugeMethods, HugeMethodLimit)";
        }
        if (intSetting("TieredStopAtLevel", 4) < 4) {
            return "C2 is off (-XX:TieredStopAtLevel=" + settings.get("TieredStopAtLevel")
                    + "): C1 compiled the method, and C1 does no escape analysis";
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
        MethodFlow flow = node.method == null ? null : flowOf(node.method);
        for (Call c : node.calls) {
            if (c.body() != null && path.size() < 20) {
                path.add(new Step(c.body(), flow == null ? -1 : flow.indexOf(c.bci())));
                collect(path, method, found);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Whether an eliminate_allocation record of the task names this copy of the site. */
    private boolean eliminated(Site site, List<Step> path, Task task) {
        return task.eliminatedAllocations().stream().anyMatch(chain -> names(chain, site, path));
    }

    /** The kind of the eliminate_lock record of the task that names this copy of the lock site, or null. */
    private String lockKind(Site site, List<Step> path, Task task) {
        return task.eliminatedLocks().stream().filter(l -> names(l.chain(), site, path)).map(EliminatedLock::kind)
                .findFirst().orElse(null);
    }

    private boolean names(List<Frame> chain, Site site, List<Step> path) {
        for (int k = 0; k < chain.size(); k++) {
            Frame f = chain.get(k);
            boolean here = site.method().equals(f.method())
                    && (f.bci() == site.bci() || (site.bci() < 0 && f.bci() <= 0));
            if (here && callersMatch(chain.subList(k + 1, chain.size()), path) && innerFramesAreNotOurs(chain.subList(0, k))) {
                return true;
            }
        }
        return false;
    }

    /** The kind of an elided lock on this allocation in this copy ({@code synchronized} on it in its own method), or null. */
    private String elidedLockOn(Site allocation, List<Step> path, Task task) {
        Origin origin = new Origin(Origin.Kind.SITE, program.siteInsn.get(allocation));
        MethodFlow flow = program.methods.get(allocation.method());
        for (Site lock : program.sites) {
            if (lock.kind() == Site.Kind.LOCK && lock.method().equals(allocation.method()) && lock.bci() >= 0
                    && flow.lockedObjects.getOrDefault(program.siteInsn.get(lock), Set.of()).contains(origin)) {
                String kind = lockKind(lock, path, task);
                if (kind != null) {
                    return kind;
                }
            }
        }
        return null;
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

    // ------------------------------------------------------------------ routes

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

    private List<Route> allocationRoutes(Site site, List<Step> path, Task task) {
        List<Route> routes = new ArrayList<>();
        Call box = boxCall(site, path.get(path.size() - 1).node());
        if (box != null && !box.inlined()) {
            routes.add(new Route(EscapeState.UNKNOWN, "passed through " + box.callee().display() + ", not inlined: " + box.reason()));
        }
        // The wrapper allocates only for values outside its cache; when that path never ran, C2 compiled a trap there.
        boolean cachedOnly = box != null && box.body() != null && box.body().calls.stream()
                .noneMatch(c -> c.callee() != null && c.callee().name().equals("<init>"));
        if ("false".equals(settings.get("DoEscapeAnalysis"))) {
            return List.of(new Route(EscapeState.UNKNOWN, "escape analysis is off (-XX:-DoEscapeAnalysis)"));
        }
        if ("false".equals(settings.get("EliminateAllocations"))) {
            return List.of(new Route(EscapeState.UNKNOWN, "allocation elimination is off (-XX:-EliminateAllocations)"));
        }
        if (site.array()) {
            int limit = intSetting("EliminateAllocationArraySizeLimit", 64);
            if (site.arrayLength() < 0) {
                routes.add(new Route(EscapeState.NO_ESCAPE, "array length is not a constant"));
            } else if (site.arrayLength() > limit) {
                routes.add(new Route(EscapeState.NO_ESCAPE, "array of " + site.arrayLength()
                        + " elements exceeds EliminateAllocationArraySizeLimit (" + limit + ")"));
            }
        }
        routes.addAll(explain(new Origin(Origin.Kind.SITE, program.siteInsn.get(site)), path, 0, task));
        if (cachedOnly) {
            routes.add(new Route(EscapeState.UNKNOWN, CACHED + site.type()
                    + "'s cache: valueOf returned a shared object, and C2 compiled no allocating path"));
        }
        return routes;
    }

    /** The routes of the locked object, with the lock's own reasons; a lock's state is its object's. */
    private List<Route> lockRoutes(Site site, List<Step> path, Task task) {
        MethodFlow flow = program.methods.get(site.method());
        if (site.bci() < 0 && (flow.node.access & Opcodes.ACC_STATIC) != 0) {
            return List.of(new Route(EscapeState.GLOBAL_ESCAPE, "a static synchronized method locks its Class object, which is shared"));
        }
        if ("false".equals(settings.get("EliminateLocks"))) {
            return List.of(new Route(EscapeState.UNKNOWN, "lock elimination is off (-XX:-EliminateLocks)"));
        }
        Set<Origin> locked = site.bci() < 0 ? Set.of(new Origin(Origin.Kind.PARAM, 0))
                : flow.lockedObjects.getOrDefault(program.siteInsn.get(site), Set.of());
        List<Route> holder = holderEscapes(locked, path, 0, task);
        if (holder.isEmpty()) {
            return List.of(new Route(EscapeState.NO_ESCAPE, "the locked object does not escape"));
        }
        return holder.stream().map(r -> new Route(r.state(), "the locked object is " + r.text())).toList();
    }

    /** The ways a value with this origin can leave, in this copy of its method; empty if there are none. */
    private List<Route> explain(Origin origin, List<Step> path, int depth, Task task) {
        Step here = path.get(path.size() - 1);
        MethodFlow flow = here.node().method == null ? null : flowOf(here.node().method);
        if (flow == null) {
            return List.of(new Route(EscapeState.UNKNOWN, UNTRACED + (here.node().method == null ? "JDK code" : here.node().method.display())
                    + " (JDK code, inlined), whose bytecode the lab could not read"));
        }
        if (depth > 12) {
            return List.of(new Route(EscapeState.UNKNOWN, "reason unknown (the flow is too deep to follow)"));
        }
        List<Route> routes = new ArrayList<>();
        // A fact on a branch C2 replaced by an uncommon trap is not in the compiled code.
        int start = path.size() == 1 && task.osr() ? task.osrBci() : 0;
        java.util.BitSet compiled = flow.reachable(start, here.node().prunedBranches);
        for (Fact fact : flow.factsOf(origin)) {
            if (!compiled.get(fact.insn()) && !compiled.isEmpty()) {
                continue;
            }
            String at = flow.line[fact.insn()] > 0 ? " (line " + flow.line[fact.insn()] + ")" : "";
            switch (fact.type()) {
                case STATIC_STORE -> routes.add(new Route(EscapeState.GLOBAL_ESCAPE, "stored to static field " + fact.detail() + at));
                case FIELD_STORE, ARRAY_STORE -> {
                    if (fact.holder().contains(origin)) {
                        break; // stored into itself
                    }
                    String into = fact.type() == Fact.Type.ARRAY_STORE ? "stored into an array" : "stored to field " + fact.detail();
                    if (fact.detail().equals("a captured variable")) {
                        into = "captured by a lambda";
                    }
                    String joint = fact.type() == Fact.Type.ARRAY_STORE ? ": " : " of ";
                    for (Route r : holderEscapes(fact.holder(), path, depth + 1, task)) {
                        routes.add(new Route(r.state(), into + at + joint + r.text()));
                    }
                }
                case RETURNED -> {
                    if (path.size() > 1) {
                        routes.addAll(explain(new Origin(Origin.Kind.CALL_RESULT, here.callInsn()), path.subList(0, path.size() - 1), depth + 1, task));
                    } else {
                        routes.add(new Route(EscapeState.GLOBAL_ESCAPE, "returned from " + here.node().method.display()
                                + ", which was compiled on its own" + at));
                    }
                }
                case THROWN -> routes.add(caughtHere(flow, fact.insn())
                        // C2 hooks a throw caught in the same compilation to its handler (Parse::do_athrow);
                        // the lab does not follow the exception into the handler.
                        ? new Route(EscapeState.UNKNOWN, "thrown" + at + " to a handler in the same method, which the lab does not follow")
                        : new Route(EscapeState.GLOBAL_ESCAPE, "thrown" + at));
                case PASSED -> routes.addAll(passed(fact, flow, path, depth, at, task));
                case MERGED -> routes.add(new Route(EscapeState.NO_ESCAPE, "merged with another allocation at a join" + at));
                case VARIABLE_INDEX -> routes.add(new Route(EscapeState.NO_ESCAPE, "array indexed with a variable" + at));
                case COMPARED -> routes.add(new Route(EscapeState.NO_ESCAPE, "compared with another reference" + at
                        + "; C2 folds such a comparison only when its connection graph proves the other side is not this"
                        + " object (ConnectionGraph::optimize_ptr_compare), and one it keeps is a use that keeps the object"));
                case LOCKED -> {
                }
            }
        }
        // Code the lab cannot see into is a possible route, not a finding: named only when nothing else was found.
        List<Route> found = routes.stream().filter(r -> !r.text().startsWith(UNTRACED)).toList();
        return found.isEmpty() ? routes : found;
    }

    private List<Route> passed(Fact fact, MethodFlow flow, List<Step> path, int depth, String at, Task task) {
        Step here = path.get(path.size() - 1);
        int bci = flow.bci[fact.insn()];
        List<Call> calls = here.node().calls.stream().filter(c -> c.bci() == bci).toList();
        if (calls.isEmpty()) {
            // The log records every call C2 parsed; none here means C2 did not compile this call (a trap stands there).
            return List.of();
        }
        List<Route> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.inlined() && c.body() != null) {
                List<Step> deeper = new ArrayList<>(path);
                deeper.add(new Step(c.body(), fact.insn()));
                int slot = slotOf(c.callee(), fact.argument());
                out.addAll(explain(new Origin(Origin.Kind.PARAM, slot), deeper, depth + 1, task));
            } else if (!c.inlined()) {
                out.add(notInlined(c, fact, flow, path, depth, at, task));
            }
        }
        return out;
    }

    /**
     * An argument of a call C2 did not inline. C2 asks the callee's bytecode escape analysis only for a
     * call it bound directly; every argument of a virtual call is GlobalEscape
     * ({@code ConnectionGraph::process_call_arguments}).
     */
    private Route notInlined(Call c, Fact fact, MethodFlow flow, List<Step> path, int depth, String at, Task task) {
        String callee = c.callee() == null ? fact.detail() : c.callee().display();
        String base = "passed to " + callee + at + ", not inlined: " + c.reason();
        Dispatch dispatch = c.dispatch();
        int op = flow.node.instructions.get(fact.insn()).getOpcode();
        if (dispatch == Dispatch.UNKNOWN && (op == Opcodes.INVOKESTATIC || op == Opcodes.INVOKESPECIAL)) {
            dispatch = Dispatch.DIRECT;
        }
        if (dispatch == Dispatch.INTRINSIC) {
            // identityHashCode's intrinsic keeps a slow path that calls the static native method; other
            // intrinsics differ (getClass emits no call, arraycopy is a stub call), so only this one is decided here.
            if (c.calleeIsNative() && c.reason().equals("intrinsic _identityHashCode")) {
                return new Route(EscapeState.GLOBAL_ESCAPE, "passed to " + callee + at + ", which C2 compiles as an "
                        + c.reason() + " whose slow path calls the native method; C2's bytecode escape analysis does not"
                        + " analyse native methods, so every argument escapes");
            }
            return new Route(EscapeState.UNKNOWN, "passed to " + callee + at + ", which C2 compiles as an " + c.reason()
                    + ", whose effect on escape the lab does not model");
        }
        if (dispatch == Dispatch.VIRTUAL) {
            return new Route(EscapeState.GLOBAL_ESCAPE, base + "; C2 emitted a virtual call, and treats every argument"
                    + " of a virtual call as escaping");
        }
        if (dispatch == Dispatch.UNKNOWN || c.callee() == null) {
            return new Route(EscapeState.UNKNOWN, base);
        }
        if (c.calleeIsNative()) {
            return new Route(EscapeState.GLOBAL_ESCAPE, base + "; " + callee + " is native, and C2's bytecode escape"
                    + " analysis does not analyse native methods");
        }
        Route analysis = bytecodeEscape(c.callee(), fact.argument(), 0);
        if (analysis.state() == EscapeState.GLOBAL_ESCAPE || analysis.state() == EscapeState.UNKNOWN) {
            return new Route(analysis.state(), base + "; " + analysis.text());
        }
        if (analysis.state() == EscapeState.NO_ESCAPE) {
            // The callee returns it: C2 links the call's result to it, so the caller's use of the result decides.
            List<Route> viaResult = explain(new Origin(Origin.Kind.CALL_RESULT, fact.insn()), path, depth + 1, task);
            EscapeState s = viaResult.isEmpty() ? EscapeState.ARG_ESCAPE
                    : EscapeState.combine(EscapeState.ARG_ESCAPE, stateOf(viaResult));
            return new Route(s, base + "; " + callee + " returns it" + (viaResult.isEmpty() ? ""
                    : ", and the result is " + viaResult.get(0).text()));
        }
        return new Route(EscapeState.ARG_ESCAPE, base);
    }

    /**
     * What C2's bytecode escape analysis (BCEscapeAnalyzer) says of argument {@code arg} of a method it
     * did not inline: GLOBAL_ESCAPE when the method keeps it or cannot be analysed, ARG_ESCAPE when it
     * does not, NO_ESCAPE standing for "only returns it", UNKNOWN for JDK code the lab does not read.
     */
    private Route bytecodeEscape(MethodRef method, int arg, int level) {
        MethodFlow f = flowOf(method);
        if (f == null) {
            return new Route(EscapeState.UNKNOWN, "the lab could not read the bytecode of " + method.display());
        }
        int maxSize = intSetting("MaxBCEAEstimateSize", 150);
        int maxLevel = intSetting("MaxBCEAEstimateLevel", 5);
        if ((f.node.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return new Route(EscapeState.GLOBAL_ESCAPE, method.display() + " has no bytecode to analyse");
        }
        if (f.codeSize > maxSize) {
            return new Route(EscapeState.GLOBAL_ESCAPE, "its " + f.codeSize + " bytes of bytecode exceed MaxBCEAEstimateSize ("
                    + maxSize + "), so C2's bytecode escape analysis does not analyse " + method.display()
                    + " and every argument escapes");
        }
        if (level > maxLevel) {
            return new Route(EscapeState.GLOBAL_ESCAPE, "the calls nest deeper than MaxBCEAEstimateLevel (" + maxLevel + ")");
        }
        if (handlerLeaks(f)) {
            return new Route(EscapeState.GLOBAL_ESCAPE, method.display() + " has an exception handler that throws, stores"
                    + " or calls, and C2's bytecode escape analysis assumes that any local there may hold any argument");
        }
        boolean returned = false;
        for (Fact fact : f.factsOf(new Origin(Origin.Kind.PARAM, slotOf(method, arg)))) {
            String at = f.line[fact.insn()] > 0 ? " (line " + f.line[fact.insn()] + ")" : "";
            switch (fact.type()) {
                case STATIC_STORE, FIELD_STORE, ARRAY_STORE -> {
                    if (!fact.detail().equals("a captured variable")) {
                        return new Route(EscapeState.GLOBAL_ESCAPE, method.display() + " stores it"
                                + (fact.type() == Fact.Type.ARRAY_STORE ? " into an array" : " to field " + fact.detail()) + at);
                    }
                }
                case THROWN -> {
                    return new Route(EscapeState.GLOBAL_ESCAPE, method.display() + " throws it" + at);
                }
                case RETURNED -> returned = true;
                case PASSED -> {
                    AbstractInsnNode call = f.node.instructions.get(fact.insn());
                    if (call instanceof MethodInsnNode mi) {
                        MethodRef next = new MethodRef(mi.owner, mi.name, mi.desc);
                        MethodFlow target = flowOf(next);
                        boolean bound = mi.getOpcode() == Opcodes.INVOKESTATIC || mi.getOpcode() == Opcodes.INVOKESPECIAL
                                || (target != null && (target.node.access & (Opcodes.ACC_FINAL | Opcodes.ACC_PRIVATE)) != 0)
                                || program.isFinalClass(mi.owner) || jdk.isFinalClass(mi.owner);
                        if (!bound) {
                            return new Route(EscapeState.UNKNOWN, method.display() + " passes it to " + next.display() + at
                                    + ", a virtual call its bytecode escape analysis binds only by class hierarchy analysis");
                        }
                        Route inner = bytecodeEscape(next, fact.argument(), level + 1);
                        if (inner.state() != EscapeState.ARG_ESCAPE) {
                            return new Route(inner.state() == EscapeState.NO_ESCAPE ? EscapeState.GLOBAL_ESCAPE : inner.state(),
                                    method.display() + " passes it to " + next.display() + at + ": " + inner.text());
                        }
                    }
                }
                default -> {
                }
            }
        }
        return returned ? new Route(EscapeState.NO_ESCAPE, method.display() + " returns it")
                : new Route(EscapeState.ARG_ESCAPE, method.display() + " keeps no reference to it");
    }

    /** Whether a handler in this method covers the instruction (the thrown object then goes to the handler). */
    private static boolean caughtHere(MethodFlow flow, int insn) {
        for (var tcb : flow.node.tryCatchBlocks) {
            int from = flow.node.instructions.indexOf(tcb.start);
            int to = flow.node.instructions.indexOf(tcb.end);
            if (insn >= from && insn < to) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an exception handler of the method can leak a local: BCEscapeAnalyzer assumes any local
     * may hold any argument in a handler (iterate_blocks), so a handler that throws, stores a reference
     * or calls a method makes every argument escape; one that only returns leaks nothing.
     */
    private static boolean handlerLeaks(MethodFlow flow) {
        for (var tcb : flow.node.tryCatchBlocks) {
            for (AbstractInsnNode i = tcb.handler; i != null; i = i.getNext()) {
                int op = i.getOpcode();
                if (op == Opcodes.ATHROW || op == Opcodes.PUTFIELD || op == Opcodes.PUTSTATIC || op == Opcodes.AASTORE
                        || (op >= Opcodes.INVOKEVIRTUAL && op <= Opcodes.INVOKEDYNAMIC)) {
                    return true;
                }
                if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.GOTO) {
                    break;
                }
            }
        }
        return false;
    }

    /** The program's method, or the JDK's from its module image; null when neither has it. */
    private MethodFlow flowOf(MethodRef method) {
        MethodFlow own = program.methods.get(method);
        return own != null ? own : jdk.flow(method).orElse(null);
    }

    /** Where a store's target came from, and how it escapes: "an object from outside this method", etc. */
    private List<Route> holderEscapes(Set<Origin> holder, List<Step> path, int depth, Task task) {
        Route outside = new Route(EscapeState.GLOBAL_ESCAPE, "an object from outside this method");
        if (holder.isEmpty()) {
            return List.of(outside);
        }
        List<Route> out = new ArrayList<>();
        Step here = path.get(path.size() - 1);
        MethodFlow flow = here.node().method == null ? null : flowOf(here.node().method);
        for (Origin o : holder) {
            switch (o.kind()) {
                case SITE -> {
                    Site s = siteAt(here.node().method, o.index());
                    if (s != null && eliminated(s, path, task)) {
                        break; // the holder was replaced in this compilation, so it is no way out
                    }
                    List<Route> r = explain(o, path, depth + 1, task);
                    if (!r.isEmpty()) {
                        EscapeState holderState = stateOf(r);
                        // The fields of an ArgEscape object are GlobalEscape unless the callee's analysis finds
                        // the argument entirely local (escape.cpp, set_fields_escape_state); the lab does not tell.
                        EscapeState st = holderState == EscapeState.ARG_ESCAPE ? EscapeState.GLOBAL_ESCAPE : holderState;
                        String which = switch (holderState) {
                            case GLOBAL_ESCAPE -> ", which escapes: ";
                            case ARG_ESCAPE -> ", which is arg-escape, and C2 treats the fields of an arg-escape object as escaping: ";
                            case NO_ESCAPE -> ", which is not scalar-replaced: ";
                            case UNKNOWN -> ", which stays on the heap: ";
                        };
                        Route first = r.stream().filter(x -> x.state() == holderState).findFirst().orElse(r.get(0));
                        out.add(new Route(st, (s == null ? "an allocation" : s.what() + " (line " + s.line() + ")") + which + first.text()));
                    }
                }
                case PARAM -> {
                    if (path.size() > 1 && flow != null) {
                        Step caller = path.get(path.size() - 2);
                        MethodFlow callerFlow = caller.node().method == null ? null : flowOf(caller.node().method);
                        int arg = argumentOf(here.node().method, o.index());
                        if (callerFlow == null || arg < 0 || !callerFlow.callArguments.containsKey(here.callInsn())) {
                            out.add(outside);
                        } else {
                            out.addAll(holderEscapes(callerFlow.callArguments.get(here.callInsn()).get(arg),
                                    path.subList(0, path.size() - 1), depth + 1, task));
                        }
                    } else {
                        out.add(outside);
                    }
                }
                case CALL_RESULT -> out.add(outside);
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
            return (flow.node.access & Opcodes.ACC_STATIC) == 0;
        }
        return !m.name().equals("<clinit>"); // JDK methods: assume instance; only slot 0 is affected
    }
}
