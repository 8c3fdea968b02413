package io.coditect.studio.plugins.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.admin.PluginAdmin;
import io.coditect.studio.api.admin.PluginConfiguration;
import io.coditect.studio.api.admin.PluginInfo;
import io.coditect.studio.api.admin.PluginSource;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.StoreException;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@link PluginAdmin}: the access check and audit trail around {@link PluginOperations} and
 * {@link Configurations}. A bundle id that is no plugin (the core, a library) is "not found", so
 * this service cannot stop or remove the studio itself.
 */
@Component(service = PluginAdmin.class, immediate = true, configurationPid = PluginsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PluginsConfig.class)
public final class PluginAdminComponent implements PluginAdmin {

    private final BundleContext context;
    private final AdminGuard guard;
    private final StartTimes startTimes = new StartTimes(Clock.systemUTC());
    private final Configurations configurations;
    private final PluginInspector inspector;
    private final PluginOperations operations;
    private volatile SignaturePolicy signatures;

    @Activate
    public PluginAdminComponent(BundleContext context, PluginsConfig config, @Reference ConfigurationAdmin cm,
            @Reference FeaturesService features, @Reference AuditLog audit, @Reference ProviderRegistry providers,
            @Reference StorageRegistry storage, @Reference SandboxRegistry sandboxes) {
        this.context = context;
        this.guard = new AdminGuard(audit);
        this.signatures = SignaturePolicy.of(config, karafBase());
        InstallRecords records = new InstallRecords(context.getDataFile("").toPath());
        this.configurations = new Configurations(cm);
        this.inspector = new PluginInspector(providers, storage, sandboxes, startTimes, records, configurations);
        this.operations = new PluginOperations(context, features, records, () -> signatures);
        context.addBundleListener(startTimes);
    }

    @Modified
    void modified(PluginsConfig config) {
        signatures = SignaturePolicy.of(config, karafBase());
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(startTimes);
    }

    private static Path karafBase() {
        return Path.of(System.getProperty("karaf.base", "."));
    }

    @Override
    public List<PluginInfo> list(Caller caller) {
        guard.require(caller, "plugin.list", "plugins");
        return inspector.describeAll(context.getBundles());
    }

    @Override
    public PluginInfo get(Caller caller, long bundleId) {
        guard.require(caller, "plugin.read", target(bundleId));
        return describe(plugin(bundleId));
    }

    @Override
    public List<PluginInfo> install(Caller caller, PluginSource source) {
        guard.require(caller, "plugin.install", "plugins");
        Map<String, String> details = Map.of("source", describe(source));
        List<PluginInfo> installed = audited(caller, "plugin.install", "plugins", details,
                () -> operations.install(source, b -> inspector.describe(b).isPresent()).stream()
                        .map(this::describe).toList());
        guard.success(caller, "plugin.install", installed.size() == 1 ? target(installed.get(0).bundleId()) : "plugins",
                Map.of("source", describe(source), "bundles", String.join(", ", installed.stream()
                        .map(p -> p.bundleId() + ":" + p.symbolicName() + " " + p.version()).toList())));
        return installed;
    }

    @Override
    public PluginInfo update(Caller caller, long bundleId, PluginSource source) {
        String target = target(bundleId);
        guard.require(caller, "plugin.update", target);
        Bundle b = plugin(bundleId);
        String from = b.getVersion().toString();
        PluginInfo updated = audited(caller, "plugin.update", target, Map.of("source", describe(source), "from", from),
                () -> {
                    operations.update(b, source);
                    return describe(b);
                });
        guard.success(caller, "plugin.update", target, Map.of("source", describe(source), "from", from, "to",
                updated.version()));
        return updated;
    }

    @Override
    public PluginInfo start(Caller caller, long bundleId) {
        return lifecycle(caller, "plugin.start", bundleId, operations::start);
    }

    @Override
    public PluginInfo stop(Caller caller, long bundleId) {
        return lifecycle(caller, "plugin.stop", bundleId, operations::stop);
    }

