package io.coditect.studio.security.internal.rbac;

import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;

/**
 * The RBAC decision of SDD §5.2 with the role hierarchy of {@link io.coditect.studio.api.tenancy.Role}
 * (a role includes every role below it; an organisation-wide role counts in every team).
 *
 * <p>The matrix of the SDD:
 * <table>
 * <caption>SDD §5.2</caption>
 * <tr><th>resource</th><th>create</th><th>read</th><th>update</th><th>delete</th></tr>
 * <tr><td>session</td><td>Developer in its team</td><td>any role in the organisation</td><td>its owner only</td>
 * <td>Team Admin of its team</td></tr>
 * <tr><td>project</td><td>Project Lead in its team</td><td>any role in its team (organisation-wide roles: every
 * team)</td><td>Project Lead in its team</td><td>Team Admin of its team</td></tr>
 * <tr><td>team</td><td>Organisation Admin</td><td>any role in the organisation</td><td>Team Admin of that
 * team</td><td>Organisation Admin</td></tr>
 * <tr><td>API key</td><td>Organisation Admin</td><td>its owner or Organisation Admin</td><td>nobody (rotate or
 * revoke)</td><td>(revoke) its owner or Organisation Admin</td></tr>
 * </table>
 *
 * <p>Beyond the SDD's matrix:
 * <ul>
 * <li>organisation: read with any role, update as Organisation Admin, create and delete as studio
 * administrator only;</li>
 * <li>user: read by anyone with a role in the organisation and by the user themself; create and delete
 * as Organisation Admin; update as Organisation Admin or by the user themself
 * ({@code target.ownerId} is the user's id);</li>
 * <li>membership (a role held): read with any role; grant, change and revoke a team role as Team
 * Admin of that team, an organisation-wide role ({@code target.teamId} null) as Organisation
 * Admin;</li>
 * <li>audit log: read as Organisation Admin; nobody writes it through the policy;</li>
 * <li>usage: read as Billing Admin (or Organisation Admin) or one's own usage ({@code target.ownerId});
 * nobody writes it through the policy.</li>
 * </ul>
 *
 * <p>Always, besides: the target must be in the caller's organisation (otherwise denied; services
 * report such objects as not found before asking), and an API-key caller is further limited by its
 * {@link Scopes}. Deciding does not allocate, since it runs on every request.
 */
public final class RbacPolicy implements AccessPolicy {

    public RbacPolicy() {
        // stateless: the matrix is a constant
    }

    @Override
    public boolean allows(Caller caller, Resource resource, Operation operation, Target target) {
        if (caller == null || resource == null || operation == null || target == null) {
            return false;
        }
        return caller.orgId().equals(target.orgId()) && scopesPermit(caller, resource, operation)
                && Matrix.rule(resource, operation).admits(caller, target);
    }

    @Override
    public void check(Caller caller, Resource resource, Operation operation, Target target) {
        if (!allows(caller, resource, operation, target)) {
            throw new AccessDeniedException(denial(caller, resource, operation, target));
        }
    }

    private static boolean scopesPermit(Caller caller, Resource resource, Operation operation) {
        return caller.credential() != Credential.API_KEY || Scopes.permit(caller.scopes(), resource, operation);
    }

    private static String denial(Caller caller, Resource resource, Operation operation, Target target) {
        String doing = Wording.doing(resource, operation);
        if (caller == null || resource == null || operation == null || target == null) {
            return doing + " was refused: the request names no caller, resource, operation or target";
        }
        if (!caller.orgId().equals(target.orgId())) {
            return doing + " was refused: it belongs to another organisation";
        }
        if (!scopesPermit(caller, resource, operation)) {
            return doing + " needs an API key with the scope '" + Scopes.needed(resource, operation)
                    + "': this key's scopes do not include it";
        }
        return Matrix.rule(resource, operation).explain(doing, target);
    }
}
