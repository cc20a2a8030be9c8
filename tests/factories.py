"""factory_boy factories that build consistent tenants.

Rows are created unscoped (the factory is system code); assertions then run in the acting user's
scope, so a missing filter fails the test.
"""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings

from consulting.models import Company, CompanyMember, CompanyShare, Contact
from portal.models import Membership, PartnerInstitution, Topic, User
from portal.permissions import has_second_factor
from portal.tenancy import unscoped

PASSWORD = "Test-pass-2026!"


class UnscopedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        with unscoped("test factory"):
            return super()._create(model_class, *args, **kwargs)


class UserFactory(UnscopedFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    # The default language of the test (English in the apps' tests): mails are written in it.
    language = factory.LazyFunction(lambda: settings.LANGUAGE_CODE)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class TopicFactory(UnscopedFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_de = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class PartnerFactory(UnscopedFactory):
    class Meta:
        model = PartnerInstitution

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Partner Institution {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    kind = PartnerInstitution.Kind.RESEARCH_INSTITUTE
    city = "Ilmenau"


def give_second_factor(user: User) -> User:
    if not has_second_factor(user):
        TOTP.activate(user, generate_totp_secret())
    return user


class MembershipFactory(UnscopedFactory):
    """A staff member; has a TOTP authenticator, as staff must (pass totp=False to leave it out)."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = Membership.Role.CONSULTANT

    @factory.post_generation
    def totp(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            give_second_factor(self.user)


class CompanyFactory(UnscopedFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Musterfirma {n} GmbH")
    postcode = "98693"
    city = "Ilmenau"
    district = "16070"
    sector_section = "C"
    sector_division = "25"
    employees = 40
    lead_partner = factory.SubFactory(PartnerFactory)


class CompanyShareFactory(UnscopedFactory):
    class Meta:
        model = CompanyShare

    company = factory.SubFactory(CompanyFactory)
    partner = factory.SubFactory(PartnerFactory)
    reason = "joint project"


class CompanyMemberFactory(UnscopedFactory):
    """An SME user account of a company."""

    class Meta:
        model = CompanyMember

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)


class ContactFactory(UnscopedFactory):
    class Meta:
        model = Contact

    company = factory.SubFactory(CompanyFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


# What a person types into the SME sign-up form: allauth's fields and ours (consulting.forms).
SIGNUP_FORM = {
    "email": "new.owner@firma.example",
    "password1": "Sicheres-Passwort-2026",
    "password2": "Sicheres-Passwort-2026",
    "first_name": "Jana",
    "last_name": "Keller",
    "role": "Geschäftsführerin",
    "privacy_consent": "on",
    "company_name": "Keller Feinmechanik GmbH",
    "company_postcode": "98693",
    "company_city": "Ilmenau",
    "company_district": "16070",
    "company_sector_section": "C",
    "company_sector_division": "28",
    "company_employees": "25",
}
