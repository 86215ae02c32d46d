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
    private final Map<String, Optional<ClassNode>> classes = new HashMap<>();
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
        return flows.computeIfAbsent(method, m -> classNode(m.owner()).flatMap(cn -> {
            for (MethodNode mn : cn.methods) {
                if (mn.name.equals(m.name()) && mn.desc.equals(m.descriptor())) {
                    byte[] bytes = read(m.owner()).orElse(null);
                    int[] offsets = bytes == null ? new int[0] : ClassFileOffsets.of(bytes).getOrDefault(mn.name + mn.desc, new int[0]);
                    return Optional.of(new MethodFlow(cn.name, mn, offsets));
                }
            }
            return Optional.empty();
        }));
    }

    /** Whether the JDK class is final (its virtual methods then have one target). */
    boolean isFinalClass(String internalName) {
        return classNode(internalName).map(cn -> (cn.access & Opcodes.ACC_FINAL) != 0).orElse(false);
    }

    private Optional<ClassNode> classNode(String internalName) {
        return classes.computeIfAbsent(internalName, n -> read(n).map(bytes -> {
            ClassNode cn = new ClassNode();
            new ClassReader(bytes).accept(cn, 0);
            return cn;
        }));
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
