package io.coditect.studio.api.admin;

/** What a plugin bundle provides, from the SPI services it registers or declares. */
public enum PluginKind {
    /** {@link io.coditect.studio.api.llm.LlmProvider} services. */
    PROVIDER,
    /** {@link io.coditect.studio.api.storage.StorageBackend} services. */
    STORAGE,
    /** {@link io.coditect.studio.api.sandbox.SandboxDriver} services. */
    SANDBOX,
    /** None of the SPIs; listed only when it was installed through {@link PluginAdmin}. */
    OTHER
}
