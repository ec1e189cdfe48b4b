"""Every state change of the risk register: one function per action, atomic, scoped, audited."""
