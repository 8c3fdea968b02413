package io.coditect.studio.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.coditect.studio.api.store.StoreException;

/** Passes a request body through, failing with INVALID once it grows past a limit. */
final class BoundedInputStream extends FilterInputStream {

    private final long max;
    private final String what;
    private long count;

    BoundedInputStream(InputStream in, long max, String what) {
        super(in);
        this.max = max;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(long n) {
        count += n;
        if (count > max) {
            throw StoreException.invalid(what + " is larger than " + (max >> 20) + " MiB; nothing was written");
        }
    }
}
