package io.coditect.studio.rest.internal;

import java.util.List;

import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;


/** Builds the CXF servers under {@code /api}; used by the OSGi component and by the tests. */
final class ApiServerFactory {

    private ApiServerFactory() {
    }

    static ObjectMapper objectMapper() {
        // instants as ISO-8601 strings ("2026-11-25T09:00:00Z"), as the API documents them
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * @param root where the server answers: {@code /} on CXF's OSGi servlet (mounted at {@code /api}),
     *             or a full URL in tests
     */
    static Server start(Bus bus, String root, ApiServices services) {
        return start(bus, root, services, new OpenStreams());
    }

    /** @param streams where open event streams are registered, to end them when their credential is revoked */
    static Server start(Bus bus, String root, ApiServices services, OpenStreams streams) {
        ChatResource chat = new ChatResource(services.chat());
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress(root);
        factory.setServiceBeans(List.of(new HealthResource(services.providers(), services.storage(),
                services.sandboxes(), services.sessions()), new PluginResource(services), new RouterResource(services.router()),
                new OpenApiResource(), new AuthResource(services.authenticator(), services.sso(), services.signingKeys()),
                new MeResource(services.tenancy()), new OrganisationResource(services.tenancy()),
                new TeamResource(services.tenancy()), new UserResource(services.tenancy()),
                new MemberResource(services.tenancy()), new ProjectResource(services.tenancy()),
                new ApiKeyResource(services.apiKeys(), services.tenancy()), new AuditResource(services.tenancy()),
                new UsageResource(services.usage()), new BudgetResource(services.usage()), new SessionResource(services.sessions(), services.events(), streams),
                new CheckpointResource(services.sessions()), chat, new ChatAliasResource(chat, services.events(), streams),
                new ConversationResource(services.chat()), new PluginAdminResource(services.pluginAdmin()),
                new UnmatchedResource()));
        factory.setProviders(List.of(new JacksonJsonProvider(objectMapper()), new ProblemMappers.WebApplication(),
                new ProblemMappers.InvalidInput(), new ProblemMappers.InvalidJson(), new ProblemMappers.Store(),
                new ProblemMappers.Denied(), new ProblemMappers.Unauthenticated(), new ProblemMappers.Unexpected(),
                new AuthenticationFeature(services.authenticator(), services.rateLimiter()), new PrivateResponses()));
        return factory.create();
    }
}
