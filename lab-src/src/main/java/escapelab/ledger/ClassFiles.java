package escapelab.ledger;

import escapelab.LabException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** The class files of a program and its class path (folders and jars), read by internal name for the join. */
final class ClassFiles implements AutoCloseable {
    private final List<Path> roots;
    private final Map<Path, ZipFile> jars = new HashMap<>();

    ClassFiles(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    Optional<byte[]> find(String internalName) {
        String entry = internalName + ".class";
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    Path file = root.resolve(entry);
                    if (Files.isRegularFile(file)) {
                        return Optional.of(Files.readAllBytes(file));
                    }
                } else {
                    ZipFile jar = jars.computeIfAbsent(root, ClassFiles::openJar);
                    ZipEntry e = jar.getEntry(entry);
                    if (e != null) {
                        try (InputStream in = jar.getInputStream(e)) {
                            return Optional.of(in.readAllBytes());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    /** The binary names of every class in the roots ({@code pkg.Outer$Inner}). */
    List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    try (Stream<Path> walk = Files.walk(root)) {
                        walk.filter(p -> p.toString().endsWith(".class")).forEach(p -> names.add(binaryName(root.relativize(p).toString())));
                    }
                } else {
                    ZipFile jar = jars.computeIfAbsent(root, ClassFiles::openJar);
                    jar.stream().map(ZipEntry::getName)
                            .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                            .forEach(n -> names.add(binaryName(n)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static String binaryName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('\\', '/').replace('/', '.');
    }

    /** A jar, or an input error that says the file is not one. */
    static ZipFile openJar(Path file) {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw LabException.input(file + " is not a jar (not a zip archive: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw LabException.input("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        for (ZipFile jar : jars.values()) {
            try {
                jar.close();
            } catch (IOException ignored) {
                // nothing was written to it
            }
        }
    }
}
