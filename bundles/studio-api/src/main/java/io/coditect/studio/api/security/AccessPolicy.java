package io.coditect.studio.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The RBAC decision of SDD §5.2: whether a caller may perform an operation on a resource. Services
 * call it after they have found the object in the caller's organisation (an object of another
 * organisation is "not found" before this is asked).
 */
@ProviderType
public interface AccessPolicy {

    /** Whether the caller may; never throws for a well-formed question. */
    boolean allows(Caller caller, Resource resource, Operation operation, Target target);

    /**
     * Checks and throws when the caller may not.
     *
     * @throws AccessDeniedException naming the role or ownership the operation needs
     */
    void check(Caller caller, Resource resource, Operation operation, Target target);
}
