package dev.nexo.api.hook;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link Hook} components: sets {@link Hook#POINTS}
 * ({@code nexo.hook.points}) and {@link Hook#PRIORITY} ({@code nexo.hook.priority}).
 *
 * <pre>{@code
 * @HookRegistration(points = HookPoint.BEFORE_MESSAGE, priority = -10)
 * @Component(service = Hook.class)
 * public class PiiRedactor implements Hook { ... }
 * }</pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HookRegistration {
    /** Prefixed to the element names, giving {@code nexo.hook.points} and {@code nexo.hook.priority}. */
    String PREFIX_ = "nexo.hook.";

    /** @return the points handled; stored as enum constant names */
    HookPoint[] points();

    /** @return order within a point, lower first */
    int priority() default 0;
}
