package depot.server.web;

/** The reading of path segments, query and form values that more than one part of the web UI needs. */
final class FormValues {
    private FormValues() {}

    static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }

    static int parseInt(String s) {
        return s != null && isNumber(s) ? Integer.parseInt(s) : 1;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
