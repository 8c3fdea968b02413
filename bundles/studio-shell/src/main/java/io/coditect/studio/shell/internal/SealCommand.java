package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.coditect.studio.api.security.SecretSealer;

@Command(scope = "studio", name = "seal", description = "Seals a secret (provider API key, OIDC client secret) for etc/*.cfg: prints ENC(v1:...), which the studio opens before components see it")
@Service
public class SealCommand implements Action {

    @Reference
    SecretSealer sealer;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        // read without echo, so the secret is neither on screen nor in the shell history
        String secret = session.readLine("Secret to seal: ", '*');
        System.out.println(sealer.seal(secret == null ? "" : secret.strip()));
        return null;
    }
}
