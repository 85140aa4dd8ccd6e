package io.ripcord.cli.repl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kept command holds {@code ${secret:NAME}} where the operator typed a secret's value (the session never keeps
 * the value). Saved as code, each becomes a call to {@code secret('NAME')} written for where it stands: an
 * interpolation inside "…", a concatenation inside '…' (which does not interpolate), a plain call elsewhere. Written
 * as is, the placeholder would be a GString expression or a literal, and the saved runbook would fail or differ.
 */
final class SecretPlaceholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{secret:([^}\\s]+)}");

    private SecretPlaceholders() {
    }

    static String toCode(String code) {
        Matcher m = PLACEHOLDER.matcher(code);
        if (!m.find()) {
            return code;
        }
        StringBuilder out = new StringBuilder();
        String quote = null; // the delimiter of the string literal we are in: ' " ''' """, or null outside one
        int i = 0;
        while (i < code.length()) {
            if (code.startsWith("${secret:", i) && m.find(i) && m.start() == i) {
                String call = "secret('" + m.group(1).replace("'", "\\'") + "')";
                if (quote == null) {
                    out.append(call);
                } else if (quote.startsWith("\"")) {
                    out.append("${").append(call).append('}');
                } else {
                    out.append(quote).append(" + ").append(call).append(" + ").append(quote);
                }
                i = m.end();
                continue;
            }
            char c = code.charAt(i);
            if (quote != null && c == '\\') {
                out.append(code, i, Math.min(i + 2, code.length()));
                i += 2;
                continue;
            }
            if (quote == null && (c == '\'' || c == '"')) {
                quote = code.startsWith(String.valueOf(c).repeat(3), i) ? String.valueOf(c).repeat(3) : String.valueOf(c);
                out.append(quote);
                i += quote.length();
                continue;
            }
            if (quote != null && code.startsWith(quote, i)) {
                out.append(quote);
                i += quote.length();
                quote = null;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
