package escapelab.escape;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where references go inside one method, read from its bytecode: for every allocation, every
 * parameter and every call result, the places its value is stored, returned, passed, thrown or
 * merged with another allocation. These are the facts the engine explains C2's decisions with,
 * the way {@code -m=2} explains Go's; which of them mattered depends on what C2 inlined.
 */
final class MethodFlow {
    /** Where a reference came from: an allocation site, a parameter, a call's result, or elsewhere. */
    record Origin(Kind kind, int index) {
        enum Kind { SITE, PARAM, CALL_RESULT }
    }

    /** Something the method does with a value. {@code insn} is the instruction index that does it. */
    record Fact(Type type, int insn, String detail, Set<Origin> holder, int argument) {
        enum Type { STATIC_STORE, FIELD_STORE, ARRAY_STORE, RETURNED, THROWN, PASSED, MERGED, VARIABLE_INDEX, LOCKED, COMPARED }
    }

    final MethodNode node;
    final int[] bci;            // by instruction index; -1 for labels, lines and frames
    final int[] line;           // by instruction index
    /** The size of the method's bytecode, which C2 compares with its size limits. */
    final int codeSize;
    final Map<Origin, List<Fact>> facts = new LinkedHashMap<>();
    /** The origins of each argument (receiver first) at each call instruction. */
    final Map<Integer, List<Set<Origin>>> callArguments = new LinkedHashMap<>();
    /** The origins of the object each monitorenter locks. */
    final Map<Integer, Set<Origin>> lockedObjects = new LinkedHashMap<>();
    private final List<List<Integer>> successors = new ArrayList<>();
    private final Set<Long> exceptionEdges = new HashSet<>();
    private final Map<Integer, Integer> indexOfBci = new LinkedHashMap<>();

    MethodFlow(String owner, MethodNode node, int[] offsets) {
        this.node = node;
        this.codeSize = offsets.length == 0 ? 0 : offsets[offsets.length - 1];
        int n = node.instructions.size();
        bci = new int[n];
        line = new int[n];
        int real = 0;
        int currentLine = 0;
        for (int i = 0; i < n; i++) {
            AbstractInsnNode insn = node.instructions.get(i);
            successors.add(new ArrayList<>());
            if (insn instanceof org.objectweb.asm.tree.LineNumberNode ln) {
                currentLine = ln.line;
            }
            if (insn.getOpcode() >= 0) {
                bci[i] = real < offsets.length ? offsets[real] : -1;
                real++;
                indexOfBci.put(bci[i], i);
            } else {
                bci[i] = -1;
            }
            line[i] = currentLine;
        }
        analyze(owner);
    }

    int indexOf(int bytecodeIndex) {
        return indexOfBci.getOrDefault(bytecodeIndex, -1);
    }

    List<Fact> factsOf(Origin o) {
        return facts.getOrDefault(o, List.of());
    }

    /**
     * Instructions reachable from {@code startBci} when the given branches lose one successor
     * (C2 compiled an uncommon trap there instead): bci to "taken" or "fallthrough".
     */
    BitSet reachable(int startBci, Map<Integer, String> pruned) {
        BitSet seen = new BitSet();
        int start = indexOf(Math.max(startBci, 0));
        if (start < 0) {
            return seen;
        }
        List<Integer> work = new ArrayList<>(List.of(start));
        while (!work.isEmpty()) {
            int i = work.remove(work.size() - 1);
            if (seen.get(i)) {
                continue;
            }
            seen.set(i);
            String cut = bci[i] >= 0 ? pruned.get(bci[i]) : null;
            for (int s : successors.get(i)) {
                // ASM's fall-through edge goes to the next node (often a label); a jump goes to its target label.
                boolean fallthrough = s == i + 1;
                boolean handler = exceptionEdges.contains(((long) i << 32) | s);
                if (cut != null && !handler && (cut.equals("fallthrough") == fallthrough)) {
                    continue;
                }
                work.add(s);
            }
        }
        return seen;
    }

