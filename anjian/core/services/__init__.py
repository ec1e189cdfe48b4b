"""Every state change of the core app: one function per action, in a transaction, audited."""
