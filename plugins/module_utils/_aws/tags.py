# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tags as dicts, and what to add and remove to get from current to wanted."""

from __future__ import annotations


def boto3_tags_to_dict(tags, key="Key", value="Value"):
    return dict((t[key], t.get(value, "")) for t in (tags or []))


def dict_to_boto3_tags(tags, key="Key", value="Value"):
    return [{key: k, value: tags[k]} for k in sorted(tags)]


def compare_tags(current, wanted, purge=True):
    """``(to_set, to_remove)``: tags to add or change, and tag keys to remove.

    ``wanted`` None means "leave tags alone". Values compare as strings, as AWS stores them.
    """
    current = current or {}
    if wanted is None:
        return {}, []
    wanted = dict((str(k), str(v)) for k, v in wanted.items())
    to_set = dict((k, v) for k, v in wanted.items() if current.get(k) != v)
    to_remove = sorted(k for k in current if k not in wanted) if purge else []
    return to_set, to_remove


def merged_tags(current, wanted, purge=True):
    """The tags a resource will have after ``compare_tags`` is applied."""
    to_set, to_remove = compare_tags(current, wanted, purge)
    result = dict((k, v) for k, v in (current or {}).items() if k not in to_remove)
    result.update(to_set)
    return result
