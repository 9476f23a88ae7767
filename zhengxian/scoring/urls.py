from __future__ import annotations

from django.urls import include, path

app_name = "scoring"
# Each views module owns its part of the scoring pages; see the module docstrings.
urlpatterns = [
    path("", include("zhengxian.scoring.urls_results")),
    path("", include("zhengxian.scoring.urls_inputs")),
    path("", include("zhengxian.scoring.urls_panels")),
]
