package io.coditect.studio.security.internal.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a browser may use to reach this studio, which the certificate must list as subject
 * alternative names (browsers ignore the common name): DNS names and IP addresses.
 */
public final class SubjectNames {

    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private final List<String> dnsNames;
    private final List<InetAddress> addresses;

    private SubjectNames(Set<String> dnsNames, Set<InetAddress> addresses) {
        this.dnsNames = List.copyOf(dnsNames);
        this.addresses = List.copyOf(addresses);
    }

    /**
     * {@code localhost}, the loopback addresses, this machine's host name and {@code extra} (DNS
     * names or IP addresses an admin added, say the name of a reverse proxy or a LAN address).
     *
     * @throws IllegalArgumentException when an extra entry is neither a DNS name nor an IP address
     */
    public static SubjectNames forThisHost(List<String> extra) {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(hostNames());
        names.addAll(extra);
        return of(names);
    }

    /** @throws IllegalArgumentException when an entry is neither a DNS name nor an IP address */
    public static SubjectNames of(List<String> names) {
        Set<String> dns = new LinkedHashSet<>();
        Set<InetAddress> ips = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw == null ? "" : raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (IPV4.matcher(name).matches() || IPV6.matcher(name).matches()) {
                ips.add(literal(name));
            } else if (isDnsName(name)) {
                dns.add(name.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("'" + name + "' is neither a DNS name nor an IP address;"
                        + " list host names like studio.example.com or addresses like 192.0.2.10");
            }
        }
        if (dns.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one DNS name");
        }
        return new SubjectNames(dns, ips);
    }

    public List<String> dnsNames() {
        return Collections.unmodifiableList(dnsNames);
    }

    public List<InetAddress> addresses() {
        return Collections.unmodifiableList(addresses);
    }

    /** The name to show as the certificate's common name. */
    public String primaryName() {
        // the machine's own name says more than "localhost" in a browser's certificate viewer
        return dnsNames.size() > 1 ? dnsNames.get(1) : dnsNames.get(0);
    }

    private static List<String> hostNames() {
        List<String> names = new ArrayList<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            String canonical = local.getCanonicalHostName();
            if (!IPV4.matcher(canonical).matches() && !IPV6.matcher(canonical).matches()) {
                names.add(canonical);
            }
        } catch (UnknownHostException e) {
            // a host whose own name does not resolve still has localhost and the env's name
            String env = System.getenv("HOSTNAME");
            if (env != null) {
                names.add(env);
            }
        }
        names.removeIf(n -> !isDnsName(n));
        return names;
    }

    private static boolean isDnsName(String name) {
        return name.length() <= 253 && !DIGITS_AND_DOTS.matcher(name).matches()
                && DNS_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    private static InetAddress literal(String ip) {
        try {
            // the patterns above only let literals through, which are parsed, never looked up
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + ip + "' is not a valid IP address", e);
        }
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(dnsNames);
        addresses.forEach(a -> all.add(a.getHostAddress()));
        return String.join(", ", all);
    }
}
