package io.coditect.studio.security.internal.rbac;

import static io.coditect.studio.security.internal.rbac.Rule.anyRoleInOrganisation;
import static io.coditect.studio.security.internal.rbac.Rule.anyRoleInTeam;
import static io.coditect.studio.security.internal.rbac.Rule.byScope;
import static io.coditect.studio.security.internal.rbac.Rule.either;
import static io.coditect.studio.security.internal.rbac.Rule.nobody;
import static io.coditect.studio.security.internal.rbac.Rule.owner;
import static io.coditect.studio.security.internal.rbac.Rule.roleInOrganisation;
import static io.coditect.studio.security.internal.rbac.Rule.roleInTeam;
import static io.coditect.studio.security.internal.rbac.Rule.studioAdmin;

import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.tenancy.Role;

/**
 * The permission matrix of SDD §5.2 and its extension to the other resources, as documented on
 * {@link RbacPolicy}. A cell left out allows nobody.
 */
final class Matrix {

    private static final Rule[][] RULES = new Rule[Resource.values().length][Operation.values().length];

    static {
        Rule orgAdmin = roleInOrganisation(Role.ORG_ADMIN);
        Rule ownerOrOrgAdmin = either(owner("you to be its owner"), orgAdmin);

        put(Resource.SESSION, roleInTeam(Role.DEVELOPER), anyRoleInOrganisation(), owner("you to be its owner"),
                roleInTeam(Role.TEAM_ADMIN));
        put(Resource.PROJECT, roleInTeam(Role.PROJECT_LEAD), anyRoleInTeam(), roleInTeam(Role.PROJECT_LEAD),
                roleInTeam(Role.TEAM_ADMIN));
        put(Resource.TEAM, orgAdmin, anyRoleInOrganisation(), roleInTeam(Role.TEAM_ADMIN), orgAdmin);
        put(Resource.API_KEY, orgAdmin, ownerOrOrgAdmin,
                nobody("an API key cannot be changed; rotate it or revoke it instead"), ownerOrOrgAdmin);

        put(Resource.ORGANISATION, studioAdmin(), anyRoleInOrganisation(), orgAdmin, studioAdmin());
        put(Resource.USER, orgAdmin, either(anyRoleInOrganisation(), owner("you to be that user")),
                either(owner("you to be that user"), orgAdmin), orgAdmin);
        Rule membershipAdmin = byScope(roleInTeam(Role.TEAM_ADMIN), orgAdmin);
        put(Resource.MEMBERSHIP, membershipAdmin, anyRoleInOrganisation(), membershipAdmin, membershipAdmin);
        Rule appendOnly = nobody("the audit log is written by the studio and cannot be changed");
        put(Resource.AUDIT, appendOnly, orgAdmin, appendOnly, appendOnly);
        Rule recorded = nobody("usage is recorded by the studio and cannot be changed");
        put(Resource.USAGE, recorded, either(roleInOrganisation(Role.BILLING_ADMIN), owner("you to be its owner")),
                recorded, recorded);
    }

    private Matrix() {
    }

    static Rule rule(Resource resource, Operation operation) {
        return RULES[resource.ordinal()][operation.ordinal()];
    }

    private static void put(Resource resource, Rule create, Rule read, Rule update, Rule delete) {
        Rule[] row = RULES[resource.ordinal()];
        row[Operation.CREATE.ordinal()] = create;
        row[Operation.READ.ordinal()] = read;
        row[Operation.UPDATE.ordinal()] = update;
        row[Operation.DELETE.ordinal()] = delete;
    }

    // a resource or operation added to the API later is refused until it has a rule here
    static {
        Rule undefined = nobody("the studio has no rule for it yet");
        for (Rule[] row : RULES) {
            for (int i = 0; i < row.length; i++) {
                if (row[i] == null) {
                    row[i] = undefined;
                }
            }
        }
    }
}
