package dev.hydrant.analytics.connector;

import java.util.Locale;

/** KDA's InputStartingPosition. */
public enum StartingPosition {
    /** Just after the most recent record of the delivery stream when the application starts. */
    NOW,
    /** The oldest record the log still retains. */
    TRIM_HORIZON,
    /** Where the application last stopped reading: the offsets in its last savepoint or retained checkpoint. */
    LAST_STOPPED_POINT;

    public static StartingPosition parse(String text) {
        if (text == null) {
            return NOW;
        }
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
