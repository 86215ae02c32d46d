package escapelab.escape;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The bytecode of JDK methods, read from the analysed JDK's own module image (its {@code jrt:/}
 * file system), so that the engine can redo C2's bytecode escape analysis of a JDK method that a
 * program passes an object to: the same bytes C2 analysed on that JDK.
 */
final class JdkCode implements AutoCloseable {
    private final FileSystem jrt;
    private final boolean own;
    private final Map<String, Optional<JdkClass>> classes = new HashMap<>();
    private final Map<MethodRef, Optional<MethodFlow>> flows = new HashMap<>();
    /** Classes outside the JDK (a program's libraries), looked up before the module image; empty by default. */
    private Function<String, Optional<byte[]>> outside = name -> Optional.empty();

    private JdkCode(FileSystem jrt, boolean own) {
        this.jrt = jrt;
        this.own = own;
    }

    /** Also read classes from outside the JDK, by internal name: a program's own classes and its libraries. */
    JdkCode withClasses(Function<String, Optional<byte[]>> lookup) {
        this.outside = lookup;
        return this;
    }

    /** The module image of the JDK at {@code javaHome}; an empty reader when it cannot be opened. */
    static JdkCode of(Path javaHome) {
        try {
            Path running = Path.of(System.getProperty("java.home")).toRealPath();
            if (running.equals(javaHome.toRealPath())) {
                return new JdkCode(FileSystems.getFileSystem(URI.create("jrt:/")), false);
            }
            return new JdkCode(FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", javaHome.toString())), true);
        } catch (IOException | RuntimeException e) {
            return new JdkCode(null, false);
        }
    }

    /** The method's data flow, or empty when the JDK has no such method or its image cannot be read. */
    Optional<MethodFlow> flow(MethodRef method) {
        return flows.computeIfAbsent(method, m -> jdkClass(m.owner()).flatMap(c -> {
            for (MethodNode mn : c.node.methods) {
                if (mn.name.equals(m.name()) && mn.desc.equals(m.descriptor())) {
                    return Optional.of(new MethodFlow(c.node.name, mn, c.offsets().getOrDefault(mn.name + mn.desc, new int[0])));
                }
            }
            return Optional.empty();
        }));
    }

    /** Whether the JDK class is final (its virtual methods then have one target). */
    boolean isFinalClass(String internalName) {
        return jdkClass(internalName).map(c -> (c.node.access & Opcodes.ACC_FINAL) != 0).orElse(false);
    }

    /** A class read once: its tree, and the offsets of its methods' instructions when first asked for. */
    private static final class JdkClass {
        final byte[] bytes;
        final ClassNode node = new ClassNode();
        private Map<String, int[]> offsets;

        JdkClass(byte[] bytes) {
            this.bytes = bytes;
            new ClassReader(bytes).accept(node, 0);
        }

        Map<String, int[]> offsets() {
            if (offsets == null) {
                offsets = ClassFileOffsets.of(bytes);
            }
            return offsets;
        }
    }

    private Optional<JdkClass> jdkClass(String internalName) {
        return classes.computeIfAbsent(internalName, n -> read(n).map(JdkClass::new));
    }

    Optional<byte[]> read(String internalName) {
        Optional<byte[]> found = outside.apply(internalName);
        if (found.isPresent()) {
            return found;
        }
        if (jrt == null) {
            return Optional.empty();
        }
        int slash = internalName.lastIndexOf('/');
        String pkg = slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
        // /packages/<package>/ lists the modules that hold the package.
        try (DirectoryStream<Path> modules = Files.newDirectoryStream(jrt.getPath("/packages", pkg))) {
            for (Path module : modules) {
                Path file = jrt.getPath("/modules", module.getFileName().toString(), internalName + ".class");
                if (Files.exists(file)) {
                    return Optional.of(Files.readAllBytes(file));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (own && jrt != null) {
            try {
                jrt.close();
            } catch (IOException ignored) {
                // a module image that will not close holds no resource worth reporting
            }
        }
    }
}
