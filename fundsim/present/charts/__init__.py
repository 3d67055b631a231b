"""Every chart of fundsim, drawn in the one style of :mod:`fundsim.present.style`: a run's
charts (``run``), fan charts (``fan``), comparisons (``compare``), sweeps and the frontier
(``sweep``), the administration pipeline (``pipeline``) and the report's SVG panels
(``panels``); which regions a chart shows one by one when there are many (``selection``), and
the forked processes that draw charts side by side (``jobs``)."""
