package depot.server.web;

/** The reading of path segments, query and form values that more than one part of the web UI needs. */
final class FormValues {
    private FormValues() {}

    static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }

    /** A page number or count from a query: 1 unless digits, at most {@link Integer#MAX_VALUE}. */
    static int parseInt(String s) {
        return s != null && isNumber(s) ? (int) Math.min(Integer.MAX_VALUE, Long.parseLong(s)) : 1;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
