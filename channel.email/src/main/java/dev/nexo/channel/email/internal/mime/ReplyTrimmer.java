package dev.nexo.channel.email.internal.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Trims what an agent does not need from a reply: the quoted earlier message (after an
 * "On … wrote:" line, an Outlook "Original Message" or "From:/Sent:" header block, or trailing
 * {@code >} lines) and the signature (after a {@code -- } line). A body that would become empty is
 * kept whole.
 */
public final class ReplyTrimmer {
    private static final Pattern WROTE = Pattern.compile("^(On|Am|Le|El|Il)\\s.{0,300}(wrote|schrieb|a écrit|escribió|ha scritto)\\s*:\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ORIGINAL = Pattern.compile("^-{2,}\\s*(Original Message|Forwarded message|Mensaje original)\\s*-{2,}\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_FROM = Pattern.compile("^(From|De|Von):\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_SENT = Pattern.compile("^(Sent|Date|Enviado|Gesendet):\\s.+", Pattern.CASE_INSENSITIVE);

    private ReplyTrimmer() {
    }

    /**
     * @param text plain text of a message
     * @return the new part of the message, without quotes and signature
     */
    public static String trim(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (line.equals("-- ") || stripped.equals("--") || ORIGINAL.matcher(stripped).matches()
                    || stripped.startsWith("________________________________")) {
                break;
            }
            if (WROTE.matcher(stripped).matches() || (i + 1 < lines.length
                    && WROTE.matcher(stripped + ' ' + lines[i + 1].strip()).matches() && !stripped.isEmpty()
                    && lines[i + 1].strip().endsWith(":"))) {
                break;
            }
            if (OUTLOOK_FROM.matcher(stripped).matches() && i + 1 < lines.length
                    && OUTLOOK_SENT.matcher(lines[i + 1].strip()).matches()) {
                break;
            }
            kept.add(line);
        }
        while (!kept.isEmpty() && (kept.get(kept.size() - 1).isBlank() || kept.get(kept.size() - 1).startsWith(">"))) {
            kept.remove(kept.size() - 1);
        }
        String result = String.join("\n", kept).strip();
        return result.isEmpty() ? text.strip() : result;
    }
}
