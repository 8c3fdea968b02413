package io.coditect.studio.security.internal.rbac;

import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import java.util.Set;

/**
 * The scopes of API keys, which narrow what the key owner's roles allow: {@code *} (everything),
 * {@code <resource>:*}, {@code <resource>:read} (reading) and {@code <resource>:write} (creating,
 * changing, deleting). Resource names are the lower-case plurals of the REST paths, for example
 * {@code projects} or {@code api-keys}. An empty set allows nothing.
 */
public final class Scopes {

    public static final String ALL = "*";

    private static final String[] NAMES = new String[Resource.values().length];
    private static final String[] ANY = new String[NAMES.length];
    private static final String[] READ = new String[NAMES.length];
    private static final String[] WRITE = new String[NAMES.length];

    static {
        name(Resource.ORGANISATION, "organisations");
        name(Resource.TEAM, "teams");
        name(Resource.USER, "users");
        name(Resource.MEMBERSHIP, "members");
        name(Resource.PROJECT, "projects");
        name(Resource.SESSION, "sessions");
        name(Resource.API_KEY, "api-keys");
        name(Resource.AUDIT, "audit");
        name(Resource.USAGE, "usage");
    }

    private Scopes() {
    }

    // the strings are built once, so a decision only looks them up
    private static void name(Resource resource, String name) {
        int i = resource.ordinal();
        NAMES[i] = name;
        ANY[i] = name + ":*";
        READ[i] = name + ":read";
        WRITE[i] = name + ":write";
    }

    /** Whether {@code scopes} allow {@code operation} on {@code resource}. */
    public static boolean permit(Set<String> scopes, Resource resource, Operation operation) {
        if (scopes.isEmpty()) {
            return false;
        }
        int i = resource.ordinal();
        if (NAMES[i] == null) {
            return scopes.contains(ALL);
        }
        return scopes.contains(ALL) || scopes.contains(ANY[i])
                || scopes.contains(operation == Operation.READ ? READ[i] : WRITE[i]);
    }

    /** The scope that allows {@code operation} on {@code resource}, for messages: {@code projects:write}. */
    public static String needed(Resource resource, Operation operation) {
        int i = resource.ordinal();
        if (NAMES[i] == null) {
            return ALL;
        }
        return operation == Operation.READ ? READ[i] : WRITE[i];
    }

    /** Whether {@code scope} is one this policy understands. */
    public static boolean isValid(String scope) {
        if (ALL.equals(scope)) {
            return true;
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (ANY[i] != null && (ANY[i].equals(scope) || READ[i].equals(scope) || WRITE[i].equals(scope))) {
                return true;
            }
        }
        return false;
    }

    /** What {@link #isValid} accepts, for error messages. */
    public static String grammar() {
        StringBuilder b = new StringBuilder("'*' or <resource>:read, <resource>:write or <resource>:* with <resource> one of");
        String sep = " ";
        for (String n : NAMES) {
            if (n != null) {
                b.append(sep).append(n);
                sep = ", ";
            }
        }
        return b.toString();
    }
}
