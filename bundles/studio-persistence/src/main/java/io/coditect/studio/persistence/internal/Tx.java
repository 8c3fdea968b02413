package io.coditect.studio.persistence.internal;

import java.util.function.Function;
import java.util.function.Supplier;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.store.Transactions;

/**
 * One resource-local transaction per outermost call, bound to the thread so that store calls made
 * inside {@link #call} share it. Every store operation runs through {@link #apply}.
 */
final class Tx implements Transactions {

    private final EntityManagerFactory emf;
    private final ThreadLocal<EntityManager> current = new ThreadLocal<>();

    Tx(EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public <T> T call(Supplier<T> work) {
        return apply(em -> work.get());
    }

    @Override
    public void run(Runnable work) {
        apply(em -> {
            work.run();
            return null;
        });
    }

    <T> T apply(Function<EntityManager, T> work) {
        EntityManager joined = current.get();
        return joined != null ? joined(joined, work) : outermost(work);
    }

    private static <T> T joined(EntityManager em, Function<EntityManager, T> work) {
        try {
            T result = work.apply(em);
            // constraint violations surface at the call that caused them, not at the distant commit
            em.flush();
            return result;
        } catch (RuntimeException e) {
            em.getTransaction().setRollbackOnly();
            throw Errors.translate(e);
        }
    }

    private <T> T outermost(Function<EntityManager, T> work) {
        EntityManager em;
        try {
            em = emf.createEntityManager();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
        EntityTransaction t = em.getTransaction();
        current.set(em);
        try {
            t.begin();
            T result = work.apply(em);
            if (t.getRollbackOnly()) {
                // the work caught a failure of a store call and carried on: its change is not whole
                throw StoreException.conflict("the transaction was rolled back because a store call inside it failed;"
                        + " nothing was changed");
            }
            t.commit();
            return result;
        } catch (RuntimeException e) {
            rollback(t, e);
            throw Errors.translate(e);
        } finally {
            current.remove();
            em.close();
        }
    }

    private static void rollback(EntityTransaction t, RuntimeException cause) {
        try {
            if (t.isActive()) {
                t.rollback();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
