"""The bottom layer: what every layer may use — input problems and their messages
(``errors``), YAML with line numbers (``yamlio``), atomic file and folder delivery
(``delivery``) and the version (``version``). Imports nothing else of fundsim."""
