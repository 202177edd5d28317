package dev.nexo.api.trust;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Requirement;

/**
 * Declares that a bundle needs one of Nexo's enforced capabilities, e.g.
 * {@code @RequireNexoCapability(NexoCapabilities.SECRETS)} on a class or package. bnd turns it
 * into {@code Require-Capability: dev.nexo.capability;filter:="(dev.nexo.capability=secrets)"};
 * the core leaves the bundle unresolved until the operator grants it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Requirement(namespace = NexoCapabilities.NAMESPACE, filter = "(" + NexoCapabilities.NAMESPACE + "=${#value})")
public @interface RequireNexoCapability {
    /** @return the capability name, e.g. {@link NexoCapabilities#SECRETS} */
    String value();
}
