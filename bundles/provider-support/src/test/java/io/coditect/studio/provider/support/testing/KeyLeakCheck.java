package io.coditect.studio.provider.support.testing;

import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads back the test log (surefire sends slf4j-simple output, debug level for io.coditect, to
 * {@code target/test.log}) and checks that the test key never reached it.
 */
public final class KeyLeakCheck {

    private KeyLeakCheck() {
    }

    /**
     * Checks the whole key and its characters 10 to 30.
     *
     * @return the log text, or null when the tests run without the log file (e.g. in an IDE)
     */
    public static String assertKeyNotLogged(String key) throws IOException {
        return assertKeyNotLogged(key, 10, 30);
    }

    /**
     * Checks the whole key and the part {@code key.substring(from, to)}.
     *
     * @return the log text, or null when the tests run without the log file (e.g. in an IDE)
     */
    public static String assertKeyNotLogged(String key, int from, int to) throws IOException {
        String file = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (file == null || !Files.exists(Path.of(file))) {
            return null;
        }
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        assertFalse("the key is in the log " + file, text.contains(key));
        assertFalse("part of the key is in the log " + file, text.contains(key.substring(from, to)));
        return text;
    }
}
