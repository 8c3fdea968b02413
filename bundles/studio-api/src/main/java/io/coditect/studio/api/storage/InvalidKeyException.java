package io.coditect.studio.api.storage;

/** A storage key broke a rule of {@link StoragePath}; the message names the rule. */
public class InvalidKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message);
    }
}
