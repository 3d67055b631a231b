"""Presentation: the message catalogue and number formats, the one chart style, the charts,
the HTML report, and what each command leaves in its folder (``outputs``). Imported by nothing
below the command line."""
