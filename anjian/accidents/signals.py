"""Signals for the modules above accidents (hazards, duties) to subscribe to.

Both are sent inside the service's transaction, so a subscriber's writes commit or roll back
with the step that caused them.
"""

from django.dispatch import Signal

# A rectification measure was recorded: kwargs ``measure`` and ``by``. A measure of kind
# "hazard" or "obligation" is meant to become a hazard or a task in those modules.
measure_recorded = Signal()

# An enterprise recorded its self-inspection after a warning: kwargs ``acknowledgement`` and
# ``by``. The hazards module turns its findings into hazards when it exists.
self_inspection_recorded = Signal()
