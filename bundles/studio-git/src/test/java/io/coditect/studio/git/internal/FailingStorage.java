package io.coditect.studio.git.internal;

import java.io.InputStream;
import java.util.Optional;

import io.coditect.studio.api.storage.ListPage;
import io.coditect.studio.api.storage.ObjectInfo;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;

/** A real backend that fails on demand, as an unreachable object store does. */
final class FailingStorage implements StorageBackend {

    private final StorageBackend real;
    /** Puts of objects with this name fail. */
    volatile String failPutsOf;
    /** Every call fails. */
    volatile boolean failEverything;

    FailingStorage(StorageBackend real) {
        this.real = real;
    }

    private void check(StoragePath path, boolean put) {
        if (failEverything || (put && path.name().equals(failPutsOf))) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "object store unreachable (test)");
        }
    }

    @Override
    public String id() {
        return real.id();
    }

    @Override
    public String displayName() {
        return real.displayName();
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        check(path, false);
        return real.stat(path);
    }

    @Override
    public StorageObject get(StoragePath path) {
        check(path, false);
        return real.get(path);
    }

    @Override
    public ObjectInfo put(StoragePath path, InputStream content, long length, WriteCondition condition) {
        check(path, true);
        return real.put(path, content, length, condition);
    }

    @Override
    public ListPage list(StoragePath prefix, String cursor, int limit) {
        check(prefix, false);
        return real.list(prefix, cursor, limit);
    }

    @Override
    public boolean delete(StoragePath path, WriteCondition condition) {
        check(path, false);
        return real.delete(path, condition);
    }

    @Override
    public ObjectInfo copy(StoragePath from, StoragePath to) {
        check(from, false);
        return real.copy(from, to);
    }
}
