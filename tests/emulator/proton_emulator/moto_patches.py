"""The emulator's uses of moto's internals beyond its server app (moto 5.2.5, pinned), each with its reason.

`apply` runs once, before the first request (EmulatorApp); `reset_all_backends` on each reset.
The fixes to moto's IAM behaviour are iam_extra's (installed by `apply`).
"""

import secrets

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.base_backend import BackendDict, backend_lock
from moto.core.model_instances import reset_model_data
from moto.iam import models as iam_models
from moto.ssoadmin import models as sso_models
from moto.utilities.utils import get_partition

from . import iam_extra


def apply():
    if getattr(iam_models, "_emulator_patched", False):
        return
    iam_models.get_account_id_from = account_of_access_key
    _give_sso_identifiers_aws_formats()
    iam_extra.apply()
    iam_models._emulator_patched = True


def account_of_access_key(access_key):
    """The account whose IAM backend issued `access_key` (sts AssumeRole credentials included).

    moto's get_account_id_from does the same but asks every partition's IAM backend of every
    account, which creates them: eight IAM backends with all AWS managed policies per account,
    over a second, on each account's first request and again on each reset. Backends that do not
    exist hold no keys, so looking only at existing ones gives the same answer.
    """
    for account_id, account in list(iam_models.iam_backends.items()):
        for backend in list(account.values()):
            if access_key in backend.access_keys:
                return account_id
    return DEFAULT_ACCOUNT_ID


def _give_sso_identifiers_aws_formats():
    """moto's IAM Identity Center identifiers get AWS's formats.

    moto names permission sets `arn:aws:sso:::instance/ssoins-.../ps-...`, which the model's
    PermissionSetArn pattern rejects (AWS: `arn:aws:sso:::permissionSet/ssoins-<16 hex>/ps-<16 hex>`),
    and its identity store ids are not always `d-` and 10 hex digits. Without this, requests that
    quote these identifiers back would fail validation.
    """
    moto_init = sso_models.Instance.__init__

    def init(self, account_id, region):
        moto_init(self, account_id, region)
        self.identity_store_id = "d-" + secrets.token_hex(5)
        self.instance_arn = "arn:%s:sso:::instance/ssoins-%s" % (get_partition(region), secrets.token_hex(8))

    sso_models.Instance.__init__ = init
    sso_models.PermissionSet.generate_id = staticmethod(_permission_set_arn)


def _permission_set_arn(instance_arn):
    partition_and_service, _, instance_id = instance_arn.partition(":::instance/")
    return "%s:::permissionSet/%s/ps-%s" % (partition_and_service, instance_id, secrets.token_hex(8))


def reset_all_backends():
    """Forget the state of every account in every moto backend.

    moto's own reset (moto_api) rebuilds each existing backend before dropping it; for IAM that is
    loading all AWS managed policies again, a wasted half second per reset. No service the emulator
    serves has a reset hook of its own, so dropping the backends is the same reset, only faster.
    """
    with backend_lock:
        for backends in BackendDict._instances:
            backends.clear()
        BackendDict._instances.clear()
    reset_model_data()
