package dev.nexo.core.internal.config;

import java.io.IOException;
import java.util.Map;

/**
 * Where configurations are written: ConfigAdmin in the framework ({@link CmConfigTarget}), an
 * in-memory map in unit tests.
 */
interface ConfigTarget {
    /** @return the configurations marked {@code nexo.managed=true}, by PID, with their properties */
    Map<String, Map<String, Object>> listManaged() throws IOException;

    /** Creates or replaces a configuration's properties. */
    void write(DesiredConfig config) throws IOException;

    void delete(String pid) throws IOException;
}
