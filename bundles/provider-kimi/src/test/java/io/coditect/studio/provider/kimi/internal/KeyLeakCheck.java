package io.coditect.studio.provider.kimi.internal;

import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads back the test log (surefire sends slf4j-simple output, debug level for io.coditect, to
 * {@code target/test.log}) and checks that the test key never reached it.
 */
final class KeyLeakCheck {

    private KeyLeakCheck() {
    }

    /** @return the log text, or null when the tests run without the log file (e.g. in an IDE) */
    static String assertKeyNotLogged(String key) throws IOException {
        String file = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (file == null || !Files.exists(Path.of(file))) {
            return null;
        }
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        assertFalse("the key is in the log " + file, text.contains(key));
        assertFalse("part of the key is in the log " + file, text.contains(key.substring(10, 30)));
        return text;
    }
}
