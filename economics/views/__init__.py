"""Pages of economic evaluations, split by area: parse, call one service or selector, render."""

from economics.views.documents import export, report_download, report_request, report_status
from economics.views.evaluations import compare, detail, index, new, preview
from economics.views.templates import template_edit, template_list, template_new

__all__ = [
    "compare",
    "detail",
    "export",
    "index",
    "new",
    "preview",
    "report_download",
    "report_request",
    "report_status",
    "template_edit",
    "template_list",
    "template_new",
]
