package io.coditect.studio.provider.support;

import java.util.Objects;

/**
 * A credential such as an API key. {@link #toString()} is {@code ****}, so a secret that ends up in
 * a log line, an exception message or a {@code toString()} of a record holding it shows nothing.
 * Only {@link #reveal()} gives the value: call it where it goes into a request header, nowhere else.
 */
public final class Secret {

    private static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException when {@code value} is blank or has whitespace or control
     *                                  characters (which cannot go into an HTTP header); the message
     *                                  does not repeat the value
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the secret is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c > 0x7e) {
                throw new IllegalArgumentException("the secret contains whitespace, control or non-ASCII characters"
                        + " (at position " + (i + 1) + " of " + value.length() + ")");
            }
        }
        return new Secret(value);
    }

    /** The value, for the request header that carries it. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of the value replaced by {@code ****}; null stays null. */
    public String redact(String text) {
        return text == null || !text.contains(value) ? text : text.replace(value, MASK);
    }

    /** Applies {@link #redact(String)} when {@code secret} is not null. */
    public static String redact(Secret secret, String text) {
        return secret == null ? text : secret.redact(text);
    }

    @Override
    public String toString() {
        return MASK;
    }
}
