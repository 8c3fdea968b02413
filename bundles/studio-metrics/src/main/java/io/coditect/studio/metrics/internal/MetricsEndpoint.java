package io.coditect.studio.metrics.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.session.SessionService;

/**
 * Serves the studio's metrics at {@value #PATH} on the HTTP whiteboard (Pax Web's default context,
 * the Jetty that serves the web UI and the API).
 *
 * <p>Every studio service is an optional, dynamic reference: the component is active without any
 * of them, and a service that comes or goes changes only which meters the next scrape shows; it never
 * restarts this component and this component never holds up the core. A new configuration changes
 * who may read the metrics without registering the servlet again.
 *
 * <p>The servlet is registered with {@link BundleContext#registerService} rather than by DS, which
 * would copy every configuration property, the token included, onto the service where anyone who
 * lists services could read it.
 */
@Component(service = {}, immediate = true, configurationPid = MetricsConfig.PID)
@Designate(ocd = MetricsConfig.class)
public final class MetricsEndpoint {

    static final String PATH = "/metrics";
    static final String SERVLET_NAME = "studio-metrics";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SessionService sessions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ProviderRegistry providers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StorageRegistry storage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SandboxRegistry sandboxes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile LlmRouter router;

    private StudioMetrics metrics;
    private MetricsServlet servlet;
    private ServiceRegistration<Servlet> registration;

    @Activate
    void activate(BundleContext context, MetricsConfig config) {
        metrics = new StudioMetrics(new StudioMetrics.Sources(() -> sessions, () -> providers, () -> storage,
                () -> sandboxes, () -> router));
        servlet = new MetricsServlet(metrics::scrape, access(config));
        registration = context.registerService(Servlet.class, servlet, servletProperties());
    }

    @Modified
    void modified(MetricsConfig config) {
        servlet.access(access(config));
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it with the bundle
        }
        metrics.close();
    }

    /** Only the whiteboard's properties: nothing of the configuration. */
    static Dictionary<String, Object> servletProperties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", PATH);
        properties.put("osgi.http.whiteboard.servlet.name", SERVLET_NAME);
        properties.put("osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=default)");
        return properties;
    }

    private static MetricsAccess access(MetricsConfig config) {
        MetricsAccess access = MetricsAccess.of(config.token());
        if (access.sealed()) {
            LOG.error("the metrics token in {} is still sealed (ENC(...)) and could not be opened: {} refuses"
                    + " every request until it is set again", MetricsConfig.PID, PATH);
        } else if (access.tokenRequired()) {
            LOG.info("metrics at {}: bearer token required", PATH);
        } else {
            LOG.info("metrics at {}: clients on this machine only (no token configured in {})", PATH,
                    MetricsConfig.PID);
        }
        return access;
    }
}
