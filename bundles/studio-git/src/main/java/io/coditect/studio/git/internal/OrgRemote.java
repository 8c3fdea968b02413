package io.coditect.studio.git.internal;

import java.util.Objects;
import java.util.regex.Pattern;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.session.HistoryRef;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The git remote an organisation pushes every checkpoint to. The password is only ever handed to
 * JGit's credentials provider: it is not in {@link #toString()}, in shown URLs or in messages.
 */
final class OrgRemote {

    /** {@code scheme://user[:password]@} → {@code scheme://} */
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");

    private final String org;
    private final String urlTemplate;
    private final String username;
    private final String password;

    /** @throws IllegalArgumentException when the organisation id or the URL is invalid */
    OrgRemote(String org, String urlTemplate, String username, String password) {
        this.org = StudioIds.require("organisation", org);
        if (urlTemplate == null || urlTemplate.isBlank()) {
            throw new IllegalArgumentException("the git remote of organisation " + org + " has no URL");
        }
        this.urlTemplate = urlTemplate.trim();
        this.username = username == null ? "" : username;
        this.password = password == null ? "" : password;
    }

    String org() {
        return org;
    }

    /** The remote URL of a project: {@code {org}}, {@code {team}}, {@code {user}}, {@code {project}} filled in. */
    String urlFor(HistoryRef ref) {
        return urlTemplate.replace("{org}", ref.orgId()).replace("{team}", ref.teamId())
                .replace("{user}", ref.userId()).replace("{project}", ref.projectId());
    }

    /** {@link #urlFor} without any user or password written into it, for messages and logs. */
    String shownUrlFor(HistoryRef ref) {
        return scrub(withoutUserInfo(urlFor(ref)));
    }

    /** Null when no user name is configured (the URL or the transport brings its own credentials). */
    CredentialsProvider credentials() {
        return username.isEmpty() && password.isEmpty() ? null
                : new UsernamePasswordCredentialsProvider(username, password);
    }

    /** {@code text} with the password (if it occurs) masked. */
    String scrub(String text) {
        return text == null || password.isEmpty() ? text : text.replace(password, "****");
    }

    static String withoutUserInfo(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrgRemote r && r.org.equals(org) && r.urlTemplate.equals(urlTemplate)
                && r.username.equals(username) && r.password.equals(password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(org, urlTemplate, username);
    }

    @Override
    public String toString() {
        return "OrgRemote[org=" + org + ", url=" + scrub(withoutUserInfo(urlTemplate)) + ", username=" + username
                + ", password=" + (password.isEmpty() ? "(none)" : "****") + "]";
    }
}
