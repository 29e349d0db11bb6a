"""A corpus of real-world CDK apps, each synthesized with ``aws_lambda.Function`` and with ``cl.Function``."""
