package io.coditect.studio.provider.support;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ModelInfo;

/**
 * Parses the models an adapter serves from configuration strings, one model per entry:
 *
 * <pre>
 * id|display name|CAPABILITY,CAPABILITY|contextWindow|inputUsdPerMTok|outputUsdPerMTok
 * claude-haiku-4-5|Claude Haiku 4.5|CHAT,CODE,TOOLS,VISION|200000|1|5
 * </pre>
 *
 * <ul>
 * <li>Exactly six fields separated by {@code |}; whitespace around fields is ignored.</li>
 * <li>{@code id}: the vendor's model id sent on the wire, without whitespace, {@code |} or
 * {@code ;}.</li>
 * <li>{@code display name}: may be empty, then the id is shown.</li>
 * <li>Capabilities: names of {@link Capability} separated by {@code ,} (any case); may be empty.</li>
 * <li>{@code contextWindow}: a positive whole number of tokens.</li>
 * <li>Prices: USD per million tokens, decimal, not negative; empty means 0.</li>
 * </ul>
 *
 * <p>A configuration value is an array of entries; one string may also hold several entries
 * separated by {@code ;} or line breaks, because a Karaf {@code .cfg} file has no arrays. Blank
 * entries are skipped. Ids must be unique.
 */
public final class ModelSpecs {

    /** The format, for messages and documentation. */
    public static final String FORMAT = "id|display name|CAPABILITY,CAPABILITY|contextWindow|inputUsdPerMTok|outputUsdPerMTok";

    private ModelSpecs() {
    }

    /**
     * @throws IllegalArgumentException naming the bad entry (its position and text) and what is wrong
     *                                  with it
     */
    public static List<ModelInfo> parse(String... values) {
        List<String> entries = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                if (value != null) {
                    Arrays.stream(value.split("[;\\r\\n]")).map(String::strip).filter(s -> !s.isEmpty())
                            .forEach(entries::add);
                }
            }
        }
        List<ModelInfo> models = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            ModelInfo model = parseEntry(i + 1, entries.get(i));
            if (!ids.add(model.id())) {
                throw bad(i + 1, entries.get(i), "the id '" + model.id() + "' is listed twice");
            }
            models.add(model);
        }
        return List.copyOf(models);
    }

    /** Parses one entry; see the class comment. */
    public static ModelInfo parseOne(String entry) {
        return parseEntry(1, entry == null ? "" : entry.strip());
    }

    /** The entry that {@link #parseOne(String)} turns back into {@code model}. */
    public static String format(ModelInfo model) {
        String caps = model.capabilities().stream().sorted().map(Enum::name).collect(Collectors.joining(","));
        return String.join("|", model.id(), model.displayName(), caps, Integer.toString(model.contextWindow()),
                model.inputPricePerMTok().toPlainString(), model.outputPricePerMTok().toPlainString());
    }

    private static ModelInfo parseEntry(int position, String entry) {
        String[] fields = entry.split("\\|", -1);
        if (fields.length != 6) {
            throw bad(position, entry, "expected 6 fields separated by '|', found " + fields.length);
        }
        String id = fields[0].strip();
        if (id.isEmpty() || id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw bad(position, entry, "the id must be non-empty and without whitespace");
        }
        String name = fields[1].strip();
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (String cap : fields[2].split(",")) {
            String c = cap.strip();
            if (c.isEmpty()) {
                continue;
            }
            try {
                capabilities.add(Capability.valueOf(c.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw bad(position, entry, "unknown capability '" + Texts.printable(c, 200) + "'; known: "
                        + Arrays.stream(Capability.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        int contextWindow;
        try {
            contextWindow = Integer.parseInt(fields[3].strip());
        } catch (NumberFormatException e) {
            contextWindow = -1;
        }
        if (contextWindow <= 0) {
            throw bad(position, entry, "contextWindow '" + Texts.printable(fields[3].strip(), 200)
                    + "' is not a positive whole number of tokens");
        }
        BigDecimal input = price(position, entry, "inputUsdPerMTok", fields[4]);
        BigDecimal output = price(position, entry, "outputUsdPerMTok", fields[5]);
        return new ModelInfo(id, name.isEmpty() ? id : name, capabilities, contextWindow, input, output);
    }

    private static BigDecimal price(int position, String entry, String what, String field) {
        String s = field.strip();
        if (s.isEmpty()) {
            return BigDecimal.ZERO;
        }
        BigDecimal price;
        try {
            price = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw bad(position, entry, what + " '" + Texts.printable(s, 200) + "' is not a decimal number");
        }
        if (price.signum() < 0) {
            throw bad(position, entry, what + " cannot be negative");
        }
        return price;
    }

    private static IllegalArgumentException bad(int position, String entry, String problem) {
        return new IllegalArgumentException("models entry " + position + " '" + Texts.printable(entry, 200) + "': "
                + problem + " (format: " + FORMAT + ")");
    }
}
