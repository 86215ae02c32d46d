package escapelab.cli;

import escapelab.Lab;
import escapelab.grade.Gradescope;
import escapelab.grade.Release;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab release}: exercises/ written afresh from solutions/. */
@Command(name = "release", description = {
        "write exercises/ from solutions/: answers stubbed, hidden tests left out, outputs cleared;",
        "--gradescope also writes a Gradescope autograder zip per exercise into build/gradescope/"})
final class ReleaseCommand implements Callable<Integer> {
    @Option(names = "--gradescope", description = "also write build/gradescope/NN-name-gradescope.zip for each exercise")
    boolean gradescope;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path solutions = Lab.home().resolve("solutions");
        Path exercises = Lab.home().resolve("exercises");
        if (Files.isDirectory(exercises)) {
            try (var walk = Files.walk(exercises)) {
                walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(exercises)).forEach(p -> p.toFile().delete());
            }
        }
        List<Path> written = Release.release(solutions, exercises);
        written.forEach(p -> out.println("wrote " + Lab.home().relativize(p)));
        if (gradescope) {
            Path jar = Lab.home().resolve("lab-src/target/escape-lab.jar");
            try (var dirs = Files.list(solutions)) {
                for (Path ex : dirs.filter(Files::isDirectory).sorted().toList()) {
                    out.println("wrote " + Lab.home().relativize(Gradescope.write(ex, jar, Lab.home().resolve("build/gradescope"))));
                }
            }
        }
        return 0;
    }
}
