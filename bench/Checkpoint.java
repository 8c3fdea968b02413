import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.coditect.studio.api.session.Commit;
import io.coditect.studio.api.session.HistoryRef;
import io.coditect.studio.git.internal.GitWorkspaceHistory;
import io.coditect.studio.git.internal.OrgRemotes;
import io.coditect.studio.storage.local.internal.LocalStorage;

/**
 * Checkpoint time (commit + storage write) of a project with 10 changed files, on local storage in
 * /tmp. Targets: 1,000 files ≤ 200 ms, 100,000 files ≤ 3 s. Args: [runs for 1k] [runs for 100k].
 */
public class Checkpoint {

    private static final Commit.Author AUTHOR = new Commit.Author("Bench", "bench@example.com");
    private static final int FILES_PER_FOLDER = 100;
    private static final int WARM_UP = 3;

    public static void main(String[] args) throws IOException {
        int runsSmall = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runsLarge = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory(Path.of("/tmp"), "studio-git-bench-");
        try {
            LocalStorage storage = new LocalStorage(work.resolve("storage"));
            GitWorkspaceHistory history = new GitWorkspaceHistory(work.resolve("cache"), new OrgRemotes());
            measure(history, storage, work, "p1k", 1_000, runsSmall);
            measure(history, storage, work, "p100k", 100_000, runsLarge);
        } finally {
            deleteTree(work);
        }
    }

    private static void measure(GitWorkspaceHistory history, LocalStorage storage, Path work, String project,
            int files, int runs) throws IOException {
        if (runs < 1) {
            return;
        }
        Path tree = Files.createDirectories(work.resolve(project));
        long t0 = System.nanoTime();
        for (int i = 0; i < files; i++) {
            write(tree.resolve(pathOf(i)), "file " + i + "\n" + "some source text of the project\n".repeat(8));
        }
        long created = System.nanoTime();
        HistoryRef ref = new HistoryRef("bench", "team", "user", project, "s1");
        history.commit(storage, ref, tree, AUTHOR, "initial", null, false).orElseThrow();
        long first = System.nanoTime();
        System.out.printf("%-6s %,7d files: created in %,d ms, first checkpoint %,d ms%n", project, files,
                ms(created - t0), ms(first - created));

        Random random = new Random(7);
        long[] times = new long[runs];
        for (int run = -WARM_UP; run < runs; run++) {
            for (int k = 0; k < 10; k++) {
                Path f = tree.resolve(pathOf(random.nextInt(files)));
                Files.writeString(f, "changed in run " + run + " " + k + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            long start = System.nanoTime();
            Commit c = history.commit(storage, ref, tree, AUTHOR, "run " + run, null, false).orElseThrow();
            long took = System.nanoTime() - start;
            if (c.changes().isEmpty() || c.changes().size() > 10) {
                throw new IllegalStateException("run " + run + " recorded " + c.changes().size() + " changes");
            }
            if (run >= 0) {
                times[run] = took;
            }
        }
        Arrays.sort(times);
        System.out.printf("%-6s %,7d files, 10 changed: runs=%d p50=%d ms p99=%d ms max=%d ms (after %d warm-up runs)%n",
                project, files, runs, ms(percentile(times, 50)), ms(percentile(times, 99)), ms(times[runs - 1]), WARM_UP);
    }

    /** Nearest rank. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** 100 files per folder, folders three levels deep. */
    private static String pathOf(int i) {
        int folder = i / FILES_PER_FOLDER;
        return "src/a" + folder % 10 + "/b" + folder / 10 % 10 + "/c" + folder / 100 + "/File" + i + ".txt";
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
