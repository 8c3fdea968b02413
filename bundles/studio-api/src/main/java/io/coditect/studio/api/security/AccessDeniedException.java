package io.coditect.studio.api.security;

/**
 * The caller is known and the object exists in the caller's organisation, but the caller's role
 * does not allow the operation (HTTP 403). The message names the role or ownership that would.
 * For an object of another organisation services answer "not found" instead, never this.
 */
public class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
