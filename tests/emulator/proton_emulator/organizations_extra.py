"""AWS Organizations as strict as AWS where moto 5.2.5 is not.

Every Organizations request comes here first (``handle``); what it does not answer itself goes to moto.
- Input is validated against botocore's model, answered the way Organizations does: a constraint
  violation is ``InvalidInputException`` with a ``Reason`` (INPUT_REQUIRED, INVALID_PATTERN,
  INVALID_ENUM, MAX_LENGTH_EXCEEDED, MIN_LENGTH_EXCEEDED, MAX_VALUE_EXCEEDED, MIN_VALUE_EXCEEDED),
  a value of the wrong JSON type ``SerializationException``.
- Who may call: an account in no Organization gets ``AWSOrganizationsNotInUseException`` for anything
  but CreateOrganization (moto answered an empty ListAccounts); a member account gets
  ``AccessDeniedException`` for anything but DescribeOrganization, unless it is a delegated
  administrator, which may make the listing calls below, answered from the management account's data
  (moto answered a member's ListAccounts from the member's own, empty, backend).
- The listings (ListRoots, ListOrganizationalUnitsForParent, ListAccounts, ListAccountsForParent,
  ListParents) and DescribeAccount are answered here: at most ``MaxResults`` items per page (20 when
  not given, the model's maximum), our own opaque ``NextToken`` (a token of another listing is
  ``InvalidInputException`` INVALID_PAGINATION_TOKEN), no ``NextToken`` member on the last page.
  Accounts carry ``State`` and no longer the retired ``Status`` member (AWS stopped returning it on
  2026-09-09).
- Fault settings: ``organizations_page_size`` N > 0 caps every page at N items whatever MaxResults
  says; ``organizations_empty_pages`` makes the first page of every listing empty, with a NextToken
  (AWS documents that a page may be empty while more results follow).
"""

import base64
import binascii
import json
import re

from moto.organizations.models import FakeRoot, organizations_backends
from moto.utilities.utils import get_partition

from .protocol import ApiError
from .validation import validate

DEFAULT_PAGE_SIZE = 20

# Operations a member account that is a delegated administrator may make (answered from the
# management account's data); every member may call DescribeOrganization (moto answers it).
_LISTINGS = ("ListRoots", "ListOrganizationalUnitsForParent", "ListAccounts", "ListAccountsForParent", "ListParents")
_SERVED_HERE = _LISTINGS + ("DescribeAccount",)

_REASONS = (
    (re.compile(r"Member must not be null"), "INPUT_REQUIRED", "You must include a value for all required parameters."),
    (re.compile(r"Member must satisfy enum"), "INVALID_ENUM", "You specified an invalid value."),
    (re.compile(r"regular expression pattern"), "INVALID_PATTERN",
     "You provided a value that doesn't match the required pattern."),
    (re.compile(r"length less than"), "MAX_LENGTH_EXCEEDED", "You provided a string parameter that is longer than allowed."),
    (re.compile(r"length greater than"), "MIN_LENGTH_EXCEEDED",
     "You provided a string parameter that is shorter than allowed."),
    (re.compile(r"value less than"), "MAX_VALUE_EXCEEDED",
     "You provided a numeric parameter that has a larger value than allowed."),
    (re.compile(r"value greater than"), "MIN_VALUE_EXCEEDED",
     "You provided a numeric parameter that has a smaller value than allowed."),
)


def invalid_input(reason, message):
    return ApiError("InvalidInputException", message, status=400, Reason=reason)


def _access_denied():
    return ApiError("AccessDeniedException", "You don't have permissions to access this resource.", status=400)


def _not_in_use():
    return ApiError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.", status=400)


