from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from zhengxian.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("zhengxian.accounts.urls")),
    path("orgs/", include("zhengxian.orgs.urls")),
    path("jobs/", include("zhengxian.jobs.urls")),
    path("audit/", include("zhengxian.audit_pages.urls")),
    path("campaigns/", include("zhengxian.campaigns.urls")),
    path("", include("zhengxian.scoring.urls")),  # /scores/… and /campaigns/<id>/periods/…
    path("matters/", include("zhengxian.matters.urls")),
    path("projects/", include("zhengxian.projects.urls")),
    path("public/projects/", include("zhengxian.projects.urls_public")),
    path("public/rankings/", include("zhengxian.scoring.urls_public")),
    path("activities/", include("zhengxian.activities.urls")),
    path("cockpit/", include("zhengxian.cockpit.urls")),
    path("api/v1/", api.urls),
    path("api-tokens/", include("zhengxian.api.urls")),
    path("", include("zhengxian.home.urls")),
    path("", include("zhengxian.core.urls")),
]
# No route serves MEDIA_ROOT, in any setting: uploads hold residents' photos and evidence, so
# each kind is served only by a view that checks the user's scope (matters:attachment,
# projects:photo, activities:attachment, scoring:attachment, the public project photo).

handler403 = "zhengxian.audit_pages.views.permission_denied"
handler404 = "zhengxian.core.views.page_not_found"
handler500 = "zhengxian.core.views.server_error"
