package io.coditect.studio.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.SigningKeys;

@Command(scope = "studio", name = "signing-key-rotate", description = "Signs new session tokens with a new key; tokens issued before stay valid until they expire")
@Service
public class SigningKeyRotateCommand implements Action {

    @Reference
    SigningKeys signingKeys;

    @Override
    public Object execute() {
        System.out.println("New signing key: " + signingKeys.rotate(Caller.system(Shell.SYSTEM_ORG)));
        return null;
    }
}
