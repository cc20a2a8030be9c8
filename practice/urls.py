"""URLs of practice (design §5): /practice/ (library, cases, editorial desk), /network/,
/sitemap.xml. Included at the root, so every route names its own prefix."""

from django.urls import URLPattern, URLResolver, path

from practice.views import approval, manage, network, public, sitemap

app_name = "practice"

urlpatterns: list[URLPattern | URLResolver] = [
    path("sitemap.xml", sitemap.sitemap_xml, name="sitemap"),
    path("practice/", public.library, name="library"),
    path("practice/feed/", public.case_feed, name="feed"),
    path("practice/manage/", manage.manage_list, name="manage_list"),
    path("practice/manage/new/", manage.manage_create, name="manage_create"),
    path("practice/manage/<int:pk>/", manage.manage_detail, name="manage_detail"),
    path("practice/manage/<int:pk>/edit/", manage.manage_edit, name="manage_edit"),
    path("practice/manage/<int:pk>/<slug:move>/", manage.manage_move, name="manage_move"),
    path("practice/approve/<str:token>/", approval.approve_by_link, name="approve_link"),
    path("practice/my-cases/<int:pk>/", approval.company_case, name="company_case"),
    path(
        "practice/my-cases/<int:pk>/withdraw/",
        approval.withdraw_permission,
        name="withdraw_permission",
    ),
    path("practice/<slug:slug>/", public.case_detail, name="case_detail"),
    path("network/", public.network_list, name="network_list"),
    path("network/referrals/", network.referral_list, name="referral_list"),
    path("network/referrals/new/", network.referral_create, name="referral_create"),
    path("network/referrals/<int:pk>/", network.referral_detail, name="referral_detail"),
    path("network/manage/new/", network.network_edit, name="network_create"),
    path("network/manage/<slug:slug>/", network.network_edit, name="network_edit"),
    path("network/<slug:slug>/", public.network_detail, name="network_detail"),
]
