package escapelab.grade;

import escapelab.LabException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Gradescope autograder for one exercise: a zip with {@code setup.sh} and {@code run_autograder}
 * at its root, the lab jar, and the exercise with its hidden tests. run_autograder grades
 * /autograder/submission with ./lab grade's engine and writes /autograder/results/results.json.
 */
public final class Gradescope {
    private Gradescope() {
    }

    static final String SETUP = """
            #!/usr/bin/env bash
            # Gradescope runs this once when the autograder image is built: the lab needs a JDK 25,
            # and bubblewrap for the sandbox each test JVM runs in.
            set -euo pipefail
            apt-get update
            apt-get install -y openjdk-25-jdk-headless || apt-get install -y temurin-25-jdk
            apt-get install -y bubblewrap
            """;

    static final String RUN = """
            #!/usr/bin/env bash
            # Gradescope runs this for every submission. AUTOGRADER_ROOT lets it run outside Gradescope too.
            set -euo pipefail
            root="${AUTOGRADER_ROOT:-/autograder}"
            java="${LAB_JAVA:-java}"
            mkdir -p "$root/results"
            # Gradescope already runs each submission in a container of its own; where that container
            # forbids the user namespaces bubblewrap needs, the tests run without it and results.json says so.
            isolation=()
            if ! bwrap --unshare-user --ro-bind / / true 2>/dev/null; then
                isolation=(--unsandboxed)
            fi
            "$java" -jar "$root/source/escape-lab.jar" grade "$root/source/exercise" "$root/submission" \\
                --out "$root/results/results.json" "${isolation[@]}" > /dev/null
            """;

    /** Writes the autograder zip for the exercise folder (from solutions/) into out/NAME-gradescope.zip. */
    public static Path write(Path exercise, Path labJar, Path outDir) {
        Path zip = outDir.resolve(exercise.getFileName() + "-gradescope.zip");
        try {
            Files.createDirectories(outDir);
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
                entry(z, "setup.sh", SETUP.getBytes());
                entry(z, "run_autograder", RUN.getBytes());
                entry(z, "escape-lab.jar", Files.readAllBytes(labJar));
                try (Stream<Path> files = Files.walk(exercise)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        entry(z, "exercise/" + exercise.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            }
        } catch (IOException e) {
            throw LabException.environment("cannot write " + zip + ": " + e.getMessage());
        }
        return zip;
    }

    private static void entry(ZipOutputStream z, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        z.putNextEntry(e);
        z.write(bytes);
        z.closeEntry();
    }
}
