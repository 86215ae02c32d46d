package escapelab.escape;

import escapelab.jvm.SourceCompiler;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The program's own bytecode: its methods with their data flow, and every allocation and lock
 * site in them, each placed on its source line and column.
 */
final class ProgramCode {
    final Map<MethodRef, MethodFlow> methods = new LinkedHashMap<>();
    final List<Site> sites = new ArrayList<>();
    /** The instruction index of each site in its method. */
    final Map<Site, Integer> siteInsn = new HashMap<>();
    /** Methods that are static, take no arguments and are not main: the ones the engine warms and measures. */
    final List<MethodRef> entryPoints = new ArrayList<>();
    final List<String> classNames = new ArrayList<>();
    boolean hasMain;
    private final Map<String, ClassNode> nodes = new HashMap<>();

    boolean isFinalClass(String internalName) {
        ClassNode cn = nodes.get(internalName);
        return cn != null && (cn.access & Opcodes.ACC_FINAL) != 0;
    }

    private boolean isEnum(String internalName) {
        ClassNode cn = nodes.get(internalName);
        return cn != null && (cn.access & Opcodes.ACC_ENUM) != 0;
    }

    ProgramCode(SourceCompiler.Classes classes, Map<String, String> sourceByFile) {
        Map<String, Map<Integer, Integer>> tokensUsed = new HashMap<>(); // file:line -> occurrences used
        for (byte[] bytes : classes.bytes().values()) { // all classes first: a site may name a class read later
            ClassNode cn = new ClassNode();
            new ClassReader(bytes).accept(cn, 0);
            nodes.put(cn.name, cn);
        }
        for (Map.Entry<String, byte[]> e : classes.bytes().entrySet()) {
            ClassNode cn = new ClassNode();
            new ClassReader(e.getValue()).accept(cn, 0);
            classNames.add(e.getKey());
            Map<String, int[]> offsets = ClassFileOffsets.of(e.getValue());
            String file = cn.sourceFile == null ? "?" : cn.sourceFile;
            String[] lines = sourceByFile.getOrDefault(file, "").split("\n", -1);
            for (MethodNode mn : cn.methods) {
                MethodRef ref = new MethodRef(cn.name, mn.name, mn.desc);
                // A main as JDK 25 launches it (JEP 512): static or not, with String[] or nothing; LabEscapeDriver.mainOf.
                if (mn.name.equals("main") && (mn.desc.equals("([Ljava/lang/String;)V") || mn.desc.equals("()V"))
                        && (mn.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_ABSTRACT)) == 0) {
                    hasMain = true;
                } else if ((mn.access & Opcodes.ACC_STATIC) != 0 && mn.desc.startsWith("()")
                        && (mn.access & Opcodes.ACC_SYNTHETIC) == 0 && !mn.name.startsWith("<") && mn.instructions.size() > 0) {
                    entryPoints.add(ref);
                }
                if (mn.instructions.size() == 0) {
                    continue;
                }
                MethodFlow flow = new MethodFlow(cn.name, mn, offsets.getOrDefault(mn.name + mn.desc, new int[0]));
                methods.put(ref, flow);
                findSites(file, lines, ref, flow, tokensUsed);
            }
        }
        sites.sort(Comparator.comparing(Site::file).thenComparingInt(Site::line).thenComparingInt(Site::column));
    }

    private void findSites(String file, String[] lines, MethodRef ref, MethodFlow flow, Map<String, Map<Integer, Integer>> used) {
        MethodNode mn = flow.node;
        if ((mn.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            int line = firstLine(flow);
            Site s = new Site(file, line, column(lines, line, "synchronized", file, used), Site.Kind.LOCK,
                    "synchronized method " + ref.display(), MethodFlow.simple(ref.owner()), ref, -1, -1, false);
            add(s, -1);
        }
        for (int i = 0; i < mn.instructions.size(); i++) {
            AbstractInsnNode insn = mn.instructions.get(i);
            int op = insn.getOpcode();
            int line = flow.line[i];
            boolean lambda = insn instanceof InvokeDynamicInsnNode indy && MethodFlow.isLambda(indy)
                    && org.objectweb.asm.Type.getArgumentTypes(indy.desc).length > 0;
            if (op == Opcodes.NEW || op == Opcodes.NEWARRAY || op == Opcodes.ANEWARRAY || op == Opcodes.MULTIANEWARRAY || lambda) {
                String type = MethodFlow.allocatedType(insn);
                boolean array = op != Opcodes.NEW && !lambda;
                int length = array ? constantLength(insn) : -1;
                String what;
                if (lambda) {
                    what = "lambda " + type;
                } else if (array) {
                    String element = type.substring(0, type.indexOf('['));
                    what = "new " + element + "[" + (length >= 0 ? length : "") + "]" + type.substring(type.indexOf(']') + 1);
                } else if (type.chars().allMatch(Character::isDigit)) {
                    what = "new " + anonymousName(((org.objectweb.asm.tree.TypeInsnNode) insn).desc);
                } else {
                    what = "new " + type;
                }
                String constant = op == Opcodes.NEW && ref.name().equals("<clinit>") && isEnum(ref.owner()) ? enumConstant(insn) : null;
                int column = lambda ? lambdaColumn(lines, line)
                        : constant != null ? column(lines, line, "\\b" + Pattern.quote(constant) + "\\b", file, used)
                        : allocationColumn(lines, line, type, array, file, used);
                add(new Site(file, line, column, Site.Kind.ALLOCATION, what, type, ref, flow.bci[i], length, array), i);
            } else if (MethodFlow.isBoxing(insn)) {
                String box = MethodFlow.simple(((MethodInsnNode) insn).owner);
                add(new Site(file, line, column(lines, line, "\\bvalueOf\\b", file, used), Site.Kind.ALLOCATION,
                        "box " + box, box, ref, flow.bci[i], -1, false), i);
            } else if (op == Opcodes.MONITORENTER) {
                add(new Site(file, line, column(lines, line, "synchronized", file, used), Site.Kind.LOCK,
                        "synchronized", "", ref, flow.bci[i], -1, false), i);
            }
        }
    }

    /**
     * The name of the enum constant a {@code new} in a static initialiser creates, or null: javac writes
     * {@code new E; dup; ldc "NAME"; ...} for each constant, and the source shows no {@code new} to point at.
     */
    private static String enumConstant(AbstractInsnNode insn) {
        AbstractInsnNode dup = insn.getNext();
        AbstractInsnNode name = dup == null ? null : dup.getNext();
        return dup != null && dup.getOpcode() == Opcodes.DUP && name instanceof LdcInsnNode ldc
                && ldc.cst instanceof String s && s.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*") ? s : null;
    }

    /** An anonymous class by what it extends, as the source writes it: {@code Runnable() {...}}. */
    private String anonymousName(String internalName) {
        ClassNode cn = nodes.get(internalName);
        String parent = cn == null ? null
                : !cn.interfaces.isEmpty() ? cn.interfaces.get(0) : cn.superName;
        return parent == null ? "anonymous class" : MethodFlow.simple(parent) + "() {...}";
    }

    private void add(Site s, int insn) {
        sites.add(s);
        siteInsn.put(s, insn);
    }

    private static int firstLine(MethodFlow flow) {
        for (int l : flow.line) {
            if (l > 0) {
                return l;
            }
        }
        return 0;
    }

    /** The length of an array allocation when the instruction before it pushes a constant. */
    private static int constantLength(AbstractInsnNode insn) {
        if (insn instanceof MultiANewArrayInsnNode) {
            return -1;
        }
        AbstractInsnNode prev = insn.getPrevious();
        while (prev != null && prev.getOpcode() < 0) {
            prev = prev.getPrevious();
        }
        if (prev == null) {
            return -1;
        }
        int op = prev.getOpcode();
        if (op >= Opcodes.ICONST_0 && op <= Opcodes.ICONST_5) {
            return op - Opcodes.ICONST_0;
        }
        if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) {
            return ((IntInsnNode) prev).operand;
        }
        if (op == Opcodes.LDC && ((LdcInsnNode) prev).cst instanceof Integer k) {
            return k;
        }
        return -1;
    }

    /**
     * The column of an allocation: the next unused {@code new Type} (or {@code new Elem[}) on the
     * line, so that {@code {new A(), new B()}} places each where it is written; an array written
     * as an initializer is at its brace.
     */
    private static int allocationColumn(String[] lines, int line, String type, boolean array, String file,
                                        Map<String, Map<Integer, Integer>> used) {
        String simple = (array ? type.substring(0, type.indexOf('[')) : type).replaceAll(".*[.$]", "");
        String written = "\\bnew\\s+(?:[\\w.$]+[.$])?" + Pattern.quote(simple) + (array ? "\\s*\\[" : "\\b");
        if (line > 0 && line <= lines.length) {
            Matcher m = Pattern.compile(written).matcher(codeOnly(lines[line - 1]));
            int count = 0;
            while (m.find()) {
                count++;
            }
            int taken = used.getOrDefault(file + ":" + written, Map.of()).getOrDefault(line, 0);
            if (taken < count) {
                return column(lines, line, written, file, used);
            }
        }
        return column(lines, line, array ? "\\{" : "\\bnew\\b", file, used);
    }

    /** The column of the next unused match of a pattern on the line, ignoring comments; else the first non-blank. */
    private static int column(String[] lines, int line, String keyword, String file, Map<String, Map<Integer, Integer>> used) {
        if (line <= 0 || line > lines.length) {
            return 1;
        }
        String text = codeOnly(lines[line - 1]);
        Pattern p = keyword.equals("synchronized") ? Pattern.compile("\\bsynchronized\\b") : Pattern.compile(keyword);
        Matcher m = p.matcher(text);
        int wanted = used.computeIfAbsent(file + ":" + keyword, k -> new HashMap<>()).merge(line, 1, Integer::sum);
        int n = 0;
        int last = -1;
        while (m.find()) {
            last = m.start();
            if (++n == wanted) {
                return m.start() + 1;
            }
        }
        return last >= 0 ? last + 1 : firstNonBlank(text);
    }

    private static int lambdaColumn(String[] lines, int line) {
        if (line <= 0 || line > lines.length) {
            return 1;
        }
        String text = codeOnly(lines[line - 1]);
        int arrow = text.indexOf("->");
        if (arrow < 0) {
            int ref = text.indexOf("::");
            if (ref < 0) {
                return firstNonBlank(text);
            }
            int start = ref;
            while (start > 0 && (Character.isJavaIdentifierPart(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
                start--;
            }
            return start + 1;
        }
        int start = arrow - 1;
        while (start > 0 && text.charAt(start) == ' ') {
            start--;
        }
        if (text.charAt(start) == ')') {
            start = text.lastIndexOf('(', start);
        } else {
            while (start > 0 && Character.isJavaIdentifierPart(text.charAt(start - 1))) {
                start--;
            }
        }
        return Math.max(start, 0) + 1;
    }

    private static String codeOnly(String line) {
        int comment = line.indexOf("//");
        return comment >= 0 ? line.substring(0, comment) : line;
    }

    private static int firstNonBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return i + 1;
            }
        }
        return 1;
    }
}
