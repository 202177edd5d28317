package dev.nexo.logging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

class JsonLineLayoutTest {

    @Test
    void escapesQuotesControlCharactersAndLineBreaks() {
        String quoted = JsonLineLayout.quote(new StringBuilder(), "a\"b\\c\nd\u0001").toString();
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", quoted);
    }

    @Test
    void writesOneObjectPerLineWithMdcAndLevel() {
        LoggerContext ctx = new LoggerContext();
        Logger logger = ctx.getLogger("dev.nexo.test");
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "hello {}", null, new Object[] {"world"});
        event.setMDCPropertyMap(java.util.Map.of("correlationId", "c-1"));
        JsonLineLayout layout = new JsonLineLayout();
        layout.setContext(ctx);
        String line = layout.doLayout(event);
        assertTrue(line.endsWith("}" + System.lineSeparator()), line);
        assertEquals(1, line.strip().split("\n").length);
        assertTrue(line.contains("\"level\":\"WARN\""), line);
        assertTrue(line.contains("\"msg\":\"hello world\""), line);
        assertTrue(line.contains("\"correlationId\":\"c-1\""), line);
    }
}
