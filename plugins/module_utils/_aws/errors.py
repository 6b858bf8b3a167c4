# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's one error path.

Helpers in module_utils raise these exceptions; a module's ``main()`` catches
``ProtonCollectionError`` once (``AWSModule.run``) and fails with the operation, the
AWS error code and the message. Modules never touch botocore's exception classes.
"""

from __future__ import annotations


class ProtonCollectionError(Exception):
    """Base class: anything that should end a module run with ``fail_json``."""

    def __init__(self, message, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class ParameterError(ProtonCollectionError):
    """Input rejected before any API call. ``option`` names the offending option."""

    def __init__(self, option, rule, value=None):
        message = "{0}: {1}".format(option, rule)
        super().__init__(message, option=option)
        self.option = option
        self.rule = rule


class AWSAPIError(ProtonCollectionError):
    """An AWS API call failed (after botocore's own retries)."""

    def __init__(self, operation, code, message, status=None, service=None):
        text = "{0} failed: {1}: {2}".format(operation, code, message)
        super().__init__(text, operation=operation, code=code, status=status)
        self.operation = operation
        self.code = code
        self.aws_message = message
        self.status = status
        self.service = service

    def is_code(self, *codes):
        return self.code in codes


class WaitTimeout(ProtonCollectionError):
    """A wait for eventual consistency or an asynchronous AWS operation ran out of time."""
