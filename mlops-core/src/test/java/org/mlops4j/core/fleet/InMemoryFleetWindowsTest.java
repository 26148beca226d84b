package org.mlops4j.core.fleet;

class InMemoryFleetWindowsTest extends FleetWindowsContract {

    @Override
    protected FleetWindows create() {
        return FleetWindows.inMemory();
    }
}
