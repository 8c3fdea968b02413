package io.coditect.studio.api.security;

/** The four operations of the SDD §5.2 permission matrix. */
public enum Operation {
    CREATE,
    READ,
    UPDATE,
    DELETE
}
