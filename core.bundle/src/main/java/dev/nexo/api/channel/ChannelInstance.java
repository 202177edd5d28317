package dev.nexo.api.channel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type setting the {@link Channel#INSTANCE} service property
 * ({@code nexo.channel.instance}) for channels that have exactly one, fixed instance. Factory
 * configured channels (one configuration per account) set the property from configuration instead.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ChannelInstance {
    /** Prefixed to the derived property name {@code channel.instance}, giving {@code nexo.channel.instance}. */
    String PREFIX_ = "nexo.";

    /** @return the instance name, a topic token; {@value Channel#DEFAULT_INSTANCE} by default */
    String value() default Channel.DEFAULT_INSTANCE;
}
