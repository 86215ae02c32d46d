package escapelab;

import escapelab.jvm.Jdk;
import escapelab.jvm.JdkFinder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Settings shared by the CLI and the notebooks, read from the environment that ./lab sets. */
public final class Lab {
    private Lab() {
    }

    /** LAB_FAST=1 shrinks every workload so CI can execute the whole course quickly. */
    public static boolean fast() {
        String v = System.getenv("LAB_FAST");
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /** The project checkout: LAB_HOME when ./lab set it, else the nearest folder up with a lab script. */
    public static Path home() {
        String env = System.getenv("LAB_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("lab")) && Files.isDirectory(p.resolve("lab-src"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** The JDK the lab itself runs on. */
    public static Jdk jdk() {
        return Jdk.current();
    }

    /** Every JDK found on this machine, newest first. */
    public static List<Jdk> jdks() {
        return JdkFinder.fromEnvironment().find();
    }
}
