"""Describe rules of round 21 (written from the misses of the learned reader's
development sets, holdout27 to 30): the SMS service pack after a version in the
forms admins type ("1.2 w/ SP3", "smsv2 sp1", "1.2 with the service pack 1",
"SMS 1.2 and the service pack is the 4", "SMS 1.2 site SYD (Service Pack 3, ...)"), and
none after it ("SMS 2.0 without service pack", "an SMS 1.1 site that never got any
service pack", "SMS itself has no service pack applied", "SMS 1.2, SP: none"; from
holdout39 to 44's misses)."""

from __future__ import annotations

import re

from advisor.evidence.describe_rules import Rule, rule

__all__ = ["ROUND21_RULES"]

# An SMS version; "NT 4.0", "Windows 1.2" and dotted numbers go unread.
_VERSION = (r"(?<!nt )(?<!windows )(?<![\d.])(?:\bsms\s*v?|\bsystems\s+management\s+server\s+)?"
            r"\b(?:1\.10|1\.[012]|2\.0)(?![\d.]\d)|\bsms\s*v?2\b")
_PACK = r"(?:service\s+pack|servi?ce?\s+pa(?:ck|k)|sp)"
_N = r"(?P<n>[0-5])\b"
# Up to 40 characters of the same sentence that name no other product: "SMS 1.2 on
# NT 4.0 with no service pack" says nothing of SMS's.
_SAME_PRODUCT = (r"(?:(?!\b(?:nt|windows|sql|exchange|ie|internet\s+explorer|office|"
                 r"netware|novell)\b)[^.;\n]){0,40}?")
_NONE = (r"(?:\bno\s+|\bwithout\s+(?:a\s+|any\s+)?|\bnever\s+(?:got|had|received|saw)\s+"
         r"(?:a\s+|an\s+|any\s+)?)" + _PACK + r"s?\b(?!\s*[1-5])|\bsp\s*:\s*none\b")


def _count(match: re.Match[str]) -> int:
    return int(match["n"])


ROUND21_RULES: tuple[Rule, ...] = (
    # "SMS 1.2 w/ SP3", "1.2 with the service pack 1", "smsv2 sp1", "sms 1.2 servce pak 3",
    # "SMS 1.2 site SYD (Service Pack 3, installed ...)"
    rule("service_pack", rf"(?:{_VERSION})(?:\s+site\s+[A-Z0-9]{{2,8}})?\s*[,(]?\s*(?:(?:w/|with|"
         rf"plus|\+|and|at|on)\s+)?(?:the\s+)?{_PACK}\s*{_N}", _count),
    # "SMS 1.2 and the service pack is the 4"
    rule("service_pack", rf"(?:{_VERSION})[^.;\n]{{0,20}}?\b(?:the\s+)?{_PACK}\s+(?:is|was)\s+"
         rf"(?:the\s+|now\s+)?{_N}", _count),
    # "SMS 2.0 without service pack", "SMS 1.1 site that never got any service pack",
    # "SMS itself has no service pack applied", "Version: SMS 1.2, SP: none"
    rule("service_pack", rf"(?:{_VERSION}|\bsms\s+itself\b)" + _SAME_PRODUCT + _NONE, 0,
         whole=True),
)