    private void analyze(String owner) {
        Analyzer<FlowValue> analyzer = new Analyzer<>(new FlowInterpreter()) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                successors.get(insn).add(successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, int successor) {
                successors.get(insn).add(successor);
                exceptionEdges.add(((long) insn << 32) | successor);
                return true;
            }
        };
        Frame<FlowValue>[] frames;
        try {
            frames = analyzer.analyze(owner, node);
        } catch (AnalyzerException e) {
            return; // no facts: reasons will say "reason unknown"
        }
        // Follow pseudo-instructions to the real one after them when computing reachability.
        for (int i = 0; i < bci.length; i++) {
            if (node.instructions.get(i).getOpcode() < 0 && successors.get(i).isEmpty() && i + 1 < bci.length) {
                successors.get(i).add(i + 1);
            }
        }
        for (int i = 0; i < frames.length; i++) {
            Frame<FlowValue> f = frames[i];
            if (f != null) {
                record(i, node.instructions.get(i), f);
            }
        }
    }

    private void record(int i, AbstractInsnNode insn, Frame<FlowValue> f) {
        int op = insn.getOpcode();
        int top = f.getStackSize() - 1;
        switch (op) {
            case Opcodes.PUTSTATIC -> {
                FieldInsnNode fi = (FieldInsnNode) insn;
                add(f.getStack(top), new Fact(Fact.Type.STATIC_STORE, i, simple(fi.owner) + "." + fi.name, Set.of(), -1));
            }
            case Opcodes.PUTFIELD -> {
                FieldInsnNode fi = (FieldInsnNode) insn;
                add(f.getStack(top), new Fact(Fact.Type.FIELD_STORE, i, simple(fi.owner) + "." + fi.name,
                        f.getStack(top - 1).origins, -1));
            }
            case Opcodes.AASTORE -> {
                add(f.getStack(top), new Fact(Fact.Type.ARRAY_STORE, i, "", f.getStack(top - 2).origins, -1));
                indexUse(i, f.getStack(top - 2), f.getStack(top - 1));
            }
            case Opcodes.IASTORE, Opcodes.LASTORE, Opcodes.FASTORE, Opcodes.DASTORE, Opcodes.BASTORE, Opcodes.CASTORE,
                 Opcodes.SASTORE -> indexUse(i, f.getStack(top - 2), f.getStack(top - 1));
            case Opcodes.IALOAD, Opcodes.LALOAD, Opcodes.FALOAD, Opcodes.DALOAD, Opcodes.AALOAD, Opcodes.BALOAD,
                 Opcodes.CALOAD, Opcodes.SALOAD -> indexUse(i, f.getStack(top - 1), f.getStack(top));
            case Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> { // a == b on references; == null is IFNULL
                add(f.getStack(top - 1), new Fact(Fact.Type.COMPARED, i, "", f.getStack(top).origins, -1));
                add(f.getStack(top), new Fact(Fact.Type.COMPARED, i, "", f.getStack(top - 1).origins, -1));
            }
            case Opcodes.ARETURN -> add(f.getStack(top), new Fact(Fact.Type.RETURNED, i, "", Set.of(), -1));
            case Opcodes.ATHROW -> add(f.getStack(top), new Fact(Fact.Type.THROWN, i, "", Set.of(), -1));
            case Opcodes.MONITORENTER -> {
                add(f.getStack(top), new Fact(Fact.Type.LOCKED, i, "", Set.of(), -1));
                lockedObjects.put(i, f.getStack(top).origins);
            }
            case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESPECIAL, Opcodes.INVOKESTATIC, Opcodes.INVOKEINTERFACE -> {
                MethodInsnNode mi = (MethodInsnNode) insn;
                int args = Type.getArgumentTypes(mi.desc).length + (op == Opcodes.INVOKESTATIC ? 0 : 1);
                List<Set<Origin>> origins = new ArrayList<>();
                for (int a = 0; a < args; a++) {
                    origins.add(f.getStack(top - args + 1 + a).origins);
                }
                callArguments.put(i, origins);
                for (int a = 0; a < args; a++) {
                    add(f.getStack(top - args + 1 + a), new Fact(Fact.Type.PASSED, i,
                            simple(mi.owner) + "." + mi.name, Set.of(), a));
                }
            }
            case Opcodes.INVOKEDYNAMIC -> {
                InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) insn;
                int args = Type.getArgumentTypes(indy.desc).length;
                if (!isLambda(indy)) {
                    for (int a = 0; a < args; a++) {
                        add(f.getStack(top - args + 1 + a), new Fact(Fact.Type.PASSED, i, indy.name, Set.of(), a));
                    }
                }
                // captured by a lambda: the lambda object holds it like a field
                for (int a = 0; isLambda(indy) && a < args; a++) {
                    add(f.getStack(top - args + 1 + a), new Fact(Fact.Type.FIELD_STORE, i, "a captured variable",
                            Set.of(new Origin(Origin.Kind.SITE, i)), -1));
                }
            }
            default -> {
            }
        }
    }

    private void indexUse(int i, FlowValue array, FlowValue index) {
        if (index.constant == null) {
            add(array, new Fact(Fact.Type.VARIABLE_INDEX, i, "", Set.of(), -1));
        }
    }

    private void add(FlowValue v, Fact fact) {
        if (v == null) {
            return;
        }
        long sites = v.origins.stream().filter(o -> o.kind() == Origin.Kind.SITE).count();
        for (Origin o : v.origins) {
            List<Fact> list = facts.computeIfAbsent(o, k -> new ArrayList<>());
            if (!list.contains(fact)) {
                list.add(fact);
            }
            Fact merged = new Fact(Fact.Type.MERGED, fact.insn(), "", v.origins, -1);
            if (sites > 1 && o.kind() == Origin.Kind.SITE && !list.contains(merged)) {
                list.add(merged);
            }
        }
    }

    private static final Set<String> BOX_CLASSES = Set.of("java/lang/Integer", "java/lang/Long", "java/lang/Short",
            "java/lang/Byte", "java/lang/Character", "java/lang/Float", "java/lang/Double");

    /** A boxing call, as javac writes autoboxing: {@code Integer.valueOf(int)} and its siblings (Boolean never allocates). */
    static boolean isBoxing(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode mi && insn.getOpcode() == Opcodes.INVOKESTATIC && mi.name.equals("valueOf")
                && BOX_CLASSES.contains(mi.owner) && Type.getArgumentTypes(mi.desc).length == 1
                && Type.getArgumentTypes(mi.desc)[0].getSort() <= Type.DOUBLE;
    }

    static boolean isLambda(InvokeDynamicInsnNode indy) {
        Handle bsm = indy.bsm;
        return bsm != null && bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory");
    }

    static String simple(String internalName) {
        String s = internalName.substring(internalName.lastIndexOf('/') + 1);
        return s.substring(s.lastIndexOf('$') + 1);
    }

    /** A stack or local slot: its size, the origins of the reference in it, and a constant int if known. */
    static final class FlowValue implements Value {
        final int size;
        final Set<Origin> origins;
        final Integer constant;

        FlowValue(int size, Set<Origin> origins, Integer constant) {
            this.size = size;
            this.origins = origins;
            this.constant = constant;
        }

        @Override
        public int getSize() {
            return size;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FlowValue v && v.size == size && v.origins.equals(origins)
                    && java.util.Objects.equals(v.constant, constant);
        }

        @Override
        public int hashCode() {
            return origins.hashCode() * 31 + size;
        }
    }

    /** ASM's interpreter, tracking origins through copies and merges, and int constants for array indexes. */
    private final class FlowInterpreter extends Interpreter<FlowValue> {
        FlowInterpreter() {
            super(Opcodes.ASM9);
        }

        private FlowValue plain(int size) {
            return new FlowValue(size, Set.of(), null);
        }

        private FlowValue origin(Origin.Kind kind, AbstractInsnNode insn) {
            return new FlowValue(1, Set.of(new Origin(kind, node.instructions.indexOf(insn))), null);
        }

        @Override
        public FlowValue newValue(Type type) {
            if (type == Type.VOID_TYPE) {
                return null;
            }
            return plain(type == null ? 1 : type.getSize());
        }

        @Override
        public FlowValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
            return new FlowValue(type.getSize(), Set.of(new Origin(Origin.Kind.PARAM, local)), null);
        }

        @Override
        public FlowValue newOperation(AbstractInsnNode insn) {
            return switch (insn.getOpcode()) {
                case Opcodes.NEW -> origin(Origin.Kind.SITE, insn);
                case Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2, Opcodes.ICONST_3,
                     Opcodes.ICONST_4, Opcodes.ICONST_5 -> new FlowValue(1, Set.of(), insn.getOpcode() - Opcodes.ICONST_0);
                case Opcodes.BIPUSH, Opcodes.SIPUSH -> new FlowValue(1, Set.of(), ((IntInsnNode) insn).operand);
                case Opcodes.LDC -> {
                    Object c = ((LdcInsnNode) insn).cst;
                    yield c instanceof Integer k ? new FlowValue(1, Set.of(), k)
                            : plain(c instanceof Long || c instanceof Double ? 2 : 1);
                }
                case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> plain(2);
                case Opcodes.GETSTATIC -> plain(Type.getType(((FieldInsnNode) insn).desc).getSize());
                default -> plain(1);
            };
        }

        @Override
        public FlowValue copyOperation(AbstractInsnNode insn, FlowValue value) {
            return value;
        }

        @Override
        public FlowValue unaryOperation(AbstractInsnNode insn, FlowValue value) {
            return switch (insn.getOpcode()) {
                case Opcodes.NEWARRAY, Opcodes.ANEWARRAY -> origin(Origin.Kind.SITE, insn);
                case Opcodes.CHECKCAST -> value;
                case Opcodes.GETFIELD -> plain(Type.getType(((FieldInsnNode) insn).desc).getSize());
                case Opcodes.I2L, Opcodes.I2D, Opcodes.L2D, Opcodes.F2L, Opcodes.F2D, Opcodes.LNEG, Opcodes.DNEG,
                     Opcodes.D2L -> plain(2);
                case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE,
                     Opcodes.IFNULL, Opcodes.IFNONNULL, Opcodes.TABLESWITCH, Opcodes.LOOKUPSWITCH, Opcodes.IRETURN,
                     Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN, Opcodes.PUTSTATIC,
                     Opcodes.ATHROW, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> null;
                default -> plain(1);
            };
        }

        @Override
        public FlowValue binaryOperation(AbstractInsnNode insn, FlowValue a, FlowValue b) {
            return switch (insn.getOpcode()) {
                case Opcodes.LALOAD, Opcodes.DALOAD, Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB,
                     Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV, Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM,
                     Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR -> plain(2);
                case Opcodes.IF_ICMPEQ, Opcodes.IF_ICMPNE, Opcodes.IF_ICMPLT, Opcodes.IF_ICMPGE, Opcodes.IF_ICMPGT,
                     Opcodes.IF_ICMPLE, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE, Opcodes.PUTFIELD -> null;
                default -> plain(1);
            };
        }

        @Override
        public FlowValue ternaryOperation(AbstractInsnNode insn, FlowValue a, FlowValue b, FlowValue c) {
            return null;
        }

        @Override
        public FlowValue naryOperation(AbstractInsnNode insn, List<? extends FlowValue> values) {
            if (insn instanceof MultiANewArrayInsnNode) {
                return origin(Origin.Kind.SITE, insn);
            }
            if (insn instanceof InvokeDynamicInsnNode indy) {
                if (isLambda(indy) && Type.getArgumentTypes(indy.desc).length > 0) {
                    return origin(Origin.Kind.SITE, insn);
                }
                return newValue(Type.getReturnType(indy.desc));
            }
            if (isBoxing(insn)) {
                return origin(Origin.Kind.SITE, insn);
            }
            Type ret = Type.getReturnType(((MethodInsnNode) insn).desc);
            if (ret.getSort() == Type.OBJECT || ret.getSort() == Type.ARRAY) {
                return origin(Origin.Kind.CALL_RESULT, insn);
            }
            return newValue(ret);
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, FlowValue value, FlowValue expected) {
        }

        @Override
        public FlowValue merge(FlowValue a, FlowValue b) {
            if (a.equals(b)) {
                return a;
            }
            Set<Origin> union = new HashSet<>(a.origins);
            union.addAll(b.origins);
            Integer constant = java.util.Objects.equals(a.constant, b.constant) ? a.constant : null;
            return new FlowValue(Math.min(a.size, b.size), Set.copyOf(union), constant);
        }
    }

    /** The type an allocation instruction makes, as a reader names it. */
    static String allocatedType(AbstractInsnNode insn) {
        return switch (insn.getOpcode()) {
            case Opcodes.NEW -> simple(((TypeInsnNode) insn).desc);
            case Opcodes.ANEWARRAY -> Type.getObjectType(((TypeInsnNode) insn).desc).getClassName()
                    .replaceAll(".*[.$]", "") + "[]";
            case Opcodes.NEWARRAY -> switch (((IntInsnNode) insn).operand) {
                case Opcodes.T_BOOLEAN -> "boolean[]";
                case Opcodes.T_CHAR -> "char[]";
                case Opcodes.T_FLOAT -> "float[]";
                case Opcodes.T_DOUBLE -> "double[]";
                case Opcodes.T_BYTE -> "byte[]";
                case Opcodes.T_SHORT -> "short[]";
                case Opcodes.T_INT -> "int[]";
                default -> "long[]";
            };
            case Opcodes.MULTIANEWARRAY -> Type.getType(((MultiANewArrayInsnNode) insn).desc).getClassName()
                    .replaceAll(".*[.$]", "");
            case Opcodes.INVOKEDYNAMIC -> simple(Type.getReturnType(((InvokeDynamicInsnNode) insn).desc).getInternalName());
            default -> "?";
        };
    }

}
