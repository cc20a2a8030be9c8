"""Building evaluations through the services, the way a user would."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from consulting.models import Company
from economics import services
from economics.inputs import VersionData
from economics.models import Evaluation, MeasureTemplate
from portal import tenancy
from portal.models import User
from tests.assessments.factories import scope_of
from tests.factories import PartnerFactory, UnscopedFactory

D = Decimal


def reference_data(**changes: Any) -> VersionData:
    """The issue's reference case: 100,000 in year 0, 40 % funding, benefits 25,000 and running
    costs 5,000 a year for 5 years, rate 5 %."""
    data = VersionData(
        horizon=5,
        rate=D(5),
        investments={"hardware": (D(100000), 0)},
        running={"maintenance": D(5000)},
        benefits={"scrap": D(25000)},
        funding_share=D(40),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def company_of(user: User) -> Company:
    with tenancy.unscoped("test helper"):
        return Company.objects.get(members__user=user)


def evaluation_for(user: User, company: Company | None = None, **kwargs: Any) -> Evaluation:
    company = company or company_of(user)
    with scope_of(user):
        return services.create_evaluation(
            actor=user,
            company=company,
            title=kwargs.pop("title", "Retrofit der Drehmaschinen"),
            data=kwargs.pop("data", reference_data()),
            **kwargs,
        )


def form_post(data: VersionData | None = None, **extra: Any) -> dict[str, Any]:
    """What the browser posts for `data` (the form's field names)."""
    from economics.inputs import as_initial

    values = {k: str(v) for k, v in as_initial(data or reference_data()).items()}
    values.update({k: str(v) for k, v in extra.items()})
    return values


class MeasureTemplateFactory(UnscopedFactory):
    class Meta:
        model = MeasureTemplate

    partner = factory.SubFactory(PartnerFactory)
    title_de = "Retrofit: Maschinen vernetzen"
    title_en = "Retrofit: connecting machines"
    dimension_key = "smart_factory"
    defaults = factory.LazyFunction(
        lambda: {"inv_hardware": "20000", "ben_downtime": "9000", "horizon": "6"}
    )
