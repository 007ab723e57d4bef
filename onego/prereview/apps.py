from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrereviewConfig(AppConfig):
    """Intelligent pre-review (智能预审) of employment and start-up subsidy claims: rules as data against shared
    data, OCR of the attachments, and the reviewer's queue, where the reviewer checks the robot's verdicts."""

    name = "onego.prereview"
    label = "prereview"
    verbose_name = _("智能预审")

    def ready(self) -> None:
        # The robots read claims from the vertical system into this app and type its results back: the
        # declared link prereview → robots (pyproject's import contract); robots never imports prereview.
        from onego.prereview import sink
        from onego.robots.extensions import register_sink, register_writeback_source

        register_sink(sink.SINK_NAME, sink.capture_claim)
        register_writeback_source(sink.SOURCE_NAME, sink.pending_writebacks, sink.mark_written)
