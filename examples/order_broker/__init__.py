"""The Order service on RabbitMQ, the reference service of `stele test broker`."""
