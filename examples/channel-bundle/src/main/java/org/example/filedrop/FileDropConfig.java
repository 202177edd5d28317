package org.example.filedrop;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.example.filedrop}; every property has a default, so none is needed. */
@ObjectClassDefinition(name = "File-drop channel")
public @interface FileDropConfig {
    @AttributeDefinition(description = "Directory watched for *.txt files; each becomes an inbound message "
            + "(file name = sender). Default: <state root>/filedrop/inbox.")
    String inbox() default "";

    @AttributeDefinition(description = "Directory replies are written to, one file per message. "
            + "Default: <state root>/filedrop/outbox.")
    String outbox() default "";

    @AttributeDefinition(description = "How often the inbox is checked, in milliseconds.")
    long poll_ms() default 500;
}
