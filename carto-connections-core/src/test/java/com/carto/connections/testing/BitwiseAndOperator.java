package com.carto.connections.testing;

/**
 * For the protocol fakes whose engine is H2: GoogleSQL's and Databricks SQL's {@code a & b}
 * (https://cloud.google.com/bigquery/docs/reference/standard-sql/operators#bitwise_operators,
 * https://docs.databricks.com/aws/en/sql/language-manual/functions/ampersandsign) written as H2's {@code BITAND(a, b)},
 * H2 having no such operator. Only the operands the SDK writes are rewritten: a column name (bare, double-quoted or
 * backquoted) on the left and an integer literal on the right. Anything else is left as it is, so H2 refuses it as a
 * syntax error, as a fake should refuse what it cannot check.
 */
public final class BitwiseAndOperator {
    private BitwiseAndOperator() {}

    /**
     * Rewrites the operator at {@code index} of {@code sql} (a single {@code &}), taking its left operand back from
     * the end of {@code out}; returns the index after the right operand.
     */
    public static int rewrite(String sql, int index, StringBuilder out) {
        int leftStart = leftOperandStart(out);
        int rightStart = index + 1;
        while (rightStart < sql.length() && sql.charAt(rightStart) == ' ') {
            rightStart++;
        }
        int rightEnd = rightStart;
        while (rightEnd < sql.length() && Character.isDigit(sql.charAt(rightEnd))) {
            rightEnd++;
        }
        if (leftStart < 0 || rightEnd == rightStart) {
            out.append('&');
            return index + 1;
        }
        String left = out.substring(leftStart).strip();
        out.setLength(leftStart);
        out.append("BITAND(")
                .append(left)
                .append(", ")
                .append(sql, rightStart, rightEnd)
                .append(')');
        return rightEnd;
    }

    /** Where the name that ends {@code out} (spaces after it allowed) starts; -1 when it does not end with one. */
    private static int leftOperandStart(StringBuilder out) {
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        if (end == 0) {
            return -1;
        }
        char last = out.charAt(end - 1);
        if (last == '"' || last == '`') {
            int open = end - 2;
            while (open >= 0) {
                if (out.charAt(open) == last) {
                    if (open > 0 && out.charAt(open - 1) == last) {
                        open -= 2;
                        continue;
                    }
                    return open;
                }
                open--;
            }
            return -1;
        }
        int start = end;
        while (start > 0 && (Character.isLetterOrDigit(out.charAt(start - 1)) || out.charAt(start - 1) == '_')) {
            start--;
        }
        return start == end || Character.isDigit(out.charAt(start)) ? -1 : start;
    }
}
