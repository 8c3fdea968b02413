package io.coditect.studio.api.security;

import org.osgi.annotation.versioning.ProviderType;

/** Hashes and checks passwords; the studio keeps only the hash. */
@ProviderType
public interface PasswordHasher {

    /**
     * A self-describing hash (algorithm, parameters, salt) of a password that follows the password
     * rules.
     *
     * @throws IllegalArgumentException naming the rule a password breaks (for example its length)
     */
    String hash(char[] password);

    /** Whether the password matches the hash; false for a malformed hash. Constant time in the password. */
    boolean verify(char[] password, String hash);
}
