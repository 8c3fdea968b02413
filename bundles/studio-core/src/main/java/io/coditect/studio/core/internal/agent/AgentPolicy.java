package io.coditect.studio.core.internal.agent;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the agent of one organisation may do on its own: the tool calls that wait for a person,
 * how many model steps a turn may take and how long an approval may wait.
 *
 * @param commandPatterns commands matching one of these (anywhere in the command line) need approval
 * @param network         commands that reach the network (curl, wget, git clone/fetch/pull, package
 *                        installs …) need approval
 * @param deleteFiles     deleting files (the delete_file tool, rm, git clean) needs approval
 * @param push            git push needs approval
 * @param maxSteps        model calls per turn before it stops with "step-limit"
 * @param approvalTimeout how long a tool call waits for a decision before it counts as denied
 * @param outputChars     most characters of one tool's output given to the model
 */
public record AgentPolicy(List<Pattern> commandPatterns, boolean network, boolean deleteFiles, boolean push,
        int maxSteps, Duration approvalTimeout, int outputChars) {

    /** Deleting and pushing wait for a person; 25 steps; 30 minutes to decide; 16,000 characters. */
    public static final AgentPolicy DEFAULT = new AgentPolicy(List.of(), false, true, true, 25,
            Duration.ofMinutes(30), 16_000);

    /** git, then anything but a command separator, then the sub-command (options may take values). */
    private static final String GIT = "\\bgit\\b[^;&|\\n]*?\\b";
    private static final Pattern GIT_PUSH = Pattern.compile(GIT + "push\\b");
    private static final Pattern DELETES = Pattern.compile("(^|[;&|(`]|\\s)(rm|rmdir|shred|unlink)\\s"
            + "|" + GIT + "clean\\b|\\bfind\\b.*\\s-delete\\b");
    private static final Pattern NETWORK = Pattern.compile("\\b(curl|wget|ssh|scp|sftp|rsync|nc|ncat|telnet|ftp)\\b"
            + "|" + GIT + "(clone|fetch|pull|push|ls-remote|submodule)\\b"
            + "|\\b(pip3?|npm|pnpm|yarn|gem|cargo|go|apt|apt-get)\\s+(install|add|i|ci|get|update)\\b"
            + "|\\b(mvn|gradle)\\b|https?://");

    public AgentPolicy {
        commandPatterns = List.copyOf(commandPatterns);
        if (maxSteps < 1 || maxSteps > 1000) {
            throw new IllegalArgumentException("maxSteps must be between 1 and 1000, not " + maxSteps);
        }
        if (approvalTimeout.isNegative() || approvalTimeout.isZero()) {
            throw new IllegalArgumentException("the approval timeout must be positive");
        }
        if (outputChars < 1000 || outputChars > 1_000_000) {
            throw new IllegalArgumentException("outputChars must be between 1,000 and 1,000,000, not " + outputChars);
        }
    }

    /** Why running {@code command} needs a person's approval, or null when it does not. */
    public String commandApproval(String command) {
        String c = command.toLowerCase(Locale.ROOT);
        for (Pattern p : commandPatterns) {
            if (p.matcher(command).find()) {
                return "the command matches the organisation's approval pattern '" + p.pattern() + "'";
            }
        }
        if (push && GIT_PUSH.matcher(c).find()) {
            return "the command pushes to a git remote";
        }
        if (deleteFiles && DELETES.matcher(c).find()) {
            return "the command deletes files";
        }
        if (network && NETWORK.matcher(c).find()) {
            return "the command reaches the network";
        }
        return null;
    }

    /** Why deleting {@code path} needs approval, or null. */
    public String deleteApproval(String path) {
        return deleteFiles ? "deleting " + path + " needs approval in this organisation" : null;
    }
}
