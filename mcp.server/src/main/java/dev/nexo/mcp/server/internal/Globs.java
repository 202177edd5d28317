package dev.nexo.mcp.server.internal;

import java.util.regex.Pattern;

/** Whole-name globs: {@code *} any run, {@code ?} one character; everything else literal. */
final class Globs {
    private Globs() {
    }

    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    static boolean matches(String glob, String name) {
        return compile(glob).matcher(name).matches();
    }
}
