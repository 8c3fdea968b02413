package io.coditect.studio.sandbox.docker.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.coditect.studio.api.sandbox.ExecListener;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.SandboxSpec;

/**
 * The docker driver's overhead over {@code podman run} of the same image (issue target: ≤ 10 %), on
 * the same Podman service ({@link TestPodman}: runc, its own storage, the busybox test image):
 *
 * <ul>
 * <li>A: {@code podman --remote --url unix://<socket> run --rm <the driver's flags> <image> echo hi}, from
 * the process's start to the line "hi" read from its stdout;
 * <li>B: the driver's {@code create(spec)} → {@code exec(echo hi)} → first stdout chunk at the listener;
 * then the end of the command and {@code stop()} (timed apart).
 * </ul>
 *
 * Warm-up, then A and B alternate (ABBA order, so neither always follows the other). Then a profile of
 * B: the driver's client is wrapped so that every API call is timed. Not a JUnit test (benchmarks do not
 * run in CI): run by bench/docker-overhead.sh. Arguments: {@code [runs] [warm-up runs] [profile runs]
 * [--local]}; {@code --local} adds A2, the podman CLI as a local client of the same storage.
 */
public final class DockerOverheadBench {

    private static final long MIB = 1024L * 1024;
    /** The limits of the driver's tests: 1 CPU, 128 MiB, 64 processes. */
    private static final ResourceLimits LIMITS = new ResourceLimits(1000, 128 * MIB, 0, 64);
    private static final long TIMEOUT_S = 60;

    private final TestPodman podman;
    private final DockerSandboxDriver driver;
    private final Path workspace;
    private final DriverSettings settings;
    private int names;

    private DockerOverheadBench(TestPodman podman, Path workspace) {
        this.podman = podman;
        this.settings = podman.settings();
        this.driver = new DockerSandboxDriver(settings);
        this.workspace = workspace;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean local = rest.remove("--local");
        int runs = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 50;
        int warmup = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 10;
        int profileRuns = rest.size() > 2 ? Integer.parseInt(rest.get(2)) : 20;
        int code = 0;
        DockerOverheadBench bench = null;
        try {
            TestPodman podman = TestPodman.get();
            Path ws = Files.createTempDirectory(podman.dir, "bench-ws-");
            Files.setAttribute(ws, "unix:uid", 1000);
            Files.setAttribute(ws, "unix:gid", 1000);
            bench = new DockerOverheadBench(podman, ws.toRealPath());
            bench.run(runs, warmup, profileRuns, local);
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        } finally {
            if (bench != null) {
                bench.driver.close();
                TestPodman.deleteQuietly(bench.workspace);
            }
        }
        // the shutdown hook of TestPodman kills the service and unmounts its storage
        System.exit(code);
    }

