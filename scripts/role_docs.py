"""Keep each role's README variable table in sync with its meta/argument_specs.yml.

    python scripts/role_docs.py          # rewrite the tables
    python scripts/role_docs.py --check  # fail when a table is out of date (make lint)

The table sits in roles/<role>/README.md between the markers below; the rest of the
README is written by hand.
"""

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "<!-- BEGIN VARIABLES (generated from meta/argument_specs.yml by scripts/role_docs.py) -->"
END = "<!-- END VARIABLES -->"


def _cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def table(spec):
    rows = ["| variable | type | default | description |", "| --- | --- | --- | --- |"]
    for name, option in spec.get("options", {}).items():
        kind = option.get("type", "str")
        if option.get("elements"):
            kind = "{0} of {1}".format(kind, option["elements"])
        if option.get("choices"):
            kind += " (" + ", ".join(str(c) for c in option["choices"]) + ")"
        default = "*required*" if option.get("required") else "`{0}`".format(
            yaml.safe_dump(option.get("default"), default_flow_style=True).strip().replace("\n...", ""))
        description = option.get("description", "")
        if isinstance(description, list):
            description = " ".join(description)
        rows.append("| `{0}` | {1} | {2} | {3} |".format(name, _cell(kind), _cell(default), _cell(description)))
    return "\n".join(rows)


def render(readme, spec):
    text = readme.read_text() if readme.exists() else "# {0}\n\n{1}\n{2}\n".format(readme.parent.name, BEGIN, END)
    if BEGIN not in text or END not in text:
        raise SystemExit("{0}: missing the variable table markers".format(readme))
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    return "{0}{1}\n{2}\n{3}{4}".format(head, BEGIN, table(spec), END, tail)


def main(check):
    stale = []
    for specs in sorted(ROOT.glob("roles/*/meta/argument_specs.yml")):
        role = specs.parents[1]
        spec = yaml.safe_load(specs.read_text())["argument_specs"]["main"]
        readme = role / "README.md"
        wanted = render(readme, spec)
        if readme.exists() and readme.read_text() == wanted:
            continue
        if check:
            stale.append(str(readme.relative_to(ROOT)))
        else:
            readme.write_text(wanted)
            print("updated {0}".format(readme.relative_to(ROOT)))
    if stale:
        sys.exit("out of date (run python scripts/role_docs.py): " + ", ".join(stale))
    if check:
        print("role READMEs: variable tables in sync")


if __name__ == "__main__":
    main("--check" in sys.argv[1:])
