import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.sandbox.process.internal.DriverSettings;
import io.coditect.studio.sandbox.process.internal.ProcessSandboxDriver;

/**
 * Process sandbox latency: create (cgroup + spec) → exec `echo` → first stdout byte, and the same
 * for a further exec in an existing sandbox. Run by bench/sandbox-first-output.sh.
 */
public class SandboxFirstOutput {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        ProcessSandboxDriver driver = new ProcessSandboxDriver(DriverSettings.defaults());
        Path ws = Files.createTempDirectory("bench-ws");
        ResourceLimits limits = ResourceLimits.DEFAULT.withMemoryBytes(256L << 20);
        for (int i = 0; i < 5; i++) {
            try (Sandbox s = driver.create(SandboxSpec.of(ws, limits))) {
                firstOutput(s);
            }
        }
        long[] cold = new long[runs];
        long[] warm = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            try (Sandbox s = driver.create(SandboxSpec.of(ws, limits))) {
                cold[i] = firstOutput(s) - t0;
                long t1 = System.nanoTime();
                warm[i] = firstOutput(s) - t1;
            }
        }
        print("create → first output", cold);
        print("exec in sandbox → first output", warm);
    }

    private static long firstOutput(Sandbox s) throws Exception {
        CompletableFuture<Long> first = new CompletableFuture<>();
        CompletableFuture<ExecResult> done = new CompletableFuture<>();
        s.exec(ExecRequest.of("echo", "hi").withTimeout(Duration.ofSeconds(30)), new ExecListener() {
            @Override
            public void onOutput(Stream stream, byte[] chunk) {
                first.complete(System.nanoTime());
            }

            @Override
            public void onExit(ExecResult result) {
                done.complete(result);
            }
        });
        long t = first.get(30, TimeUnit.SECONDS);
        if (!done.get(30, TimeUnit.SECONDS).succeeded()) {
            throw new IllegalStateException("echo failed: " + done.get());
        }
        return t;
    }

    private static void print(String name, long[] nanos) {
        long[] ms = nanos.clone();
        Arrays.sort(ms);
        System.out.printf("%-34s runs=%d median=%.1f ms p90=%.1f ms max=%.1f ms%n", name, ms.length,
                ms[ms.length / 2] / 1e6, ms[(int) (ms.length * 0.9)] / 1e6, ms[ms.length - 1] / 1e6);
    }
}
