package io.hwoffload.cli.flows;

/**
 * Escaping for the HTML report, which shows text from the dump (flow text, port names, file
 * names): a port named {@code <script>} must print as text, in element content and in attribute
 * values alike.
 */
final class Html {
    private Html() {
    }

    /** Text safe in element content and in double- or single-quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(isControl(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** Control characters HTML does not allow in text (tab, newline and return it does). */
    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
    }
}
