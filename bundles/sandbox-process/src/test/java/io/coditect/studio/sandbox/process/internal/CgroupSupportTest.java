package io.coditect.studio.sandbox.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.sandbox.process.internal.CgroupSupport.Limit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Detection from mountinfo, and the cgroup v2 layout on a fake hierarchy (the build host has v1). */
public class CgroupSupportTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String V1 = String.join("\n",
            "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:9 - cgroup cgroup rw,cpu,cpuacct",
            "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
            "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
            "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate");

    private static final String V2 = String.join("\n",
            "22 1 0:21 / /proc rw - proc proc rw",
            "29 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate");

    private Path mountinfo(String text) throws Exception {
        Path p = tmp.newFile().toPath();
        Files.writeString(p, text + "\n", StandardCharsets.UTF_8);
        return p;
    }

    @Test
    public void detectsV1AndPrefersItOnHybridHosts() throws Exception {
        CgroupSupport s = CgroupSupport.detect(mountinfo(V1), "coditect-studio");
        assertTrue(s instanceof CgroupV1);
        assertEquals(EnumSet.allOf(Limit.class), s.enforceable());
        assertEquals("cgroup v1 (cpu, cpuacct, memory, pids) under coditect-studio", s.description());
        // cpu and cpuacct share a hierarchy: one directory for both
        assertEquals(List.of(Path.of("/sys/fs/cgroup/cpu,cpuacct/coditect-studio"),
                Path.of("/sys/fs/cgroup/memory/coditect-studio"), Path.of("/sys/fs/cgroup/pids/coditect-studio")),
                s.parentDirectories());
    }

    @Test
    public void detectsV2() throws Exception {
        CgroupSupport s = CgroupSupport.detect(mountinfo(V2), "a/b");
        assertTrue(s instanceof CgroupV2);
        assertEquals(List.of(Path.of("/sys/fs/cgroup/a/b")), s.parentDirectories());
    }

    @Test
    public void detectsNothing() throws Exception {
        CgroupSupport s = CgroupSupport.detect(mountinfo("22 1 0:21 / /proc rw - proc proc rw"), "x");
        assertNotNull(s.check());
        assertTrue(s.enforceable().isEmpty());
        CgroupSupport missing = CgroupSupport.detect(tmp.getRoot().toPath().resolve("nope"), "x");
        assertTrue(missing.check(), missing.check().contains("cannot read"));
    }

    @Test
    public void unescapesMountPoints() {
        assertEquals("/a b\\c", CgroupSupport.Mount.unescape("/a\\040b\\134c"));
        CgroupSupport.Mount m = CgroupSupport.Mount.parse("1 2 0:3 / /mnt/my\\040cg rw - cgroup2 cgroup2 rw");
        assertEquals(Path.of("/mnt/my cg"), m.mountPoint());
        assertEquals("cgroup2", m.fsType());
        assertNull(CgroupSupport.Mount.parse("garbage"));
    }

    @Test
    public void detectsTheHost() {
        CgroupSupport s = CgroupSupport.detect(TestHost.CGROUP_PARENT);
        assertNull(s.check(), s.check());
        assertEquals(EnumSet.allOf(Limit.class), s.enforceable());
    }

    /** A fake v2 hierarchy: plain folders and files standing for cgroupfs. */
    @Test
    public void v2EnablesControllersAndWritesLimits() throws Exception {
        Path root = tmp.newFolder("cg2").toPath();
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "cpu\n");
        CgroupV2 v2 = new CgroupV2(root, "coditect-studio/tenant");
        assertEquals("cgroup v2 (memory, cpu, pids) under coditect-studio/tenant", v2.description());
        assertEquals(EnumSet.allOf(Limit.class), v2.enforceable());
        assertNull(v2.check());
        // cpu was already on at the root: only the others are added; the levels below get all three
        assertEquals("+memory +pids", read(root.resolve("cgroup.subtree_control")));
        assertEquals("+memory +cpu +pids", read(root.resolve("coditect-studio/cgroup.subtree_control")));
        assertEquals("+memory +cpu +pids", read(root.resolve("coditect-studio/tenant/cgroup.subtree_control")));

        Path sandboxDir = root.resolve("coditect-studio/tenant/sbx-1");
        Cgroup group = v2.createSandboxGroup("sbx-1", new ResourceLimits(1500, 64L << 20, 0, 100, 750, 32L << 20));
        assertEquals("coditect-studio/tenant/sbx-1", group.path());
        assertEquals(Long.toString(64L << 20), read(sandboxDir.resolve("memory.max")));
        assertEquals("150000 100000", read(sandboxDir.resolve("cpu.max")));
        assertEquals("100", read(sandboxDir.resolve("pids.max")));
        // the reservations: 750 m is weight 75 (1 vCPU = the default 100), 32 MiB protected
        assertEquals("75", read(sandboxDir.resolve("cpu.weight")));
        assertEquals(Long.toString(32L << 20), read(sandboxDir.resolve("memory.low")));
        assertEquals("+memory +cpu +pids", read(sandboxDir.resolve("cgroup.subtree_control")));
        assertEquals(List.of(sandboxDir.resolve("cgroup.procs")), group.procsFiles());

        Cgroup exec = group.createChild("exec-1");
        assertEquals(List.of(sandboxDir.resolve("exec-1/cgroup.procs")), exec.procsFiles());
        Files.writeString(sandboxDir.resolve("exec-1/memory.events"),
                "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
        Files.writeString(sandboxDir.resolve("exec-1/cpu.stat"), "usage_usec 2500\nuser_usec 2000\n");
        Files.writeString(sandboxDir.resolve("exec-1/cgroup.procs"), "");
        assertEquals(1, exec.oomKills());
        assertEquals(12, exec.memoryFailCount());
        assertEquals(2_500_000, exec.cpuNanos());
        assertEquals(-1, exec.pidsCurrent());
        assertTrue(exec.pids().isEmpty());
    }

    @Test
    public void v2TurnsSwapOffWhenSwapIsAccounted() throws Exception {
        Path dir = tmp.newFolder("sbx").toPath();
        Files.writeString(dir.resolve("memory.swap.max"), "max\n");
        CgroupV2.applyLimits(dir, new ResourceLimits(0, 1L << 30, 0, 0));
        assertEquals("0", read(dir.resolve("memory.swap.max")));
        assertEquals(Long.toString(1L << 30), read(dir.resolve("memory.max")));
        assertTrue(Files.notExists(dir.resolve("cpu.max")));
        assertTrue(Files.notExists(dir.resolve("pids.max")));
        // nothing reserved: the kernel's defaults (weight 100, no protection) stay untouched
        assertTrue(Files.notExists(dir.resolve("cpu.weight")));
        assertTrue(Files.notExists(dir.resolve("memory.low")));
    }

    /** SDD §3.3 "2 vCPU burst 4, 4 GB burst 8": the hard limits in *.max, the reservation as weight and low. */
    @Test
    public void v2DefaultLimitsReserveTwoCpusAndFourGib() throws Exception {
        Path dir = tmp.newFolder("sbx").toPath();
        CgroupV2.applyLimits(dir, ResourceLimits.DEFAULT);
        assertEquals("400000 100000", read(dir.resolve("cpu.max")));
        assertEquals(Long.toString(8L << 30), read(dir.resolve("memory.max")));
        assertEquals("512", read(dir.resolve("pids.max")));
        assertEquals("200", read(dir.resolve("cpu.weight")));
        assertEquals(Long.toString(4L << 30), read(dir.resolve("memory.low")));
    }

    @Test
    public void v2ReservationThatCannotBeSetDoesNotFailTheGroup() throws Exception {
        Path dir = tmp.newFolder("sbx").toPath();
        Files.createDirectory(dir.resolve("memory.low")); // unwritable: writing to it fails
        CgroupV2.applyLimits(dir, new ResourceLimits(2000, 1L << 30, 0, 0, 1000, 512L << 20));
        assertEquals(Long.toString(1L << 30), read(dir.resolve("memory.max")));
        assertEquals("100", read(dir.resolve("cpu.weight")));
        assertTrue(Files.isDirectory(dir.resolve("memory.low")));

        // a hard limit that cannot be set still fails (the driver then refuses or runs without a cgroup)
        Path other = tmp.newFolder("sbx2").toPath();
        Files.createDirectory(other.resolve("memory.max"));
        try {
            CgroupV2.applyLimits(other, new ResourceLimits(0, 1L << 30, 0, 0));
            fail("expected an IOException");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("memory.max"));
        }
    }

    @Test
    public void v2CpuWeight() {
        assertEquals(100, CgroupV2.cpuWeight(1000)); // 1 vCPU reserved = the default weight
        assertEquals(200, CgroupV2.cpuWeight(2000));
        assertEquals(25, CgroupV2.cpuWeight(250));
        assertEquals(1, CgroupV2.cpuWeight(1)); // the kernel's minimum
        assertEquals(10_000, CgroupV2.cpuWeight(1_000_000)); // and maximum
    }

    @Test
    public void writeReservationLogsInsteadOfFailing() throws Exception {
        Path dir = tmp.newFolder("cg").toPath();
        assertTrue(CgroupFiles.writeReservation("x", dir.resolve("cpu.weight"), "100", "CPU reservation"));
        assertEquals("100", read(dir.resolve("cpu.weight")));
        assertFalse(CgroupFiles.writeReservation("x", dir.resolve("missing/cpu.weight"), "100", "CPU reservation"));
    }

    /**
     * A fake v1 set-up (plain folders) with the cpu and pids controllers but no memory one: the memory
     * reservation is logged and skipped, the group is still made, with cpu.shares from the CPU reservation.
     */
    @Test
    public void v1WritesSharesAndSoftLimitAndSkipsAMissingController() throws Exception {
        Path cpuRoot = tmp.newFolder("cpu").toPath();
        Path pidsRoot = tmp.newFolder("pids").toPath();
        Path memRoot = tmp.newFolder("memory").toPath();
        for (Path root : List.of(cpuRoot, pidsRoot, memRoot)) {
            Files.createDirectories(root.resolve("p"));
            Files.writeString(root.resolve("p/cgroup.procs"), "");
        }
        CgroupV1 noMemory = new CgroupV1(Map.of("cpu", cpuRoot, "pids", pidsRoot), "p");
        assertNull(noMemory.check());
        Cgroup group = noMemory.createSandboxGroup("sbx-1", new ResourceLimits(1000, 0, 0, 10, 500, 32L << 20));
        assertEquals("p/sbx-1", group.path());
        assertEquals("100000", read(cpuRoot.resolve("p/sbx-1/cpu.cfs_quota_us")));
        assertEquals("512", read(cpuRoot.resolve("p/sbx-1/cpu.shares")));
        assertEquals("10", read(pidsRoot.resolve("p/sbx-1/pids.max")));

        CgroupV1 all = new CgroupV1(Map.of("cpu", cpuRoot, "pids", pidsRoot, "memory", memRoot), "p");
        all.createSandboxGroup("sbx-2", ResourceLimits.DEFAULT);
        assertEquals("400000", read(cpuRoot.resolve("p/sbx-2/cpu.cfs_quota_us")));
        assertEquals("2048", read(cpuRoot.resolve("p/sbx-2/cpu.shares")));
        assertEquals(Long.toString(8L << 30), read(memRoot.resolve("p/sbx-2/memory.limit_in_bytes")));
        assertEquals(Long.toString(4L << 30), read(memRoot.resolve("p/sbx-2/memory.soft_limit_in_bytes")));

        // nothing reserved: cpu.shares and the soft limit keep the kernel's defaults
        all.createSandboxGroup("sbx-3", new ResourceLimits(1000, 64L << 20, 0, 10));
        assertTrue(Files.notExists(cpuRoot.resolve("p/sbx-3/cpu.shares")));
        assertTrue(Files.notExists(memRoot.resolve("p/sbx-3/memory.soft_limit_in_bytes")));
    }

    @Test
    public void v2WithoutControllersSaysWhatToDo() throws Exception {
        Path root = tmp.newFolder("cg2").toPath();
        Files.writeString(root.resolve("cgroup.controllers"), "hugetlb\n");
        String problem = new CgroupV2(root, "coditect-studio").check();
        assertNotNull(problem);
        assertTrue(problem, problem.contains("Delegate=yes"));
    }

    @Test
    public void v1CpuQuota() {
        assertEquals(200_000, CgroupV1.cpuQuotaMicros(2000));
        assertEquals(50_000, CgroupV1.cpuQuotaMicros(500));
        assertEquals(1000, CgroupV1.cpuQuotaMicros(1)); // the kernel's minimum
    }

    @Test
    public void v1CpuShares() {
        assertEquals(1024, CgroupV1.cpuShares(1000)); // 1 vCPU reserved = the default shares
        assertEquals(2048, CgroupV1.cpuShares(2000));
        assertEquals(512, CgroupV1.cpuShares(500));
        assertEquals(2, CgroupV1.cpuShares(1)); // the kernel's minimum
        assertEquals(262_144, CgroupV1.cpuShares(1_000_000)); // and maximum
    }

    @Test
    public void requestedLimits() {
        assertEquals(EnumSet.allOf(Limit.class), CgroupSupport.requested(ResourceLimits.DEFAULT));
        // a reservation alone asks for no limit: it is not refused when it cannot be set
        assertEquals(EnumSet.noneOf(Limit.class),
                CgroupSupport.requested(new ResourceLimits(0, 0, 0, 0, 1000, 1L << 30)));
        assertEquals(EnumSet.noneOf(Limit.class), CgroupSupport.requested(new ResourceLimits(0, 0, 5, 0)));
        assertEquals(EnumSet.of(Limit.MEMORY), CgroupSupport.requested(new ResourceLimits(0, 1, 0, 0)));
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.US_ASCII).trim();
    }
}
