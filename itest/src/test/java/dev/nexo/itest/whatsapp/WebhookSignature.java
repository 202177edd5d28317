package dev.nexo.itest.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The {@code X-Hub-Signature-256} header value Meta puts on a webhook body: {@code sha256=<hex HMAC>} with the app secret. */
final class WebhookSignature {
    private WebhookSignature() {
    }

    static String sign(String appSecret, String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder("sha256=");
        for (byte x : mac.doFinal(body.getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", x));
        }
        return hex.toString();
    }
}
