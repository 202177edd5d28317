package dev.nexo.channel.whatsapp.internal;

/**
 * Webhook bodies in the shape Meta documents for the Cloud API ({@code object},
 * {@code entry[].changes[].value} with {@code metadata}, {@code contacts}, {@code messages} or
 * {@code statuses}).
 */
final class Webhooks {
    static final String CUSTOMER = "16315551234";
    static final String OWN_NUMBER = "15550001111";

    private Webhooks() {
    }

    static String envelope(String phoneNumberId, String valueFields) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA-1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"" + OWN_NUMBER
                + "\",\"phone_number_id\":\"" + phoneNumberId + "\"}," + valueFields + "}}]}]}";
    }

    static String messages(String... messages) {
        return envelope(FakeGraphApi.PNID, "\"contacts\":[{\"profile\":{\"name\":\"Kerry\"},\"wa_id\":\"" + CUSTOMER + "\"}],"
                + "\"messages\":[" + String.join(",", messages) + "]");
    }

    static String message(String id, String type, String content) {
        return message(CUSTOMER, id, type, content);
    }

    static String message(String from, String id, String type, String content) {
        return "{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"1714000000\",\"type\":\"" + type + "\","
                + content + "}";
    }

    static String text(String id, String body) {
        return message(id, "text", "\"text\":{\"body\":\"" + body + "\"}");
    }

    static String statuses(String... statuses) {
        return envelope(FakeGraphApi.PNID, "\"statuses\":[" + String.join(",", statuses) + "]");
    }

    static String status(String id, String status, String extra) {
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"timestamp\":\"1714000100\",\"recipient_id\":\""
                + CUSTOMER + "\"" + extra + "}";
    }
}
