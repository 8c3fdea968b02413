package io.coditect.studio.core.internal.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a sandbox may connect through the egress filter: host names matching one of the patterns
 * ({@code pypi.org}, {@code *.github.com} for its subdomains, {@code *} for any), on one of the
 * ports, and, unless allowed, never to a private, loopback or link-local address (so a sandbox
 * cannot reach the studio itself, the cloud's metadata service or the office network).
 */
public record EgressPolicy(List<String> hosts, Set<Integer> ports, boolean privateAddresses) {

    /** Nothing allowed: a sandbox not (yet) given to a session. */
    public static final EgressPolicy NONE = new EgressPolicy(List.of(), Set.of(), false);

    public EgressPolicy {
        hosts = hosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        ports = Set.copyOf(ports);
    }

    /** Why {@code host:port} is refused before resolving it, or null when the name may be tried. */
    public String refusalOfName(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (!ports.contains(port)) {
            return "port " + port + " is not allowed (allowed: " + ports.stream().sorted().toList() + ")";
        }
        for (String p : hosts) {
            if (p.equals("*") || p.equals(h) || p.startsWith("*.") && h.endsWith(p.substring(1))) {
                return null;
            }
        }
        return "host '" + host + "' is not on the allow list";
    }

    /** Why connecting to {@code address} is refused, or null when it may be used. */
    public String refusalOfAddress(InetAddress address) {
        if (!privateAddresses && isPrivate(address)) {
            return "address " + address.getHostAddress() + " is private, loopback or link-local";
        }
        return null;
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second < 128 // carrier-grade NAT
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 || first >= 240;
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
