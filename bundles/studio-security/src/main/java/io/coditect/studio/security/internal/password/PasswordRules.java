package io.coditect.studio.security.internal.password;

/**
 * What a password must be: long enough to resist guessing (NIST SP 800-63B favours length over
 * composition rules), short enough that hashing it cannot be abused, and not only blanks.
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private PasswordRules() {
    }

    /** @throws IllegalArgumentException naming the rule the password breaks */
    public static void check(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the password is missing: choose one of " + MIN_LENGTH + " to "
                    + MAX_LENGTH + " characters");
        }
        if (password.length < MIN_LENGTH) {
            throw new IllegalArgumentException("the password is too short: use at least " + MIN_LENGTH
                    + " characters (a few unrelated words make a good one)");
        }
        if (password.length > MAX_LENGTH) {
            throw new IllegalArgumentException("the password is too long: use at most " + MAX_LENGTH + " characters");
        }
        for (char c : password) {
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return;
            }
        }
        throw new IllegalArgumentException("the password is only blanks: use letters, digits or symbols too");
    }
}
