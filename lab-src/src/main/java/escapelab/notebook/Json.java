package escapelab.notebook;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.util.Locale;

/**
 * The lab's JSON, written by Gson from records that have the contract's shape (DESIGN.md).
 * A record component that is null is left out, unless it is marked {@link KeepNull}; an enum is
 * written as its lower-case hyphenated name ({@code NO_ESCAPE} is {@code "no-escape"}); a double
 * that is not a number is null. One line, with a space after each separator.
 */
public final class Json {
    private static final Gson GSON = new GsonBuilder()
            .setFormattingStyle(FormattingStyle.COMPACT.withSpaceAfterSeparators(true))
            .disableHtmlEscaping()
            .registerTypeHierarchyAdapter(Enum.class, new EnumWords().nullSafe())
            .registerTypeAdapter(Double.class, new FiniteOrNull())
            .registerTypeAdapter(double.class, new FiniteOrNull())
            .create();

    private Json() {
    }

    public static String write(Object value) {
        return GSON.toJson(value);
    }

    /** The word an enum constant has in JSON: {@code TIMED_OUT} is {@code timed-out}. */
    public static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * For {@code @JsonAdapter(value = Json.KeepNull.class, nullSafe = false)} on a component the
     * contract writes as {@code null} when it has no value, rather than leaving it out.
     */
    public static final class KeepNull implements TypeAdapterFactory {
        @Override
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            TypeAdapter<T> value = gson.getAdapter(type);
            return new TypeAdapter<>() {
                @Override
                public void write(JsonWriter out, T v) throws IOException {
                    if (v == null) {
                        writeNull(out);
                    } else {
                        value.write(out, v);
                    }
                }

                @Override
                public T read(JsonReader in) throws IOException {
                    return value.read(in);
                }
            };
        }
    }

    /** A null written with its name even though the writer leaves null components out. */
    private static void writeNull(JsonWriter out) throws IOException {
        boolean serializeNulls = out.getSerializeNulls();
        out.setSerializeNulls(true);
        out.nullValue();
        out.setSerializeNulls(serializeNulls);
    }

    private static final class EnumWords extends TypeAdapter<Enum<?>> {
        @Override
        public void write(JsonWriter out, Enum<?> value) throws IOException {
            out.value(word(value));
        }

        @Override
        public Enum<?> read(JsonReader in) {
            throw new UnsupportedOperationException("the lab writes its reports' JSON; it does not read it back");
        }
    }

    /** NaN and the infinities are not JSON; a measurement that has none is null. */
    private static final class FiniteOrNull extends TypeAdapter<Double> {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null) {
                out.nullValue(); // left out, as every null
            } else if (value.isNaN() || value.isInfinite()) {
                writeNull(out);
            } else {
                out.value(value.doubleValue());
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            return in.nextDouble();
        }
    }
}
