package escapelab.cli;

import escapelab.LabException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the commands share in reading their arguments. */
final class Arguments {
    private Arguments() {
    }

    /** {@code --jvm-args "-Xmx1g -XX:+UseSerialGC"}, each given once or more, as the JVM's arguments. */
    static List<String> jvmArgs(List<String> given) {
        return given.stream().filter(s -> !s.isBlank()).flatMap(s -> List.of(s.strip().split("\\s+")).stream()).toList();
    }

    /** The FILE a command reads, refused with its name when there is no such file. */
    static Path existingFile(Path file) {
        if (Files.isDirectory(file)) {
            throw LabException.input(file + " is a folder; give the .java file in it");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw LabException.input(file + " is not a regular file (a pipe or a device); save the source to a file");
        }
        if (!Files.isRegularFile(file)) {
            throw LabException.input("no such file: " + file);
        }
        return file;
    }
}
