"""Every state change of the duties app: one function per action, in a transaction, audited."""
