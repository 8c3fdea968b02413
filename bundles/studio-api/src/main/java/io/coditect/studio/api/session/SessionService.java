package io.coditect.studio.api.session;

import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sessions as callers use them: each open session owns a sandbox. Tenant and role checks as in
 * {@link io.coditect.studio.api.tenancy.TenancyService} (another organisation is "not found";
 * SDD §5.2: Developers open sessions in their team's projects, everybody reads, only the owner
 * runs commands and stops, Team Admins stop any).
 */
@ProviderType
public interface SessionService {

    /**
     * Records a session for a project of the caller's organisation and starts its sandbox with the
     * configured driver. {@code StoreException} {@code UNAVAILABLE} when no sandbox driver can
     * create one (the message says why); the session is then recorded as FAILED.
     */
    SessionRecord open(Caller caller, String orgId, String projectId, SessionKind kind, String title);

    SessionRecord session(Caller caller, String orgId, String sessionId);

    Page<SessionRecord> list(Caller caller, String orgId, SessionFilter filter, PageRequest page);

    /** Stops the sandbox (running commands are killed); the record stays, STOPPED. */
    SessionRecord stop(Caller caller, String orgId, String sessionId);

    /**
     * Runs a command in the session's sandbox, streaming its output to {@code listener}.
     * {@code CONFLICT} when the session is not running.
     */
    ExecHandle exec(Caller caller, String orgId, String sessionId, ExecRequest request, ExecListener listener);
}
