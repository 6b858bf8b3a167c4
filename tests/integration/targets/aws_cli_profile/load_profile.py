# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Load a profile from an AWS CLI config file with botocore, as the AWS CLI and boto3 do.

Usage: python load_profile.py CONFIG_FILE PROFILE. Prints, as JSON, what botocore resolves: the
profile, its sso-session, the SSO credential provider's configuration and which credential provider
the default chain picks. No AWS call is made (SSO credentials are fetched only when first used).
"""

from __future__ import annotations

import json
import os
import sys

import botocore.session
from botocore.credentials import create_credential_resolver


def main():
    config_file, profile = sys.argv[1], sys.argv[2]
    # Only the config file may supply credentials: no keys, profile or endpoint from the environment.
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[key]
    os.environ.update(AWS_CONFIG_FILE=config_file, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
                      AWS_EC2_METADATA_DISABLED="true")
    session = botocore.session.Session(profile=profile)
    config = session.full_config
    profile_config = config["profiles"][profile]
    credentials = session.get_credentials()
    print(json.dumps(dict(
        profile=profile_config,
        sso_session=config["sso_sessions"].get(profile_config.get("sso_session"), {}),
        sso_provider_config=create_credential_resolver(session).get_provider("sso")._load_sso_config(),
        credential_method=credentials.method if credentials else None,
        region=session.get_config_variable("region"),
    )))


if __name__ == "__main__":
    main()
