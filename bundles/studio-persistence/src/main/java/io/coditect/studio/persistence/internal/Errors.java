package io.coditect.studio.persistence.internal;

import java.sql.SQLException;

import javax.persistence.OptimisticLockException;
import javax.persistence.PersistenceException;
import javax.persistence.PessimisticLockException;

import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.store.StoreException.Kind;

/**
 * Turns database failures into {@link StoreException}s. Messages carry the SQL state only: driver
 * messages may quote the values of a statement, and those end up in API answers.
 */
final class Errors {

    private Errors() {
    }

    /**
     * The exception to throw for a failure inside a store call: database failures become
     * {@link StoreException}s; anything else (a bug, or the caller's own exception inside
     * {@link io.coditect.studio.api.store.Transactions}) passes unchanged.
     */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof StoreException || !fromDatabase(e)) {
            return e;
        }
        return storeException(e);
    }

    private static boolean fromDatabase(RuntimeException e) {
        return e instanceof PersistenceException || sqlState(e) != null
                || e.getClass().getName().startsWith("org.eclipse.persistence.");
    }

    private static StoreException storeException(RuntimeException e) {
        String state = sqlState(e);
        if (state != null && state.startsWith("23")) {
            return new StoreException(Kind.CONFLICT, "the change clashes with data stored meanwhile (a taken id, "
                    + "e-mail or key prefix, or an object removed or still in use; SQL state " + state
                    + "): nothing was changed; read the current state and try again", e);
        }
        if ("40001".equals(state) || "40P01".equals(state) || e instanceof OptimisticLockException
                || e instanceof PessimisticLockException) {
            return new StoreException(Kind.CONFLICT, "a concurrent change got in the way: nothing was changed; try again",
                    e);
        }
        if (state != null && state.startsWith("08")) {
            return new StoreException(Kind.UNAVAILABLE, "cannot reach the database (SQL state " + state
                    + "): check that it runs and the studio's database configuration", e);
        }
        return new StoreException(Kind.UNAVAILABLE, "the database failed (" + e.getClass().getSimpleName()
                + (state == null ? "" : ", SQL state " + state) + "): nothing was changed; the log has the details", e);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
