package org.mlops4j.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The subset of MLflow's search grammar the fake server evaluates: comparisons
 * {@code <type>.<key> <op> <value>} joined by {@code AND}, keys bare or quoted with backticks or
 * double quotes, string values in single or double quotes (MLflow has no escapes inside them),
 * numbers as Python's {@code float()} reads them ({@code 1e309} is infinity). Also
 * {@code order_by} clauses and MLflow's page tokens: base64 of {@code {"offset": n}}.
 */
final class FakeSearchGrammar {

    /** One comparison; {@code value} is a String for quoted values and a Double for numbers. */
    record Clause(String type, String key, String op, Object value) {
    }

    /** One order-by clause. */
    record Order(String type, String key, boolean ascending) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OPS = List.of("!=", ">=", "<=", "=", ">", "<");

    private FakeSearchGrammar() {
    }

    static List<Clause> parseFilter(String filter) {
        List<Clause> out = new ArrayList<>();
        if (filter == null || filter.isBlank()) {
            return out;
        }
        Lexer lx = new Lexer(filter);
        while (true) {
            String[] id = lx.identifier();
            String op = lx.operator();
            Object value = lx.value();
            out.add(new Clause(id[0], id[1], op, value));
            lx.skipSpace();
            if (lx.atEnd()) {
                return out;
            }
            String and = lx.word();
            if (!and.equalsIgnoreCase("AND")) {
                throw new IllegalArgumentException("Invalid clause(s) in filter string: '" + and + "'");
            }
        }
    }

    static Order parseOrder(String clause) {
        Lexer lx = new Lexer(clause);
        String[] id = lx.identifier();
        lx.skipSpace();
        boolean ascending = true;
        if (!lx.atEnd()) {
            String dir = lx.word().toUpperCase(Locale.ROOT);
            if (!dir.equals("ASC") && !dir.equals("DESC")) {
                throw new IllegalArgumentException("Invalid order_by clause '" + clause + "'");
            }
            ascending = dir.equals("ASC");
        }
        return new Order(id[0], id[1], ascending);
    }

    static String normaliseType(String type) {
        switch (type.toLowerCase(Locale.ROOT)) {
            case "metric":
            case "metrics":
                return "metrics";
            case "param":
            case "params":
            case "parameter":
            case "parameters":
                return "params";
            case "tag":
            case "tags":
                return "tags";
            case "attribute":
            case "attributes":
            case "attr":
            case "run":
                return "attributes";
            case "":
                return "";
            default:
                throw new IllegalArgumentException("Invalid entity type '" + type + "'");
        }
    }

    /** SQL LIKE on a string: {@code %} any run, {@code _} one character. */
    static boolean like(String value, String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags).matcher(value).matches();
    }

    static boolean compareText(String actual, String op, Object expected) {
        if (!(expected instanceof String s)) {
            throw new IllegalArgumentException("Expected a quoted string value for comparison with " + op);
        }
        switch (op) {
            case "=":
                return actual.equals(s);
            case "!=":
                return !actual.equals(s);
            case "LIKE":
                return like(actual, s, false);
            case "ILIKE":
                return like(actual, s, true);
            default:
                throw new IllegalArgumentException("Invalid comparator '" + op + "' not one of '['=', '!=', 'LIKE',"
                        + " 'ILIKE']'");
        }
    }

    static boolean compareNumber(double actual, String op, Object expected) {
        if (!(expected instanceof Double d)) {
            throw new IllegalArgumentException("Expected numeric value type for comparison with " + op);
        }
        int cmp = Double.compare(actual, d);
        switch (op) {
            case "=":
                return actual == d;
            case "!=":
                return actual != d;
            case ">":
                return cmp > 0;
            case ">=":
                return cmp >= 0;
            case "<":
                return cmp < 0;
            case "<=":
                return cmp <= 0;
            default:
                throw new IllegalArgumentException("Invalid comparator '" + op + "' for a number");
        }
    }

    static String pageToken(int offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid page token, could not base64-decode");
        }
        try {
            JsonNode node = JSON.readTree(decoded);
            if (node != null && node.path("offset").isInt() && node.get("offset").intValue() >= 0) {
                return node.get("offset").intValue();
            }
        } catch (java.io.IOException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("Invalid page token, decoded value=" + new String(decoded,
                StandardCharsets.UTF_8));
    }

    /** A hand-written lexer: enough of sqlparse's behaviour for the clauses above. */
    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean atEnd() {
            return i >= s.length();
        }

        String word() {
            skipSpace();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_.-+".indexOf(s.charAt(i)) >= 0)) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("Invalid filter near position " + i + " of '" + s + "'");
            }
            return s.substring(start, i);
        }

        /** Reads {@code type.key}: bare, or with the key in backticks or double quotes. */
        String[] identifier() {
            skipSpace();
            String head = word();
            if (head.endsWith(".") && i < s.length() && (s.charAt(i) == '`' || s.charAt(i) == '"')) {
                return new String[] {normaliseType(head.substring(0, head.length() - 1)), quoted(s.charAt(i))};
            }
            int dot = head.indexOf('.');
            if (dot < 0) {
                return new String[] {"", head};
            }
            return new String[] {normaliseType(head.substring(0, dot)), head.substring(dot + 1)};
        }

        String operator() {
            skipSpace();
            for (String op : OPS) {
                if (s.startsWith(op, i)) {
                    i += op.length();
                    return op;
                }
            }
            String w = word().toUpperCase(Locale.ROOT);
            if (w.equals("LIKE") || w.equals("ILIKE")) {
                return w;
            }
            throw new IllegalArgumentException("Invalid comparator '" + w + "' in filter '" + s + "'");
        }

        Object value() {
            skipSpace();
            if (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"')) {
                return quoted(s.charAt(i));
            }
            String w = word();
            try {
                return Double.parseDouble(w);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Expected a quoted string or a number but got '" + w + "'");
            }
        }

        private String quoted(char quote) {
            int end = s.indexOf(quote, i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("Unterminated quote in filter '" + s + "'");
            }
            String inner = s.substring(i + 1, end);
            i = end + 1;
            return inner;
        }
    }
}
