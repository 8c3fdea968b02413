package io.coditect.studio.sandbox.docker.internal;

import java.net.URI;
import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/** Builds docker-java clients; the zerodep transport speaks to unix sockets and plain TCP. */
final class DockerClients {

    /** Oldest API version both Docker (≥ 20.10) and Podman (≥ 4) serve, with every call used. */
    static final String API_VERSION = "1.41";

    private DockerClients() {
    }

    static DockerClient create(DriverSettings settings) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.dockerHost())
                .withApiVersion(API_VERSION)
                .withDockerTlsVerify(false)
                .build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(settings.dockerHost()))
                .maxConnections(100)
                .connectionTimeout(Duration.ofSeconds(5))
                // no response timeout: it is a read timeout, which would cut the attached output of
                // a command that is silent for a while; calls are bounded where they are awaited
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
