package escapelab.escape;

/**
 * A method as both the class files and the compilation log name it.
 *
 * @param owner      internal class name, such as {@code demo/Demo$Point}
 * @param descriptor JVM descriptor, such as {@code (II)V}
 */
public record MethodRef(String owner, String name, String descriptor) {
    /** How a reader names it: {@code Demo.sum}, {@code Point.<init>}. */
    public String display() {
        String simple = owner.substring(owner.lastIndexOf('/') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1) + "." + name;
    }

    @Override
    public String toString() {
        return owner.replace('/', '.') + "." + name + descriptor;
    }
}
