package io.coditect.studio.security.internal.rbac;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.tenancy.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every cell of the SDD §5.2 matrix (sessions, projects, teams, API keys × create, read, update,
 * delete) for every role, held in the target's team or organisation-wide as fits it, for a team
 * role held in another team and for a caller without roles, on a target the caller owns and on one
 * somebody else owns. The expectations are written out by hand from the SDD, not derived.
 */
@RunWith(Parameterized.class)
public class PermissionMatrixTest {

    private static final String ORG = "acme";
    private static final String TEAM = "web";
    private static final String ME = "me";

    /** The callers, in the order of the columns below. */
    private static final String[] CALLERS = {"ORG_ADMIN", "TEAM_ADMIN", "PROJECT_LEAD", "DEVELOPER", "ANALYST",
            "BILLING_ADMIN", "TEAM_ADMIN_OF_OTHER_TEAM", "NO_ROLE"};

    // columns:                                          OA TA PL DV AN BA OT NO
    private static final Object[][] EXPECTED = {
            {Resource.SESSION, Operation.CREATE, "own",    "Y  Y  Y  Y  N  N  N  N"},
            {Resource.SESSION, Operation.CREATE, "other's", "Y  Y  Y  Y  N  N  N  N"},
            {Resource.SESSION, Operation.READ, "own",      "Y  Y  Y  Y  Y  Y  Y  N"},
            {Resource.SESSION, Operation.READ, "other's",  "Y  Y  Y  Y  Y  Y  Y  N"},
            {Resource.SESSION, Operation.UPDATE, "own",    "Y  Y  Y  Y  Y  Y  Y  Y"},
            {Resource.SESSION, Operation.UPDATE, "other's", "N  N  N  N  N  N  N  N"},
            {Resource.SESSION, Operation.DELETE, "own",    "Y  Y  N  N  N  N  N  N"},
            {Resource.SESSION, Operation.DELETE, "other's", "Y  Y  N  N  N  N  N  N"},

            {Resource.PROJECT, Operation.CREATE, "own",    "Y  Y  Y  N  N  N  N  N"},
            {Resource.PROJECT, Operation.CREATE, "other's", "Y  Y  Y  N  N  N  N  N"},
            {Resource.PROJECT, Operation.READ, "own",      "Y  Y  Y  Y  Y  Y  N  N"},
            {Resource.PROJECT, Operation.READ, "other's",  "Y  Y  Y  Y  Y  Y  N  N"},
            {Resource.PROJECT, Operation.UPDATE, "own",    "Y  Y  Y  N  N  N  N  N"},
            {Resource.PROJECT, Operation.UPDATE, "other's", "Y  Y  Y  N  N  N  N  N"},
            {Resource.PROJECT, Operation.DELETE, "own",    "Y  Y  N  N  N  N  N  N"},
            {Resource.PROJECT, Operation.DELETE, "other's", "Y  Y  N  N  N  N  N  N"},

            {Resource.TEAM, Operation.CREATE, "own",       "Y  N  N  N  N  N  N  N"},
            {Resource.TEAM, Operation.CREATE, "other's",   "Y  N  N  N  N  N  N  N"},
            {Resource.TEAM, Operation.READ, "own",         "Y  Y  Y  Y  Y  Y  Y  N"},
            {Resource.TEAM, Operation.READ, "other's",     "Y  Y  Y  Y  Y  Y  Y  N"},
            {Resource.TEAM, Operation.UPDATE, "own",       "Y  Y  N  N  N  N  N  N"},
            {Resource.TEAM, Operation.UPDATE, "other's",   "Y  Y  N  N  N  N  N  N"},
            {Resource.TEAM, Operation.DELETE, "own",       "Y  N  N  N  N  N  N  N"},
            {Resource.TEAM, Operation.DELETE, "other's",   "Y  N  N  N  N  N  N  N"},

            {Resource.API_KEY, Operation.CREATE, "own",    "Y  N  N  N  N  N  N  N"},
            {Resource.API_KEY, Operation.CREATE, "other's", "Y  N  N  N  N  N  N  N"},
            {Resource.API_KEY, Operation.READ, "own",      "Y  Y  Y  Y  Y  Y  Y  Y"},
            {Resource.API_KEY, Operation.READ, "other's",  "Y  N  N  N  N  N  N  N"},
            {Resource.API_KEY, Operation.UPDATE, "own",    "N  N  N  N  N  N  N  N"},
            {Resource.API_KEY, Operation.UPDATE, "other's", "N  N  N  N  N  N  N  N"},
            {Resource.API_KEY, Operation.DELETE, "own",    "Y  Y  Y  Y  Y  Y  Y  Y"},
            {Resource.API_KEY, Operation.DELETE, "other's", "Y  N  N  N  N  N  N  N"},
    };

    @Parameters(name = "{0} {1} {2} by {3} -> {4}")
    public static List<Object[]> cells() {
        List<Object[]> cells = new ArrayList<>();
        for (Object[] row : EXPECTED) {
            String[] answers = ((String) row[3]).trim().split("\\s+");
            assertEquals("every row has one answer per caller", CALLERS.length, answers.length);
            for (int i = 0; i < CALLERS.length; i++) {
                cells.add(new Object[] {row[0], row[1], row[2], CALLERS[i], answers[i].equals("Y")});
            }
        }
        return cells;
    }

    private final Resource resource;
    private final Operation operation;
    private final String ownership;
    private final String callerName;
    private final boolean allowed;

    public PermissionMatrixTest(Resource resource, Operation operation, String ownership, String callerName,
            boolean allowed) {
        this.resource = resource;
        this.operation = operation;
        this.ownership = ownership;
        this.callerName = callerName;
        this.allowed = allowed;
    }

    @Test
    public void decides() {
        RbacPolicy policy = new RbacPolicy();
        Caller caller = caller(callerName);
        Target target = Target.owned(ORG, resource == Resource.API_KEY ? null : TEAM,
                ownership.equals("own") ? ME : "someone-else");

        assertEquals(allowed, policy.allows(caller, resource, operation, target));
        try {
            policy.check(caller, resource, operation, target);
            assertTrue("check() let through what allows() refused", allowed);
        } catch (AccessDeniedException e) {
            if (allowed) {
                fail("check() refused what allows() let through: " + e.getMessage());
            }
            assertTrue(e.getMessage(), e.getMessage().contains(" needs ") || e.getMessage().contains("not possible"));
        }
    }

    static Caller caller(String name) {
        switch (name) {
            case "ORG_ADMIN":
                return orgWide(Role.ORG_ADMIN);
            case "BILLING_ADMIN":
                return orgWide(Role.BILLING_ADMIN);
            case "TEAM_ADMIN_OF_OTHER_TEAM":
                return new Caller(ORG, ME, Credential.PASSWORD, null, null, Map.of("ops", Role.TEAM_ADMIN), Set.of(),
                        false, null);
            case "NO_ROLE":
                return new Caller(ORG, ME, Credential.PASSWORD, null, null, Map.of(), Set.of(), false, null);
            default:
                return new Caller(ORG, ME, Credential.PASSWORD, null, null, Map.of(TEAM, Role.valueOf(name)), Set.of(),
                        false, null);
        }
    }

    private static Caller orgWide(Role role) {
        return new Caller(ORG, ME, Credential.PASSWORD, null, role, Map.of(), Set.of(), false, null);
    }
}
