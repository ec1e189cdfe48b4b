"""Every state change of the accidents app: one function per action, atomic, scoped, audited."""
