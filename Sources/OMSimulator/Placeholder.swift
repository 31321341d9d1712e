// Replaced by the OM simulator.
