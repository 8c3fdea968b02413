package io.coditect.studio.shell.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;

@Command(scope = "studio", name = "exec", description = "Runs a command in a session's sandbox as the session's owner"
        + " and prints its output and exit code")
@Service
public class ExecCommand implements Action {

    @Reference
    SessionService sessions;

    @Option(name = "--timeout", description = "Seconds after which the command is killed (default 300)")
    long timeoutSeconds = 300;

    @Option(name = "--workdir", description = "Working folder inside the sandbox (default /home/dev)")
    String workdir;

    @Argument(index = 0, name = "org", required = true, description = "Organisation id")
    String org;

    @Argument(index = 1, name = "session", required = true, description = "Session id")
    String session;

    @Argument(index = 2, name = "command", required = true, multiValued = true,
            description = "The command and its arguments")
    List<String> command;

    @Override
    public Object execute() throws InterruptedException {
        SessionRecord s = sessions.session(Caller.system(org), org, session);
        ExecHandle h = sessions.exec(Shell.asOwner(s), org, session, new ExecRequest(command, workdir, null,
                Duration.ofSeconds(timeoutSeconds)), new ExecListener() {
                    @Override
                    public void onOutput(Stream stream, byte[] chunk) {
                        (stream == Stream.STDERR ? System.err : System.out)
                                .print(new String(chunk, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void onExit(ExecResult result) {
                        System.out.flush();
                    }
                });
        try {
            ExecResult r = h.result().toCompletableFuture().get();
            System.out.println("[exit " + r.exitCode() + ", " + r.termination().name().toLowerCase() + ", "
                    + r.duration().toMillis() + " ms" + (r.message() == null || r.message().isEmpty() ? ""
                            : ": " + r.message()) + "]");
        } catch (InterruptedException e) {
            h.cancel(); // Ctrl-C in the shell ends the command too
            throw e;
        } catch (ExecutionException e) {
            System.err.println("the command failed: " + e.getCause().getMessage());
        }
        return null;
    }
}
