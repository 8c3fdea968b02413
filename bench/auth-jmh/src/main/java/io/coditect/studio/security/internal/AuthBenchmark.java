package io.coditect.studio.security.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.persistence.internal.StudioDatabase;
import io.coditect.studio.persistence.testing.EmbeddedStudioDatabase;
import io.coditect.studio.security.internal.password.Pbkdf2PasswordHasher;
import io.coditect.studio.security.internal.token.TokenSettings;
import io.coditect.studio.security.internal.vault.KeyVault;

/**
 * What every API request pays for security: validate the session JWT, resolve tenant and roles,
 * check RBAC; and what a password login costs at the production work factor. The real services on
 * the real database (H2), as the studio wires them.
 */
@State(Scope.Benchmark)
@Fork(1)
public class AuthBenchmark {

    static final String PASSWORD = "correct horse battery staple";

    StudioDatabase db;
    SecurityServices services;
    AccessPolicy policy;
    String token;
    final Target site = Target.team("acme", "web");

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path dir = Files.createTempDirectory("auth-bench");
        Map<String, String> env = new HashMap<>();
        db = EmbeddedStudioDatabase.open();
        services = new SecurityServices(new SecurityServices.Settings(TokenSettings.DEFAULTS, "default",
                Pbkdf2PasswordHasher.DEFAULT_ITERATIONS), KeyVault.open(dir, env::get), db.tenancy(), db.apiKeys(),
                db.audit(), db.transactions(), (org, id) -> { }, Clock.systemUTC(), env::get);
        var t = db.tenancy();
        t.createOrganisation(Organisation.of("acme", "Acme"));
        t.createTeam(Team.of("acme", "web", "Web"));
        t.createUser(User.of("acme", "dev", "dev@acme.test", "Dev"));
        t.setPasswordHash("acme", "dev", services.passwordHasher().hash(PASSWORD.toCharArray()));
        t.grant("acme", "dev", "web", Role.DEVELOPER);
        policy = services.accessPolicy();
        token = services.authenticator().login("acme", "dev@acme.test", PASSWORD.toCharArray(), "127.0.0.1")
                .accessToken();
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    /** Token validation + tenant resolution + RBAC check, as the API filter and a service do it. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 5, time = 5)
    public boolean authenticateAndAuthorise() {
        Caller caller = services.authenticator().authenticate(token, "127.0.0.1");
        return policy.allows(caller, Resource.PROJECT, Operation.READ, site);
    }

    /** A password login with the production work factor (PBKDF2 iterations). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 3, time = 10)
    public Object passwordLogin() {
        return services.authenticator().login("acme", "dev@acme.test", PASSWORD.toCharArray(), "127.0.0.1");
    }
}
