"""The Kitchen reference service on Kafka (see service.py)."""
