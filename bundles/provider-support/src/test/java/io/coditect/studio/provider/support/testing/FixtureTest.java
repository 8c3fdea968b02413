package io.coditect.studio.provider.support.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class FixtureTest {

    @Test
    public void parsesStatusHeadersAndSteps() {
        Fixture f = Fixture.parse("# a comment\n%delay 100\nHTTP 200\ncontent-type: text/event-stream\nx-a: b: c\n\n"
                + "event: a\ndata: 1\n\n%delay 5\n%%data\n%eol crlf\nx\n%cut\nignored\n");
        assertEquals(200, f.status());
        assertEquals(100, f.headerDelayMillis());
        assertEquals(List.of(Map.entry("content-type", "text/event-stream"), Map.entry("x-a", "b: c")), f.headers());
        assertFalse(f.plain());
        assertEquals("event: a\ndata: 1\n\n%data\nx\r\n", f.bodyText());
        assertTrue(f.body().get(f.body().size() - 1) instanceof Fixture.Cut);
    }

    @Test
    public void plainBodies() {
        Fixture f = Fixture.parse("HTTP/1.1 404 Not Found\ncontent-type: application/json\n\n{\"a\":1}\n");
        assertEquals(404, f.status());
        assertTrue(f.plain());
        assertEquals("{\"a\":1}\n", f.bodyText());
        assertEquals("", Fixture.parse("HTTP 204\n").bodyText());
    }

    @Test
    public void badFixtures() {
        assertThrows(IllegalArgumentException.class, () -> Fixture.parse("hello\n"));
        assertThrows(IllegalArgumentException.class, () -> Fixture.parse("HTTP 200\nno header\n"));
        assertThrows(IllegalArgumentException.class, () -> Fixture.parse("HTTP 200\n\n%bogus\n"));
        assertThrows(IllegalArgumentException.class, () -> Fixture.resource("/no/such/fixture"));
    }
}
