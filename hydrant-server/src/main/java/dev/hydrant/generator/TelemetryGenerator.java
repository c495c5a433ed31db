package dev.hydrant.generator;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Produces the reference pipeline's F1 car telemetry records: one JSON object of about 1 KiB per call, UTF-8 encoded,
 * with the fields, nesting and value types of the sample record in the reference deployment's write-up.
 *
 * <p>Values follow a random walk. {@code speed} starts at 200.0 and moves by a random step of at most 5 per record,
 * with a weak pull back towards 200, so about half the records have {@code speed >= 200} (the SQL application's
 * filter) and speed never leaves the range an F1 car can reach. {@code gear} is drawn from 1..8 for every record. The
 * other values drift within plausible bounds with the same pull towards a typical value.
 *
 * <p>The JSON is written by hand, with the {@code ", "} and {@code ": "} separators of the reference generator (Python's
 * {@code json.dumps}). Doubles are written in plain decimal notation with 16 digits, as long as the full-precision
 * doubles of the sample record; that makes a record about 1,000 bytes and avoids the JDK's slower shortest-representation
 * formatting.
 *
 * <p>The same seed gives the same records. Not thread-safe: use one generator per thread.
 */
public final class TelemetryGenerator {
    /** The speed of the first record's walk, as in the reference generator. */
    public static final double INITIAL_SPEED = 200.0;
    /** The largest change of speed between two consecutive records. */
    public static final double MAXIMUM_SPEED_STEP = 5.0;

    /** The fraction of the distance to its typical value that a drifting value moves back each record. */
    private static final double REVERSION = 0.02;
    private static final double MINIMUM_SPEED = 60.0;
    private static final double MAXIMUM_SPEED = 360.0;

    private static final Drift RPM = new Drift(150, 12_000, 8_000, 15_500);
    private static final Drift THROTTLE = new Drift(0.05, 0.7, 0.0, 1.0);
    private static final Drift BRAKES = new Drift(0.05, 0.2, 0.0, 1.0);
    private static final Drift STEERING_ANGLE = new Drift(0.05, 0.0, -1.0, 1.0);
    private static final Drift RIDE_HEIGHT = new Drift(0.2, 35.0, 30.0, 40.0);
    private static final Drift DAMPER_SETTING = new Drift(0.3, 7.0, 1.0, 12.0);
    private static final Drift ENGINE_TEMPERATURE = new Drift(0.5, 100.0, 85.0, 125.0);
    private static final Drift BRAKE_TEMPERATURE = new Drift(8.0, 250.0, 100.0, 1_000.0);
    private static final Drift TIRE_TEMPERATURE = new Drift(1.0, 95.0, 70.0, 130.0);
    private static final Drift ENGINE_PRESSURE = new Drift(0.02, 4.2, 3.5, 5.0);
    private static final Drift BRAKE_PRESSURE = new Drift(0.5, 17.0, 10.0, 25.0);
    private static final Drift TIRE_PRESSURE = new Drift(0.01, 1.8, 1.5, 2.1);
    private static final Drift FUEL_CONSUMPTION = new Drift(0.05, 2.4, 1.5, 3.5);
    private static final Drift LAP_TIME = new Drift(0.3, 76.0, 70.0, 90.0);

