package io.coditect.studio.shell.internal;

import java.security.SecureRandom;

/** Passwords the shell hands out once, for a person to change at their first login. */
final class OneTimePassword {

    // no look-alike characters (0/O, 1/l/I): people copy these by hand
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private OneTimePassword() {
    }

    static char[] generate() {
        char[] password = new char[20];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return password;
    }
}
