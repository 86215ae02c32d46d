package escapelab.jvm;

import escapelab.LabException;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles Java source text in memory with the lab's own javac, for any target release from 17
 * on ({@code --release}), always with full debug information: the escape engine maps bytecode
 * back to source lines. A compile error is an input error whose message is javac's own, one
 * {@code File.java:line:column: error: ...} line per diagnostic.
 */
public final class SourceCompiler {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private SourceCompiler() {
    }

    /** A source file: its name (such as {@code Demo.java}) and text. */
    public record Source(String fileName, String text) {
        /** Larger source files are refused unread: reading one of gigabytes ran the lab's JVM out of memory. */
        public static final long MAX_BYTES = 16L << 20;

        public static Source of(Path file) {
            try {
                long size = Files.isRegularFile(file) ? Files.size(file) : 0;
                if (size > MAX_BYTES) {
                    throw LabException.input(String.format("%s is %,d bytes; the lab reads source files of up to %,d", file, size, MAX_BYTES));
                }
                return new Source(file.getFileName().toString(), Files.readString(file));
            } catch (java.nio.charset.CharacterCodingException e) {
                throw LabException.input("cannot read " + file + ": it is not UTF-8 text; save it as UTF-8 and run again");
            } catch (IOException e) {
                throw LabException.input("cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    /** Class files by binary name ({@code pkg.Outer$Inner}), in the order javac wrote them. */
    public record Classes(Map<String, byte[]> bytes) {
        public void writeTo(Path dir) {
            try {
                for (Map.Entry<String, byte[]> e : bytes.entrySet()) {
                    Path file = dir.resolve(e.getKey().replace('.', '/') + ".class");
                    Files.createDirectories(file.getParent());
                    Files.write(file, e.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static Classes compile(List<Source> sources, int release, List<Path> classPath) {
        if (JAVAC == null) {
            throw LabException.environment("this JVM has no Java compiler (jdk.compiler); run the lab on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = JAVAC.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        Map<String, ByteArrayOutputStream> out = new LinkedHashMap<>();
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = units(sources);
        List<String> options = new ArrayList<>(List.of("--release", String.valueOf(release), "-g", "-proc:none",
                "-Xlint:-options", "-implicit:none"));
        if (!classPath.isEmpty()) {
            options.add("-classpath");
            options.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        } else {
            // Not javac's default, this JVM's class path (the lab jar and its libraries): a program that used
            // Gson or JOL from there would compile here and then fail where it runs, on its own class path.
            try {
                standard.setLocation(StandardLocation.CLASS_PATH, List.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        boolean ok = JAVAC.getTask(null, manager, diagnostics, options, null, units).call();
        if (!ok) {
            throw new CompileError(describe(diagnostics.getDiagnostics()));
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        out.forEach((name, buf) -> classes.put(name, buf.toByteArray()));
        return new Classes(classes);
    }

    /**
     * Compiles to a folder, with the annotation processors found on the class path running (JMH's
     * generates the benchmark harness and META-INF/BenchmarkList there).
     */
    public static void compileWithProcessors(List<Source> sources, int release, List<Path> classPath, Path outDir) {
        if (JAVAC == null) {
            throw LabException.environment("this JVM has no Java compiler (jdk.compiler); run the lab on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = JAVAC.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        List<JavaFileObject> units = units(sources);
        String cp = String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList());
        List<String> options = new ArrayList<>(List.of("--release", String.valueOf(release), "-g", "-Xlint:-options",
                "-proc:full", "-processorpath", cp, "-classpath", cp, "-d", outDir.toString(), "-s", outDir.toString()));
        if (release < 21) {
            options.remove("-proc:full"); // before JDK 21 processors on the path ran by default and -proc:full did not exist
        }
        boolean ok;
        try {
            Files.createDirectories(outDir);
            ok = JAVAC.getTask(null, standard, diagnostics, options, null, units).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!ok) {
            throw new CompileError(describe(diagnostics.getDiagnostics()));
        }
    }

    /** A URI for a source in memory; the name is quoted as a URI needs (a space in "My Lab.java"). */
    private static URI memUri(String fileName) {
        try {
            return new URI("mem", null, "/" + fileName, null);
        } catch (java.net.URISyntaxException e) {
            throw LabException.input("cannot use " + fileName + " as a file name: " + e.getMessage());
        }
    }

    /** Sources held in memory, named as the user named them so javac's messages do too. */
    private static List<JavaFileObject> units(List<Source> sources) {
        List<JavaFileObject> units = new ArrayList<>();
        for (Source s : sources) {
            units.add(new SimpleJavaFileObject(memUri(s.fileName()), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.text();
                }

                @Override
                public String getName() {
                    return s.fileName();
                }
            });
        }
        return units;
    }

    /** javac's errors as {@code File.java:12:17: error: message}, each with its source line. */
    static String describe(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        StringBuilder b = new StringBuilder();
        int errors = 0;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            errors++;
            String file = d.getSource() == null ? "<javac>" : d.getSource().getName();
            b.append(file).append(':').append(d.getLineNumber()).append(':').append(d.getColumnNumber())
                    .append(": error: ").append(d.getMessage(Locale.ROOT)).append('\n');
            if (d.getSource() != null && d.getLineNumber() > 0) {
                try {
                    String line = d.getSource().getCharContent(true).toString().lines()
                            .skip(d.getLineNumber() - 1).findFirst().orElse("");
                    b.append("    ").append(line).append('\n');
                    b.append("    ").append(" ".repeat((int) Math.max(0, d.getColumnNumber() - 1))).append("^\n");
                } catch (IOException e) {
                    // the message alone still names file and line
                }
            }
        }
        b.append(errors).append(errors == 1 ? " error" : " errors").append(": fix the source and run again");
        return b.toString();
    }
}
