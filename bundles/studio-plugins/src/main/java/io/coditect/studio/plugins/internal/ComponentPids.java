package io.coditect.studio.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The configuration PIDs of a bundle's Declarative Services components, read from its component
 * descriptions rather than from SCR, so they are known while the bundle is stopped too.
 */
final class ComponentPids {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentPids.class);

    private ComponentPids() {
    }

    static Set<String> of(Bundle bundle) {
        Set<String> pids = new TreeSet<>();
        String header = bundle.getHeaders("").get("Service-Component");
        if (header == null) {
            return pids;
        }
        for (String path : header.split(",")) {
            for (URL url : entries(bundle, path.strip())) {
                try (InputStream in = url.openStream()) {
                    read(in, pids);
                } catch (IOException | SAXException | ParserConfigurationException e) {
                    LOG.warn("cannot read component description {} of bundle {}", url, bundle.getSymbolicName(), e);
                }
            }
        }
        return pids;
    }

    private static List<URL> entries(Bundle bundle, String path) {
        if (path.isEmpty()) {
            return List.of();
        }
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "/" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        if (!name.contains("*")) {
            URL url = bundle.getEntry(path);
            return url == null ? List.of() : List.of(url);
        }
        Enumeration<URL> found = bundle.findEntries(folder, name, false);
        return found == null ? List.of() : new ArrayList<>(Collections.list(found));
    }

    static void read(InputStream in, Set<String> pids) throws IOException, SAXException, ParserConfigurationException {
        NodeList components = parser().parse(in).getElementsByTagNameNS("*", "component");
        for (int i = 0; i < components.getLength(); i++) {
            Element c = (Element) components.item(i);
            if ("ignore".equals(c.getAttribute("configuration-policy"))) {
                continue;
            }
            String name = c.getAttribute("name");
            String declared = c.getAttribute("configuration-pid");
            if (declared.isBlank()) {
                if (!name.isBlank()) {
                    pids.add(name);
                }
                continue;
            }
            for (String pid : declared.strip().split("\\s+")) {
                pids.add("$".equals(pid) ? name : pid);
            }
        }
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // a plugin's descriptor is input from outside: no DTDs, no external entities
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }
}
