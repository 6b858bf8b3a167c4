# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Connection options shared by every module that calls AWS. Names, aliases and
    # legacy environment variables follow amazon.aws, so existing playbooks and
    # module_defaults keep working.
    DOCUMENTATION = r"""
options:
  access_key:
    description:
      - AWS access key ID.
      - When not set, botocore's credential chain (boto3's and the AWS CLI's) is used (C(AWS_ACCESS_KEY_ID), shared credentials and
        config files, SSO, container and instance roles). The legacy variables C(AWS_ACCESS_KEY) and
        C(EC2_ACCESS_KEY) are also read.
      - Mutually exclusive with O(profile).
    type: str
    aliases: [aws_access_key_id, aws_access_key, ec2_access_key]
  secret_key:
    description:
      - AWS secret access key. When not set, botocore's credential chain is used; the legacy variables
        C(AWS_SECRET_KEY) and C(EC2_SECRET_KEY) are also read.
    type: str
    aliases: [aws_secret_access_key, aws_secret_key, ec2_secret_key]
  session_token:
    description:
      - AWS session token, for temporary credentials. When not set, botocore's credential chain is used;
        the legacy variables C(AWS_SECURITY_TOKEN) and C(EC2_SECURITY_TOKEN) are also read.
    type: str
    aliases: [aws_session_token, security_token, aws_security_token, access_token]
  profile:
    description:
      - A named profile from the AWS shared config and credentials files, including SSO profiles.
      - When not set, botocore reads C(AWS_PROFILE). Mutually exclusive with O(access_key).
    type: str
    aliases: [aws_profile]
  region:
    description:
      - The AWS region for regional services (IAM Identity Center, Identity Store, Proton). IAM and STS are global.
      - When not set, C(AWS_REGION), C(EC2_REGION), then botocore's own (C(AWS_DEFAULT_REGION), the profile's
        region) are used. With none of them, a regional service fails naming this option (no region is
        guessed); IAM and STS use C(us-east-1).
    type: str
    aliases: [aws_region, ec2_region]
  endpoint_url:
    description:
      - URL of the AWS endpoint to talk to instead of AWS's own, for example a local emulator.
      - When not set, botocore reads C(AWS_ENDPOINT_URL) and C(AWS_ENDPOINT_URL_<SERVICE>); the legacy
        variables C(AWS_URL) and C(EC2_URL) are also read.
    type: str
    aliases: [aws_endpoint_url, ec2_url]
  validate_certs:
    description:
      - Whether to verify the endpoint's TLS certificate. Leave it on outside tests.
    type: bool
    default: true
  aws_ca_bundle:
    description:
      - A CA bundle to verify the endpoint's certificate with.
    type: path
  aws_config:
    description:
      - Settings passed to botocore's C(Config), for example C(connect_timeout), C(read_timeout) or
        C(retries) (a dict with C(mode) and C(max_attempts)).
      - Throttling and transient 5xx errors are retried by botocore's own retry modes. By default
        C(standard) mode with 10 attempts, unless C(AWS_RETRY_MODE) or C(AWS_MAX_ATTEMPTS), or
        C(retry_mode) or C(max_attempts) in the profile's config file, are set.
      - Every client sends C(awsops.proton/<version>) as C(user_agent_extra), after any C(user_agent_extra) given
        here, so that CloudTrail shows which calls the collection made.
    type: dict
notes:
  - Credentials need the IAM, IAM Identity Center or AWS Proton permissions of the calls the module
    makes. Run against a test account or the collection's local emulator first.
requirements:
  - python >= 3.8
  - botocore >= 1.31.57
"""
