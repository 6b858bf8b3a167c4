# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. The AWS::Serverless-2016-10-31 transform (SAM), expanded offline.

CloudFormation expands a SAM template into plain resource types (functions, roles, permissions, event
source mappings, rules, APIs and stages, state machines, tables, layers, nested stacks) before it
deploys them, with the provisioning role's permissions. This expands it the same way with AWS's own
translator (``aws-sam-translator``, an optional dependency: imported only for a SAM template), with the
managed-policy map bundled in it and a region-only boto3 session, so that no AWS call is made. What
the translator would otherwise look up or read from disk is neutralised first: local ``CodeUri`` /
``ContentUri`` / ``DefinitionUri`` (``sam build`` / ``sam package`` turn them into S3 locations),
``AutoPublishAlias`` given as an intrinsic, and ``AWS::Serverless::Application`` locations in the
Serverless Application Repository (which the translator would call). None of them changes which
resource types the transform generates.
"""

from __future__ import annotations

import copy

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError

TRANSFORM = "AWS::Serverless-2016-10-31"
LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
INSTALL_HINT = ("expanding it needs the aws-sam-translator Python package where template_policy runs (the "
                "controller, and the host that runs proton_roles): pip install aws-sam-translator")
_S3_CODE = "s3://awsops-proton-template-policy/neutralised"
_APPLICATION_URL = "https://awsops-proton-template-policy.s3.amazonaws.com/neutralised-application.yaml"
# Type -> the properties that name a local file (or an S3 object the translator only copies as is).
_LOCAL_FILE_PROPERTIES = {
    "AWS::Serverless::Function": ("CodeUri",),
    "AWS::Serverless::LayerVersion": ("ContentUri",),
    "AWS::Serverless::StateMachine": ("DefinitionUri",),
    "AWS::Serverless::Api": ("DefinitionUri",),
    "AWS::Serverless::HttpApi": ("DefinitionUri",),
}


def is_sam(document, transforms):
    """Whether the template uses the SAM transform and holds an ``AWS::Serverless::*`` resource. Not with
    ``AWS::LanguageExtensions``, which CloudFormation runs first (``Fn::ForEach``) and the translator cannot:
    the serverless resources of such a template need ``type_actions``."""
    resources = document.get("Resources") or {}
    return TRANSFORM in transforms and LANGUAGE_EXTENSIONS not in transforms and any(
        isinstance(r, dict) and str(r.get("Type", "")).startswith("AWS::Serverless::") for r in resources.values())


def _is_s3_location(value):
    return isinstance(value, dict) or (isinstance(value, str) and value.startswith("s3://"))


def neutralise(document):
    """A copy of ``document`` the translator expands without reading files or calling AWS."""
    document = copy.deepcopy(document)
    globals_function = ((document.get("Globals") or {}).get("Function") or {})
    if "CodeUri" in globals_function and not _is_s3_location(globals_function["CodeUri"]):
        globals_function["CodeUri"] = _S3_CODE
    if "AutoPublishAlias" in globals_function and not isinstance(globals_function["AutoPublishAlias"], str):
        globals_function["AutoPublishAlias"] = "live"
    for resource in (document.get("Resources") or {}).values():
        if not isinstance(resource, dict) or not isinstance(resource.get("Properties"), dict):
            continue
        properties = resource["Properties"]
        type_name = resource.get("Type")
        for name in _LOCAL_FILE_PROPERTIES.get(type_name, ()):
            if name in properties and not _is_s3_location(properties[name]):
                properties[name] = _S3_CODE
        if type_name == "AWS::Serverless::Function" and "AutoPublishAlias" in properties \
                and not isinstance(properties["AutoPublishAlias"], str):
            properties["AutoPublishAlias"] = "live"
        if type_name == "AWS::Serverless::Application" and not isinstance(properties.get("Location"), str):
            properties["Location"] = _APPLICATION_URL
    return document


def expand(document, name, option, partition="aws"):
    """The CloudFormation template the SAM transform makes of ``document``; ``ParameterError`` naming ``option``
    when the translator is missing or rejects the template."""
    try:
        import boto3
        from samtranslator.internal.managed_policies import get_bundled_managed_policy_map
        from samtranslator.metrics.metrics import DummyMetricsPublisher, Metrics
        from samtranslator.model.exceptions import InvalidDocumentException
        from samtranslator.parser.parser import Parser
        from samtranslator.translator.translator import Translator
    except ImportError:
        raise ParameterError(option, "{0} uses the {1} transform (SAM): {2}".format(name, TRANSFORM, INSTALL_HINT))
    region = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}.get(partition, "us-east-1")
    session = boto3.session.Session(region_name=region)  # the region only: no credentials are looked up
    metrics = Metrics("ServerlessTransform", DummyMetricsPublisher())  # recorded, published nowhere
    translator = Translator(managed_policy_map=get_bundled_managed_policy_map(partition), sam_parser=Parser(),
                            boto_session=session, metrics=metrics)
    try:
        return translator.translate(sam_template=neutralise(document), parameter_values={})
    except InvalidDocumentException as e:
        causes = getattr(e, "causes", None) or [e]
        raise ParameterError(option, "{0}: the {1} transform rejects it: {2}".format(
            name, TRANSFORM, "; ".join(" ".join(str(getattr(c, "message", c)).split()) for c in causes)))
    finally:
        metrics.publish()
