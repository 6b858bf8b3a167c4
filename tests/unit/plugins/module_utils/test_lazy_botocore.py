# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""botocore is imported when a module first needs AWS, not with the module_utils; boto3 never is (docs/bench.md)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("boto3")

PREFIX = "ansible_collections.awsops.proton.plugins.module_utils."


def sdk_modules_after(code):
    """The boto3/botocore modules loaded after running ``code`` in a fresh interpreter."""
    script = code + "\nimport sys\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    completed = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return completed.stdout.strip().splitlines()[-1]


def test_module_utils_do_not_import_boto3():
    code = "\n".join("import " + PREFIX + name for name in ("_aws.modules", "_aws.client", "_iam.entities", "_proton.role_policies", "_identity_center.common"))
    assert sdk_modules_after(code) == "[]"


def test_has_botocore_imports_it():
    code = "from {0}_aws.client import HAS_BOTOCORE, has_botocore\nassert HAS_BOTOCORE and has_botocore()".format(PREFIX)
    loaded = sdk_modules_after(code)
    assert "'botocore'" in loaded and "'botocore.session'" in loaded


def test_a_client_does_not_import_boto3():
    # boto3's resources and S3 transfer modules cost each module process 0.04 s; a botocore client needs none.
    code = ("from {0}_aws import client\nparams = dict(access_key='AKIAIOSFODNN7EXAMPLE', secret_key='s', region='us-east-1')\n"
            "client.build_client(client.build_session(params), 'iam', params)").format(PREFIX)
    loaded = sdk_modules_after(code)
    assert "'botocore.client'" in loaded and "'boto3'" not in loaded
