"""DoeMee service core: app factory, configuration, models and domain operations."""
