package io.coditect.studio.plugins.internal;

import java.nio.file.Path;

/** Whether jars must be signed, and by whom (configuration {@value PluginsConfig#PID}). */
record SignaturePolicy(boolean required, String[] trustedCertificates, Path base) {

    static final SignaturePolicy OFF = new SignaturePolicy(false, new String[0], Path.of("."));

    static SignaturePolicy of(PluginsConfig config, Path base) {
        return new SignaturePolicy(config.requireSignature(), config.trustedCertificates(), base);
    }

    /** @throws io.coditect.studio.api.store.StoreException INVALID when signatures are required and the jar fails */
    void check(Path jar) {
        if (required) {
            JarSignatures.verify(jar, TrustedCertificates.read(trustedCertificates, base));
        }
    }
}
