"""The reference app's API handler: answers with the order count it would look up."""

import json
import os


def handler(event: dict, context: object) -> dict:
    """Return a JSON response; the stage comes from the environment the construct sets."""
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"service": "orders", "stage": os.environ.get("STAGE", "dev")}),
    }
