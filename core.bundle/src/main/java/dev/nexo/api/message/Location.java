package dev.nexo.api.message;

/**
 * A point on Earth in WGS84 degrees.
 *
 * @param latitude -90..90
 * @param longitude -180..180
 */
public record Location(double latitude, double longitude) {
    /** Rejects coordinates outside the valid ranges. */
    public Location {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("location out of range: " + latitude + ", " + longitude);
        }
    }
}
