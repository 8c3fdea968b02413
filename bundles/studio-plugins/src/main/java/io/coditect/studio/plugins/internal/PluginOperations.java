package io.coditect.studio.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.admin.PluginSource;
import io.coditect.studio.api.store.StoreException;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework side of plugin administration. Nothing here refreshes: a jar is resolved alone
 * ({@link FrameworkWiring#resolveBundles} of that one bundle) before it is kept, features are
 * installed with Karaf's automatic refresh off, and plugins export nothing, so no other bundle is
 * ever wired to one that changes. One change runs at a time.
 */
final class PluginOperations {

    private static final Logger LOG = LoggerFactory.getLogger(PluginOperations.class);
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(
            FeaturesService.Option.NoAutoRefreshBundles);
    static final String UPLOAD = "upload";
    static final String FEATURE = "feature:";

    private final BundleContext context;
    private final FeaturesService features;
    private final InstallRecords records;
    private final Supplier<SignaturePolicy> signatures;
    private final Object oneAtATime = new Object();

    PluginOperations(BundleContext context, FeaturesService features, InstallRecords records,
            Supplier<SignaturePolicy> signatures) {
        this.context = context;
        this.features = features;
        this.records = records;
        this.signatures = signatures;
    }

    /** Installs and starts; returns the bundles installed (for a feature: its plugin bundles). */
    List<Bundle> install(PluginSource source, PluginFilter isPlugin) {
        synchronized (oneAtATime) {
            if (source instanceof PluginSource.Feature f) {
                return installFeature(f, isPlugin);
            }
            return List.of(installJar(source));
        }
    }

    private Bundle installJar(PluginSource source) {
        Path file = newTempFile();
        try {
            JarIntake.Received jar = JarIntake.receive(source, file);
            signatures.get().check(file);
            JarFacts facts = JarFacts.read(file);
            refuseDuplicate(facts);
            String location = source instanceof PluginSource.Maven m ? m.coordinate().strip()
                    : "studio-plugin:" + UPLOAD + "/" + facts.symbolicName() + "/" + jar.sha256().substring(0, 16);
            Bundle b = installBundle(location, file);
            resolveOrThrow(b, () -> uninstallQuietly(b));
            try {
                b.start();
            } catch (BundleException e) {
                uninstallQuietly(b);
                throw StoreException.invalid(facts.symbolicName() + " failed to start and was removed: " + e.getMessage());
            }
            records.installed(b.getBundleId(), source instanceof PluginSource.Maven ? location : UPLOAD, file);
            LOG.info("plugin {} {} installed as bundle {} from {}", b.getSymbolicName(), b.getVersion(),
                    b.getBundleId(), location);
            return b;
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot keep the plugin's jar: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    private void refuseDuplicate(JarFacts facts) {
        for (Bundle b : context.getBundles()) {
            if (facts.symbolicName().equals(b.getSymbolicName())
                    && b.getVersion().toString().equals(org.osgi.framework.Version.parseVersion(facts.version()).toString())) {
                throw StoreException.conflict(facts.symbolicName() + " " + facts.version() + " is installed already as"
                        + " bundle " + b.getBundleId() + ": update that bundle instead");
            }
        }
    }

    private Bundle installBundle(String location, Path file) {
        if (context.getBundle(location) != null) {
            throw StoreException.conflict("this jar is installed already as bundle "
                    + context.getBundle(location).getBundleId());
        }
        try (InputStream in = Files.newInputStream(file)) {
            return context.installBundle(location, in);
        } catch (BundleException e) {
            if (e.getType() == BundleException.DUPLICATE_BUNDLE_ERROR) {
                throw StoreException.conflict("a bundle with this symbolic name and version is installed already: "
                        + e.getMessage());
            }
            throw StoreException.invalid("the framework refused the jar: " + e.getMessage());
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot read the received jar: " + e.getMessage(), e);
        }
    }

    /** Resolves this bundle alone; when it does not resolve, runs {@code undo} and throws INVALID saying why. */
    private void resolveOrThrow(Bundle b, Runnable undo) {
        if (context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(Set.of(b))) {
            return;
        }
        String why = MissingRequirements.explain(b, context);
        undo.run();
        throw StoreException.invalid(why + "; nothing was changed");
    }

    private List<Bundle> installFeature(PluginSource.Feature f, PluginFilter isPlugin) {
        Feature feature = feature(f);
        Set<Long> before = ids();
        try {
            features.installFeature(feature.getName(), feature.getVersion(), NO_REFRESH);
        } catch (Exception e) {
            throw StoreException.invalid("feature " + feature.getName() + " " + feature.getVersion()
                    + " could not be installed: " + e.getMessage());
        }
        Set<String> locations = new HashSet<>();
        for (BundleInfo bi : feature.getBundles()) {
            locations.add(bi.getLocation());
        }
        Set<Bundle> plugins = new LinkedHashSet<>();
        for (Bundle b : context.getBundles()) {
            boolean fromFeature = locations.contains(b.getLocation()) || !before.contains(b.getBundleId());
            if (fromFeature && isPlugin.test(b)) {
                plugins.add(b);
            }
        }
        String source = FEATURE + feature.getName() + "/" + feature.getVersion();
        for (Bundle b : plugins) {
            try {
                records.installed(b.getBundleId(), source, null);
            } catch (IOException e) {
                LOG.warn("cannot record that bundle {} came from {}", b.getBundleId(), source, e);
            }
        }
        LOG.info("feature {} installed (without refresh); plugin bundles {}", source,
                plugins.stream().map(Bundle::getBundleId).toList());
        return new ArrayList<>(plugins);
    }

    private Feature feature(PluginSource.Feature f) {
        try {
            Feature[] found = f.version() == null ? features.getFeatures(f.name()) : features.getFeatures(f.name(),
                    f.version());
            if (found == null || found.length == 0) {
                throw StoreException.invalid("there is no feature '" + StudioIds.printable(f.name()) + "'"
                        + (f.version() == null ? "" : " " + StudioIds.printable(f.version()))
                        + " in the studio's feature repositories (feature:list in the console lists them)");
            }
            Feature newest = found[0];
            for (Feature candidate : found) {
                if (org.osgi.framework.Version.parseVersion(candidate.getVersion())
                        .compareTo(org.osgi.framework.Version.parseVersion(newest.getVersion())) > 0) {
                    newest = candidate;
                }
            }
            return newest;
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "the feature repositories cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Replaces the bundle's jar, keeping its id. When the new jar does not resolve, the jar it ran
     * before goes back (from the copy kept here, or from its location) and INVALID says why.
     */
    void update(Bundle b, PluginSource source) {
        if (source instanceof PluginSource.Feature) {
            throw StoreException.invalid("a plugin is updated from a Maven coordinate or a jar, not a feature");
        }
        synchronized (oneAtATime) {
            Path file = newTempFile();
            Path previous = null;
            try {
                JarIntake.receive(source, file);
                signatures.get().check(file);
                JarFacts facts = JarFacts.read(file);
                if (!facts.symbolicName().equals(b.getSymbolicName())) {
                    throw StoreException.invalid("the jar is " + StudioIds.printable(facts.symbolicName()) + ", not "
                            + b.getSymbolicName() + ": install it as a plugin of its own");
                }
                previous = previousJar(b);
                boolean wasActive = b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING;
                updateFrom(b, file);
                Path rollback = previous;
                resolveOrThrow(b, () -> restore(b, rollback, wasActive));
                if (wasActive && b.getState() != Bundle.ACTIVE) {
                    b.start();
                }
                records.keep(b.getBundleId(), file);
                if (records.source(b.getBundleId()) != null) {
                    records.installed(b.getBundleId(), source instanceof PluginSource.Maven m ? m.coordinate().strip()
                            : UPLOAD, null);
                }
                LOG.info("plugin bundle {} updated to {} {}", b.getBundleId(), b.getSymbolicName(), b.getVersion());
            } catch (BundleException e) {
                throw StoreException.invalid("the updated plugin failed to start: " + e.getMessage());
            } catch (IOException e) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot keep the plugin's jar: "
                        + e.getMessage(), e);
            } finally {
                deleteQuietly(file);
                if (previous != null && !records.currentJar(b.getBundleId()).map(previous::equals).orElse(false)) {
                    deleteQuietly(previous);
                }
            }
        }
    }

    private Path previousJar(Bundle b) throws IOException {
        Optional<Path> kept = records.currentJar(b.getBundleId());
        if (kept.isPresent()) {
            return kept.get();
        }
        Path copy = newTempFile();
        try {
            JarIntake.fetch(b.getLocation(), copy);
            return copy;
        } catch (IOException e) {
            deleteQuietly(copy);
            throw StoreException.invalid("bundle " + b.getBundleId() + " cannot be updated safely: its current jar"
                    + " cannot be read back from " + StudioIds.printable(b.getLocation()) + " (" + e.getMessage()
                    + "), so a failed update could not be undone");
        }
    }

    private static void updateFrom(Bundle b, Path file) throws BundleException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            b.update(in);
        }
    }

    private void restore(Bundle b, Path previous, boolean start) {
        try {
            updateFrom(b, previous);
            if (context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(Set.of(b)) && start) {
                b.start();
            }
        } catch (BundleException | IOException e) {
            LOG.error("bundle {} could not be put back to its previous jar after a failed update", b.getBundleId(), e);
        }
    }

    void start(Bundle b) {
        synchronized (oneAtATime) {
            if (b.getState() == Bundle.INSTALLED) {
                resolveOrThrow(b, () -> {
                });
            }
            try {
                b.start();
            } catch (BundleException e) {
                throw StoreException.invalid(b.getSymbolicName() + " failed to start: " + e.getMessage());
            }
        }
    }

    void stop(Bundle b) {
        synchronized (oneAtATime) {
            try {
                b.stop();
            } catch (BundleException e) {
                throw StoreException.invalid(b.getSymbolicName() + " failed to stop: " + e.getMessage());
            }
        }
    }

    /**
     * Removes the bundle; one installed from a feature here goes with its feature, so Karaf does not
     * put it back on its next feature operation.
     */
    void uninstall(Bundle b) {
        synchronized (oneAtATime) {
            long id = b.getBundleId();
            String source = records.source(id);
            if (source != null && source.startsWith(FEATURE)) {
                String[] nameVersion = source.substring(FEATURE.length()).split("/", 2);
                try {
                    features.uninstallFeature(nameVersion[0], nameVersion.length > 1 ? nameVersion[1] : null, NO_REFRESH);
                } catch (Exception e) {
                    LOG.warn("feature {} could not be uninstalled; removing bundle {} alone", source, id, e);
                }
            }
            if (b.getState() != Bundle.UNINSTALLED) {
                try {
                    b.uninstall();
                } catch (BundleException e) {
                    throw StoreException.invalid(b.getSymbolicName() + " could not be uninstalled: " + e.getMessage());
                }
            }
            try {
                records.removed(id);
            } catch (IOException e) {
                LOG.warn("cannot forget bundle {}", id, e);
            }
            LOG.info("plugin bundle {} ({}) uninstalled", id, b.getSymbolicName());
        }
    }

    private Set<Long> ids() {
        Set<Long> ids = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            ids.add(b.getBundleId());
        }
        return ids;
    }

    private Path newTempFile() {
        try {
            return records.newTempFile();
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "no room for the jar: " + e.getMessage(), e);
        }
    }

    private static void uninstallQuietly(Bundle b) {
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("bundle {} could not be removed again", b.getBundleId(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}", file, e);
        }
    }

    /** Whether a bundle counts as a plugin. */
    @FunctionalInterface
    interface PluginFilter {
        boolean test(Bundle b);
    }
}