class OrganizationsExtras:
    """The Organizations front end: validation, who may call, and the listings with their paging."""

    def __init__(self, faults):
        self.faults = faults

    def handle(self, account, region, operation, operation_model, params):
        """The answer to an Organizations request as a dict, or None for moto to answer it.

        Raises ApiError for invalid input and for callers AWS would refuse.
        """
        self.validate(operation_model, params)
        if operation == "CreateOrganization":
            return None
        partition = get_partition(region)
        backend = organizations_backends[account][partition]
        if backend.org is None:
            management = organizations_backends.master_accounts.get(account)
            if management is None:
                raise _not_in_use()
            if operation == "DescribeOrganization":
                return None
            backend = organizations_backends[management[0]][management[1]]
            if operation not in _LISTINGS or not any(admin.account.id == account for admin in backend.admins):
                raise _access_denied()
        if operation in _SERVED_HERE:
            return getattr(self, "_" + _snake(operation))(backend, params)
        return None

    @staticmethod
    def validate(operation_model, params):
        problems = validate(operation_model.input_shape, params)
        if problems.type_errors:
            raise ApiError("SerializationException", problems.type_errors[0], status=400)
        if problems.constraint_errors:
            first = problems.constraint_errors[0]
            for pattern, reason, message in _REASONS:
                if pattern.search(first):
                    raise invalid_input(reason, message)
            raise invalid_input("INVALID_INPUT", problems.constraint_message())

    # --- the listings --------------------------------------------------------------------------------

    def _list_roots(self, backend, params):
        roots = [ou.describe() for ou in backend.ou if isinstance(ou, FakeRoot)]
        return self._page("Roots", roots, params, "roots")

    def _list_organizational_units_for_parent(self, backend, params):
        parent_id = _existing_parent(backend, params["ParentId"])
        units = [ou.describe()["OrganizationalUnit"] for ou in backend.ou
                 if ou.parent_id == parent_id and not isinstance(ou, FakeRoot)]
        return self._page("OrganizationalUnits", units, params, "ous:" + parent_id)

    def _list_accounts(self, backend, params):
        accounts = sorted(backend.accounts, key=lambda account: account.create_time)
        return self._page("Accounts", [_account(account) for account in accounts], params, "accounts")

    def _list_accounts_for_parent(self, backend, params):
        parent_id = _existing_parent(backend, params["ParentId"])
        accounts = sorted((account for account in backend.accounts if account.parent_id == parent_id),
                          key=lambda account: account.create_time)
        return self._page("Accounts", [_account(account) for account in accounts], params, "accounts:" + parent_id)

    def _list_parents(self, backend, params):
        child_id = params["ChildId"]
        child = next((item for item in list(backend.accounts) + list(backend.ou) if item.id == child_id), None)
        if child is None or isinstance(child, FakeRoot):
            raise ApiError("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with "
                           "the ChildId that you specified.", status=400)
        parents = [{"Id": ou.id, "Type": ou.type} for ou in backend.ou if ou.id == child.parent_id]
        return self._page("Parents", parents, params, "parents:" + child_id)

    @staticmethod
    def _describe_account(backend, params):
        account = next((item for item in backend.accounts if item.id == params["AccountId"]), None)
        if account is None:
            raise ApiError("AccountNotFoundException", "You specified an account that doesn't exist.", status=400)
        return {"Account": _account(account)}

    def _page(self, key, items, params, listing):
        """One page of ``items`` under ``key``, with a NextToken while more follow."""
        settings = self.faults.settings()
        token = params.get("NextToken")
        if token is None and settings["organizations_empty_pages"]:
            return {key: [], "NextToken": _encode(listing, 0)}
        start = _decode(token, listing) if token is not None else 0
        if start > len(items):
            raise _bad_token()
        size = params.get("MaxResults") or DEFAULT_PAGE_SIZE
        if settings["organizations_page_size"]:
            size = min(size, settings["organizations_page_size"])
        end = start + size
        answer = {key: items[start:end]}
        if end < len(items):
            answer["NextToken"] = _encode(listing, end)
        return answer


def _account(account):
    """An account as the listings answer it: moto's description without the retired Status member."""
    described = account.describe()
    described.pop("Status", None)
    return described


def _existing_parent(backend, parent_id):
    if not any(ou.id == parent_id for ou in backend.ou):
        raise ApiError("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.",
                       status=400)
    return parent_id


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _bad_token():
    return invalid_input("INVALID_PAGINATION_TOKEN", "Get the value for the NextToken parameter from the response "
                         "to a previous call of the operation.")


def _encode(listing, offset):
    return base64.b64encode(json.dumps([listing, offset]).encode()).decode()


def _decode(token, listing):
    try:
        name, offset = json.loads(base64.b64decode(token, validate=True).decode())
    except (binascii.Error, ValueError, TypeError):
        raise _bad_token()
    if name != listing or not isinstance(offset, int) or offset < 0:
        raise _bad_token()
    return offset
