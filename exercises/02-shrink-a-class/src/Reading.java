/**
 * Exercise 02: a sensor reading, kept by the million. Make one Reading take at most 24 bytes, by
 * default and with compact object headers, without changing its public API:
 * the constructor and the getters keep their signatures and return the same values. JOL, in a
 * JVM started in each mode, is the judge.
 */
public class Reading {
    private final long sensor;
    private final double value;
    private final Boolean valid;

    public Reading(long sensor, double value, Boolean valid) {
        this.sensor = sensor;
        this.value = value;
        this.valid = valid;
    }

    public long sensor() { return sensor; }
    public double value() { return value; }
    public Boolean valid() { return valid; }
}
