package io.coditect.studio.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method (or class) that answers without a credential. Everything else requires
 * one: the decision is made per matched Java method, never by matching the URL, so no spelling of a
 * path ({@code ;}, {@code %2e%2e}, {@code //}, case) reaches a protected method unauthenticated.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface PublicEndpoint {
}
