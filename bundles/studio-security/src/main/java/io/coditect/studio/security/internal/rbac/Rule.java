package io.coditect.studio.security.internal.rbac;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.tenancy.Role;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * One cell of the permission matrix: who may, and how to tell someone who may not. The test is a
 * non-capturing check on the caller's roles, so deciding allocates nothing; the wording is built
 * only for a denial.
 */
final class Rule {

    private final BiPredicate<Caller, Target> test;
    private final Function<Target, String> need;
    private final String impossible;

    private Rule(BiPredicate<Caller, Target> test, Function<Target, String> need, String impossible) {
        this.test = test;
        this.need = need;
        this.impossible = impossible;
    }

    boolean admits(Caller caller, Target target) {
        return test.test(caller, target);
    }

    /** The sentence for a denial, for example "deleting a project needs Team Admin in team 'web'". */
    String explain(String doing, Target target) {
        return impossible != null ? doing + " is not possible: " + impossible : doing + " needs " + need.apply(target);
    }

    /** {@code role} (or one above it) in the target's team; organisation-wide roles count in every team. */
    static Rule roleInTeam(Role role) {
        return new Rule((c, t) -> c.holds(role, t.teamId()),
                t -> t.teamId() == null ? name(role) + " in a team" : name(role) + " in team '" + t.teamId() + "'",
                null);
    }

    /** {@code role} (or one above it) for the whole organisation. */
    static Rule roleInOrganisation(Role role) {
        return new Rule((c, t) -> c.holds(role, null), t -> name(role), null);
    }

    static Rule anyRoleInOrganisation() {
        return new Rule((c, t) -> c.hasAnyRole(), t -> "a role in the organisation", null);
    }

    /** Any role in the target's team, or any organisation-wide role. */
    static Rule anyRoleInTeam() {
        return new Rule((c, t) -> c.isMemberOf(t.teamId()),
                t -> t.teamId() == null ? "a role in the team" : "a role in team '" + t.teamId() + "'", null);
    }

    /** The caller is the target's owner; {@code who} completes "needs …", for example "you to be its owner". */
    static Rule owner(String who) {
        return new Rule((c, t) -> t.ownerId() != null && t.ownerId().equals(c.userId()), t -> who, null);
    }

    static Rule studioAdmin() {
        return new Rule((c, t) -> c.studioAdmin(), t -> "a studio administrator", null);
    }

    static Rule nobody(String why) {
        return new Rule((c, t) -> false, t -> why, why);
    }

    static Rule either(Rule a, Rule b) {
        return new Rule((c, t) -> a.admits(c, t) || b.admits(c, t), t -> a.need.apply(t) + ", or " + b.need.apply(t),
                null);
    }

    /** {@code inTeam} for a target in a team, {@code inOrganisation} for one of the whole organisation. */
    static Rule byScope(Rule inTeam, Rule inOrganisation) {
        return new Rule((c, t) -> t.teamId() != null ? inTeam.admits(c, t) : inOrganisation.admits(c, t),
                t -> t.teamId() != null ? inTeam.need.apply(t) : inOrganisation.need.apply(t), null);
    }

    /** How people read a role, for example "Team Admin". */
    static String name(Role role) {
        switch (role) {
            case ORG_ADMIN:
                return "Organisation Admin";
            case TEAM_ADMIN:
                return "Team Admin";
            case PROJECT_LEAD:
                return "Project Lead";
            case DEVELOPER:
                return "Developer";
            case ANALYST:
                return "Analyst";
            case BILLING_ADMIN:
                return "Billing Admin";
            default:
                return role.name();
        }
    }
}
