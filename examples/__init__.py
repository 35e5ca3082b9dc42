"""Reference implementations that exercise stele against real services."""
