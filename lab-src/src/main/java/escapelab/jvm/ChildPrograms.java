package escapelab.jvm;

import escapelab.LabException;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The programs the lab runs in child JVMs: the escape driver, the JOL probe, the memory-misuse
 * scenarios. Their sources are lab-src/src/child/java; Maven compiles them once for the oldest
 * target release and packs the class files into the lab under {@code escapelab/child/}. A child
 * gets copies of them beside the program it runs, never the lab itself on its class path.
 */
public final class ChildPrograms {
    private static final String FOLDER = "/escapelab/child/";
    private static final Map<String, SourceCompiler.Classes> LOADED = new ConcurrentHashMap<>();

    private ChildPrograms() {
    }

    /** The class files of the program whose main class is named (in the unnamed package), with its nested classes. */
    public static SourceCompiler.Classes classes(String mainClass) {
        return LOADED.computeIfAbsent(mainClass, ChildPrograms::load);
    }

    private static SourceCompiler.Classes load(String mainClass) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.add(mainClass);
        while (!pending.isEmpty()) {
            String name = pending.remove();
            if (bytes.containsKey(name)) {
                continue;
            }
            byte[] b = read(name);
            bytes.put(name, b);
            // javac names every class nested in this one (a record, an anonymous class) in its InnerClasses attribute.
            new ClassReader(b).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visitInnerClass(String inner, String outer, String simpleName, int access) {
                    if (inner.startsWith(name + "$")) {
                        pending.add(inner);
                    }
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }
        return new SourceCompiler.Classes(bytes);
    }

    private static byte[] read(String name) {
        try (InputStream in = ChildPrograms.class.getResourceAsStream(FOLDER + name + ".class")) {
            if (in == null) {
                throw LabException.environment("the lab has no " + FOLDER + name + ".class (built from lab-src/src/child/java): "
                        + "rebuild the lab jar with ./lab setup");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw LabException.environment("cannot read " + FOLDER + name + ".class from the lab: " + e.getMessage());
        }
    }
}
