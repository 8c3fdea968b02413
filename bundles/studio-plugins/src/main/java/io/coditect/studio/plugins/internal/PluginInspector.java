package io.coditect.studio.plugins.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.admin.PluginInfo;
import io.coditect.studio.api.admin.PluginInstance;
import io.coditect.studio.api.admin.PluginKind;
import io.coditect.studio.api.admin.PluginState;
import io.coditect.studio.api.admin.SpiImport;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.storage.StorageBackend;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Tells whether a bundle is a plugin and describes it: its kind comes from the SPI services it
 * registers or, while it registers none (stopped, or waiting for a configuration), from the
 * {@code osgi.service} capabilities its manifest declares.
 */
final class PluginInspector {

    static final String SPI_PREFIX = "io.coditect.studio.api";
    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
    private static final Map<String, PluginKind> SPI_TYPES = Map.of(LlmProvider.class.getName(), PluginKind.PROVIDER,
            StorageBackend.class.getName(), PluginKind.STORAGE, SandboxDriver.class.getName(), PluginKind.SANDBOX);
    private static final Map<String, PluginKind> KIND_NAMES = Map.of(LlmProvider.KIND, PluginKind.PROVIDER,
            "storage", PluginKind.STORAGE, "sandbox", PluginKind.SANDBOX);

    private final ProviderRegistry providers;
    private final StorageRegistry storage;
    private final SandboxRegistry sandboxes;
    private final StartTimes startTimes;
    private final InstallRecords records;
    private final Configurations configurations;

    PluginInspector(ProviderRegistry providers, StorageRegistry storage, SandboxRegistry sandboxes,
            StartTimes startTimes, InstallRecords records, Configurations configurations) {
        this.providers = providers;
        this.storage = storage;
        this.sandboxes = sandboxes;
        this.startTimes = startTimes;
        this.records = records;
        this.configurations = configurations;
    }

    /** The plugin's description, or empty when the bundle is no plugin. */
    Optional<PluginInfo> describe(Bundle bundle) {
        return describe(bundle, registered());
    }

    /** Every plugin among {@code bundles}, asking the registries once. */
    List<PluginInfo> describeAll(Bundle[] bundles) {
        List<PluginDescriptor> all = registered();
        List<PluginInfo> plugins = new ArrayList<>();
        for (Bundle b : bundles) {
            describe(b, all).ifPresent(plugins::add);
        }
        plugins.sort(Comparator.comparingLong(PluginInfo::bundleId));
        return plugins;
    }

    private Optional<PluginInfo> describe(Bundle bundle, List<PluginDescriptor> all) {
        if (bundle.getState() == Bundle.UNINSTALLED) {
            return Optional.empty();
        }
        List<PluginDescriptor> registered = all.stream().filter(d -> d.bundleId() == bundle.getBundleId())
                .sorted(Comparator.comparing(PluginDescriptor::id)).toList();
        PluginKind kind = kindOf(bundle, registered);
        String source = records.source(bundle.getBundleId());
        if (kind == null) {
            if (source == null) {
                return Optional.empty();
            }
            kind = PluginKind.OTHER;
        }
        List<PluginInstance> instances = registered.stream()
                .map(d -> new PluginInstance(d.id(), d.displayName(), d.health())).toList();
        PluginState state = state(bundle);
        return Optional.of(new PluginInfo(bundle.getBundleId(), bundle.getSymbolicName(),
                bundle.getVersion().toString(), kind, state, startTimes.of(bundle.getBundleId()),
                Instant.ofEpochMilli(bundle.getLastModified()), bundle.getLocation(), source, instances, spi(bundle),
                configurations.list(ComponentPids.of(bundle)), health(state, instances)));
    }

    private List<PluginDescriptor> registered() {
        List<PluginDescriptor> all = new ArrayList<>();
        all.addAll(providers.describe());
        all.addAll(storage.describe());
        all.addAll(sandboxes.describe());
        return all;
    }

    /** The kind, or null for a bundle that neither registers nor declares an SPI service. */
    static PluginKind kindOf(Bundle bundle, List<PluginDescriptor> registered) {
        for (PluginDescriptor d : registered) {
            PluginKind k = KIND_NAMES.get(d.kind());
            if (k != null) {
                return k;
            }
        }
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        for (BundleCapability c : revision.getDeclaredCapabilities("osgi.service")) {
            Object classes = c.getAttributes().get("objectClass");
            if (classes instanceof List<?> names) {
                for (Object name : names) {
                    PluginKind k = SPI_TYPES.get(String.valueOf(name));
                    if (k != null) {
                        return k;
                    }
                }
            } else if (classes != null && SPI_TYPES.containsKey(classes.toString())) {
                return SPI_TYPES.get(classes.toString());
            }
        }
        return null;
    }

    static List<SpiImport> spi(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return List.of();
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        List<SpiImport> imports = new ArrayList<>();
        for (BundleRequirement r : revision.getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
            String filter = r.getDirectives().get("filter");
            String name = packageOf(filter);
            if (name != null && name.startsWith(SPI_PREFIX)) {
                imports.add(new SpiImport(name, VersionRanges.of(filter), wiredVersion(wiring, name)));
            }
        }
        imports.sort(Comparator.comparing(SpiImport::packageName));
        return imports;
    }

    static String packageOf(String filter) {
        if (filter == null) {
            return null;
        }
        Matcher m = PACKAGE.matcher(filter);
        return m.find() ? m.group(1) : null;
    }

    private static String wiredVersion(BundleWiring wiring, String packageName) {
        if (wiring == null) {
            return null;
        }
        for (BundleWire w : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            Map<String, Object> a = w.getCapability().getAttributes();
            if (packageName.equals(a.get(PackageNamespace.PACKAGE_NAMESPACE))) {
                return String.valueOf(a.get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
            }
        }
        return null;
    }

    static PluginState state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.INSTALLED -> PluginState.INSTALLED;
            case Bundle.RESOLVED -> PluginState.RESOLVED;
            case Bundle.STARTING -> PluginState.STARTING;
            case Bundle.ACTIVE -> PluginState.ACTIVE;
            case Bundle.STOPPING -> PluginState.STOPPING;
            default -> PluginState.UNINSTALLED;
        };
    }

    static Health health(PluginState state, List<PluginInstance> instances) {
        if (state == PluginState.INSTALLED) {
            return Health.down("the bundle does not resolve: a package it imports is missing; update it to a version"
                    + " built for this studio");
        }
        if (state != PluginState.ACTIVE) {
            return Health.down("the bundle is " + state + ": start it");
        }
        if (instances.isEmpty()) {
            return Health.degraded("it registers no plugin instance yet; most plugins need a configuration: create"
                    + " one");
        }
        Health worst = Health.up();
        List<String> messages = new ArrayList<>();
        for (PluginInstance i : instances) {
            if (i.health().status().compareTo(worst.status()) > 0) {
                worst = i.health();
            }
            if (!i.health().message().isEmpty()) {
                messages.add(i.id() + ": " + i.health().message());
            }
        }
        return new Health(worst.status(), String.join("; ", messages));
    }
}