    /** Digits of a written double, integer and decimal ones together. */
    private static final int DIGITS = 16;
    /** Values at least this large are written by {@link StringBuilder#append(double)} instead. */
    private static final double PLAIN_LIMIT = 1e15;
    private static final long[] POWERS_OF_TEN = new long[DIGITS];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int exponent = 1; exponent < DIGITS; exponent++) {
            POWERS_OF_TEN[exponent] = POWERS_OF_TEN[exponent - 1] * 10;
        }
    }

    private final RandomGenerator random;
    private final StringBuilder json = new StringBuilder(1280);

    private double speed = INITIAL_SPEED;
    private double rpm = RPM.typical();
    private int gear = 1;
    private double throttle = THROTTLE.typical();
    private double brakes = BRAKES.typical();
    private double steeringAngle = STEERING_ANGLE.typical();
    private double rideHeight = RIDE_HEIGHT.typical();
    private final double[] damperSettings = DAMPER_SETTING.corners();
    private double engineTemperature = ENGINE_TEMPERATURE.typical();
    private final double[] brakeTemperatures = BRAKE_TEMPERATURE.corners();
    private final double[] tireTemperatures = TIRE_TEMPERATURE.corners();
    private double enginePressure = ENGINE_PRESSURE.typical();
    private final double[] brakePressures = BRAKE_PRESSURE.corners();
    private final double[] tirePressures = TIRE_PRESSURE.corners();
    private double fuelConsumption = FUEL_CONSUMPTION.typical();
    private double lapTime = LAP_TIME.typical();

    /** A generator driven by {@code random}, which it owns from now on. */
    public TelemetryGenerator(RandomGenerator random) {
        this.random = requireNonNull(random, "random is null");
    }

    /** A generator whose records depend only on {@code seed}. */
    public TelemetryGenerator(long seed) {
        this(new SplittableRandom(seed));
    }

    /** Advances the walk by one step and returns the new record as UTF-8 JSON bytes. */
    public byte[] next() {
        step();
        return write().toString().getBytes(StandardCharsets.UTF_8);
    }

    private void step() {
        double speedStep = random.nextDouble(-MAXIMUM_SPEED_STEP, MAXIMUM_SPEED_STEP) + REVERSION * (INITIAL_SPEED - speed);
        speed = clamp(speed + clamp(speedStep, -MAXIMUM_SPEED_STEP, MAXIMUM_SPEED_STEP), MINIMUM_SPEED, MAXIMUM_SPEED);
        rpm = drift(rpm, RPM);
        gear = random.nextInt(1, 9);
        throttle = drift(throttle, THROTTLE);
        brakes = drift(brakes, BRAKES);
        steeringAngle = drift(steeringAngle, STEERING_ANGLE);
        rideHeight = drift(rideHeight, RIDE_HEIGHT);
        driftCorners(damperSettings, DAMPER_SETTING);
        engineTemperature = drift(engineTemperature, ENGINE_TEMPERATURE);
        driftCorners(brakeTemperatures, BRAKE_TEMPERATURE);
        driftCorners(tireTemperatures, TIRE_TEMPERATURE);
        enginePressure = drift(enginePressure, ENGINE_PRESSURE);
        driftCorners(brakePressures, BRAKE_PRESSURE);
        driftCorners(tirePressures, TIRE_PRESSURE);
        fuelConsumption = drift(fuelConsumption, FUEL_CONSUMPTION);
        lapTime = drift(lapTime, LAP_TIME);
    }

    private StringBuilder write() {
        StringBuilder out = json;
        out.setLength(0);
        writeDecimal(out.append("{\"speed\": "), speed);
        out.append(", \"rpm\": ").append(Math.round(rpm));
        out.append(", \"gear\": ").append(gear);
        writeDecimal(out.append(", \"throttle\": "), throttle);
        writeDecimal(out.append(", \"brakes\": "), brakes);
        writeDecimal(out.append(", \"steering_angle\": "), steeringAngle);
        writeDecimal(out.append(", \"suspension\": {\"ride_height\": "), rideHeight);
        writeCorners(out.append(", \"damper_settings\": "), damperSettings);
        writeDecimal(out.append("}, \"temperatures\": {\"engine\": "), engineTemperature);
        writeCorners(out.append(", \"brakes\": "), brakeTemperatures);
        writeCorners(out.append(", \"tires\": "), tireTemperatures);
        writeDecimal(out.append("}, \"pressures\": {\"engine\": "), enginePressure);
        out.append(", \"brakes\": {\"front_left\": ").append(Math.round(brakePressures[0]))
                .append(", \"front_right\": ").append(Math.round(brakePressures[1]))
                .append(", \"rear_left\": ").append(Math.round(brakePressures[2]))
                .append(", \"rear_right\": ").append(Math.round(brakePressures[3]))
                .append('}');
        writeCorners(out.append(", \"tires\": "), tirePressures);
        writeDecimal(out.append("}, \"fuel_consumption\": "), fuelConsumption);
        writeDecimal(out.append(", \"lap_time\": "), lapTime);
        return out.append('}');
    }

    /** Writes the four corners of the car, in the order front left, front right, rear left, rear right. */
    private static void writeCorners(StringBuilder out, double[] corners) {
        writeDecimal(out.append("{\"front_left\": "), corners[0]);
        writeDecimal(out.append(", \"front_right\": "), corners[1]);
        writeDecimal(out.append(", \"rear_left\": "), corners[2]);
        writeDecimal(out.append(", \"rear_right\": "), corners[3]);
        out.append('}');
    }

    /**
     * Writes {@code value} as a JSON number in plain notation with {@value #DIGITS} digits in all (fewer when the
     * value is tiny), trailing zeros removed but at least one decimal kept ({@code 4.2}, {@code 203.3342174961822}).
     */
    static void writeDecimal(StringBuilder out, double value) {
        double magnitude = Math.abs(value);
        if (!(magnitude < PLAIN_LIMIT)) {
            out.append(value);
            return;
        }
        int integerDigits = magnitude < 10 ? 1 : (int) Math.log10(magnitude) + 1;
        int decimals = DIGITS - integerDigits;
        long scale = POWERS_OF_TEN[decimals];
        long scaled = Math.round(magnitude * scale);
        if (scaled == 0) {
            out.append("0.0");
            return;
        }
        if (value < 0) {
            out.append('-');
        }
        out.append(scaled / scale).append('.');
        long fraction = scaled % scale;
        if (fraction == 0) {
            out.append('0');
            return;
        }
        while (fraction % 10 == 0) {
            fraction /= 10;
            decimals--;
        }
        for (long padding = POWERS_OF_TEN[decimals - 1]; fraction < padding; padding /= 10) {
            out.append('0');
        }
        out.append(fraction);
    }

    private void driftCorners(double[] corners, Drift drift) {
        for (int index = 0; index < corners.length; index++) {
            corners[index] = drift(corners[index], drift);
        }
    }

    /** One random-walk step of at most {@code drift.step()}, pulled towards the typical value, kept within bounds. */
    private double drift(double value, Drift drift) {
        double next = value + random.nextDouble(-drift.step(), drift.step()) + REVERSION * (drift.typical() - value);
        return clamp(next, drift.minimum(), drift.maximum());
    }

    private static double clamp(double value, double minimum, double maximum) {
        return Math.max(minimum, Math.min(maximum, value));
    }

    /** How one value drifts: the largest random step per record, the value it starts at and is pulled to, its bounds. */
    private record Drift(double step, double typical, double minimum, double maximum) {
        /** The typical value for each of the four corners of the car. */
        double[] corners() {
            return new double[] {typical, typical, typical, typical};
        }
    }
}
