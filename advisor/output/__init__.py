"""Outputs: advice as text, the Markdown report, and the registry fix as a
``.reg`` file and ``reg add`` lines."""

from advisor.output.reg_writer import (
    REGISTRY_WARNING,
    RegValue,
    encode_reg,
    fix_header,
    reg_add_command,
    render_reg,
)
from advisor.output.registry_fix import NoRegistryFix, RegExport, registry_export
from advisor.output.report import render_report
from advisor.output.text import render_advice, render_trace

__all__ = ["REGISTRY_WARNING", "NoRegistryFix", "RegExport", "RegValue", "encode_reg",
           "fix_header", "reg_add_command", "registry_export", "render_advice",
           "render_reg", "render_report", "render_trace"]
