package escapelab.golang;

import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.TempDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The layout Go gives the struct with the same fields, in declaration order: a small generated
 * program prints unsafe.Sizeof, Alignof and Offsetof, and is run live with {@code go run}.
 */
public record GoLayout(String struct, String goVersion, long size, long align, List<Field> fields, String source) {
    public record Field(String name, String goType, long offset, long size, long align) {
    }

    /** Java's field types as Go spells the same storage; a reference becomes a pointer. */
    static String goType(String javaType) {
        return switch (javaType) {
            case "boolean" -> "bool";
            case "byte" -> "int8";
            case "char" -> "uint16";
            case "short" -> "int16";
            case "int" -> "int32";
            case "long" -> "int64";
            case "float" -> "float32";
            case "double" -> "float64";
            default -> "unsafe.Pointer";
        };
    }

    /** Runs the generated program; javaFields maps field name to Java type, in declaration order. */
    public static GoLayout of(String struct, Map<String, String> javaFields, GoTool go) {
        StringBuilder src = new StringBuilder("package main\n\nimport (\n\t\"fmt\"\n\t\"unsafe\"\n)\n\ntype ")
                .append(struct).append(" struct {\n");
        javaFields.forEach((name, type) -> src.append('\t').append(name).append(' ').append(goType(type)).append('\n'));
        src.append("}\n\nfunc main() {\n\tvar v ").append(struct).append("\n")
                .append("\tfmt.Println(\"@@size\", unsafe.Sizeof(v), unsafe.Alignof(v))\n");
        javaFields.keySet().forEach(n -> src.append("\tfmt.Println(\"@@field ").append(n).append("\", unsafe.Offsetof(v.").append(n)
                .append("), unsafe.Sizeof(v.").append(n).append("), unsafe.Alignof(v.").append(n).append("))\n"));
        src.append("}\n");
        Path dir = TempDirs.create("escape-lab-golayout-");
        try {
            Files.writeString(dir.resolve("main.go"), src);
            Files.writeString(dir.resolve("go.mod"), "module layout\n\ngo 1.21\n");
            ChildProcess.Result r = go.command(dir, "run", ".").timeLimit(Duration.ofSeconds(120)).run();
            if (!r.ok()) {
                throw LabException.input("go run of the generated struct failed (" + r.describe() + "): " + r.output().strip()
                        + "\nthe program was:\n" + src);
            }
            long size = 0;
            long align = 0;
            List<Field> fields = new ArrayList<>();
            for (String line : r.stdout().split("\n")) {
                String[] p = line.split(" ");
                try {
                    if (p[0].equals("@@size")) {
                        size = Long.parseLong(p[1]);
                        align = Long.parseLong(p[2]);
                    } else if (p[0].equals("@@field")) {
                        fields.add(new Field(p[1], goType(javaFields.get(p[1])), Long.parseLong(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4])));
                    }
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    // not a line of the generated program's
                }
            }
            return new GoLayout(struct, go.version(), size, align, List.copyOf(fields), src.toString());
        } catch (IOException e) {
            throw LabException.environment("cannot write the Go program: " + e.getMessage());
        } finally {
            TempDirs.delete(dir);
        }
    }

    /** Bytes between and after the fields, which Go keeps in declaration order. */
    public long padding() {
        return size - fields.stream().mapToLong(Field::size).sum();
    }
}
