package io.coditect.studio.sandbox.process.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the process sandbox driver, PID {@value ProcessSandboxDriverComponent#PID}. Every
 * property is optional.
 */
@ObjectClassDefinition(id = ProcessSandboxDriverComponent.PID, name = "Process sandbox (bubblewrap)",
        description = "Runs sandbox commands under bubblewrap, limited by cgroups (v1 or v2).")
public @interface ProcessSandboxConfig {

    @AttributeDefinition(name = "bubblewrap executable",
            description = "Path of the bwrap executable; empty to look for 'bwrap' on the PATH"
                    + " (Debian/Ubuntu package 'bubblewrap').",
            required = false)
    String bwrapPath() default "";

    @AttributeDefinition(name = "cgroup parent",
            description = "Name of the cgroup, relative to the root of each cgroup hierarchy, under"
                    + " which one cgroup per sandbox is created. Letters, digits, '.', '_', '-'"
                    + " and '/' between levels.",
            required = false)
    String cgroupParent() default DriverSettings.DEFAULT_CGROUP_PARENT;

    @AttributeDefinition(name = "limits required",
            description = "When true, creating a sandbox with CPU, memory or process limits fails"
                    + " if cgroups cannot enforce them; when false, the sandbox then runs without"
                    + " them and a warning is logged.",
            required = false)
    boolean limitsRequired() default true;
}
