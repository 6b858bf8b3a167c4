# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read AWS Proton template bundles and CloudFormation templates without rendering or running them.

- Bundles: a directory holding Proton manifests. ``infrastructure/manifest.yaml`` is an environment
  template's, ``instance_infrastructure/`` and ``pipeline_infrastructure/`` a service template's; a
  manifest anywhere else is a directly defined component's. Each manifest lists the IaC files, their
  rendering engine and template language; only CloudFormation files are read, the others (Terraform,
  CodeBuild provisioning) are reported as skipped.
- Templates: YAML with CloudFormation's short-form tags (``!Ref``, ``!Sub``, ``!GetAtt``, ...), which
  become their long form (``{"Ref": ...}``, ``{"Fn::Sub": ...}``) and are never evaluated, or JSON.
- Jinja (Proton renders CloudFormation templates with Jinja): nothing is rendered. ``{{ ... }}`` becomes
  a placeholder token, ``{% ... %}`` and ``{# ... #}`` are removed, so both branches of an
  ``{% if %}`` and one pass of a ``{% for %}`` body stay in the template: every resource that may be
  deployed is seen. A logical id declared twice (once per branch) is kept twice (``Id~2``). An
  ``{% if %}...{% else %}...{% endif %}`` within one line chooses a value, not resources: the first
  branch is kept, so that the line still parses.
"""

from __future__ import annotations

import json
import os
import re

try:
    from ansible.module_utils.common.yaml import HAS_YAML, SafeLoader
except ImportError:  # pragma: no cover - ansible-core always has it, PyYAML may be missing
    HAS_YAML = False
    SafeLoader = object

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._templates import sam

PLACEHOLDER_PREFIX = "__jinja_"
_PLACEHOLDER = re.compile(r"__jinja_\d+__")
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_JINJA_STATEMENT = re.compile(r"\{%.*?%\}", re.S)
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
# An {% else %} / {% elif %} and its {% endif %} on one line choose between two values: keep the first.
_INLINE_ELSE = re.compile(r"\{%-?\s*(?:else|elif\b)[^\n]*?%\}[^\n]*?\{%-?\s*endif\s*-?%\}")
_STATEMENT_LINE = re.compile(r"^[ \t]*(?:\{%.*?%\}[ \t]*)+$", re.M)
_EXPRESSION_LINE = re.compile(r"^[ \t]*__jinja_\d+__[ \t]*$", re.M)

MANIFEST_NAMES = ("manifest.yaml", "manifest.yml")
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")

# Which Proton resource deploys a bundle's files, and with which role.
KINDS = {
    "infrastructure": "environment",
    "instance_infrastructure": "service_instance",
    "pipeline_infrastructure": "service_pipeline",
}
ROLES = {
    "environment": "environment provisioning role (protonServiceRoleArn)",
    "service_instance": "environment provisioning role (protonServiceRoleArn of the environment it runs in)",
    "service_pipeline": "pipeline service role (account setting pipelineServiceRoleArn)",
    "component": "component role (componentRoleArn)",
    "template": "the role of whatever deploys it (for a component: componentRoleArn)",
}


def contains_placeholder(value):
    return isinstance(value, str) and bool(_PLACEHOLDER.search(value))


def neutralize_jinja(text):
    """(text that parses as YAML/JSON, counts) with Jinja expressions, statements and comments made inert."""
    counts = dict(expressions=0, statements=0, dropped_lines=0)
    text = _JINJA_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)

    def statement_line(match):
        counts["statements"] += len(_JINJA_STATEMENT.findall(match.group(0)))
        return "\n" * match.group(0).count("\n")

    text = _INLINE_ELSE.sub(lambda m: "{% endif %}", text)
    text = _STATEMENT_LINE.sub(statement_line, text)

    def statement(match):
        counts["statements"] += 1
        return "\n" * match.group(0).count("\n")

    text = _JINJA_STATEMENT.sub(statement, text)

    def expression(match):
        counts["expressions"] += 1
        return "{0}{1}__".format(PLACEHOLDER_PREFIX, counts["expressions"])

    text = _JINJA_EXPRESSION.sub(expression, text)

    # An expression alone on a line injects text we cannot know (a YAML block, say): drop the line.
    def dropped(match):
        counts["dropped_lines"] += 1
        return ""

    text = _EXPRESSION_LINE.sub(dropped, text)
    return text, counts


class _TemplateLoader(SafeLoader):  # pylint: disable=too-many-ancestors
    """SafeLoader that keeps CloudFormation tags (as their long form) and duplicate keys."""


def _construct_mapping(loader, node, deep=True):
    loader.flatten_mapping(node)
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            key = json.dumps(key, sort_keys=True, default=str)
        value = loader.construct_object(value_node, deep=deep)
        if key in mapping:
            number = 2
            while "{0}~{1}".format(key, number) in mapping:
                number += 1
            key = "{0}~{1}".format(key, number)
        mapping[key] = value
    return mapping


def _construct_tag(loader, suffix, node):
    """``!Name value`` -> ``{"Fn::Name": value}`` (``!Ref``/``!Condition`` keep their own key)."""
    if node.id == "scalar":
        value = loader.construct_scalar(node)
    elif node.id == "sequence":
        value = loader.construct_sequence(node, deep=True)
    else:
        value = _construct_mapping(loader, node)
    if suffix in ("Ref", "Condition"):
        return {suffix: value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {"Fn::" + suffix: value}


if HAS_YAML:
    _TemplateLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _TemplateLoader.add_multi_constructor("!", _construct_tag)


def parse_text(text, name, option):
    """A template document from YAML or JSON text (Jinja already neutralised)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except ValueError:
            pass  # JSON with bare placeholders, or YAML flow style: YAML reads both
    if not HAS_YAML:
        raise ParameterError(option, "{0}: reading YAML needs the PyYAML Python library on the host that runs "
                                     "the module".format(name))
    try:
        loader = _TemplateLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except Exception as e:  # yaml.YAMLError and its relatives; PyYAML is not imported here by name
        raise ParameterError(option, "{0}: not valid YAML or JSON once Jinja is neutralised: {1}".format(
            name, " ".join(str(e).split())))


def read_text(path, option):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8")
    except (IOError, OSError) as e:
        raise ParameterError(option, "cannot read {0}: {1}".format(path, e.strerror or e))
    except UnicodeDecodeError:
        raise ParameterError(option, "{0} is not UTF-8 text".format(path))


def _resource_entries(resources, found, prefix=""):
    """(logical id, resource) pairs, descending into Fn::ForEach loops (AWS::LanguageExtensions)."""
    for logical_id, resource in resources.items():
        if isinstance(logical_id, str) and logical_id.startswith("Fn::ForEach::") and isinstance(resource, list) \
                and len(resource) == 3 and isinstance(resource[2], dict):
            _resource_entries(resource[2], found, prefix + logical_id + "/")
        else:
            found.append((prefix + str(logical_id), resource))
    return found


class Template:
    """One CloudFormation template file: its resources' types and what else the policy depends on."""

    def __init__(self, path, kind, option, bundle=None):
        self.path = path
        self.kind = kind
        self.bundle = bundle
        text, self.jinja = neutralize_jinja(read_text(path, option))
        document = parse_text(text, path, option)
        if not isinstance(document, dict) or not isinstance(document.get("Resources"), dict):
            raise ParameterError(option, "{0} is not a CloudFormation template: it has no Resources section".format(
                path))
        transform = document.get("Transform")
        transforms = transform if isinstance(transform, list) else [transform] if transform else []
        self.transforms = sorted(set(t for t in transforms if isinstance(t, str) and not contains_placeholder(t)))
        # SAM: the types CloudFormation deploys are those the transform generates.
        self.sam = None
        if sam.is_sam(document, self.transforms):
            original = document["Resources"]
            document = sam.expand(document, path, option)
            self.sam = dict(expanded=sorted(set(r.get("Type") for r in original.values() if isinstance(r, dict)
                                                and str(r.get("Type", "")).startswith("AWS::Serverless::"))),
                            generated=sorted(set(r.get("Type") for r in document["Resources"].values()
                                                 if isinstance(r, dict) and isinstance(r.get("Type"), str))))
        self.resources = []  # (logical id, type or None, resource)
        self.untyped = []  # (logical id, why)
        for logical_id, resource in _resource_entries(document["Resources"], []):
            type_name = resource.get("Type") if isinstance(resource, dict) else None
            if not isinstance(type_name, str):
                self.untyped.append((logical_id, "its Type is not a literal string"))
            elif contains_placeholder(type_name):
                self.untyped.append((logical_id, "its Type comes from a Jinja expression ({0})".format(type_name)))
            else:
                self.resources.append((logical_id, type_name, resource))

    def types(self):
        return sorted(set(r[1] for r in self.resources))

    def resource_type(self, logical_id):
        for resource in self.resources:
            if resource[0] == logical_id:
                return resource[1]
        return None

    def custom_resource_target(self, resource):
        """``"lambda"`` or ``"sns"``: what a custom resource's ServiceToken names; None when unknown."""
        token = (resource.get("Properties") or {}).get("ServiceToken") if isinstance(resource, dict) else None
        if isinstance(token, dict) and len(token) == 1:
            function, argument = next(iter(token.items()))
            if function == "Fn::GetAtt" and isinstance(argument, list) and argument:
                target = self.resource_type(str(argument[0]))
                if target in ("AWS::Lambda::Function", "AWS::Serverless::Function"):
                    return "lambda"
                if target == "AWS::SNS::Topic":
                    return "sns"
                return None
            if function == "Ref":
                return "sns" if self.resource_type(str(argument)) == "AWS::SNS::Topic" else None
        strings = []
        _strings(token, strings)
        text = " ".join(strings)
        if ":lambda:" in text:
            return "lambda"
        if ":sns:" in text:
            return "sns"
        return None


def _strings(value, found):
    """Every string inside Fn::Sub / Fn::Join / literal values (not Ref or ImportValue targets)."""
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, list):
        for item in value:
            _strings(item, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("Fn::Sub", "Fn::Join"):
                _strings(item, found)


def _read_manifest(path, option):
    text = neutralize_jinja(read_text(path, option))[0]
    document = parse_text(text, path, option)
    templates = (document.get("infrastructure") or {}).get("templates") if isinstance(document, dict) else None
    if not isinstance(templates, list) or not templates:
        raise ParameterError(option, "{0} is not a Proton manifest: it needs infrastructure.templates, a list of "
                                     "IaC files".format(path))
    return templates


def _manifest_sources(manifest, option):
    directory = os.path.dirname(manifest)
    kind = KINDS.get(os.path.basename(directory), "component")
    bundle = os.path.dirname(directory) if kind != "component" else directory
    sources, skipped = [], []
    for entry in _read_manifest(manifest, option):
        entry = entry if isinstance(entry, dict) else {}
        language = str(entry.get("template_language") or "").lower()
        engine = str(entry.get("rendering_engine") or "").lower()
        name = entry.get("file")
        if language != "cloudformation":
            skipped.append(dict(path=manifest, kind=kind, reason=(
                "rendering engine {0!r}, template language {1!r}: not CloudFormation, so not provisioned with "
                "this role's CloudFormation permissions (CodeBuild provisioning uses the CodeBuild role)".format(
                    engine or None, language or None))))
            continue
        if not isinstance(name, str) or not name or "*" in name:
            raise ParameterError(option, "{0}: a CloudFormation entry needs one file name (got {1!r})".format(
                manifest, name))
        path = os.path.normpath(os.path.join(directory, name))
        if not os.path.isfile(path):
            raise ParameterError(option, "{0} lists {1}, which does not exist".format(manifest, path))
        sources.append(dict(path=path, kind=kind, bundle=bundle, manifest=manifest))
    return sources, skipped


def discover(paths, option):
    """(template sources, skipped entries) for the given files and directories, in a stable order."""
    sources, skipped = [], []
    for given in paths:
        path = os.path.normpath(os.path.expanduser(given))
        if os.path.isfile(path):
            if os.path.basename(path) in MANIFEST_NAMES:
                found, skip = _manifest_sources(path, option)
                sources.extend(found)
                skipped.extend(skip)
            else:
                sources.append(dict(path=path, kind="template", bundle=None, manifest=None))
            continue
        if not os.path.isdir(path):
            raise ParameterError(option, "{0} does not exist (give Proton template bundle directories or "
                                         "CloudFormation template files)".format(given))
        manifests = []
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            manifests.extend(os.path.join(root, f) for f in sorted(files) if f in MANIFEST_NAMES)
        if not manifests:
            raise ParameterError(option, "{0} holds no Proton manifest (manifest.yaml); give a template bundle "
                                         "directory, or the CloudFormation template files themselves".format(given))
        for manifest in manifests:
            found, skip = _manifest_sources(manifest, option)
            sources.extend(found)
            skipped.extend(skip)
    unique, seen = [], set()
    for source in sources:
        if source["path"] not in seen:
            seen.add(source["path"])
            unique.append(source)
    return unique, skipped
