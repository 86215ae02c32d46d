package escapelab.grade;

import java.nio.file.Files;
import java.nio.file.Path;

/** What a grading test reads of the submission it grades: the grader names the folder in -Dlab.submission. */
public final class Submission {
    private Submission() {
    }

    /** A submitted file by name, in the folder itself or in its src/ (a notebook's exercise folder). */
    public static Path file(String name) {
        Path dir = Path.of(System.getProperty("lab.submission", "."));
        return Files.exists(dir.resolve("src").resolve(name)) ? dir.resolve("src").resolve(name) : dir.resolve(name);
    }
}
