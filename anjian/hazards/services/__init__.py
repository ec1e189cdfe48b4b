"""Every state change of the hazards app: one function per action, atomic, scoped, audited."""
