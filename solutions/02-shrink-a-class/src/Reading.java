/**
 * Exercise 02: a sensor reading, kept by the million. Make one Reading take at most 24 bytes, by
 * default and with compact object headers, without changing the signatures of its constructor and
 * getters. The contract allows exactly these narrowings: a sensor id fits in an int, a value is a
 * float widened to double, and valid is never null. For every input within it, each getter returns
 * exactly what was passed in. JOL, in a JVM started in each mode, is the judge of the size.
 */
public class Reading {
    // BEGIN SOLUTION
    private final int sensor;
    private final float value;
    private final boolean valid;

    public Reading(long sensor, double value, Boolean valid) {
        this.sensor = (int) sensor;
        this.value = (float) value;
        this.valid = valid;
    }

    public long sensor() { return sensor; }
    public double value() { return value; }
    public Boolean valid() { return valid; }
    // END SOLUTION
    // STUB: private final long sensor;
    // STUB: private final double value;
    // STUB: private final Boolean valid;
    // STUB:
    // STUB: public Reading(long sensor, double value, Boolean valid) {
    // STUB:     this.sensor = sensor;
    // STUB:     this.value = value;
    // STUB:     this.valid = valid;
    // STUB: }
    // STUB:
    // STUB: public long sensor() { return sensor; }
    // STUB: public double value() { return value; }
    // STUB: public Boolean valid() { return valid; }
}
