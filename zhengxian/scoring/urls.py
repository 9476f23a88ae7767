from __future__ import annotations

from django.urls import include, path

app_name = "scoring"
# Mounted at the site root by config/urls.py: most pages live under /scores/, a campaign's
# periods under /campaigns/<id>/periods/ beside the campaign pages. Each views module owns
# its part of the scoring pages; see the module docstrings.
urlpatterns = [
    path("scores/", include("zhengxian.scoring.urls_results")),
    path("scores/", include("zhengxian.scoring.urls_inputs")),
    path("scores/", include("zhengxian.scoring.urls_panels")),
    path("campaigns/", include("zhengxian.scoring.urls_periods")),
]
