# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. The accounts of an AWS Organization, with their OU and OU path.

``read_organization`` lists them from the management account or a delegated administrator with as
few calls as the API allows: ListRoots, then for every root and OU one ListOrganizationalUnitsForParent
walk (the tree, for the OU paths and ``recursive``) and, for the parents asked for, one
ListAccountsForParent walk, which gives each account its parent without a call per account. Every
listing follows NextToken to its end through botocore's paginators, which keep going after an empty
page that carries a NextToken (Organizations documents that a page can be empty while more results
follow).

The rest is pure: ``select_accounts`` applies the filters, ``assume_role_arn`` builds the role ARN.
Accounts are plain JSON-safe dicts (``JoinedTimestamp`` as an ISO 8601 string), so an inventory cache
can store the result as it is.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ProtonCollectionError

__all__ = ["ACCOUNT_STATES", "OrganizationAccessError", "read_organization", "select_accounts", "assume_role_arn",
           "partition_of", "ou_path_of"]

# The values of an account's State (the retired Status member is not read).
ACCOUNT_STATES = ("PENDING_ACTIVATION", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED")

_NOT_IN_USE = ("AWSOrganizationsNotInUseException",)
_DENIED = ("AccessDeniedException", "AccessDenied")
_NO_PARENT = ("ParentNotFoundException",)


class OrganizationAccessError(ProtonCollectionError):
    """The credentials cannot list the Organization (none, a plain member account, a wrong parent)."""


def read_organization(client, parent_ids=None, recursive=True):
    """The Organization's tree and the accounts under ``parent_ids`` (default: every root).

    ``client`` is an ``AWSClient`` of ``organizations``. Returns a dict::

        {"roots": [{"Id", "Name"}],
         "units": {id: {"Id", "Name", "ParentId", "Path"}},        # roots and OUs, Path "Root/Workloads"
         "accounts": [{"Id", "Arn", "Name", "Email", "State", "JoinedMethod", "JoinedTimestamp", "ParentId"}],
         "management_account_id": "123456789012" or None,          # from the accounts' ARNs
         "partition": "aws" or None}

    Raises ``OrganizationAccessError`` with a message that says what to do when the credentials have
    no Organization or may not list it, or a parent id is not in it; other API errors as ``AWSAPIError``.
    """
    try:
        roots = client.paginate("ListRoots", "Roots")
        units = {}
        children = {}
        pending = [(root["Id"], root.get("Name", "Root"), None, root.get("Name", "Root")) for root in roots]
        while pending:
            unit_id, name, parent_id, path = pending.pop(0)
            units[unit_id] = {"Id": unit_id, "Name": name, "ParentId": parent_id, "Path": path}
            children[unit_id] = []
            for unit in client.paginate("ListOrganizationalUnitsForParent", "OrganizationalUnits", ParentId=unit_id):
                children[unit_id].append(unit["Id"])
                pending.append((unit["Id"], unit["Name"], unit_id, path + "/" + unit["Name"]))
        wanted = list(parent_ids) if parent_ids else [root["Id"] for root in roots]
        unknown = [parent for parent in wanted if parent not in units]
        if unknown:
            raise OrganizationAccessError("parent_ids: {0} is no root or OU of the Organization (its roots and OUs: "
                                          "{1})".format(", ".join(unknown), ", ".join(sorted(units)) or "none"))
        accounts = []
        seen = set()
        for parent in _parents_to_list(wanted, children, recursive):
            for account in client.paginate("ListAccountsForParent", "Accounts", ParentId=parent):
                if account["Id"] not in seen:
                    seen.add(account["Id"])
                    accounts.append(_plain_account(account, parent))
    except AWSAPIError as e:
        raise _access_error(e) or e
    management, partition = _from_account_arns(accounts)
    return {"roots": [{"Id": root["Id"], "Name": root.get("Name", "Root")} for root in roots], "units": units,
            "accounts": accounts, "management_account_id": management, "partition": partition}


def _parents_to_list(wanted, children, recursive):
    """``wanted`` and, when ``recursive``, every OU below them, each once, parents before children."""
    order = []
    pending = list(wanted)
    while pending:
        unit_id = pending.pop(0)
        if unit_id in order:
            continue
        order.append(unit_id)
        if recursive:
            pending.extend(children.get(unit_id, []))
    return order


def _plain_account(account, parent_id):
    joined = account.get("JoinedTimestamp")
    return {
        "Id": account["Id"],
        "Arn": account.get("Arn", ""),
        "Name": account.get("Name", ""),
        "Email": account.get("Email", ""),
        "State": account.get("State", ""),
        "JoinedMethod": account.get("JoinedMethod", ""),
        "JoinedTimestamp": joined.isoformat() if hasattr(joined, "isoformat") else joined,
        "ParentId": parent_id,
    }


def _from_account_arns(accounts):
    """The management account and the partition, read from account ARNs.

    ``arn:<partition>:organizations::<management account>:account/o-<org>/<account>``: the ARN's account
    field is the management account's, for every account of the Organization.
    """
    for account in accounts:
        parts = account["Arn"].split(":")
        if len(parts) >= 6 and parts[0] == "arn" and parts[4]:
            return parts[4], parts[1]
    return None, None


def _access_error(error):
    if error.is_code(*_NOT_IN_USE):
        return OrganizationAccessError(
            "The account of these credentials is in no AWS Organization ({0}: {1}). List the accounts with the "
            "credentials of an Organization's management account or of a delegated administrator.".format(
                error.code, error.aws_message))
    if error.is_code(*_DENIED):
        return OrganizationAccessError(
            "These credentials may not list the Organization's accounts ({0} on {1}: {2}). Use the management "
            "account's credentials or a delegated administrator's (a member account cannot list the Organization), "
            "with organizations:ListRoots, ListOrganizationalUnitsForParent and ListAccountsForParent allowed.".format(
                error.code, error.operation, error.aws_message))
    if error.is_code(*_NO_PARENT):
        return OrganizationAccessError("parent_ids: a parent is no root or OU of the Organization ({0}: {1})".format(
            error.code, error.aws_message))
    return None


def select_accounts(organization, states=("ACTIVE",), include_accounts=(), exclude_accounts=(),
                    include_management_account=False):
    """The accounts of ``read_organization``'s answer that pass the filters, in listing order.

    ``states``: the accounts' ``State`` values to keep (empty: every state). ``include_accounts``: when not
    empty, only these (12-digit ids or account names). ``exclude_accounts``: never these (ids or names;
    exclusion wins). The management account is left out unless ``include_management_account``.
    """
    include = set(include_accounts or ())
    exclude = set(exclude_accounts or ())
    selected = []
    for account in organization["accounts"]:
        keys = {account["Id"], account["Name"]}
        if states and account["State"] not in states:
            continue
        if include and not keys & include:
            continue
        if keys & exclude:
            continue
        if account["Id"] == organization.get("management_account_id") and not include_management_account:
            continue
        selected.append(account)
    return selected


def ou_path_of(organization, account):
    """Names from the root to the account's parent, e.g. ``Root/Workloads/Prod``."""
    unit = organization["units"].get(account["ParentId"])
    return unit["Path"] if unit else ""


def partition_of(organization, region=None):
    """The partition: from the accounts' ARNs, else from the region (``cn-*``, ``us-gov-*``, ...), else ``aws``."""
    if organization.get("partition"):
        return organization["partition"]
    region = region or ""
    for prefix, partition in (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"), ("us-isob-", "aws-iso-b"),
                              ("us-iso-", "aws-iso"), ("eu-isoe-", "aws-iso-e"), ("us-isof-", "aws-iso-f")):
        if region.startswith(prefix):
            return partition
    return "aws"


def assume_role_arn(partition, account_id, role_name):
    """``arn:<partition>:iam::<account>:role/<role_name>`` (a role name may carry a path: ``team/Admin``)."""
    return "arn:{0}:iam::{1}:role/{2}".format(partition, account_id, role_name.strip("/"))
