package dev.nexo.core.internal.bundles;

import org.osgi.framework.Bundle;

/** A bundle as the admin API shows it. */
public class BundleDTO {
    public long id;
    public String symbolicName;
    public String version;
    public String state;
    public String location;
    public boolean deployed;
    /** Why the bundle is not active, in words, when the framework or the deploy dir said so. */
    public String error;

    static BundleDTO of(Bundle b, boolean deployed, String error) {
        BundleDTO dto = new BundleDTO();
        dto.id = b.getBundleId();
        dto.symbolicName = b.getSymbolicName();
        dto.version = b.getVersion().toString();
        dto.state = state(b.getState());
        dto.location = b.getLocation();
        dto.deployed = deployed;
        dto.error = error;
        return dto;
    }

    /** @return the state name the operator sees */
    public static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN";
        };
    }
}
