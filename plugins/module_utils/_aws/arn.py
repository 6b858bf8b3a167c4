# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. ARNs, parsed in one place: ``arn:partition:service:region:account:resource``."""

from __future__ import annotations


def parse_arn(arn):
    """``dict(partition, service, region, account, resource)``, or None when ``arn`` is not an ARN."""
    parts = (arn or "").split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return None
    return dict(partition=parts[1], service=parts[2], region=parts[3], account=parts[4], resource=parts[5])


def partition_account(arn):
    """``(partition, account)`` from an ARN, or ``(None, None)``."""
    parsed = parse_arn(arn)
    if parsed is None:
        return None, None
    return parsed["partition"], parsed["account"]
