"""One emulator for the session, reset before each test; boto3 clients pointed at it."""

import sys
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from proton_emulator.testing import start_emulator  # noqa: E402

TRUST_PROTON = (
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
    '"Principal": {"Service": "proton.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("emulator") / "requests.log"
    with start_emulator(log_path=log) as emulator:
        yield emulator


@pytest.fixture
def emulator(server):
    server.reset()
    return server


@pytest.fixture
def client(emulator):
    """client("iam") -> a boto3 client of the emulator; `retries` replaces botocore's retry config.

    Mind botocore's words: retries["max_attempts"] counts retries, ["total_max_attempts"] all attempts.
    """

    def make(service, credentials=None, retries=None):
        credentials = credentials or {"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
                                      "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
        config = Config(retries=retries or {"mode": "standard", "max_attempts": 2})
        return boto3.client(service, endpoint_url=emulator.url, region_name="us-east-1", config=config,
                            **credentials)

    return make


@pytest.fixture
def trust_policy():
    """A valid trust policy for roles that AWS Proton assumes."""
    return TRUST_PROTON
