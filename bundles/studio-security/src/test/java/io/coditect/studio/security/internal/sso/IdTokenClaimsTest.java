package io.coditect.studio.security.internal.sso;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import org.junit.Test;

public class IdTokenClaimsTest {

    private static IdTokenClaims claims(Object... nameValues) {
        UserInfo info = new UserInfo(new Subject("sub-1"));
        for (int i = 0; i < nameValues.length; i += 2) {
            info.setClaim((String) nameValues[i], nameValues[i + 1]);
        }
        return new IdTokenClaims(info);
    }

    @Test
    public void emailVerifiedIsFalseOnlyWhenTheProviderSaysSo() {
        assertTrue(claims().isEmailVerified());
        assertTrue(claims("email_verified", true).isEmailVerified());
        assertTrue("as some providers send it", claims("email_verified", "true").isEmailVerified());
        assertFalse(claims("email_verified", false).isEmailVerified());
        assertFalse(claims("email_verified", "false").isEmailVerified());
    }

    @Test
    public void theDisplayNameFallsBackThroughTheUsualClaims() {
        assertEquals("Jane Doe", claims("name", "Jane Doe", "given_name", "J").displayName("j@x.test", "s"));
        assertEquals("Jane Doe", claims("given_name", "Jane", "family_name", "Doe").displayName("j@x.test", "s"));
        assertEquals("Doe", claims("family_name", "Doe").displayName("j@x.test", "s"));
        assertEquals("jdoe", claims("preferred_username", "jdoe").displayName("j@x.test", "s"));
        assertEquals("j", claims().displayName("j@x.test", "s"));
        assertEquals("s", claims().displayName(null, "s"));
        assertNull(claims("email", " ").string("email"));
        assertNull(claims("email", 42).string("email"));
    }

    @Test
    public void groupsComeAsListOrStringOrNested() {
        assertEquals(List.of("a", "b"), claims("groups", List.of("a", " b ", 3)).groups("groups"));
        assertEquals(List.of("solo"), claims("groups", "solo").groups("groups"));
        assertEquals(List.of(), claims().groups("groups"));
        assertEquals("Keycloak realm roles", List.of("dev"),
                claims("realm_access", Map.of("roles", List.of("dev"))).groups("realm_access.roles"));
        assertEquals(List.of(), claims("realm_access", "flat").groups("realm_access.roles"));
        assertEquals(List.of("x"), claims("a.b", List.of("x")).groups("a.b"));
    }
}
