#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: account_report
short_description: The per-account outcome of an Organization run, on screen and as JSON
version_added: 0.1.0
description:
  - Reads, on the controller, what each account host of an Organization run recorded, and reports every account as
    V(failed), V(changed), V(ok) or V(not_run) (none of its parts ran, for example left out by C(--limit)).
  - An account is V(failed) when its C(proton_account_failure) fact is set (C(playbooks/organization.yml) sets it in
    the account's C(rescue), with the failed task's name and message); V(changed) when one of the O(results) it
    registered says changed.
  - Makes no AWS call and starts no module process. It never fails itself; the playbook fails the run when
    RV(failed_count) is not zero, after printing RV(lines).
author:
  - awsops.proton maintainers (@awsops)
options:
  accounts:
    description: The account hosts to report on, for example V({{ groups['aws_accounts'] }}).
    type: list
    elements: str
    required: true
  results:
    description: The names of the registered results, per account host, whose C(changed) makes the account V(changed).
    type: list
    elements: str
    default: [environment_roles_result, pipeline_roles_result]
  report_file:
    description:
      - Where to write the report as JSON (C(accounts) and C(counts)), atomically. Not written when not set.
      - "Written in check mode too: it describes the run, and changes nothing in AWS."
    type: path
extends_documentation_fragment:
  - awsops.proton.attributes
  - awsops.proton.attributes.info_module
"""

EXAMPLES = r"""
- name: Report every account
  awsops.proton.account_report:
    accounts: "{{ groups['aws_accounts'] }}"
    report_file: /tmp/proton-report.json
  register: proton_report

- name: Show the report
  ansible.builtin.debug:
    msg: "{{ proton_report.lines }}"

- name: Fail the run when an account failed
  ansible.builtin.fail:
    msg: "{{ proton_report.message }}"
  when: proton_report.failed_count > 0
"""

RETURN = r"""
accounts:
  description: One entry per account, in the order of O(accounts).
  returned: always
  type: list
  elements: dict
  contains:
    account_id:
      description: The account id.
      type: str
    name:
      description: The account's name in the Organization.
      type: str
    ou_path:
      description: The account's OU path from the root.
      type: str
    status:
      description: V(failed), V(changed), V(ok) or V(not_run).
      type: str
    changed_parts:
      description: The O(results) that changed.
      type: list
      elements: str
    failed_task:
      description: The name of the task that failed.
      type: str
    message:
      description: Why it failed.
      type: str
counts:
  description: How many accounts ended in each status.
  returned: always
  type: dict
  sample: {failed: 1, changed: 11, ok: 0, not_run: 0}
lines:
  description: One printable line per account.
  returned: always
  type: list
  elements: str
failed_count:
  description: How many accounts failed.
  returned: always
  type: int
message:
  description: Which accounts failed and why; empty when none did.
  returned: always
  type: str
report_file:
  description: The absolute path of the JSON report.
  returned: when O(report_file) is set
  type: str
"""
