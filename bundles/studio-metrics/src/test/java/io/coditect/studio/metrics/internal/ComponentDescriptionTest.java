package io.coditect.studio.metrics.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The component description bnd wrote into the bundle: the metrics never hold up the core, and DS
 * publishes no service (so no configuration property, the token included, lands on one).
 */
public class ComponentDescriptionTest {

    private static Document description() throws Exception {
        try (InputStream in = ComponentDescriptionTest.class.getClassLoader()
                .getResourceAsStream("OSGI-INF/" + MetricsEndpoint.class.getName() + ".xml")) {
            assertNotNull("bnd wrote the component description", in);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(in);
        }
    }

    @Test
    public void everyStudioServiceIsAnOptionalDynamicReference() throws Exception {
        NodeList references = description().getElementsByTagName("reference");
        Set<String> interfaces = new HashSet<>();
        for (int i = 0; i < references.getLength(); i++) {
            Element reference = (Element) references.item(i);
            interfaces.add(reference.getAttribute("interface"));
            assertEquals(reference.getAttribute("name"), "0..1", reference.getAttribute("cardinality"));
            assertEquals(reference.getAttribute("name"), "dynamic", reference.getAttribute("policy"));
        }
        assertEquals(Set.of("io.coditect.studio.api.session.SessionService",
                "io.coditect.studio.api.registry.ProviderRegistry", "io.coditect.studio.api.registry.StorageRegistry",
                "io.coditect.studio.api.registry.SandboxRegistry", "io.coditect.studio.api.routing.LlmRouter"),
                interfaces);
    }

    @Test
    public void theComponentIsImmediateWithItsPidAndPublishesNoService() throws Exception {
        Element component = description().getDocumentElement();
        assertEquals("true", component.getAttribute("immediate"));
        assertEquals(MetricsConfig.PID, component.getAttribute("configuration-pid"));
        assertEquals("modified", component.getAttribute("modified"));
        assertEquals(0, component.getElementsByTagName("service").getLength());
        assertTrue(component.getAttribute("configuration-policy").isEmpty()
                || "optional".equals(component.getAttribute("configuration-policy")));
    }
}
