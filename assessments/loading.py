"""Publishing a questionnaire version: a new version is added, the old one archived, never changed.

Results are frozen copies (AssessmentResult), and assessments keep pointing at the version they
were answered with, so publishing never touches an existing answer or result.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from assessments.models import (
    AnswerOption,
    Dimension,
    Field,
    Question,
    Questionnaire,
    SecurityArea,
    SecurityRequirement,
)


def validate_content(content: dict[str, Any]) -> None:
    """Refuse content a questionnaire cannot be scored with."""
    dimensions = content["dimensions"]
    if not dimensions:
        raise ValueError("a questionnaire needs dimensions")
    for dimension in dimensions:
        if not 1 <= len(dimension["fields"]) <= 4:
            raise ValueError(f"{dimension['key']}: 1-4 fields")
        for field in dimension["fields"]:
            if not 1 <= len(field["questions"]) <= 3:
                raise ValueError(f"{field['key']}: 1-3 questions")
            for question in field["questions"]:
                levels = sorted(level for level, _de, _en in question["options"])
                if levels != [0, 1, 2, 3, 4, 5]:
                    raise ValueError(f"{question['key']}: one option per level 0-5")


@transaction.atomic
def publish_questionnaire(content: dict[str, Any], *, registry: Any = None) -> Questionnaire:
    """Create version `content["version"]` and publish it; returns the existing one if loaded.

    `registry` is the migration's `apps` when a data migration loads it (historical models).
    """
    if registry is not None:
        get = lambda name: registry.get_model("assessments", name)  # noqa: E731
        return _publish(content, *(get(n) for n in _MODEL_NAMES))
    return _publish(
        content,
        Questionnaire,
        Dimension,
        Field,
        Question,
        AnswerOption,
        SecurityArea,
        SecurityRequirement,
    )


_MODEL_NAMES = (
    "Questionnaire",
    "Dimension",
    "Field",
    "Question",
    "AnswerOption",
    "SecurityArea",
    "SecurityRequirement",
)


def _publish(
    content: dict[str, Any],
    Questionnaire: Any,  # noqa: N803
    Dimension: Any,  # noqa: N803
    Field: Any,  # noqa: N803
    Question: Any,  # noqa: N803
    AnswerOption: Any,  # noqa: N803
    SecurityArea: Any,  # noqa: N803
    SecurityRequirement: Any,  # noqa: N803
) -> Any:
    existing = Questionnaire.objects.filter(version=content["version"]).first()
    if existing is not None:
        return existing
    validate_content(content)
    Questionnaire.objects.filter(status="published").update(status="archived")
    questionnaire = Questionnaire.objects.create(
        version=content["version"],
        title_de=content["title_de"],
        title_en=content["title_en"],
        weight_source=content.get("weight_source", ""),
        status="published",
        published_at=timezone.now(),
    )
    for d_order, d in enumerate(content["dimensions"], start=1):
        dimension = Dimension.objects.create(
            questionnaire=questionnaire,
            key=d["key"],
            order=d_order,
            name_de=d["name_de"],
            name_en=d["name_en"],
            weight=d["weight"],
            advice_de=d["advice_de"],
            advice_en=d["advice_en"],
            topic_slugs=list(d.get("topics", [])),
        )
        for f_order, f in enumerate(d["fields"], start=1):
            field = Field.objects.create(
                dimension=dimension,
                key=f["key"],
                order=f_order,
                name_de=f["name_de"],
                name_en=f["name_en"],
                weight=f["weight"],
            )
            for q_order, q in enumerate(f["questions"], start=1):
                question = Question.objects.create(
                    field=field,
                    key=q["key"],
                    order=q_order,
                    text_de=q["text_de"],
                    text_en=q["text_en"],
                )
                AnswerOption.objects.bulk_create(
                    AnswerOption(question=question, level=level, text_de=de, text_en=en)
                    for level, de, en in q["options"]
                )
    for a_order, (key, name_de, name_en, requirements) in enumerate(
        content["security_areas"], start=1
    ):
        area = SecurityArea.objects.create(
            questionnaire=questionnaire, key=key, order=a_order, name_de=name_de, name_en=name_en
        )
        SecurityRequirement.objects.bulk_create(
            SecurityRequirement(
                area=area, key=r_key, order=r_order, critical=critical, text_de=de, text_en=en
            )
            for r_order, (r_key, critical, de, en) in enumerate(requirements, start=1)
        )
    return questionnaire
