# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting for eventual consistency and asynchronous AWS operations.

botocore retries throttling and 5xx; it cannot know that a ValidationException
from Proton about a role created a second ago means "IAM has not propagated yet".
``retry_on`` covers that case: retry one call, with capped exponential backoff,
while it fails with the given codes, up to a timeout.
"""

from __future__ import annotations

import time

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, WaitTimeout


def retry_on(fn, codes, timeout, matches=None, initial_delay=1.0, max_delay=10.0, sleep=time.sleep,
             clock=time.monotonic):
    """Call ``fn()`` until it stops raising ``AWSAPIError`` with one of ``codes``.

    ``matches`` (optional) narrows which errors are retried: a callable taking the
    error. After ``timeout`` seconds the last error is raised as it is.
    """
    deadline = clock() + timeout
    delay = initial_delay
    while True:
        try:
            return fn()
        except AWSAPIError as e:
            retryable = e.is_code(*codes) and (matches is None or matches(e))
            if not retryable or clock() + delay > deadline:
                raise
        sleep(delay)
        delay = min(delay * 2, max_delay)


def wait_for(check, timeout, what, interval=2.0, sleep=time.sleep, clock=time.monotonic):
    """Poll ``check()`` until it returns a truthy value, which is returned; ``WaitTimeout`` after ``timeout``."""
    deadline = clock() + timeout
    while True:
        value = check()
        if value:
            return value
        if clock() + interval > deadline:
            raise WaitTimeout("Timed out after {0}s waiting for {1}".format(timeout, what))
        sleep(interval)
