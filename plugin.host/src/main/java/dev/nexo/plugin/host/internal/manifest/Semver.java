package dev.nexo.plugin.host.internal.manifest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The small part of semver the host needs: validity, comparison, and requirement checks. */
final class Semver {
    private static final Pattern VERSION = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$");
    private static final Pattern CONSTRAINT = Pattern.compile("^(>=|<=|>|<|=|\\^|~)?\\s*(\\S+)$");

    private Semver() {
    }

    static boolean isValid(String v) {
        return VERSION.matcher(v).matches();
    }

    /** @return negative, zero or positive like {@link Comparable}; pre-releases sort before releases */
    static int compare(String a, String b) {
        Matcher x = parse(a);
        Matcher y = parse(b);
        for (int i = 1; i <= 3; i++) {
            int c = Long.compare(Long.parseLong(x.group(i)), Long.parseLong(y.group(i)));
            if (c != 0) {
                return c;
            }
        }
        String px = x.group(4);
        String py = y.group(4);
        if (px == null || py == null) {
            return px == null ? (py == null ? 0 : 1) : -1;
        }
        return px.compareTo(py);
    }

    /**
     * @param version a version, e.g. the host's
     * @param requirement comma-separated constraints such as {@code >=0.1.0, <2.0.0}, {@code ^1.2.0}
     * @return whether the version meets all of them
     * @throws IllegalArgumentException if the requirement is malformed
     */
    static boolean satisfies(String version, String requirement) {
        for (String part : requirement.split(",")) {
            String c = part.strip();
            if (c.isEmpty() || c.equals("*")) {
                continue;
            }
            Matcher m = CONSTRAINT.matcher(c);
            if (!m.matches() || !isValid(m.group(2))) {
                throw new IllegalArgumentException("'" + c + "' is not a version requirement like >=0.1.0");
            }
            String op = m.group(1) == null ? "=" : m.group(1);
            String v = m.group(2);
            int cmp = compare(version, v);
            boolean ok = switch (op) {
                case ">=" -> cmp >= 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                case "<" -> cmp < 0;
                case "^" -> cmp >= 0 && caretUpper(version, v);
                case "~" -> cmp >= 0 && parse(version).group(1).equals(parse(v).group(1))
                        && parse(version).group(2).equals(parse(v).group(2));
                default -> cmp == 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean caretUpper(String version, String base) {
        Matcher b = parse(base);
        Matcher x = parse(version);
        if (!b.group(1).equals("0")) {
            return x.group(1).equals(b.group(1));
        }
        return x.group(1).equals("0") && x.group(2).equals(b.group(2));
    }

    private static Matcher parse(String v) {
        Matcher m = VERSION.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + v + "' is not a semantic version");
        }
        return m;
    }
}
