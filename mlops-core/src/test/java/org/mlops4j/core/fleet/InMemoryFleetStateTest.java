package org.mlops4j.core.fleet;

/** The fleet state contract in memory. */
class InMemoryFleetStateTest extends FleetStateContract {

    @Override
    protected FleetState create() {
        return FleetState.inMemory();
    }
}
