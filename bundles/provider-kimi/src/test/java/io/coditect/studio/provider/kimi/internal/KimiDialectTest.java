package io.coditect.studio.provider.kimi.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Set;

import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException.Kind;
import io.coditect.studio.provider.support.VendorError;
import org.junit.Test;

/** Kimi's quirks without HTTP. */
public class KimiDialectTest {

    private final KimiDialect dialect = new KimiDialect("max_completion_tokens", Set.of("kimi-k2.6"));
    private final ModelInfo v1 = new ModelInfo("moonshot-v1-8k", null, Set.of(Capability.CHAT), 8192, null, null);
    private final ModelInfo k26 = new ModelInfo("kimi-k2.6", null, Set.of(Capability.CHAT, Capability.REASONING), 262144,
            null, null);

    @Test
    public void errorTypes() {
        assertEquals(Kind.RATE_LIMITED, KimiDialect.kindOfType("rate_limit_reached_error"));
        assertEquals(Kind.OVERLOADED, KimiDialect.kindOfType("engine_overloaded_error"));
        assertEquals(Kind.UNAUTHORIZED, KimiDialect.kindOfType("exceeded_current_quota_error"));
        assertEquals(Kind.UNAUTHORIZED, KimiDialect.kindOfType("invalid_authentication_error"));
        assertEquals(Kind.UNAUTHORIZED, KimiDialect.kindOfType("incorrect_api_key_error"));
        assertEquals(Kind.UNAUTHORIZED, KimiDialect.kindOfType("permission_denied_error"));
        assertEquals(Kind.BAD_REQUEST, KimiDialect.kindOfType("invalid_request_error"));
        assertEquals(Kind.BAD_REQUEST, KimiDialect.kindOfType("content_filter"));
        assertEquals(Kind.BAD_REQUEST, KimiDialect.kindOfType("resource_not_found_error"));
        assertNull(KimiDialect.kindOfType("server_error"));
        assertNull(KimiDialect.kindOfType(""));
    }

    @Test
    public void httpAndStreamErrorsUseTheTypesThenTheStatus() {
        assertEquals(Kind.UNAUTHORIZED, dialect.httpErrorKind(429, new VendorError("exceeded_current_quota_error", "m"),
                Kind.RATE_LIMITED));
        assertEquals(Kind.OVERLOADED, dialect.httpErrorKind(429, new VendorError("engine_overloaded_error", "m"),
                Kind.RATE_LIMITED));
        assertEquals(Kind.UNAVAILABLE, dialect.httpErrorKind(500, new VendorError("server_error", "m"), Kind.UNAVAILABLE));
        assertEquals(Kind.RATE_LIMITED, dialect.httpErrorKind(429, new VendorError("", ""), Kind.RATE_LIMITED));
        assertEquals(Kind.OVERLOADED, dialect.streamErrorKind(new VendorError("engine_overloaded_error", "m"), 0));
        assertEquals(Kind.UNAUTHORIZED, dialect.streamErrorKind(new VendorError("exceeded_current_quota_error", "m"), 429));
        assertEquals(Kind.UNAVAILABLE, dialect.streamErrorKind(new VendorError("server_error", "m"), 0));
    }

    @Test
    public void temperature() {
        assertNull(dialect.temperature(v1, null));
        assertEquals(Double.valueOf(1.0), dialect.temperature(v1, 2.0));
        assertEquals(Double.valueOf(0.0), dialect.temperature(v1, -0.5));
        assertEquals(Double.valueOf(0.3), dialect.temperature(v1, 0.3));
        assertNull(dialect.temperature(k26, 0.3));
    }

    @Test
    public void modelIdsFromConfiguration() {
        assertEquals(Set.of("a", "b", "c"), KimiDialect.modelIds("a, b", "c;", " ", null));
        assertEquals(Set.of(), KimiDialect.modelIds((String[]) null));
    }
}
