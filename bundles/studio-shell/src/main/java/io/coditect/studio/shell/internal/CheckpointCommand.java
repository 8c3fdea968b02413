package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.session.CheckpointRecord;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.store.PageRequest;

@Command(scope = "studio", name = "checkpoint", description = "Takes a checkpoint of a session's project (git commit"
        + " and write-back), lists its checkpoints with --list, or restores one with --restore")
@Service
public class CheckpointCommand implements Action {

    @Reference
    SessionService sessions;

    @Option(name = "--list", description = "List the session's checkpoints instead")
    boolean list;

    @Option(name = "--restore", description = "Id of a checkpoint to restore into the session")
    String restore;

    @Option(name = "--allow-empty", description = "Record a checkpoint even when nothing changed")
    boolean allowEmpty;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Argument(index = 1, name = "session", required = true, description = "Session id")
    String session;

    @Argument(index = 2, name = "message", description = "Commit message")
    String message;

    @Override
    public Object execute() {
        Caller admin = Caller.system(org);
        SessionRecord s = sessions.session(admin, org, session);
        if (list) {
            ShellTable table = new ShellTable();
            for (String c : new String[] {"Id", "Commit", "Message", "By", "Created"}) {
                table.column(c);
            }
            for (CheckpointRecord cp : sessions.checkpoints(admin, org, session,
                    PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
                table.addRow().addContent(cp.id(), cp.commitId().substring(0, 12), cp.message(), cp.createdBy(),
                        cp.createdAt());
            }
            table.print(System.out);
            return null;
        }
        if (restore != null) {
            CheckpointRecord cp = sessions.restore(Shell.asOwner(s), org, session, restore);
            System.out.println("Restored checkpoint " + cp.id() + " (commit " + cp.commitId().substring(0, 12)
                    + ") into session " + session + ".");
            return null;
        }
        CheckpointRecord cp = sessions.checkpoint(Shell.asOwner(s), org, session, message, allowEmpty);
        System.out.println(cp == null ? "Nothing changed since the last checkpoint; the workspace was written back."
                : "Checkpoint " + cp.id() + " (commit " + cp.commitId().substring(0, 12) + ").");
        return null;
    }
}
