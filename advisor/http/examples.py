"""The examples the OpenAPI schema shows (and the docs page sends): real cases,
not generated placeholders. Two cases run through them all:

- *NetWare*: SMS 2.0, a NetWare distribution server, a client holding a file
  open (Q202063: forced disconnect does not exist there).
- *Fast/10/5*: SMS 1.2 on Windows NT with forced delivery on, Response "fast",
  10 retries and a 5-minute forced disconnection delay (Q128458's formula says
  when the copy will be forced).

The responses' examples are computed from the bundled advisor when the app is
built, so they are what the API really answers.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from advisor.facts import Facts

if TYPE_CHECKING:
    from advisor.api import Advisor

__all__ = ["ANSWER_EXAMPLES", "DESCRIBE_EXAMPLES", "ERROR_EXAMPLES", "EVIDENCE_EXAMPLES",
           "FACTS_EXAMPLES", "FAST_10_5", "NETWARE", "SESSION_EXAMPLES", "advice_example",
           "no_fix_example"]

NETWARE: dict[str, Any] = {"sms_version": "2.0", "server_platform": "netware",
                           "file_in_use": True}
FAST_10_5: dict[str, Any] = {
    "sms_version": "1.2", "server_platform": "windows_nt", "file_in_use": True,
    "use_forced_disconnect": 1, "job_type": "share_package_on_server",
    "value_on_target_site": True, "despooler_paused_continued": True,
    "response_setting": "fast", "number_of_retries": 10, "forced_disconnection_delay": 5,
    "minutes_since_first_failure": 30}
#: Forced delivery off on Windows NT: the case where a registry fix applies.
NT_OFF: dict[str, Any] = {"sms_version": "2.0", "server_platform": "windows_nt",
                          "file_in_use": True, "use_forced_disconnect": 0}

FACTS_EXAMPLES: dict[str, Any] = {
    "netware": {"summary": "NetWare distribution server, a file held open (Q202063)",
                "value": NETWARE},
    "fast_10_5": {"summary": "SMS 1.2, forced delivery on, Response fast, 10 retries, "
                             "5-minute delay (Q128458)", "value": FAST_10_5},
    "forced_delivery_off": {"summary": "Windows NT, forced delivery off: a registry fix",
                            "value": NT_OFF},
}
SESSION_EXAMPLES: dict[str, Any] = {
    "netware": {"summary": "Start with the NetWare case's facts",
                "value": {"facts": NETWARE}},
    "empty": {"summary": "Start with nothing known: the session asks", "value": {}},
}
ANSWER_EXAMPLES: dict[str, Any] = {
    "netware": {"summary": "The distribution server runs NetWare",
                "value": {"fact": "server_platform", "value": "netware"}},
    "fast": {"summary": "Response is set to fast",
             "value": {"fact": "response_setting", "value": "fast"}},
    "retries": {"summary": "Number of Retries is 10",
                "value": {"fact": "number_of_retries", "value": 10}},
    "absent": {"summary": "Use Forced Disconnect is absent from the registry",
               "value": {"fact": "use_forced_disconnect", "value": None}},
    "unknown": {"summary": "Don't know the job type (not asked again)",
                "value": {"fact": "job_type", "skip": True}},
}
DESCRIBE_EXAMPLES: dict[str, Any] = {
    "netware": {"summary": "The NetWare case in words", "value": {
        "text": "SMS 2.0 package never finishes on our NetWare server; a user keeps a "
                "file open"}},
}
_REG = ("REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\"
        "SMS_Despooler]\r\n\"Use Forced Disconnect\"=dword:00000001\r\n"
        "\"Number of Retries\"=dword:0000000a\r\n"
        "\"Forced Disconnection Delay\"=dword:00000005\r\n")
EVIDENCE_EXAMPLES: dict[str, Any] = {
    "fast_10_5": {"summary": "The Fast/10/5 case's SMS_Despooler key, exported", "value": {
        "filename": "despooler.reg",
        "content_base64": base64.b64encode(_REG.encode("ascii")).decode("ascii")}},
}
ERROR_EXAMPLES: dict[int, Any] = {
    404: {"detail": "no such session"},
    409: {"detail": "there is no answer to undo"},
    413: {"detail": "the request body is larger than 65536 bytes"},
    415: {"detail": "the request body must be JSON (Content-Type: application/json)"},
    422: {"detail": [{"type": "unknown_fact", "loc": ["body", "sms_verison"],
                      "msg": "sms_verison: unknown fact", "input": "2.0",
                      "hint": "did you mean 'sms_version'?"}]},
    503: {"detail": "the session store is busy; try again"},
}
#: The error of an answer without a value.
MISSING_VALUE: dict[str, Any] = {"detail": [{"type": "missing", "loc": ["body", "value"],
                             "msg": 'Field required: give the answer\'s value, or "skip": '
                                    "true for unknown", "input": None}]}


def advice_example(advisor: Advisor, facts: dict[str, Any]) -> dict[str, Any]:
    """The advice JSON for ``facts``, as the API answers it."""
    advice: dict[str, Any] = advisor.advise(Facts.parse(facts)).model_dump(mode="json")
    return advice


def no_fix_example(advisor: Advisor) -> dict[str, Any]:
    """The 409 of the registry fix for the Fast/10/5 case (forced delivery is on)."""
    from advisor.output import NoRegistryFix, registry_export

    export = registry_export(advisor.knowledge, advisor.advise(Facts.parse(FAST_10_5)))
    reasons = list(export.reasons) if isinstance(export, NoRegistryFix) else []
    return {"detail": "no registry change applies", "reasons": reasons}
