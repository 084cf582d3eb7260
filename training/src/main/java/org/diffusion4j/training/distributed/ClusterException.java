package org.diffusion4j.training.distributed;

/** A cluster problem the user can act on, in one line: which task, at which address, what to do. */
public final class ClusterException extends RuntimeException {

    public ClusterException(String message) {
        super(message);
    }
}
