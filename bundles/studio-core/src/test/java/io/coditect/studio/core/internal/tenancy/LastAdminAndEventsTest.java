package io.coditect.studio.core.internal.tenancy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyEvents;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.security.internal.rbac.RbacPolicy;
import java.util.List;
import java.util.function.Supplier;
import org.junit.Test;
import org.osgi.service.event.Event;

/** Nobody can lock an organisation out of its administration; access changes are announced. */
public class LastAdminAndEventsTest extends TenancyFixture {

    private static void assertConflict(Supplier<?> call) {
        StoreException e = assertThrows(StoreException.class, call::get);
        assertEquals(e.getMessage(), StoreException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("make another user Organisation Admin first"));
    }

    private static Object run(Runnable r) {
        r.run();
        return null;
    }

    private User stored(String id) {
        return store.findUser("acme", id).orElseThrow();
    }

    @Test
    public void theLastOrgAdminCannotBeRevokedDemotedDisabledOrDeleted() {
        Caller ann = caller("acme", "ann");
        assertConflict(() -> run(() -> service.revoke(ann, "acme", "ann", null)));
        assertConflict(() -> run(() -> service.revoke(studioAdmin(), "acme", "ann", null)));
        assertConflict(() -> service.grant(ann, "acme", "ann", null, Role.BILLING_ADMIN));
        assertConflict(() -> service.updateUser(ann, stored("ann").withDisabled(true)));
        assertConflict(() -> run(() -> service.deleteUser(ann, "acme", "ann")));
        assertConflict(() -> run(() -> service.deleteUser(studioAdmin(), "acme", "ann")));
        assertEquals(Role.ORG_ADMIN, store.findMembership("acme", "ann", null).orElseThrow().role());
        assertFalse(stored("ann").disabled());
        assertTrue("a refused change announces nothing", events.posted.isEmpty());

        // a disabled admin does not count
        service.grant(ann, "acme", "nora", null, Role.ORG_ADMIN);
        service.updateUser(ann, stored("nora").withDisabled(true));
        assertConflict(() -> run(() -> service.revoke(ann, "acme", "ann", null)));

        service.updateUser(ann, stored("nora").withDisabled(false));
        service.revoke(ann, "acme", "ann", null);
        assertTrue(store.findMembership("acme", "ann", null).isEmpty());
        assertConflict(() -> run(() -> service.deleteUser(caller("acme", "nora"), "acme", "nora")));
    }

    @Test
    public void anAdminWhoIsNotTheLastMayStepDown() {
        Caller ann = caller("acme", "ann");
        service.grant(ann, "acme", "bill", null, Role.ORG_ADMIN);
        service.deleteUser(ann, "acme", "ann");
        assertTrue(store.findUser("acme", "ann").isEmpty());
    }

    @Test
    public void grantsRevocationsAndUserStateChangesAreAnnounced() {
        Caller ann = caller("acme", "ann");
        service.grant(caller("acme", "tara"), "acme", "nora", "web", Role.DEVELOPER);
        service.revoke(ann, "acme", "nora", "web");
        service.updateUser(ann, stored("dev").withDisabled(true));
        service.updateUser(ann, stored("dev").withDisabled(false));
        service.updateUser(ann, stored("dev").withDisplayName("renamed, no access change"));
        service.deleteUser(ann, "acme", "otto");
        service.changePassword(ann, "acme", "lee", null, "a brand new password".toCharArray());

        assertEquals(List.of("nora", "nora", "dev", "dev", "otto"),
                events.posted.stream().map(e -> (String) e.getProperty(TenancyEvents.USER_ID)).toList());
        for (Event e : events.posted) {
            assertEquals(TenancyEvents.TOPIC_ACCESS_CHANGED, e.getTopic());
            assertEquals("acme", e.getProperty(TenancyEvents.ORG_ID));
        }

        events.posted.clear();
        service.deleteProject(ann, "acme", "infra");
        service.deleteTeam(ann, "acme", "ops");
        assertEquals("a team's roles went with it: the whole organisation is announced", 1, events.posted.size());
        assertEquals("acme", events.posted.get(0).getProperty(TenancyEvents.ORG_ID));
        assertNull(events.posted.get(0).getProperty(TenancyEvents.USER_ID));
    }

    @Test
    public void refusedChangesAnnounceNothing() {
        Caller dev = caller("acme", "dev");
        assertThrows(AccessDeniedException.class, () -> service.grant(dev, "acme", "nora", "web", Role.DEVELOPER));
        assertThrows(StoreException.class, () -> service.grant(caller("acme", "ann"), "acme", "gina", null,
                Role.ORG_ADMIN));
        assertTrue(events.posted.isEmpty());
    }

    @Test
    public void worksWithoutEventAdmin() {
        TenancyServiceImpl withoutEvents = new TenancyServiceImpl(store, db.audit(), db.transactions(),
                new RbacPolicy(), hasher);
        assertEquals(Role.DEVELOPER, withoutEvents.grant(caller("acme", "ann"), "acme", "nora", "web",
                Role.DEVELOPER).role());
        withoutEvents.setEventAdmin(events);
        withoutEvents.revoke(caller("acme", "ann"), "acme", "nora", "web");
        withoutEvents.unsetEventAdmin(events);
        withoutEvents.grant(caller("acme", "ann"), "acme", "nora", "web", Role.DEVELOPER);
        assertEquals(1, events.posted.size());
    }
}
