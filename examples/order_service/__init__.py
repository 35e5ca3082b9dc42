"""A small real implementation of the Order service's synchronous operations (Flask).

It serves GetOrder (with `?expand=consumer,restaurant`), ListOrders and PlaceOrder as the
contracts in `contracts/order.yaml` describe them, from in-memory data seeded with the
contracts' own examples. `stele test http` is run against it by the test suite; `--broken`
starts a deliberately non-conforming variant that answers orders without their required
`version` field and ignores `expand`.

    python -m examples.order_service --port 8080 [--broken]
"""

from examples.order_service.app import create_app

__all__ = ["create_app"]
