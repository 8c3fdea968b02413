package io.coditect.studio.provider.offline.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class JsonCheckTest {

    @Test
    public void acceptsJsonObjects() {
        for (String ok : List.of(
                "{}",
                "  { }\n",
                "{\"command\":\"echo hi\"}",
                "{\"a\":[],\"b\":[1,-2,3.25,4e10,5E-3,-0.5e+2,0],\"c\":{\"d\":null,\"e\":true,\"f\":false}}",
                "{\"esc\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\",\"unicode\":\"日本 ✓ 😀\"}",
                "{\"dup\":1,\"dup\":2}",
                "{\r\n\t\"a\" : [ { } , [ ] ]\r\n}")) {
            assertNull(ok, JsonCheck.objectError(ok));
        }
    }

    @Test
    public void refusesEverythingElse() {
        for (String bad : List.of(
                "", "   ", "[]", "\"s\"", "1", "null",
                "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":1 \"b\":2}",
                "{'a':1}", "{a:1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}",
                "{\"a\":-}", "{\"a\":tru}", "{\"a\":True}", "{\"a\":NaN}", "{\"a\":[1,]}", "{\"a\":[1 2]}",
                "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}", "{\"a\":\"\\u12\"}",
                "{\"a\":\"raw\ttab\"}", "{\"a\":\"raw\nnewline\"}",
                "{} {}", "{}x", "{\"a\":1}//comment", "\u00a0{}")) {
            assertNotNull("should refuse: " + bad, JsonCheck.objectError(bad));
        }
        assertNotNull(JsonCheck.objectError(null));
    }

    @Test
    public void namesThePositionOfTheProblem() {
        assertEquals("expected ',' or '}' at character 8", JsonCheck.objectError("{\"a\":1 \"b\":2}"));
        assertEquals("expected a JSON object starting with '{' at character 1", JsonCheck.objectError("[1]"));
        String end = JsonCheck.objectError("{\"a\":");
        assertTrue(end, end.endsWith("at the end of the text"));
    }

    @Test
    public void limitsNestingInsteadOfOverflowingTheStack() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        String error = JsonCheck.objectError(deep);
        assertNotNull(error);
        assertTrue(error, error.contains("nested deeper"));
        String fine = "{\"a\":" + "[".repeat(JsonCheck.MAX_DEPTH - 2) + "]".repeat(JsonCheck.MAX_DEPTH - 2) + "}";
        assertNull(JsonCheck.objectError(fine));
    }
}
