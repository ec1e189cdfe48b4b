"""core.lists: one declaration makes the page columns, the API list serializer and the export."""

from __future__ import annotations

from rest_framework import serializers

from anjian.core.lists import Column, ListSpec
from anjian.core.models import Enterprise


def test_one_field_object_given_to_two_columns_serves_each_its_own_value(world):
    flag = serializers.BooleanField(read_only=True)
    spec = ListSpec(
        model=Enterprise,
        columns=[
            Column("id", "编号"),
            Column("has_liability_insurance", "安责险", api_field=flag),
            Column("is_demo", "演示", api_field=flag),
        ],
    )
    enterprise = world.enterprise_a
    enterprise.has_liability_insurance, enterprise.is_demo = True, False
    row = spec.serializer()(enterprise).data
    assert (row["has_liability_insurance"], row["is_demo"]) == (True, False)


def test_columns_say_where_they_show(world):
    spec = ListSpec(
        model=Enterprise,
        columns=[
            Column("id", "编号", link=False),
            Column("name", "单位名称", api=False),
            Column("credit_code", "统一社会信用代码", page=False, text=True),
            Column("version", "版本", export=False),
        ],
    )
    assert [c.key for c in spec.page_columns] == ["id", "name", "version"]
    assert list(spec.serializer()().fields) == ["id", "credit_code", "version"]
    sheet = spec.sheet([world.enterprise_a])
    assert list(sheet.headers) == ["编号", "单位名称", "统一社会信用代码"]
    assert list(sheet.rows) == [
        [world.enterprise_a.pk, world.enterprise_a.name, world.enterprise_a.credit_code]
    ]
    assert sheet.text_columns == frozenset({2})
