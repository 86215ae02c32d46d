package escapelab.escape;

import escapelab.escape.EscapeReport.EscapeState;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Status;
import escapelab.escape.EscapeReport.Verdict;
import escapelab.jvm.SourceCompiler;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The escape engine's verdicts for places where a profiler saw allocations (the top frames of JFR's
 * allocation samples), in any class: the program's, a library's or the JDK's. Only the classes that
 * hold a sampled place are read, and only their sampled sites are judged, so a big program costs
 * what its allocating classes cost.
 */
public final class SampledSites {
    private SampledSites() {
    }

    /** Where an allocation was sampled: the method (internal class name and descriptor), bytecode index and line. */
    public record Place(String owner, String name, String descriptor, int bci, int line) {
    }

    /**
     * The engine's word on one place.
     *
     * @param verdict  the engine's verdict, or null when no allocation instruction is there
     * @param state    the escape state (unknown when not compiled), null when no allocation instruction is there
     * @param reason   the engine's explanation, or why there is no allocation instruction there
     * @param file     the class's source file as its class file names it, or null
     * @param what     the site as the engine names it ({@code new Point}), or null
     */
    public record Judgement(Verdict verdict, EscapeState state, String reason, String file, String what) {
    }

    /**
     * Judges each place against the compilation log.
     *
     * @param classBytes the class file of a class outside the JDK by internal name (the program's and its
     *                   libraries'), or empty; JDK classes are read from {@code jdkHome}'s module image
     * @param settings   JVM flags given for the run ({@code TieredStopAtLevel}, ...), the engine's defaults otherwise
     * @param complete   whether the program ran to its end (else "not compiled" may mean "stopped first")
     */
    public static Map<Place, Judgement> judge(Collection<Place> places, Function<String, Optional<byte[]>> classBytes,
                                              Path compilationLog, Map<String, String> settings, boolean complete, Path jdkHome) {
        CompilationLog log;
        try {
            log = Files.exists(compilationLog) ? CompilationLog.read(compilationLog)
                    : CompilationLog.read(java.io.InputStream.nullInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return judge(places, classBytes, log, settings, complete, jdkHome);
    }

    static Map<Place, Judgement> judge(Collection<Place> places, Function<String, Optional<byte[]>> classBytes,
                                       CompilationLog log, Map<String, String> settings, boolean complete, Path jdkHome) {
        Map<Place, Judgement> out = new LinkedHashMap<>();
        try (JdkCode code = JdkCode.of(jdkHome).withClasses(classBytes)) {
            Map<String, byte[]> classes = new LinkedHashMap<>();
            Map<String, ClassNode> nodes = new HashMap<>();
            Set<String> owners = new LinkedHashSet<>();
            places.forEach(p -> owners.add(p.owner()));
            for (String owner : owners) {
                code.read(owner).ifPresent(bytes -> {
                    classes.put(owner.replace('/', '.'), bytes);
                    ClassNode cn = new ClassNode();
                    new ClassReader(bytes).accept(cn, ClassReader.SKIP_CODE);
                    nodes.put(owner, cn);
                });
            }
            ProgramCode program = new ProgramCode(new SourceCompiler.Classes(classes), Map.of());
            program.hasMain = true; // the program ran from its own main, not from the engine's warm-up of static methods
            VerdictRules rules = new VerdictRules(program, log, settings, Map.of(), complete ? Status.COMPLETE : Status.TIMED_OUT, code);
            Map<Site, Finding> findings = new HashMap<>();
            for (Place p : places) {
                ClassNode cn = nodes.get(p.owner());
                Site site = cn == null ? null : siteAt(program, p);
                if (site == null) {
                    out.put(p, new Judgement(null, null, noSite(p, cn, program), cn == null ? null : cn.sourceFile, null));
                } else {
                    Finding f = findings.computeIfAbsent(site, rules::finding);
                    out.put(p, new Judgement(f.verdict(), f.escapeState(), f.explanation(), cn.sourceFile, site.what()));
                }
            }
        }
        return out;
    }

    /**
     * The allocation site at the place's bytecode index; else, when that index starts no instruction, the
     * one allocation on its line.
     */
    private static Site siteAt(ProgramCode program, Place p) {
        MethodRef method = new MethodRef(p.owner(), p.name(), p.descriptor());
        List<Site> inMethod = program.sites.stream()
                .filter(s -> s.kind() == Site.Kind.ALLOCATION && s.method().equals(method)).toList();
        for (Site s : inMethod) {
            if (s.bci() == p.bci()) {
                return s;
            }
        }
        // A bci that starts no instruction means the class file read is not the one that ran: the line still tells.
        MethodFlow flow = program.methods.get(method);
        if (flow != null && flow.indexOf(p.bci()) >= 0) {
            return null;
        }
        List<Site> onLine = inMethod.stream().filter(s -> p.line() > 0 && s.line() == p.line()).toList();
        return onLine.size() == 1 ? onLine.get(0) : null;
    }

    /** Why a sampled place has no allocation instruction, as far as the bytecode tells. */
    private static String noSite(Place p, ClassNode cn, ProgramCode program) {
        String where = p.owner().replace('/', '.') + "." + p.name();
        if (p.owner().contains("$$Lambda") || p.owner().contains("/0x") || p.owner().startsWith("java/lang/invoke/LambdaForm$")) {
            return "allocated in " + where + ", a hidden class the JVM generated at run time (a lambda or a method handle's code):"
                    + " no class file holds its bytecode";
        }
        if (cn == null) {
            return "the class file of " + p.owner().replace('/', '.') + " was not found on the program's class path or in the JDK";
        }
        MethodNode mn = cn.methods.stream().filter(m -> m.name.equals(p.name()) && m.desc.equals(p.descriptor()))
                .findFirst().orElse(null);
        if (mn == null) {
            return "no method " + p.name() + p.descriptor() + " in " + p.owner().replace('/', '.') + "'s class file";
        }
        if ((mn.access & Opcodes.ACC_NATIVE) != 0) {
            boolean reflection = p.owner().startsWith("java/lang/reflect/") || p.owner().startsWith("jdk/internal/reflect/");
            return "allocated inside the native method " + where + (reflection ? " (reflection)" : "")
                    + ": native code, with no bytecode to analyse";
        }
        MethodFlow flow = program.methods.get(new MethodRef(p.owner(), p.name(), p.descriptor()));
        int insn = flow == null ? -1 : flow.indexOf(p.bci());
        if (insn < 0) {
            return "no instruction at bytecode index " + p.bci() + " of " + where;
        }
        AbstractInsnNode i = flow.node.instructions.get(insn);
        if (i instanceof MethodInsnNode call) {
            return "the instruction at bytecode index " + p.bci() + " is a call to "
                    + org.objectweb.asm.Type.getObjectType(call.owner).getClassName() + "." + call.name
                    + ", which allocated without a Java frame of its own (an intrinsic or the JVM's own code)";
        }
        return "the instruction at bytecode index " + p.bci() + " (opcode " + i.getOpcode() + ") is no allocation: the JVM"
                + " allocated on its behalf (for example an exception it throws, or a constant it resolves)";
    }
}
