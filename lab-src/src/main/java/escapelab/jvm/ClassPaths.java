package escapelab.jvm;

import escapelab.LabException;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where this JVM loaded libraries from, so a child JVM or javac can be given the same ones: the
 * shaded lab jar in a release, separate jars and folders in a Maven build, the kernel's class path
 * in a notebook.
 */
public final class ClassPaths {
    private ClassPaths() {
    }

    /** The jar or folder each named class was loaded from, once each, in order. */
    public static List<Path> of(String... classNames) {
        LinkedHashSet<Path> paths = new LinkedHashSet<>();
        for (String name : classNames) {
            try {
                var source = Class.forName(name, false, ClassPaths.class.getClassLoader()).getProtectionDomain().getCodeSource();
                paths.add(Path.of(source.getLocation().toURI()));
            } catch (ClassNotFoundException | URISyntaxException | NullPointerException e) {
                throw LabException.environment(name + " is not on the lab's class path: rebuild the lab jar with ./lab setup");
            }
        }
        return List.copyOf(paths);
    }
}
