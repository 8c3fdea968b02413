package io.coditect.studio.core.internal.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Test;

public class AgentPolicyTest {

    private static AgentPolicy policy(boolean network, boolean delete, boolean push, String... patterns) {
        return new AgentPolicy(AgentPolicyComponent.patterns(patterns), network, delete, push, 25,
                Duration.ofMinutes(30), 16_000);
    }

    @Test
    public void theDefaultsAskBeforeDeletingAndPushing() {
        AgentPolicy p = AgentPolicy.DEFAULT;
        assertEquals("the command pushes to a git remote", p.commandApproval("git push origin main"));
        assertEquals("the command pushes to a git remote", p.commandApproval("cd x && git -C repo push"));
        assertEquals("the command deletes files", p.commandApproval("rm -rf build"));
        assertEquals("the command deletes files", p.commandApproval("make clean; rm x"));
        assertEquals("the command deletes files", p.commandApproval("git clean -fdx"));
        assertEquals("the command deletes files", p.commandApproval("find . -name '*.o' -delete"));
        assertNull(p.commandApproval("ls -la"));
        assertNull(p.commandApproval("git status && npm test"));
        assertNull("network is allowed by default", p.commandApproval("curl https://example.org"));
        assertNull(p.commandApproval("echo rmdir-like words are fine: firm, term"));
        assertTrue(p.deleteApproval("a.txt").contains("a.txt"));
    }

    @Test
    public void networkAndPatternsWhenConfigured() {
        AgentPolicy p = policy(true, false, false, "^sudo\\b", "docker\\s+run");
        assertEquals("the command reaches the network", p.commandApproval("curl -s https://x.org"));
        assertEquals("the command reaches the network", p.commandApproval("pip install requests"));
        assertEquals("the command reaches the network", p.commandApproval("git clone https://github.com/a/b"));
        assertTrue(p.commandApproval("sudo ls").contains("^sudo\\b"));
        assertTrue(p.commandApproval("docker  run x").contains("docker"));
        assertNull(p.commandApproval("rm -rf x"));
        assertEquals("pushing reaches the network", "the command reaches the network", p.commandApproval("git push"));
        assertNull(p.deleteApproval("a"));
        assertNull(p.commandApproval("python3 -m pytest"));
    }

    @Test
    public void invalidSettingsAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentPolicyComponent.patterns(new String[] {"(unclosed"}));
        assertTrue(e.getMessage(), e.getMessage().contains("(unclosed"));
        assertThrows(IllegalArgumentException.class,
                () -> new AgentPolicy(List.of(), false, false, false, 0, Duration.ofMinutes(1), 16_000));
        assertThrows(IllegalArgumentException.class,
                () -> new AgentPolicy(List.of(), false, false, false, 5, Duration.ZERO, 16_000));
        assertThrows(IllegalArgumentException.class,
                () -> new AgentPolicy(List.of(), false, false, false, 5, Duration.ofMinutes(1), 10));
    }
}
