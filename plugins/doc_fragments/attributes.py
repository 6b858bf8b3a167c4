# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # What a module supports, declared the same way everywhere (after community.crypto).
    DOCUMENTATION = r"""
options: {}
"""

    ACTIONGROUP_AWS = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/awsops.proton.aws) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - awsops.proton.aws
"""

    CHECK_MODE = r"""
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and predict the resulting state without making any write call.
    support: full
"""

    DIFF_MODE = r"""
options: {}
attributes:
  diff_mode:
    description: Returns C(before) and C(after) of what changes when run with C(--diff).
    support: full
"""

    IDEMPOTENT = r"""
options: {}
attributes:
  idempotent:
    description: A second run with the same arguments reports C(changed=false) and makes no write call.
    support: full
"""

    # A module that manages resources: the four above in one line (ansible-test reads fragments as literals).
    RESOURCE = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/awsops.proton.aws) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - awsops.proton.aws
  check_mode:
    description: Can run in C(check_mode) and predict the resulting state without making any write call.
    support: full
  diff_mode:
    description: Returns C(before) and C(after) of what changes when run with C(--diff).
    support: full
  idempotent:
    description: A second run with the same arguments reports C(changed=false) and makes no write call.
    support: full
"""

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
