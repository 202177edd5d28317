package dev.nexo.itest;

import java.io.IOException;

import javax.inject.Inject;

import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/**
 * What every in-framework test class starts from: Felix booted with the distribution's bundles
 * ({@link NexoOptions#distribution()}; a class overrides {@link #config()} for extra properties)
 * and the probe's {@link BundleContext}. Pax Exam finds the inherited {@code @Configuration}
 * method and injects inherited fields.
 */
public abstract class InFramework {
    @Inject
    protected BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return NexoOptions.distribution();
    }
}
