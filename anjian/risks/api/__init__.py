"""REST API of the risks app: the register, 四色分布 and the reference tables."""