    private void run(int runs, int warmup, int profileRuns, boolean local) throws Exception {
        System.out.println("engine: " + driver.health().message());
        System.out.println("image " + TestPodman.IMAGE + ", limits " + DockerSandboxDriver.describe(LIMITS, settings)
                + ", network none, runtime runc; " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("A : " + String.join(" ", podmanRun(podman.remoteCommand(), "run", "bench-a")));
        compareConfigurations();

        String loadBefore = loadAverage();
        for (int i = 0; i < warmup; i++) {
            runA(podman.remoteCommand());
            if (local) {
                runA(podman.localCommand());
            }
            runB(driver, true);
        }
        long[] a = new long[runs];
        long[] aExit = new long[runs];
        long[] a2 = new long[local ? runs : 0];
        List<BRun> b = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // ABBA: A first on even runs, B first on odd ones
            if (i % 2 == 1) {
                b.add(runB(driver, true));
            }
            long[] ra = runA(podman.remoteCommand());
            a[i] = ra[0];
            aExit[i] = ra[1];
            if (local) {
                a2[i] = runA(podman.localCommand())[0];
            }
            if (i % 2 == 0) {
                b.add(runB(driver, true));
            }
        }
        long[] bTotal = column(b, BRun::total);
        System.out.println();
        System.out.printf("runs=%d (after %d warm-up runs), A and B alternating, times in ms; load average %s at the"
                + " start, %s at the end%n", runs, warmup, loadBefore, loadAverage());
        System.out.println(header());
        print("A  podman run → \"hi\" read", a);
        print("B  driver create → exec → first stdout", bTotal);
        if (local) {
            print("A2 podman run, local CLI → \"hi\"", a2);
        }
        System.out.println("  parts and after:");
        print("B  create() (container created, started)", column(b, BRun::create));
        print("B  exec() call → first stdout", column(b, BRun::exec));
        print("B  first stdout → command ended", column(b, BRun::end));
        print("B  2nd exec in that sandbox → first stdout", column(b, BRun::secondExec));
        print("B  stop() (container removed)", column(b, BRun::stop));
        print("A  \"hi\" → podman exited (--rm)", aExit);
        double o50 = (double) pct(bTotal, 50) / pct(a, 50) - 1;
        double o90 = (double) pct(bTotal, 90) / pct(a, 90) - 1;
        System.out.printf("overhead B/A - 1: p50 %+.1f %%, p90 %+.1f %% (target <= 10 %%: %s)%n", o50 * 100, o90 * 100,
                o50 <= 0.10 && o90 <= 0.10 ? "met" : "NOT met");
        // each B against the A of its own ABBA pair: robust against the machine's speed drifting during the run
        double[] paired = new double[runs];
        for (int i = 0; i < runs; i++) {
            paired[i] = (double) bTotal[i] / a[i] - 1;
        }
        Arrays.sort(paired);
        System.out.printf("paired overhead B(i)/A(i) - 1 over the %d pairs: median %+.1f %%, p90 %+.1f %%%n", runs,
                paired[(runs - 1) / 2] * 100, paired[(int) Math.ceil(0.9 * runs) - 1] * 100);
        if (local) {
            System.out.printf("overhead B/A2 - 1: p50 %+.1f %%, p90 %+.1f %%%n",
                    ((double) pct(bTotal, 50) / pct(a2, 50) - 1) * 100, ((double) pct(bTotal, 90) / pct(a2, 90) - 1) * 100);
        }
        if (profileRuns > 0) {
            profile(profileRuns);
        }
    }

    // ---- A: podman run -------------------------------------------------------------------------------

    /** podman run with what the driver gives a container (see ContainerConfig) and its user, env, workdir. */
    private List<String> podmanRun(List<String> podmanCmd, String verb, String name) {
        List<String> cmd = new ArrayList<>(podmanCmd);
        cmd.add(verb);
        if (verb.equals("run")) {
            cmd.add("--rm");
        }
        cmd.addAll(List.of("--pull", "never", "--name", "coditect-" + name, "--label", ContainerConfig.LABEL + "=" + name,
                "--hostname", "sandbox",
                "--network", "none", "--read-only",
                "--cap-drop", "all", "--security-opt", "no-new-privileges",
                "--memory", Long.toString(LIMITS.memoryBytes()), "--memory-swap", Long.toString(LIMITS.memoryBytes()),
                "--cpu-period", "100000", "--cpu-quota", Long.toString(LIMITS.cpuMillis() * 100),
                "--pids-limit", Long.toString(LIMITS.pids()),
                "--tmpfs", "/tmp:rw,nosuid,nodev,size=" + ContainerConfig.tmpSize(LIMITS) + ",mode=1777",
                "-v", workspace + ":" + SandboxSpec.WORKSPACE + ":rw", "-w", SandboxSpec.WORKSPACE,
                "--user", DockerSandboxDriver.ownerOf(workspace)));
        for (DriverSettings.Ulimit u : settings.ulimits()) {
            cmd.addAll(List.of("--ulimit", u.name() + "=" + u.soft() + ":" + u.hard()));
        }
        for (String e : ContainerConfig.environment(Map.of())) {
            cmd.addAll(List.of("--env", e));
        }
        cmd.addAll(List.of(TestPodman.IMAGE, "echo", "hi"));
        return cmd;
    }

