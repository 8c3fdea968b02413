package io.coditect.studio.persistence.internal;

import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The connection settings of the configuration, resolved: placeholders replaced, the password taken
 * from the environment when so configured. {@link #toString()} and every message leave the password
 * out.
 */
final class DatabaseSettings {

    static final String DEFAULT_URL = "jdbc:h2:file:${karaf.data}/db/studio;MODE=LEGACY";
    static final String H2_DRIVER = "org.h2.Driver";
    static final String POSTGRESQL_DRIVER = "org.postgresql.Driver";

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)((?:password|pwd|sslpassword)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

    private final String url;
    private final String user;
    private final String password;

    private DatabaseSettings(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * @param env reads an environment variable (null when unset)
     * @throws IllegalArgumentException naming the setting to fix
     */
    static DatabaseSettings resolve(String url, String user, String password, String passwordEnv,
            UnaryOperator<String> env) {
        String u = url == null || url.isBlank() ? DEFAULT_URL : url.strip();
        String resolved = placeholders(u);
        if (!resolved.startsWith("jdbc:")) {
            throw new IllegalArgumentException("url '" + redact(resolved) + "' is not a JDBC URL: it starts with jdbc:,"
                    + " for example jdbc:postgresql://db.example.com:5432/studio");
        }
        String pw = password == null ? "" : password;
        if (passwordEnv != null && !passwordEnv.isBlank()) {
            pw = env.apply(passwordEnv.strip());
            if (pw == null) {
                throw new IllegalArgumentException("passwordEnv names the environment variable " + passwordEnv.strip()
                        + ", which is not set: set it where Karaf starts, or remove passwordEnv");
            }
        }
        return new DatabaseSettings(resolved, user == null ? "" : user.strip(), pw);
    }

    /** {@code ${name}} is a system property; {@code karaf.data} falls back to {@code ./data}. */
    static String placeholders(String value) {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = System.getProperty(name);
            if (v == null && name.equals("karaf.data")) {
                v = "./data";
            }
            if (v == null) {
                throw new IllegalArgumentException("url '" + redact(value) + "' uses ${" + name
                        + "}, but the system property " + name + " is not set");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The URL with passwords written into it masked. */
    static String redact(String url) {
        String r = SECRET_PARAMETER.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(r).replaceAll("//***@");
    }

    /** The driver class a URL needs, for the two databases the studio supports; null for others. */
    static String driverFor(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2_DRIVER;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL_DRIVER;
        }
        return null;
    }

    /**
     * @throws IllegalArgumentException when the bound driver cannot open the URL, saying how to bind the
     *                                  right one
     */
    void requireDriver(String boundDriver) {
        String needed = driverFor(url);
        if (needed != null && !needed.equals(boundDriver)) {
            throw new IllegalArgumentException("url '" + redact(url) + "' needs the JDBC driver " + needed
                    + ", but the DataSourceFactory bound is for " + boundDriver
                    + ": set dataSourceFactory.target = (" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=" + needed
                    + ") in the configuration" + (needed.equals(POSTGRESQL_DRIVER)
                            ? " and install the feature pax-jdbc-postgresql" : ""));
        }
    }

    /** Properties for {@link DataSourceFactory#createDataSource(Properties)}. */
    Properties dataSourceProperties() {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, url);
        if (!user.isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_USER, user);
        }
        if (!password.isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        }
        return p;
    }

    String url() {
        return url;
    }

    @Override
    public String toString() {
        return redact(url) + (user.isEmpty() ? "" : " as " + user) + (password.isEmpty() ? "" : " (password set)");
    }
}
