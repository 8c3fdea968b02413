package io.coditect.studio.sandbox.docker.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import io.coditect.studio.api.sandbox.SandboxStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One sample of the engine's container statistics ("stats", stream=false). */
final class ContainerStats {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerStats.class);

    private ContainerStats() {
    }

    static SandboxStats read(DockerClient client, String containerId, long timeoutMs, long diskBytes) {
        CompletableFuture<Statistics> sample = new CompletableFuture<>();
        try (ResultCallback.Adapter<Statistics> cb = client.statsCmd(containerId).withNoStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Statistics s) {
                        sample.complete(s);
                    }

                    @Override
                    public void onError(Throwable t) {
                        sample.completeExceptionally(t);
                    }

                    @Override
                    public void onComplete() {
                        sample.complete(null);
                    }
                })) {
            Statistics s = sample.get(timeoutMs, TimeUnit.MILLISECONDS);
            if (s == null) {
                return new SandboxStats(-1, -1, -1, diskBytes);
            }
            long memory = s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null ? -1
                    : s.getMemoryStats().getUsage();
            long cpu = s.getCpuStats() == null || s.getCpuStats().getCpuUsage() == null
                    || s.getCpuStats().getCpuUsage().getTotalUsage() == null ? -1
                    : s.getCpuStats().getCpuUsage().getTotalUsage();
            long pids = s.getPidsStats() == null || s.getPidsStats().getCurrent() == null ? -1
                    : s.getPidsStats().getCurrent();
            return new SandboxStats(memory, cpu, pids, diskBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SandboxStats(-1, -1, -1, diskBytes);
        } catch (Exception e) {
            LOG.debug("container {}: cannot read its statistics: {}", containerId, e.toString());
            return new SandboxStats(-1, -1, -1, diskBytes);
        }
    }
}
