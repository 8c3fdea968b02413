package io.coditect.studio.persistence.internal;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Whether the database has already run every changeset of a changelog, found with one query. An
 * up-to-date database (every start but the first after an upgrade) then skips Liquibase, whose own
 * start costs about a second and a half of the studio's boot. Anything this reader does not
 * understand, a missing history table or any error answers "no", and Liquibase decides as always.
 */
final class RecordedChangesets {

    private RecordedChangesets() {
    }

    static boolean allRecorded(DataSource dataSource, String changelog, ClassLoader resources) {
        Set<String> wanted = new HashSet<>();
        try {
            if (!collect(changelog, resources, wanted, 0)) {
                return false;
            }
        } catch (Exception e) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT ID, AUTHOR FROM DATABASECHANGELOG")) {
            while (rs.next()) {
                wanted.remove(rs.getString(1) + '\n' + rs.getString(2));
            }
            return wanted.isEmpty();
        } catch (SQLException e) {
            // no history table yet: a new database
            return false;
        }
    }

    /** Adds "id\nauthor" of every changeset; false for a construct it does not follow. */
    private static boolean collect(String path, ClassLoader resources, Set<String> into, int depth) throws Exception {
        if (depth > 10) {
            return false;
        }
        Element root;
        try (InputStream in = resources.getResourceAsStream(path)) {
            if (in == null) {
                return false;
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(true);
            root = factory.newDocumentBuilder().parse(in).getDocumentElement();
        }
        String folder = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            switch (e.getLocalName()) {
                case "changeSet" -> into.add(e.getAttribute("id") + '\n' + e.getAttribute("author"));
                case "include" -> {
                    String file = e.getAttribute("file");
                    String resolved = "true".equals(e.getAttribute("relativeToChangelogFile")) ? folder + file : file;
                    if (file.isEmpty() || !collect(resolved, resources, into, depth + 1)) {
                        return false;
                    }
                }
                case "property", "preConditions" -> {
                    // change nothing about which changesets exist
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }
}
