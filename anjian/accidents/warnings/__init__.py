"""Same-industry warning pages (一厂出事故、万厂受教育) and the enterprises' answers."""
