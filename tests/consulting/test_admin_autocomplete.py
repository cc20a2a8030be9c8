"""The operator's admin searches companies and people instead of listing them all (#17)."""

from __future__ import annotations

import pytest

from tests.access import client_for
from tests.factories import CompanyFactory, UserFactory, give_second_factor

pytestmark = pytest.mark.django_db


def test_admin_forms_search_companies_by_name():
    wanted = CompanyFactory(name="Glaswerk Ilmenau GmbH")
    CompanyFactory(name="Andere Firma KG")
    operator = give_second_factor(UserFactory(is_superuser=True, is_staff=True))
    client = client_for(operator)
    for path in ("consultationrequest", "advisorysession", "companyshare", "companymember"):
        page = client.get(f"/admin/consulting/{path}/add/").content.decode()
        assert 'class="admin-autocomplete' in page, path
        assert "Andere Firma KG" not in page, path  # no drop-down of every company
    found = client.get(
        "/admin/autocomplete/",
        {
            "term": "glas",
            "app_label": "consulting",
            "model_name": "advisorysession",
            "field_name": "company",
        },
    ).json()
    assert [r["id"] for r in found["results"]] == [str(wanted.pk)]
