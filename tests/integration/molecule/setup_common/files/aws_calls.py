# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make AWS API calls with boto3, out of band of the collection (tests only: drift, leftovers).

Usage: python aws_calls.py CALLS_JSON, where CALLS_JSON is a list of {"service": "iam", "operation":
"UpdateAssumeRolePolicy", "params": {...}}. A params value that is a dict or list under a key ending in
"Document" is sent as JSON text, as IAM wants policy documents. Endpoint and credentials come from the
environment (AWS_ENDPOINT_URL, ...). Prints the responses as a JSON list; exits 1 at the first error.
"""

from __future__ import annotations

import json
import sys

import boto3
import botocore


def main():
    clients, responses = {}, []
    for call in json.loads(sys.argv[1]):
        service = call["service"]
        if service not in clients:
            clients[service] = boto3.client(service)
        params = dict((key, json.dumps(value) if key.endswith("Document") and not isinstance(value, str) else value)
                      for key, value in (call.get("params") or {}).items())
        try:
            response = getattr(clients[service], botocore.xform_name(call["operation"]))(**params)
        except botocore.exceptions.ClientError as e:
            sys.exit("{0} {1}: {2}".format(service, call["operation"], e))
        response.pop("ResponseMetadata", None)
        responses.append(response)
    print(json.dumps(responses, default=str))


if __name__ == "__main__":
    main()
