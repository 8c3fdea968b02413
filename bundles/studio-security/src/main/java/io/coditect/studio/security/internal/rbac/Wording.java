package io.coditect.studio.security.internal.rbac;

import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;

/** How a denial names what was tried: "deleting a project", "revoking an API key". */
final class Wording {

    private Wording() {
    }

    static String doing(Resource resource, Operation operation) {
        if (resource == null || operation == null) {
            return "this request";
        }
        if (resource == Resource.API_KEY && operation == Operation.CREATE) {
            return "issuing an API key";
        }
        if (resource == Resource.API_KEY && operation == Operation.DELETE) {
            return "revoking an API key";
        }
        if (resource == Resource.MEMBERSHIP && operation == Operation.CREATE) {
            return "granting a role";
        }
        if (resource == Resource.MEMBERSHIP && operation == Operation.DELETE) {
            return "revoking a role";
        }
        return verb(operation) + " " + noun(resource);
    }

    private static String verb(Operation operation) {
        switch (operation) {
            case CREATE:
                return "creating";
            case READ:
                return "reading";
            case UPDATE:
                return "updating";
            default:
                return "deleting";
        }
    }

    private static String noun(Resource resource) {
        switch (resource) {
            case ORGANISATION:
                return "an organisation";
            case TEAM:
                return "a team";
            case USER:
                return "a user";
            case MEMBERSHIP:
                return "a role";
            case PROJECT:
                return "a project";
            case SESSION:
                return "a session";
            case API_KEY:
                return "an API key";
            case AUDIT:
                return "the audit log";
            case USAGE:
                return "usage";
            default:
                return resource.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
