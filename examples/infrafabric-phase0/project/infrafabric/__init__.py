"""InfraFabric."""
