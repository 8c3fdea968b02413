package io.coditect.studio.provider.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;

import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ModelInfo;
import org.junit.Test;

public class ModelSpecsTest {

    @Test
    public void parsesAnEntry() {
        ModelInfo m = ModelSpecs.parseOne(" claude-haiku-4-5 | Claude Haiku 4.5 | chat, CODE,tools | 200000 | 1 | 5.50 ");
        assertEquals(new ModelInfo("claude-haiku-4-5", "Claude Haiku 4.5",
                EnumSet.of(Capability.CHAT, Capability.CODE, Capability.TOOLS), 200_000, new BigDecimal("1"),
                new BigDecimal("5.50")), m);
    }

    @Test
    public void emptyNameCapabilitiesAndPricesHaveDefaults() {
        ModelInfo m = ModelSpecs.parseOne("local-model|||8192||");
        assertEquals("local-model", m.displayName());
        assertTrue(m.capabilities().isEmpty());
        assertEquals(BigDecimal.ZERO, m.inputPricePerMTok());
        assertEquals(BigDecimal.ZERO, m.outputPricePerMTok());
    }

    @Test
    public void severalEntriesInArrayElementsOrSeparatedBySemicolonsOrLines() {
        List<ModelInfo> models = ModelSpecs.parse("a|A|CHAT|1|0|0; b|B|CHAT|2|0|0", "", "c|C|CHAT|3|0|0\nd|D|CHAT|4|0|0;");
        assertEquals(List.of("a", "b", "c", "d"), models.stream().map(ModelInfo::id).toList());
        assertEquals(List.of(), ModelSpecs.parse());
        assertEquals(List.of(), ModelSpecs.parse((String[]) null));
    }

    @Test
    public void formatRoundTrips() {
        ModelInfo m = new ModelInfo("m", "Model M", EnumSet.of(Capability.VISION, Capability.CHAT), 1000,
                new BigDecimal("0.25"), new BigDecimal("1.25"));
        assertEquals("m|Model M|CHAT,VISION|1000|0.25|1.25", ModelSpecs.format(m));
        assertEquals(m, ModelSpecs.parseOne(ModelSpecs.format(m)));
    }

    @Test
    public void errorsNameTheEntryAndTheProblem() {
        assertError("entry 2 'b|B|CHAT|x|0|0': contextWindow 'x' is not a positive whole number", "a|A|CHAT|1|0|0",
                "b|B|CHAT|x|0|0");
        assertError("entry 1 'a|A': expected 6 fields separated by '|', found 2", "a|A");
        assertError("unknown capability 'telepathy'; known: CHAT, CODE, TOOLS, VISION, LONG_CONTEXT, REASONING",
                "a|A|CHAT,telepathy|1|0|0");
        assertError("contextWindow '0' is not a positive", "a|A|CHAT|0|0|0");
        assertError("inputUsdPerMTok 'free' is not a decimal number", "a|A|CHAT|1|free|0");
        assertError("outputUsdPerMTok cannot be negative", "a|A|CHAT|1|0|-1");
        assertError("the id must be non-empty and without whitespace", " |A|CHAT|1|0|0");
        assertError("entry 2 'a|B|CHAT|2|0|0': the id 'a' is listed twice", "a|A|CHAT|1|0|0", "a|B|CHAT|2|0|0");
        assertError("(format: id|display name|CAPABILITY,CAPABILITY|contextWindow|inputUsdPerMTok|outputUsdPerMTok)",
                "a");
    }

    private static void assertError(String expectedPart, String... entries) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpecs.parse(entries));
        assertTrue(e.getMessage(), e.getMessage().contains(expectedPart));
    }
}
