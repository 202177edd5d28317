package dev.nexo.channel.whatsapp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SignaturesTest {

    @Test
    void acceptsOnlyTheAppSecretsSignature() {
        byte[] body = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);
        Signatures s = new Signatures("secret");
        String good = s.header(body);
        assertTrue(s.verify(body, good));
        assertTrue(s.verify(body, good.toUpperCase().replace("SHA256=", "sha256=")));
        assertFalse(s.verify(body, new Signatures("other").header(body)));
        assertFalse(s.verify("{}".getBytes(StandardCharsets.UTF_8), good));
        assertFalse(s.verify(body, null));
        assertFalse(s.verify(body, "sha1=" + good.substring(7)));
        assertFalse(s.verify(body, "sha256=not-hex"));
        assertFalse(new Signatures("").verify(body, new Signatures("").header(body)));
    }

    @Test
    void matchesAnIndependentHmac() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                new Signatures("Jefe").header(data));
    }
}
