# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # What a module supports, declared the same way everywhere (after community.crypto).
    DOCUMENTATION = r"""
options: {}
"""

    # One declaration per attribute; the fragments below combine them.
    _HEADER = "options: {}\nattributes:\n"
    _ACTION_GROUP = r"""
  action_group:
    description: Use C(group/awsops.proton.aws) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - awsops.proton.aws
"""
    _CHECK_MODE = r"""
  check_mode:
    description: Can run in C(check_mode) and predict the resulting state without making any write call.
    support: full
"""
    _DIFF_MODE = r"""
  diff_mode:
    description: Returns C(before) and C(after) of what changes when run with C(--diff).
    support: full
"""
    _IDEMPOTENT = r"""
  idempotent:
    description: A second run with the same arguments reports C(changed=false) and makes no write call.
    support: full
"""
    ACTIONGROUP_AWS = _HEADER + _ACTION_GROUP
    CHECK_MODE = _HEADER + _CHECK_MODE
    DIFF_MODE = _HEADER + _DIFF_MODE
    IDEMPOTENT = _HEADER + _IDEMPOTENT
    # A module that manages resources: all of the above in one line.
    RESOURCE = _HEADER + _ACTION_GROUP + _CHECK_MODE + _DIFF_MODE + _IDEMPOTENT

    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    description: Reads only; runs the same in check mode.
    support: full
  diff_mode:
    description: Changes nothing, so there is nothing to diff.
    support: N/A
  idempotent:
    description: Reads only.
    support: full
"""
