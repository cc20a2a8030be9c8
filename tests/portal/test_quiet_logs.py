"""Rendering a PDF (seed_demo, the worker) leaves no layout-step lines in the logs (#17)."""

from __future__ import annotations

import logging

from portal.pdf import render_pdf


def test_rendering_a_pdf_logs_no_renderer_steps(caplog):
    with caplog.at_level(logging.INFO):
        render_pdf("portal/pdf/_test_page.html", {"title": "Leise", "image": ""})
        logging.getLogger("portal").info("our own INFO lines still show")
    names = [record.name for record in caplog.records]
    assert "portal" in names
    assert not [name for name in names if name.startswith(("weasyprint", "fontTools"))]