    /** Nanoseconds from the process's start to "hi" read, and from then to the process's exit. */
    private long[] runA(List<String> podmanCmd) throws Exception {
        List<String> cmd = podmanRun(podmanCmd, "run", "bench-a-" + (++names));
        Path err = Files.createTempFile(podman.dir, "podman-run-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            long hi = -1;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (hi < 0 && line.equals("hi")) {
                        hi = System.nanoTime();
                    }
                }
            }
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("podman run did not end in " + TIMEOUT_S + " s");
            }
            long exit = System.nanoTime();
            if (hi < 0 || p.exitValue() != 0) {
                throw new IllegalStateException("podman run failed (exit " + p.exitValue() + "): "
                        + Files.readString(err).strip() + "\n  command: " + String.join(" ", cmd));
            }
            return new long[] {hi - t0, exit - hi};
        } finally {
            Files.deleteIfExists(err);
        }
    }

    // ---- B: the driver -------------------------------------------------------------------------------

    private SandboxSpec spec() {
        return new SandboxSpec(null, workspace, LIMITS, NetworkPolicy.NONE, List.of(), Map.of());
    }

    /** One run of B, in nanoseconds. */
    private record BRun(long total, long create, long exec, long end, long secondExec, long stop) {
    }

    private static long[] column(List<BRun> runs, java.util.function.ToLongFunction<BRun> f) {
        return runs.stream().mapToLong(f).toArray();
    }

    /**
     * create → exec(echo hi) → first stdout; then the end of the command, a second exec in the same
     * sandbox (to first stdout) when asked, then stop(): each timed apart.
     */
    private BRun runB(DockerSandboxDriver d, boolean secondExec) throws Exception {
        long t0 = System.nanoTime();
        DockerSandbox s = (DockerSandbox) d.create(spec());
        long created = System.nanoTime();
        long[] first;
        long second = 0;
        long stop;
        try {
            first = echo(s);
            if (secondExec) {
                long t1 = System.nanoTime();
                second = echo(s)[0] - t1;
            }
        } finally {
            long s0 = System.nanoTime();
            s.stop();
            stop = System.nanoTime() - s0;
        }
        return new BRun(first[0] - t0, created - t0, first[0] - created, first[1] - first[0], second, stop);
    }

    /** Runs echo hi; returns when its first stdout chunk arrived and when it ended (System.nanoTime). */
    private static long[] echo(DockerSandbox s) throws Exception {
        CompletableFuture<Long> first = new CompletableFuture<>();
        CompletableFuture<ExecResult> done = new CompletableFuture<>();
        s.exec(ExecRequest.of("echo", "hi"), new ExecListener() {
            @Override
            public void onOutput(Stream stream, byte[] chunk) {
                if (stream == Stream.STDOUT) {
                    first.complete(System.nanoTime());
                }
            }

            @Override
            public void onExit(ExecResult result) {
                done.complete(result);
            }
        });
        long tFirst = first.get(TIMEOUT_S, TimeUnit.SECONDS);
        ExecResult r = done.get(TIMEOUT_S, TimeUnit.SECONDS);
        long tEnd = System.nanoTime();
        if (!r.succeeded()) {
            throw new IllegalStateException("echo in the sandbox failed: " + r);
        }
        return new long[] {tFirst, tEnd};
    }

    // ---- same configuration? -------------------------------------------------------------------------

    /** Creates A's container (podman create, same flags) and B's, and prints what differs in their inspect. */
    private void compareConfigurations() throws Exception {
        List<String> create = podmanRun(podman.remoteCommand(), "create", "bench-config");
        Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("podman create failed: " + out + "\n  command: " + String.join(" ", create));
        }
        String aId = out.lines().reduce((x, y) -> y).orElseThrow();
        DockerClient c = driver.client();
        Map<String, String> a;
        try {
            a = essentials(c.inspectContainerCmd(aId).exec());
        } finally {
            c.removeContainerCmd(aId).withForce(true).exec();
        }
        DockerSandbox s = (DockerSandbox) driver.create(spec());
        Map<String, String> b;
        try {
            b = essentials(c.inspectContainerCmd(s.containerId()).exec());
        } finally {
            s.stop();
        }
        System.out.println("container configuration, A (podman run) vs B (driver), from the engine's inspect:");
        for (String k : b.keySet()) {
            String va = a.get(k);
            String vb = b.get(k);
            System.out.printf("  %-14s %s%s%n", k, vb, vb.equals(va) ? "" : "   <> A: " + va);
        }
    }

    private static Map<String, String> essentials(InspectContainerResponse r) {
        HostConfig h = r.getHostConfig();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Runtime", String.valueOf(h.getRuntime()));
        m.put("NetworkMode", String.valueOf(h.getNetworkMode()));
        m.put("ReadonlyRootfs", String.valueOf(h.getReadonlyRootfs()));
        m.put("CapDrop", String.valueOf(h.getCapDrop() == null ? null : Arrays.toString(h.getCapDrop())));
        m.put("CapAdd", String.valueOf(h.getCapAdd() == null ? null : Arrays.toString(h.getCapAdd())));
        m.put("SecurityOpt", String.valueOf(h.getSecurityOpts()));
        m.put("Memory", String.valueOf(h.getMemory()));
        m.put("MemorySwap", String.valueOf(h.getMemorySwap()));
        m.put("CpuPeriod", String.valueOf(h.getCpuPeriod()));
        m.put("CpuQuota", String.valueOf(h.getCpuQuota()));
        m.put("PidsLimit", String.valueOf(h.getPidsLimit()));
        m.put("Tmpfs", String.valueOf(h.getTmpFs()));
        m.put("Ulimits", h.getUlimits() == null ? "null"
                : Arrays.stream(h.getUlimits()).map(u -> u.getName() + "=" + u.getSoft() + ":" + u.getHard()).sorted()
                        .toList().toString());
        m.put("Binds", String.valueOf(h.getBinds() == null ? null : Arrays.toString(h.getBinds())));
        m.put("User", String.valueOf(r.getConfig().getUser()));
        m.put("WorkingDir", String.valueOf(r.getConfig().getWorkingDir()));
        m.put("Hostname", String.valueOf(r.getConfig().getHostName()));
        return m;
    }

    // ---- profile: where B's time goes ----------------------------------------------------------------

    /** Runs B with every API call of the driver's client timed; prints the median of each step. */
    private void profile(int runs) throws Exception {
        Map<String, List<Long>> calls = new TreeMap<>();
        DockerSandboxDriver d = new DockerSandboxDriver(settings);
        try {
            Field f = DockerSandboxDriver.class.getDeclaredField("client");
            f.setAccessible(true);
            DockerClient real = (DockerClient) f.get(d);
            Timings timings = new Timings();
            f.set(d, timed(real, DockerClient.class, timings));
            List<Long> total = new ArrayList<>();
            List<Long> createOther = new ArrayList<>();
            List<Long> attachAndFirst = new ArrayList<>();
            for (int i = 0; i < runs + 2; i++) {
                timings.reset();
                BRun r = runB(d, false);
                if (i < 2) {
                    continue; // this client's own warm-up
                }
                total.add(r.total());
                Map<String, Long> t = timings.snapshot();
                t.forEach((k, v) -> calls.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                long inCreate = t.getOrDefault("inspectImage", 0L) + t.getOrDefault("createContainer", 0L)
                        + t.getOrDefault("startContainer", 0L);
                createOther.add(r.create() - inCreate);
                attachAndFirst.add(r.exec() - t.getOrDefault("execCreate", 0L));
            }
            long[] ping = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                real.pingCmd().exec();
                ping[i] = System.nanoTime() - t0;
            }
            System.out.println();
            System.out.printf("profile of B (%d runs, each API call of the driver timed), times in ms; load average %s%n",
                    runs, loadAverage());
            System.out.println(header());
            print("B  total → first stdout", toArray(total));
            for (String step : List.of("inspectImage", "createContainer", "startContainer", "execCreate")) {
                if (calls.containsKey(step)) {
                    print("   " + step, toArray(calls.get(step)));
                }
            }
            print("   attach (exec start) → first stdout", toArray(attachAndFirst));
            print("   create(): outside API calls", toArray(createOther));
            print("   (one API round trip: GET /_ping)", ping);
            for (var e : calls.entrySet()) {
                if (!Set.of("inspectImage", "createContainer", "startContainer", "execCreate").contains(e.getKey())) {
                    print("   after: " + e.getKey(), toArray(e.getValue()));
                }
            }
        } finally {
            d.close();
        }
    }

    /** Time spent in each kind of call (summed per run), by command name. */
    private static final class Timings {
        private final Map<String, Long> nanos = new LinkedHashMap<>();

        synchronized void add(String call, long n) {
            nanos.merge(call, n, Long::sum);
        }

        synchronized void reset() {
            nanos.clear();
        }

        synchronized Map<String, Long> snapshot() {
            return new LinkedHashMap<>(nanos);
        }
    }

    /**
     * A proxy that times exec() of the commands a DockerClient makes. Commands are builders that return
     * themselves, so the proxy returns itself where the target returned itself.
     */
    @SuppressWarnings("unchecked")
    private static <T> T timed(T target, Class<T> type, Timings timings) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), interfaces(target.getClass(), type),
                new TimingHandler(target, timings, null));
    }

    private static Class<?>[] interfaces(Class<?> c, Class<?> first) {
        Set<Class<?>> all = new LinkedHashSet<>();
        all.add(first);
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            all.addAll(Arrays.asList(k.getInterfaces()));
        }
        return all.toArray(Class<?>[]::new);
    }

    private static final class TimingHandler implements InvocationHandler {
        private final Object target;
        private final Timings timings;
        private final String command;

        TimingHandler(Object target, Timings timings, String command) {
            this.target = target;
            this.timings = timings;
            this.command = command;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            long t0 = System.nanoTime();
            Object r;
            try {
                r = m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (command != null && m.getName().equals("exec")) {
                    timings.add(command, System.nanoTime() - t0);
                }
            }
            if (r == target) {
                return proxy;
            }
            if (command == null && r != null && m.getName().endsWith("Cmd") && m.getReturnType().isInterface()) {
                // a command made by the client: time its exec()
                String name = m.getName().substring(0, m.getName().length() - 3);
                return Proxy.newProxyInstance(m.getReturnType().getClassLoader(),
                        interfaces(r.getClass(), m.getReturnType()), new TimingHandler(r, timings, name));
            }
            return r;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    // ---- figures -------------------------------------------------------------------------------------

    private static long[] toArray(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }

    /** Nearest-rank percentile. */
    private static long pct(long[] nanos, double p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100 * s.length);
        return s[Math.max(0, Math.min(s.length, rank) - 1)];
    }

    private static String header() {
        return String.format("  %-44s %8s %8s %8s %8s", "", "p50", "p90", "p99", "max");
    }

    private static void print(String name, long[] nanos) {
        System.out.printf("  %-44s %8.1f %8.1f %8.1f %8.1f%n", name, pct(nanos, 50) / 1e6, pct(nanos, 90) / 1e6,
                pct(nanos, 99) / 1e6, pct(nanos, 100) / 1e6);
    }
}
