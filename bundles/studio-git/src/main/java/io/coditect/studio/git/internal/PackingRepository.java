package io.coditect.studio.git.internal;

import java.io.IOException;
import java.util.zip.Deflater;

import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A file repository whose inserters write packs instead of loose objects: staging 100,000 new files
 * writes one pack file rather than 100,000 object files (and the checkpoint's pack is then copied
 * from it without compressing again). See {@link WorkPacks} for what becomes of these packs.
 */
final class PackingRepository extends FileRepository {

    private PackingRepository(FileRepositoryBuilder options) throws IOException {
        super(options);
    }

    static PackingRepository open(FileRepositoryBuilder builder) throws IOException {
        PackingRepository repo = new PackingRepository(builder.setup());
        if (!repo.getObjectDatabase().exists()) {
            repo.close();
            throw new RepositoryNotFoundException(builder.getGitDir());
        }
        return repo;
    }

    @Override
    public ObjectInserter newObjectInserter() {
        PackInserter inserter = getObjectDatabase().newPackInserter();
        inserter.setCompressionLevel(Deflater.DEFAULT_COMPRESSION);
        return inserter;
    }
}
