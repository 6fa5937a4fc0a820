"""Production settings plus the benchmark's static "floor" page (bench/urls.py).

bench/run.py serves the app with these; never use them in production.
"""

from handleplan.settings_production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
