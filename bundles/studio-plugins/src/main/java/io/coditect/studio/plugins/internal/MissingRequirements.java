package io.coditect.studio.plugins.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Why a bundle does not resolve, in words: each mandatory requirement of its manifest that no
 * resolved bundle offers, and for a package what the studio exports instead ("needs
 * io.coditect.studio.api.llm [2.0.0,3.0.0) but the studio exports 1.2.0").
 */
final class MissingRequirements {

    private MissingRequirements() {
    }

    static String explain(Bundle bundle, BundleContext context) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<String> missing = new ArrayList<>();
        if (revision != null) {
            for (BundleRequirement r : revision.getDeclaredRequirements(null)) {
                if (mandatoryAtResolve(r) && offered(r, context).isEmpty()) {
                    missing.add(describe(r, context));
                }
            }
        }
        String name = bundle.getSymbolicName() + " " + bundle.getVersion();
        if (missing.isEmpty()) {
            return name + " does not resolve, though each of its requirements is offered (their uses constraints"
                    + " clash); build it against this studio's studio-api";
        }
        return name + " does not resolve: it " + String.join("; it ", missing)
                + ". Build it against this studio's studio-api (see the plugin's Import-Package)";
    }

    private static boolean mandatoryAtResolve(BundleRequirement r) {
        Map<String, String> d = r.getDirectives();
        String resolution = d.get(Constants.RESOLUTION_DIRECTIVE);
        String effective = d.get(Constants.EFFECTIVE_DIRECTIVE);
        return !Constants.RESOLUTION_OPTIONAL.equals(resolution) && !PackageNamespace.RESOLUTION_DYNAMIC.equals(resolution)
                && (effective == null || Constants.EFFECTIVE_RESOLVE.equals(effective));
    }

    /** The capabilities of resolved bundles (the system bundle among them) that satisfy {@code r}. */
    private static List<BundleCapability> offered(BundleRequirement r, BundleContext context) {
        List<BundleCapability> matching = new ArrayList<>();
        for (BundleCapability c : capabilities(r.getNamespace(), context)) {
            if (r.matches(c)) {
                matching.add(c);
            }
        }
        return matching;
    }

    private static List<BundleCapability> capabilities(String namespace, BundleContext context) {
        List<BundleCapability> all = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleWiring w = b.adapt(BundleWiring.class);
            if (w != null && w.isCurrent()) {
                all.addAll(w.getCapabilities(namespace));
            }
        }
        return all;
    }

    private static String describe(BundleRequirement r, BundleContext context) {
        String filter = r.getDirectives().get(Constants.FILTER_DIRECTIVE);
        if (!PackageNamespace.PACKAGE_NAMESPACE.equals(r.getNamespace())) {
            return "needs " + r.getNamespace() + " " + (filter == null ? "" : filter) + ", which nothing offers";
        }
        String name = PluginInspector.packageOf(filter);
        TreeSet<String> exported = new TreeSet<>();
        for (BundleCapability c : capabilities(PackageNamespace.PACKAGE_NAMESPACE, context)) {
            if (name != null && name.equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                exported.add(String.valueOf(c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)));
            }
        }
        String needs = "needs " + name + " " + VersionRanges.of(filter);
        if (exported.isEmpty()) {
            return needs + " but nothing in the studio exports that package";
        }
        String who = name.startsWith(PluginInspector.SPI_PREFIX) ? "the studio exports " : "the studio has ";
        return needs + " but " + who + String.join(", ", exported);
    }
}
