package io.coditect.studio.git.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One organisation's git remote per factory configuration ({@value #PID}-&lt;name&gt;): every checkpoint
 * of the organisation's projects is also pushed there, on the branch {@code sessions/<session>}. The
 * component registers no service, so no configuration property (the password included) is ever
 * published; it hands the remote to {@link OrgRemotes}.
 */
@Component(service = {}, immediate = true, configurationPid = OrgRemoteComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OrgRemoteComponent.Config.class, factory = true)
public final class OrgRemoteComponent {

    /** Factory PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.git.remote";

    @ObjectClassDefinition(id = PID, name = "CODITECT Studio: git remote of an organisation",
            description = "Pushes every checkpoint of the organisation's projects to a git remote as well as to storage.")
    public @interface Config {

        @AttributeDefinition(name = "Organisation", description = "Id of the organisation whose checkpoints are pushed.")
        String org();

        @AttributeDefinition(name = "Remote URL", description = "URL of the project's remote repository; {org}, "
                + "{team}, {user} and {project} are replaced by the project's ids, e.g. "
                + "https://git.example.com/{team}/{project}.git")
        String url();

        @AttributeDefinition(name = "User name", required = false, description = "User name for HTTPS remotes.")
        String username() default "";

        @AttributeDefinition(name = "Password or token", type = AttributeType.PASSWORD, required = false,
                description = "Password or access token for HTTPS remotes. Never logged.")
        String password() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(OrgRemoteComponent.class);

    private final OrgRemotes remotes;
    private final OrgRemote remote;

    @Activate
    public OrgRemoteComponent(@Reference OrgRemotes remotes, Config config) {
        try {
            this.remote = new OrgRemote(config.org(), config.url(), config.username(), config.password());
        } catch (IllegalArgumentException e) {
            LOG.error("git remote configuration is invalid: {}", e.getMessage());
            throw e;
        }
        this.remotes = remotes;
        remotes.add(remote);
        LOG.info("checkpoints of organisation {} are also pushed to {}", remote.org(), remote);
    }

    @Deactivate
    void deactivate() {
        remotes.remove(remote);
    }
}
