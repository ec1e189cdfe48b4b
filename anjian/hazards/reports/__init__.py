"""群众举报 (public hazard reports): the public's pages and API, the handlers' workflow."""
