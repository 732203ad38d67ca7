"""An AWS CLI plugin for the client tests: no delay between retry attempts.

The CLI loads it from the [plugins] section of the tests' config file (drivers.ts cliConfig); its
awscli_initialize hook runs before any request. botocore's standard retry mode waits
ExponentialBackoff.delay_amount seconds before each retry (up to 1 s, then 2 s); the tests count
attempts, not time, so the wait is set to zero as it is for boto3 (boto3-cases.py).
"""

import botocore.retries.standard


def awscli_initialize(cli):
    botocore.retries.standard.ExponentialBackoff.delay_amount = lambda self, context: 0
