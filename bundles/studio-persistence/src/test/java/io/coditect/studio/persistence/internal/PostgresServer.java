package io.coditect.studio.persistence.internal;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.AssumptionViolatedException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for the tests: Debian's binaries, {@code initdb} into {@code target/postgres},
 * {@code pg_ctl start} on 127.0.0.1 and a free port (no Unix socket), one server for the whole test
 * JVM, stopped when it exits. As root the server runs as the {@code postgres} user, because initdb
 * refuses root.
 *
 * <p>Where PostgreSQL is not installed, {@link #get()} throws an {@link AssumptionViolatedException}
 * (the tests are skipped, with the reason printed); with {@code -Dstudio.test.postgres=required}
 * that is a failure instead. An installed PostgreSQL that fails to start is always a failure.
 */
final class PostgresServer {

    static final String USER = "studio";
    private static final String PASSWORD = "studio-test-" + Long.toHexString(System.nanoTime());

    private static PostgresServer instance;
    private static String unavailable;

    private final Path dataDir;
    private final List<String> asUser;
    private final Path bin;
    private final int port;

    private PostgresServer(Path bin, Path dataDir, List<String> asUser, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.asUser = asUser;
        this.port = port;
    }

    static synchronized PostgresServer get() {
        if (instance != null) {
            return instance;
        }
        if (unavailable == null) {
            try {
                instance = start();
                return instance;
            } catch (Unavailable e) {
                unavailable = e.getMessage();
                System.err.println("*** PostgreSQL tests SKIPPED: " + unavailable);
            }
        }
        if ("required".equals(System.getProperty("studio.test.postgres"))) {
            throw new IllegalStateException("PostgreSQL is required (-Dstudio.test.postgres=required) but "
                    + unavailable);
        }
        throw new AssumptionViolatedException("PostgreSQL tests skipped: " + unavailable);
    }

    /** Not installed or cannot be run here: skip, do not fail. */
    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private static PostgresServer start() throws Unavailable {
        if ("skip".equals(System.getProperty("studio.test.postgres"))) {
            throw new Unavailable("-Dstudio.test.postgres=skip");
        }
        Path bin = findBin();
        List<String> asUser = new ArrayList<>();
        boolean root = isRoot();
        if (root) {
            if (!Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))) {
                throw new Unavailable("running as root, and runuser is missing to start PostgreSQL as another user");
            }
            if (!userExists("postgres")) {
                throw new Unavailable("running as root, and there is no 'postgres' user to run PostgreSQL as "
                        + "(the Debian package creates it: apt-get install -y postgresql)");
            }
            asUser.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/postgres");
        Path data = base.resolve("data");
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                // left running by a test JVM that was killed
                run(asUser, bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "immediate");
            }
            deleteTree(base);
            Files.createDirectories(base);
            Path pwFile = base.resolve("pwfile");
            Files.writeString(pwFile, PASSWORD + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
            if (root) {
                UserPrincipal postgres = FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(base, postgres);
                Files.setOwner(pwFile, postgres);
            }
            String out = run(asUser, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "--pwfile=" + pwFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C");
            Files.delete(pwFile);
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                throw new IllegalStateException("initdb did not create " + data + ":\n" + out);
            }
            int port = freePort();
            run(asUser, bin.resolve("pg_ctl").toString(), "start", "-D", data.toString(), "-w", "-t", "60",
                    "-l", base.resolve("server.log").toString(), "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off "
                            + "-c full_page_writes=off -c max_connections=60");
            PostgresServer server = new PostgresServer(bin, data, asUser, port);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-postgresql"));
            System.err.println("*** PostgreSQL " + bin.getParent().getFileName() + " started on 127.0.0.1:" + port
                    + " with data in " + data);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL from " + bin + ": " + e.getMessage(), e);
        }
    }

    private static Path findBin() throws Unavailable {
        String configured = System.getProperty("studio.test.postgres.bin");
        if (configured != null) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path best = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())))
                        .orElse(null);
                if (best != null) {
                    return best;
                }
            } catch (IOException e) {
                throw new Unavailable("cannot list " + root + ": " + e.getMessage());
            }
        }
        throw new Unavailable("no PostgreSQL binaries under /usr/lib/postgresql/*/bin (Debian: apt-get install -y "
                + "postgresql), and -Dstudio.test.postgres.bin is not set");
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRoot() {
        try {
            return run(List.of(), "id", "-u").strip().equals("0");
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean userExists(String name) {
        try {
            return !run(List.of(), "id", "-u", name).isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs a command, returns its output; IOException when it fails. */
    private static String run(List<String> prefix, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(new File("/")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed with exit code " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    void stop() {
        try {
            run(asUser, bin.resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(), "-m", "fast", "-w");
        } catch (IOException e) {
            System.err.println("*** stopping PostgreSQL failed: " + e.getMessage());
        }
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String password() {
        return PASSWORD;
    }

    /** A new, empty database. */
    DataSource createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url(name));
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }
}
