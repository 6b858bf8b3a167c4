"""Check meta/runtime.yml: ansible-test does not check requires_ansible or action_groups.

- requires_ansible parses as a version specifier and admits 2.17;
- every module that takes the AWS connection options (extends awsops.proton.common) is in
  the `aws` action group, so `module_defaults: group/awsops.proton.aws:` reaches it;
- no group entry names a module that does not exist, and no module without the
  connection options is in the group (module_defaults would pass it unknown options).
"""

import re
import sys
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]


def main():
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())
    errors = []
    spec = SpecifierSet(runtime["requires_ansible"])
    if "2.17.0" not in spec:
        errors.append("requires_ansible {0!r} does not admit ansible-core 2.17".format(runtime["requires_ansible"]))
    group = set(runtime.get("action_groups", {}).get("aws") or [])
    modules = {}
    for path in sorted((ROOT / "plugins" / "modules").glob("*.py")):
        if path.name == "__init__.py":
            continue
        modules[path.stem] = bool(re.search(r"^\s*-\s*awsops\.proton\.common\s*$", path.read_text(), re.M))
    for name, uses_aws in modules.items():
        if uses_aws and name not in group:
            errors.append("module {0} takes the AWS connection options but is not in action_groups.aws".format(name))
        if not uses_aws and name in group:
            errors.append("module {0} is in action_groups.aws but takes no AWS connection options".format(name))
    for name in sorted(group - set(modules)):
        errors.append("action_groups.aws names {0}, which is not a module here".format(name))
    for error in errors:
        print("meta/runtime.yml: " + error)
    if errors:
        sys.exit(1)
    print("meta/runtime.yml: ok ({0} modules in group aws)".format(len(group)))


if __name__ == "__main__":
    main()
