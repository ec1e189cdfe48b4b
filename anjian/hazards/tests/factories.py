"""factory_boy factories for plain hazard rows (workflow rows go through the services)."""

import factory

from anjian.hazards.models import HazardNotification, HazardNotificationKind


class HazardNotificationFactory(factory.django.DjangoModelFactory):
    """A notification about ``hazard`` to its department (as ``hazards.overdue`` writes)."""

    class Meta:
        model = HazardNotification

    hazard = None  # required: pass the hazard
    department = factory.LazyAttribute(lambda o: o.hazard.department)
    kind = HazardNotificationKind.OVERDUE
    message = factory.LazyAttribute(lambda o: f"隐患已逾期：{o.hazard.description}"[:500])