    private PluginInfo lifecycle(Caller caller, String action, long bundleId, java.util.function.Consumer<Bundle> op) {
        String target = target(bundleId);
        guard.require(caller, action, target);
        Bundle b = plugin(bundleId);
        PluginInfo after = audited(caller, action, target, Map.of(), () -> {
            op.accept(b);
            return describe(b);
        });
        guard.success(caller, action, target, Map.of("bundle", b.getSymbolicName() + " " + b.getVersion()));
        return after;
    }

    @Override
    public void uninstall(Caller caller, long bundleId) {
        String target = target(bundleId);
        guard.require(caller, "plugin.uninstall", target);
        Bundle b = plugin(bundleId);
        String name = b.getSymbolicName() + " " + b.getVersion();
        audited(caller, "plugin.uninstall", target, Map.of("bundle", name), () -> {
            operations.uninstall(b);
            return null;
        });
        guard.success(caller, "plugin.uninstall", target, Map.of("bundle", name));
    }

    @Override
    public List<PluginConfiguration> configurations(Caller caller, long bundleId) {
        guard.require(caller, "plugin.config.read", target(bundleId));
        return configurations.list(ComponentPids.of(plugin(bundleId)));
    }

    @Override
    public PluginConfiguration createConfiguration(Caller caller, long bundleId, String factoryPid, String name,
            Map<String, Object> properties) {
        String target = target(bundleId);
        guard.require(caller, "plugin.config.create", target);
        Bundle b = plugin(bundleId);
        Map<String, String> details = Map.of("properties", ConfigValues.names(properties));
        PluginConfiguration created = audited(caller, "plugin.config.create", target, details,
                () -> configurations.create(ComponentPids.of(b), factoryPid, name, properties));
        guard.success(caller, "plugin.config.create", target + "/configurations/" + created.pid(), details);
        return created;
    }

    @Override
    public PluginConfiguration updateConfiguration(Caller caller, long bundleId, String pid,
            Map<String, Object> properties) {
        String target = target(bundleId) + "/configurations/" + StudioIds.printable(pid);
        guard.require(caller, "plugin.config.update", target);
        Bundle b = plugin(bundleId);
        Map<String, String> details = Map.of("properties", ConfigValues.names(properties));
        PluginConfiguration updated = audited(caller, "plugin.config.update", target, details,
                () -> configurations.update(ComponentPids.of(b), pid, properties));
        guard.success(caller, "plugin.config.update", target, details);
        return updated;
    }

    @Override
    public void deleteConfiguration(Caller caller, long bundleId, String pid) {
        String target = target(bundleId) + "/configurations/" + StudioIds.printable(pid);
        guard.require(caller, "plugin.config.delete", target);
        Bundle b = plugin(bundleId);
        audited(caller, "plugin.config.delete", target, Map.of(), () -> {
            configurations.delete(ComponentPids.of(b), pid);
            return null;
        });
        guard.success(caller, "plugin.config.delete", target, Map.of());
    }

    /** Runs a change; a refusal or failure is audited as FAILURE with its reason, then rethrown. */
    private <T> T audited(Caller caller, String action, String target, Map<String, String> details, Supplier<T> change) {
        try {
            return change.get();
        } catch (RuntimeException e) {
            guard.failure(caller, action, target, details, e);
            throw e;
        }
    }

    private Bundle plugin(long bundleId) {
        Bundle b = context.getBundle(bundleId);
        if (b == null || inspector.describe(b).isEmpty()) {
            throw StoreException.notFound("bundle " + bundleId + " is not a plugin; GET /api/v1/admin/plugins (or"
                    + " studio:plugin-list) lists them");
        }
        return b;
    }

    private PluginInfo describe(Bundle b) {
        return inspector.describe(b).orElseThrow(() -> StoreException.notFound("bundle " + b.getBundleId()
                + " is gone"));
    }

    private static String target(long bundleId) {
        return "plugin/" + bundleId;
    }

    private static String describe(PluginSource source) {
        if (source instanceof PluginSource.Feature f) {
            return PluginOperations.FEATURE + StudioIds.printable(f.name())
                    + (f.version() == null ? "" : "/" + StudioIds.printable(f.version()));
        }
        if (source instanceof PluginSource.Maven m) {
            return StudioIds.printable(m.coordinate());
        }
        return PluginOperations.UPLOAD;
    }
}
