package org.mlops4j.core.registry;

/**
 * How far a registry's {@link ModelRegistry#compareAndSetAlias} is atomic: whether two writers
 * racing to move the same alias from the same version can both succeed. A rollout states it in
 * its promotion event, so the audit trail says which guarantee a promotion had.
 */
public enum AliasAtomicity {

    /**
     * Atomic for every client of the store, in any process: exactly one of two racing writers
     * wins. The in-memory registry (whose store is the instance) and the JDBC registries
     * (SQLite, PostgreSQL: a conditional update in one transaction).
     */
    STORE_WIDE("atomic for every client of the store"),

    /**
     * Atomic only among callers sharing one registry instance: the store has no conditional
     * update, so the registry checks and then sets under its own lock, and writers in other
     * processes (or other instances) racing on the same alias can both succeed. MLflow's registry.
     * Let one process, holding one instance, move the aliases that must not race.
     */
    THIS_INSTANCE("atomic only among callers of this registry instance");

    private final String description;

    AliasAtomicity(String description) {
        this.description = description;
    }

    /** @return the guarantee in words, for logs and audit events */
    public String description() {
        return description;
    }
}
