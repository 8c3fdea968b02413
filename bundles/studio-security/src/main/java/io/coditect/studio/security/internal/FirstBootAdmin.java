package io.coditect.studio.security.internal;

import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.security.PasswordHasher;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.security.internal.vault.PrivateFiles;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a new studio usable: when the system organisation does not exist, creates it with an
 * administrator whose password comes from {@value #PASSWORD_ENV} or is generated once and written
 * to {@code first-boot-admin.txt} (mode 0600) for the start script to show. The password is never
 * logged.
 */
final class FirstBootAdmin {

    static final String EMAIL_ENV = "STUDIO_ADMIN_EMAIL";
    static final String PASSWORD_ENV = "STUDIO_ADMIN_PASSWORD";
    static final String FILE = "first-boot-admin.txt";
    static final String ADMIN_ID = "admin";
    static final String DEFAULT_EMAIL = "admin@localhost";
    static final String ORGANISATION_NAME = "Default organisation";
    static final int GENERATED_LENGTH = 20;

    // no look-alikes (0/O, 1/l/I), so the password can be typed from a screen
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final Logger LOG = LoggerFactory.getLogger(FirstBootAdmin.class);

    private final TenancyStore tenancy;
    private final Transactions transactions;
    private final PasswordHasher hasher;
    private final AuthAudit audit;
    private final Path securityDir;
    private final Function<String, String> env;
    private final String systemOrg;

    FirstBootAdmin(TenancyStore tenancy, Transactions transactions, PasswordHasher hasher, AuthAudit audit,
            Path securityDir, Function<String, String> env, String systemOrg) {
        this.tenancy = tenancy;
        this.transactions = transactions;
        this.hasher = hasher;
        this.audit = audit;
        this.securityDir = securityDir;
        this.env = env;
        this.systemOrg = systemOrg;
    }

    /**
     * Creates the system organisation and its administrator unless the organisation exists.
     *
     * @return whether they were created now
     * @throws IllegalStateException when {@value #PASSWORD_ENV} breaks the password rules
     */
    boolean ensure() {
        if (tenancy.findOrganisation(systemOrg).isPresent()) {
            return false;
        }
        String email = blankToNull(env.apply(EMAIL_ENV));
        email = email == null ? DEFAULT_EMAIL : email.strip();
        String given = blankToNull(env.apply(PASSWORD_ENV));
        char[] password = given != null ? given.toCharArray() : generate();
        Path file = securityDir.resolve(FILE);
        try {
            String hash;
            try {
                hash = hasher.hash(password);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(PASSWORD_ENV + " cannot be used: " + e.getMessage());
            }
            String adminEmail = email;
            transactions.run(() -> {
                tenancy.createOrganisation(Organisation.of(systemOrg, ORGANISATION_NAME));
                tenancy.createUser(User.of(systemOrg, ADMIN_ID, adminEmail, "Administrator"));
                tenancy.setPasswordHash(systemOrg, ADMIN_ID, hash);
                tenancy.grant(systemOrg, ADMIN_ID, null, Role.ORG_ADMIN);
                if (given == null) {
                    // inside the transaction: if the file cannot be written, nothing is created
                    PrivateFiles.directory(securityDir);
                    PrivateFiles.write(file, announcement(adminEmail, password));
                }
            });
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.CONFLICT) {
                LOG.info("organisation '{}' was created meanwhile (another node?); no first-boot admin needed",
                        systemOrg);
                return false;
            }
            throw e;
        } finally {
            Arrays.fill(password, '\0');
        }
        audit.record(systemOrg, "system", AuthAudit.FIRST_BOOT_ADMIN, "user/" + ADMIN_ID, AuditOutcome.SUCCESS, null,
                Map.of("passwordSource", given != null ? "environment" : "generated"));
        if (given != null) {
            LOG.info("first boot: created organisation '{}' with the administrator {} and the password from {}",
                    systemOrg, email, PASSWORD_ENV);
        } else {
            LOG.info("first boot: created organisation '{}' with the administrator {}; the one-time password is in {}"
                    + " (readable by the studio's account only): log in, change it, then delete the file", systemOrg,
                    email, file);
        }
        return true;
    }

    private byte[] announcement(String email, char[] password) {
        String head = "# CODITECT Studio: the first administrator. Log in, change the password, delete this file.\n"
                + "organisation: " + systemOrg + "\ne-mail: " + email + "\npassword: ";
        CharBuffer chars = CharBuffer.allocate(head.length() + password.length + 1);
        chars.put(head).put(password).put('\n').flip();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(chars);
        Arrays.fill(chars.array(), '\0');
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }

    private static char[] generate() {
        SecureRandom random = new SecureRandom();
        char[] p = new char[GENERATED_LENGTH];
        for (int i = 0; i < p.length; i++) {
            p[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
