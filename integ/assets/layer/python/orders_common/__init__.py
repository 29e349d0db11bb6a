"""Shared code shipped as a layer: found on sys.path at /opt/python/orders_common."""

GREETING = "hello from the orders_common layer"
