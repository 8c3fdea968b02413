package io.coditect.studio.shell.internal;

import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.session.SandboxPoolStatus;
import io.coditect.studio.api.session.SessionFilter;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.store.PageRequest;

@Command(scope = "studio", name = "sessions", description = "Lists the sessions of an organisation (and the warm"
        + " sandbox pools), or stops one with --stop")
@Service
public class SessionsCommand implements Action {

    @Reference
    SessionService sessions;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Option(name = "--project", description = "Only sessions on this project")
    String project;

    @Option(name = "--user", description = "Only this user's sessions")
    String user;

    @Option(name = "--running", description = "Only running sessions")
    boolean running;

    @Option(name = "--stop", description = "Id of a session to stop")
    String stop;

    @Override
    public Object execute() {
        Caller caller = Caller.system(org);
        if (stop != null) {
            SessionRecord s = sessions.stop(caller, org, stop);
            System.out.println("Session " + s.id() + " is " + s.state().name().toLowerCase()
                    + "; its workspace was written back to storage.");
            return null;
        }
        SessionFilter filter = new SessionFilter(null, user, project,
                running ? Set.of(SessionState.RUNNING) : Set.of());
        ShellTable table = new ShellTable();
        for (String c : new String[] {"Id", "Project", "User", "Kind", "State", "Title", "Created", "Last active"}) {
            table.column(c);
        }
        for (SessionRecord s : sessions.list(caller, org, filter, PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            table.addRow().addContent(s.id(), s.projectId(), s.userId(), s.kind(), s.state(), s.title(),
                    s.createdAt(), s.lastActiveAt());
        }
        table.print(System.out);
        for (SandboxPoolStatus p : sessions.pools()) {
            System.out.println("Warm pool of driver " + p.driverId() + (p.image() == null ? "" : " image " + p.image())
                    + ": " + p.idle() + " ready (target " + p.target() + "), " + p.hits() + " hits, " + p.misses()
                    + " misses, " + p.failures() + " failures" + (p.lastError() == null ? "" : " (last: "
                            + p.lastError() + ")"));
        }
        return null;
    }
}
